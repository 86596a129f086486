// Rules of outgoing webhooks, free of the database and the network: which
// events exist, when a failed try is tried again, when an endpoint that keeps
// failing is turned off, which addresses an endpoint may point at.

/** Every event an endpoint may ask for (docs/api.md, "Webhooks", shows each payload). */
export const WEBHOOK_EVENTS = [
  "signal.raised",
  "signal.cleared",
  "health.band_changed",
  "delivery.confirmed",
  "delivery.disputed",
  "expectation.stated",
  "expectation.replanned",
  "expectation.delivered",
  "survey.answered",
  "touchpoint.logged",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event the "send test event" button sends; it goes to one endpoint whatever it asked for. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
export type WebhookEventType = WebhookEvent | typeof WEBHOOK_TEST_EVENT;

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === "string" && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** The states of a delivery (see the migration and app/models/webhook-worker.server.ts). */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sending", "sent", "failed", "review", "cancelled"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Tries a delivery gets: with the waits below they span a little over a day. */
export const MAX_WEBHOOK_ATTEMPTS = 20;
/** The wait after the first failed try; doubled after each later one. */
export const FIRST_WEBHOOK_RETRY_MS = 60_000;
/** The longest wait between two tries. */
export const MAX_WEBHOOK_RETRY_MS = 2 * 60 * 60_000;
/** An endpoint failing (no success in between) for this long is turned off. */
export const DISABLE_AFTER_MS = 24 * 60 * 60_000;
/** A receiver that takes longer than this to answer has failed the try. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Receivers should refuse a signature older than this (docs/api.md): it also bounds replays. */
export const SIGNATURE_TOLERANCE_S = 5 * 60;

/** The wait before try number `attempt + 1`, after `attempt` failed ones: 1, 2, 4 … minutes, at most two hours. */
export function webhookRetryDelayMs(attempt: number): number {
  return Math.min(MAX_WEBHOOK_RETRY_MS, FIRST_WEBHOOK_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}

export type WebhookFailureOutcome = { state: "pending"; nextAttemptAt: Date } | { state: "failed" };

/**
 * What follows a failed try: the last try fails the delivery, and so does an
 * answer that says this request will never be taken (400, 404, 410, 413, 422:
 * sending the same body again cannot help); anything else (no connection, a
 * timeout, 5xx, 408, 429, a redirect, 401/403 of a receiver whose secret is
 * being changed) waits and tries again.
 */
export function afterWebhookFailure(attempt: number, statusCode: number | null, now: Date): WebhookFailureOutcome {
  const permanent = statusCode !== null && [400, 404, 410, 413, 422].includes(statusCode);
  if (permanent || attempt >= MAX_WEBHOOK_ATTEMPTS) return { state: "failed" };
  return { state: "pending", nextAttemptAt: new Date(now.getTime() + webhookRetryDelayMs(attempt)) };
}

/** A 2xx answer is a delivery. */
export function isWebhookSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** Whether an endpoint that has failed since `failingSince` (no success since) is to be turned off at `now`. */
export function shouldDisableEndpoint(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}

/**
 * Why an endpoint URL is refused, or null when it is fine: only https, except
 * plain http to this machine (localhost, 127.0.0.1, [::1]) when `allowLocalHttp`
 * (development and tests); no user name or password in it, no fragment.
 */
export function webhookUrlProblem(value: string, allowLocalHttp: boolean): "invalid" | "https" | "credentials" | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "invalid";
  }
  if (!url.hostname || value.length > 2000 || /\s/.test(value)) return "invalid";
  if (url.username || url.password) return "credentials";
  if (url.hash) return "invalid";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowLocalHttp && isLocalHostName(url.hostname)) return null;
  return "https";
}

function isLocalHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "127.0.0.1" || host === "::1";
}

/**
 * Whether an IP address (v4 or v6 text) is one a webhook must not reach from a
 * production server unless allowed: loopback, private (RFC 1918, unique local),
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, "this
 * network", multicast, reserved and documentation ranges, and v4 addresses
 * carried in v6 (::ffff:10.0.0.1). Anything that is not an address is refused too.
 */
export function isNonPublicAddress(address: string): boolean {
  const text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  const v4 = parseIpv4(text);
  if (v4) return nonPublicV4(v4);
  const v6 = parseIpv6(text);
  if (!v6) return true;
  // v4-mapped (::ffff:a.b.c.d), v4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96): judge the v4 inside.
  const first80Zero = v6.slice(0, 5).every((w) => w === 0);
  if (
    (first80Zero && (v6[5] === 0xffff || v6[5] === 0)) ||
    (v6[0] === 0x64 && v6[1] === 0xff9b && v6.slice(2, 6).every((w) => w === 0))
  ) {
    if (first80Zero && v6[5] === 0 && v6[6] === 0 && (v6[7] === 0 || v6[7] === 1)) return true; // :: and ::1
    return nonPublicV4([v6[6]! >> 8, v6[6]! & 0xff, v6[7]! >> 8, v6[7]! & 0xff]);
  }
  const w0 = v6[0]!;
  if ((w0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((w0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((w0 & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((w0 & 0xff00) === 0xff00) return true; // multicast
  if (w0 === 0x2001 && v6[1] === 0x0db8) return true; // documentation
  if (w0 === 0x2002) return true; // 6to4 (can embed any v4)
  if (w0 === 0x2001 && v6[1] === 0) return true; // Teredo
  return false;
}

function nonPublicV4([a, b, c]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b! >= 64 && b! <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a! >= 224
  );
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/.test(text) || !text.includes(":")) return null;
  let head = text;
  const tailWords: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    const v4 = parseIpv4(maybeV4);
    if (!v4) return null;
    tailWords.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    head = text.slice(0, lastColon + 1) + "0"; // placeholder word, dropped below
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const words = (s: string) => (s === "" ? [] : s.split(":"));
  const left = words(halves[0]!);
  const right = halves.length === 2 ? words(halves[1]!) : [];
  if (tailWords.length) (halves.length === 2 ? right : left).pop();
  if (![...left, ...right].every((w) => /^[0-9a-f]{1,4}$/.test(w))) return null;
  const explicit = left.length + right.length + tailWords.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const zeros = new Array<number>(8 - explicit).fill(0);
  return [
    ...left.map((w) => parseInt(w, 16)),
    ...(halves.length === 2 ? zeros : []),
    ...right.map((w) => parseInt(w, 16)),
    ...tailWords,
  ];
}

/** Only administrators register endpoints (and only they see every account's events). */
export function canManageWebhooks(actor: { role: string }): boolean {
  return actor.role === "admin";
}

/**
 * What an endpoint's payloads may carry: no more than its creator may see now.
 * Endpoints are made by administrators, who see every account; a creator who is
 * disabled or no longer an administrator sees nothing through it, so its
 * deliveries stop (as a service token of theirs stops working).
 */
export function webhookCreatorScope(creator: { role: string; disabled: boolean } | null): "all" | "none" {
  return creator && !creator.disabled && creator.role === "admin" ? "all" : "none";
}
