import {
  afterWebhookFailure,
  isWebhookSuccess,
  shouldDisableEndpoint,
  WEBHOOK_TIMEOUT_MS,
} from "#app/domain/webhooks.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { postWebhook, type WebhookPost } from "#app/utils/webhook-http.server.ts";
import { decryptWebhookSecret, webhookSignature } from "#app/utils/webhook-secrets.server.ts";
import { errorText } from "#db/connection.ts";
import type { Poller } from "#app/models/poller.server.ts";
import type { DB } from "#db/schema.ts";
import type { Transaction } from "kysely";
import {
  dueFirst,
  leasedWorker,
  LOOK_AGAIN,
  type Sender,
  type SendHooks,
  type TryEnd,
} from "./leased-sender.server.ts";
import { queueWebhookDisabledMail } from "./mail-messages.server.ts";

// The webhook sender, on the leased sender's core (app/models/leased-sender.server.ts)
// as the mail outbox is, with HTTP as the transport: takes one due delivery at
// a time (FOR UPDATE SKIP LOCKED: two server processes never take the same),
// marks it `sending` with a lease, counts the try and records it in
// webhook_attempts — committed BEFORE the receiver is contacted — then POSTs
// the signed JSON and writes the result: `sent` on a 2xx; otherwise `pending`
// again after 1, 2, 4 … minutes (at most two hours), or `failed` after an
// answer that cannot change (400, 404, 410, 413, 422) or the last try.
//
// A crash between taking and recording leaves a delivery `sending`; whether the
// receiver got it is unknown, so it is never sent again by itself (that could
// deliver it twice): it is marked `review` and an administrator sends it again
// or withdraws it on the endpoint's page. Every request carries the delivery's
// id (Kohtaamo-Delivery), the same on every try, so a receiver can drop repeats.
//
// An endpoint that has failed without a success in between for a day is
// turned off (status disabled, reason failing), audited, and administrators see
// a notice at the top of every staff page until one of them looks at it.

export const WEBHOOK_LEASE_MS = 5 * 60_000;

/** The clock and the hooks (`afterClaim`; `afterSend`, after a 2xx) are the core's. */
export interface WebhookRunOptions extends SendHooks {
  post?: WebhookPost;
  /** Refuse private-network targets (default: in production unless WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  refusePrivate?: boolean;
  timeoutMs?: number;
}

const core = leasedWorker(
  { items: "webhook_deliveries", attempts: "webhook_attempts", itemColumn: "delivery_id" },
  WEBHOOK_LEASE_MS,
  { inFlight: "__kohtaamoWebhooksInFlight", worker: "__kohtaamoWebhookWorker", failed: "Webhooks: the sender failed." },
);

function refusePrivateByDefault(): boolean {
  const env = appEnv();
  return env.NODE_ENV === "production" && !env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
}

/** Takes the next due delivery of an active endpoint, or null when none is due. */
export function claimNextDelivery(now: Date) {
  return core.claim(now, async (trx) => {
    const delivery = await trx
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("endpoint_id", "in", (eb) =>
        eb.selectFrom("webhook_endpoints").select("id").where("status", "=", "active"),
      )
      .$call(dueFirst(now))
      .executeTakeFirst();
    if (!delivery) return undefined;
    const endpoint = await trx
      .selectFrom("webhook_endpoints as w")
      .innerJoin("users as u", "u.id", "w.created_by")
      .select(["w.id", "w.url", "w.secret_ciphertext", "w.status", "u.role", "u.disabled_at"])
      .where("w.id", "=", delivery.endpoint_id)
      .executeTakeFirstOrThrow();
    // No more than the creator may see now: a creator no longer an active administrator sees nothing through it.
    if (endpoint.role === "admin" && endpoint.disabled_at === null) {
      return { ...delivery, url: endpoint.url, secret_ciphertext: endpoint.secret_ciphertext };
    }
    await trx
      .updateTable("webhook_deliveries")
      .set({ status: "cancelled", last_error: "creator may no longer see it", updated_at: now })
      .where("id", "=", delivery.id)
      .execute();
    return LOOK_AGAIN;
  });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimNextDelivery>>>;

/** The body and headers of one try: the same body is signed and sent. */
export function signedRequest(
  delivery: Pick<Claimed, "id" | "event_id" | "event_type" | "payload">,
  secret: string,
  now: Date,
) {
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Kohtaamo-Webhooks/1",
      "Kohtaamo-Event": delivery.event_type,
      "Kohtaamo-Event-Id": delivery.event_id,
      "Kohtaamo-Delivery": delivery.id,
      "Kohtaamo-Timestamp": String(timestamp),
      "Kohtaamo-Signature": webhookSignature(secret, timestamp, body),
    },
  };
}

