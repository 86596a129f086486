// Rules of outgoing mail, free of the database and the transport: which kinds
// exist, what a header may hold, when a failed try is tried again, and how long
// a recipient who has had their hourly share waits.

/** Mail that answers something the recipient asked for or needs to get in: always sent. */
const ALWAYS_SENT_MAIL_KINDS = ["portal_invitation", "password_link"] as const;

/** Kinds a person may turn off (or ask as a digest): everything but the links they need to get in. */
export const OPTIONAL_MAIL_KINDS = [
  // to the account's KAM, at once
  "dispute_alert",
  "detractor_alert",
  "key_person_left",
  "notice_contested",
  // to administrators: a webhook endpoint turned off for failing a day
  "webhook_disabled",
  // to customers (portal users)
  "deliveries_awaiting",
  "replan_notice",
  "expectation_answer",
  // gathered
  "kam_digest",
  "director_digest",
] as const;

/** Every kind of mail Kohtaamo sends: the two always sent first. */
export const MAIL_KINDS = [...ALWAYS_SENT_MAIL_KINDS, ...OPTIONAL_MAIL_KINDS] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export type OptionalMailKind = (typeof OPTIONAL_MAIL_KINDS)[number];

/** The states of an outbox message (see the migration and app/models/outbox-worker.server.ts). */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "review", "cancelled"] as const;

export const MAIL_CHOICES = ["immediate", "digest", "off"] as const;
export type MailChoice = (typeof MAIL_CHOICES)[number];

export function isOptionalMailKind(value: unknown): value is OptionalMailKind {
  return typeof value === "string" && (OPTIONAL_MAIL_KINDS as readonly string[]).includes(value);
}

/** Tries a message gets before it is failed. */
export const MAX_SEND_ATTEMPTS = 5;
/** The wait after the first failed try; doubled after each later one. */
export const FIRST_RETRY_MS = 60_000;
/** The longest wait between two tries. */
export const MAX_RETRY_MS = 60 * 60_000;
/** The window of the per-recipient limit. */
export const RATE_WINDOW_MS = 60 * 60_000;

/**
 * Why a header value is refused, or null when it is fine: a line break (CR or
 * LF, also the Unicode line separators) would start a header of its own, and
 * other control characters have no place in a header either.
 */
export function headerProblem(value: string): "lineBreak" | "control" | null {
  if (/[\r\n\u2028\u2029\u0085]/.test(value)) return "lineBreak";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return "control";
  return null;
}

/** An e-mail address as a header may carry it: one address, no spaces, no line breaks, no angle brackets. */
export function isMailAddress(value: string): boolean {
  return value.length <= 254 && headerProblem(value) === null && /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(value);
}

/** The wait before try number `attempt + 1`, after `attempt` failed ones: 1, 2, 4, 8 … minutes, at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}

export type FailureOutcome = { state: "pending"; nextAttemptAt: Date } | { state: "failed" };

/**
 * What follows a failed try: a permanent refusal (the server answered 5xx:
 * no such mailbox, a refused sender) or the last try fails the message; any
 * other failure (no connection, a 4xx "try later") waits and tries again.
 */
export function afterFailure(attempt: number, permanent: boolean, now: Date): FailureOutcome {
  if (permanent || attempt >= MAX_SEND_ATTEMPTS) return { state: "failed" };
  return { state: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt)) };
}

/** An SMTP reply code of 500–599 means the server will never take this message as it is. */
export function isPermanentSmtpFailure(responseCode: unknown): boolean {
  return typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
}

/**
 * When a recipient may be sent the next message: now, unless `limit` messages
 * went to them within the last window — then when the oldest of those leaves it.
 */
export function nextAllowedSend(sentAt: readonly Date[], limit: number, now: Date): Date {
  const since = now.getTime() - RATE_WINDOW_MS;
  const recent = sentAt.map((d) => d.getTime()).filter((t) => t > since).sort((a, b) => a - b);
  if (recent.length < limit) return now;
  return new Date(recent[recent.length - limit]! + RATE_WINDOW_MS);
}

/** Text made safe to place in HTML (element content and quoted attributes). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** What a mail says, before it is written out as text and HTML. Every string is plain text (escaped for HTML here). */
export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a line of its own in text. */
  action?: { label: string; url: string };
  /** Lines after the action (e.g. how long a link works). */
  after?: string[];
  signature?: string;
  /** Small print at the bottom: why this came, how to stop it. */
  footer?: string[];
  unsubscribe?: { label: string; url: string };
}

/** The plain-text and HTML parts of a mail, saying the same thing. */
export function renderMail(content: MailContent, lang: string): { subject: string; text: string; html: string } {
  const text = [
    content.greeting,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.action ? [`${content.action.label}:`, content.action.url, ""] : []),
    ...(content.after ?? []).flatMap((p) => [p, ""]),
    ...(content.signature ? [content.signature, ""] : []),
    ...(content.footer?.length || content.unsubscribe ? ["--"] : []),
    ...(content.footer ?? []),
    ...(content.unsubscribe ? [`${content.unsubscribe.label}: ${content.unsubscribe.url}`] : []),
  ]
    .join("\n")
    .trimEnd();
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s).replace(/\n/g, "<br>")}</p>`;
  const html = [
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#0f172a;line-height:1.5">`,
    `<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">`,
    p(content.greeting),
    ...content.paragraphs.map(p),
    ...(content.action
      ? [
          `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>`,
          `<p style="margin:0 0 16px;font-size:13px;color:#475569;word-break:break-all">${escapeHtml(content.action.url)}</p>`,
        ]
      : []),
    ...(content.after ?? []).map(p),
    ...(content.signature ? [p(content.signature)] : []),
    `</div>`,
    ...(content.footer?.length || content.unsubscribe
      ? [
          `<div style="max-width:560px;margin:12px auto 0;font-size:12px;color:#64748b">`,
          ...(content.footer ?? []).map((f) => `<p style="margin:0 0 8px">${escapeHtml(f)}</p>`),
          ...(content.unsubscribe
            ? [`<p style="margin:0"><a href="${escapeHtml(content.unsubscribe.url)}" style="color:#64748b">${escapeHtml(content.unsubscribe.label)}</a></p>`]
            : []),
          `</div>`,
        ]
      : []),
    `</body></html>`,
  ].join("\n");
  return { subject: content.subject, text, html };
}