/** A failed try counts against its endpoint: failing a day without a success turns it off (audited, administrators mailed). */
async function endpointFailed(trx: Transaction<DB>, delivery: Claimed, now: Date, detail: string) {
  const endpoint = await trx
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "status", "failing_since"])
    .where("id", "=", delivery.endpoint_id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!endpoint) return;
  const failingSince = endpoint.failing_since ?? now;
  const disable = endpoint.status === "active" && shouldDisableEndpoint(failingSince, now);
  await trx
    .updateTable("webhook_endpoints")
    .set({
      failing_since: failingSince,
      last_failure_at: now,
      ...(disable
        ? {
            status: "disabled",
            disabled_reason: "failing",
            disabled_at: now,
            notice_dismissed_at: null,
            version: (eb) => eb("version", "+", 1),
          }
        : {}),
    })
    .where("id", "=", endpoint.id)
    .execute();
  if (!disable) return;
  await writeAudit(trx, {
    actorId: null,
    entity: "webhook_endpoint",
    entityId: endpoint.id,
    action: "auto_disable",
    before: { status: "active" },
    after: { status: "disabled", disabled_reason: "failing", failing_since: failingSince.toISOString() },
  });
  // Every active administrator gets a mail through the outbox, in the same transaction (as they chose at Mail settings).
  await queueWebhookDisabledMail(trx, {
    endpointId: endpoint.id,
    url: endpoint.url,
    failingSince,
    lastError: detail,
    now,
  });
}

type WebhookFailure = TryEnd & { sent: false; statusCode: number | null; final?: boolean };

/** The webhook outbox as a leased sender: a signed POST is the transport, a 2xx a success. */
function webhookSender(options: WebhookRunOptions): Sender<Claimed, WebhookFailure> {
  return {
    claim: claimNextDelivery,
    async send(delivery, clock) {
      const secret = decryptWebhookSecret(delivery.secret_ciphertext);
      if (secret === null) {
        const detail = "secret unreadable (SESSION_SECRET changed?): make a new secret";
        return { sent: false, statusCode: null, detail, final: true };
      }
      const { body, headers } = signedRequest(delivery, secret, clock());
      let answer: { status: number; body: string };
      try {
        answer = await (options.post ?? postWebhook)(delivery.url, headers, body, {
          timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
          refusePrivate: options.refusePrivate ?? refusePrivateByDefault(),
        });
      } catch (error) {
        return { sent: false, statusCode: null, detail: errorText(error).slice(0, 1000) };
      }
      if (isWebhookSuccess(answer.status))
        return { sent: true, statusCode: answer.status, detail: answer.body.slice(0, 500) };
      const detail = `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 500)}` : ""}`;
      return { sent: false, statusCode: answer.status, detail };
    },
    afterFailure: (delivery, failure, now) =>
      failure.final ? { state: "failed" } : afterWebhookFailure(delivery.attempts, failure.statusCode, now),
    onFailed: endpointFailed,
    async onSent(trx, delivery, now) {
      await trx
        .updateTable("webhook_endpoints")
        .set({ failing_since: null, last_success_at: now })
        .where("id", "=", delivery.endpoint_id)
        .execute();
    },
  };
}

/** One step of the sender: takes the next due delivery, sends it, records the result. Null when nothing was due. */
export function sendNextWebhook(options: WebhookRunOptions = {}) {
  return core.sendNext(webhookSender(options), options);
}

/**
 * Deliveries taken by a sender that died before recording the result: marked
 * for review, their try interrupted. On a server, those whose lease ran out; on
 * the embedded database (one process), every one this process is not sending.
 */
export function recoverInterruptedDeliveries(now: Date = new Date()): Promise<number> {
  return core.recover(now);
}

export type WebhookWorker = Poller;

/**
 * Starts the in-process sender: interrupted deliveries are put up for review
 * first, then due ones are sent one at a time, looked for every `intervalMs`
 * and whenever a page asks (`wakeWebhookWorker`, after a test event or a resend).
 */
export function startWebhookWorker(intervalMs = 5_000, options: WebhookRunOptions = {}): WebhookWorker {
  const now = options.now ?? (() => new Date());
  return core.start(intervalMs, { now, send: () => sendNextWebhook(options) });
}

/** Nudges this process's sender, if one runs. */
export function wakeWebhookWorker(): void {
  core.wake();
}
