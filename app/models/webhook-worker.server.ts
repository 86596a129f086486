import {
  afterWebhookFailure,
  isWebhookSuccess,
  shouldDisableEndpoint,
  WEBHOOK_TIMEOUT_MS,
} from "#app/domain/webhooks.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { postWebhook, type WebhookPost } from "#app/utils/webhook-http.server.ts";
import { decryptWebhookSecret, webhookSignature } from "#app/utils/webhook-secrets.server.ts";
import { errorText } from "#db/connection.ts";
import { startPoller, type Poller } from "#app/models/poller.server.ts";
import { recoverInterruptedSends } from "./interrupted-sends.server.ts";
import { queueWebhookDisabledMail } from "./mail-messages.server.ts";

// The webhook sender, in the outbox worker's pattern: takes one due delivery at
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

export interface WebhookRunOptions {
  post?: WebhookPost;
  now?: () => Date;
  /** Refuse private-network targets (default: in production unless WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  refusePrivate?: boolean;
  timeoutMs?: number;
  /** Called once a delivery is taken and recorded, before the receiver is contacted. */
  afterClaim?: (deliveryId: string) => void | Promise<void>;
  /** Called after the receiver answered 2xx, before the delivery is marked sent. */
  afterSend?: (deliveryId: string) => void | Promise<void>;
}

const inFlightStore = globalThis as typeof globalThis & { __kohtaamoWebhooksInFlight?: Set<string> };
const inFlight = (inFlightStore.__kohtaamoWebhooksInFlight ??= new Set());

function refusePrivateByDefault(): boolean {
  const env = appEnv();
  return env.NODE_ENV === "production" && !env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
}

/** Takes the next due delivery of an active endpoint, or null when none is due. */
export async function claimNextDelivery(now: Date) {
  for (let round = 0; round < 20; round++) {
    const result = await db()
      .transaction()
      .execute(async (trx) => {
        const delivery = await trx
          .selectFrom("webhook_deliveries")
          .selectAll()
          .where("status", "=", "pending")
          .where("next_attempt_at", "<=", now)
          .where("endpoint_id", "in", (eb) =>
            eb.selectFrom("webhook_endpoints").select("id").where("status", "=", "active"),
          )
          .orderBy("next_attempt_at")
          .orderBy("created_at")
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!delivery) return { done: true as const };
        const endpoint = await trx
          .selectFrom("webhook_endpoints as w")
          .innerJoin("users as u", "u.id", "w.created_by")
          .select(["w.id", "w.url", "w.secret_ciphertext", "w.status", "u.role", "u.disabled_at"])
          .where("w.id", "=", delivery.endpoint_id)
          .executeTakeFirstOrThrow();
        // No more than the creator may see now: a creator no longer an active administrator sees nothing through it.
        if (endpoint.role !== "admin" || endpoint.disabled_at !== null) {
          await trx
            .updateTable("webhook_deliveries")
            .set({ status: "cancelled", last_error: "creator may no longer see it", updated_at: now })
            .where("id", "=", delivery.id)
            .execute();
          return { done: false as const };
        }
        const attempt = delivery.attempts + 1;
        await trx
          .updateTable("webhook_deliveries")
          .set({
            status: "sending",
            attempts: attempt,
            leased_until: new Date(now.getTime() + WEBHOOK_LEASE_MS),
            updated_at: now,
          })
          .where("id", "=", delivery.id)
          .execute();
        await trx
          .insertInto("webhook_attempts")
          .values({ delivery_id: delivery.id, attempt, started_at: now })
          .execute();
        return {
          done: true as const,
          delivery: {
            ...delivery,
            attempts: attempt,
            url: endpoint.url,
            secret_ciphertext: endpoint.secret_ciphertext,
          },
        };
      });
    if (result.done) return result.delivery ?? null;
  }
  return null;
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

async function recordFailure(
  delivery: Claimed,
  now: Date,
  statusCode: number | null,
  detail: string,
  forceFailed = false,
) {
  const outcome = forceFailed
    ? ({ state: "failed" } as const)
    : afterWebhookFailure(delivery.attempts, statusCode, now);
  await db()
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable("webhook_deliveries")
        .where("id", "=", delivery.id)
        .where("status", "=", "sending")
        .where("attempts", "=", delivery.attempts)
        .set({
          status: outcome.state,
          next_attempt_at: outcome.state === "pending" ? outcome.nextAttemptAt : now,
          leased_until: null,
          last_error: detail,
          updated_at: now,
        })
        .execute();
      await trx
        .updateTable("webhook_attempts")
        .set({
          outcome: outcome.state === "pending" ? "retry" : "failed",
          finished_at: now,
          status_code: statusCode,
          detail,
        })
        .where("delivery_id", "=", delivery.id)
        .where("attempt", "=", delivery.attempts)
        .execute();
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
      if (disable) {
        await writeAudit(trx, {
          actorId: null,
          entity: "webhook_endpoint",
          entityId: endpoint.id,
          action: "auto_disable",
          before: { status: "active" },
          after: { status: "disabled", disabled_reason: "failing", failing_since: failingSince.toISOString() },
        });
        // Every active administrator gets a mail through the outbox, in the same transaction (as they chose at Mail settings).
        await queueWebhookDisabledMail(trx, { endpointId: endpoint.id, url: endpoint.url, failingSince, lastError: detail, now });
      }
    });
  return outcome.state === "pending" ? ("retry" as const) : ("failed" as const);
}

/** One step of the sender: takes the next due delivery, sends it, records the result. Null when nothing was due. */
export async function sendNextWebhook(options: WebhookRunOptions = {}) {
  const clock = options.now ?? (() => new Date());
  const delivery = await claimNextDelivery(clock());
  if (!delivery) return null;
  inFlight.add(delivery.id);
  try {
    await options.afterClaim?.(delivery.id);
    const secret = decryptWebhookSecret(delivery.secret_ciphertext);
    if (secret === null) {
      return {
        id: delivery.id,
        outcome: await recordFailure(
          delivery,
          clock(),
          null,
          "secret unreadable (SESSION_SECRET changed?): make a new secret",
          true,
        ),
      };
    }
    const { body, headers } = signedRequest(delivery, secret, clock());
    let answer: { status: number; body: string };
    try {
      answer = await (options.post ?? postWebhook)(delivery.url, headers, body, {
        timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
        refusePrivate: options.refusePrivate ?? refusePrivateByDefault(),
      });
    } catch (error) {
      return {
        id: delivery.id,
        outcome: await recordFailure(delivery, clock(), null, errorText(error).slice(0, 1000)),
      };
    }
    if (!isWebhookSuccess(answer.status)) {
      const detail = `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 500)}` : ""}`;
      return { id: delivery.id, outcome: await recordFailure(delivery, clock(), answer.status, detail) };
    }
    await options.afterSend?.(delivery.id);
    const now = clock();
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable("webhook_deliveries")
          .where("id", "=", delivery.id)
          .where("status", "=", "sending")
          .where("attempts", "=", delivery.attempts)
          .set({ status: "sent", sent_at: now, leased_until: null, last_error: "", updated_at: now })
          .execute();
        await trx
          .updateTable("webhook_attempts")
          .set({ outcome: "sent", finished_at: now, status_code: answer.status, detail: answer.body.slice(0, 500) })
          .where("delivery_id", "=", delivery.id)
          .where("attempt", "=", delivery.attempts)
          .execute();
        await trx
          .updateTable("webhook_endpoints")
          .set({ failing_since: null, last_success_at: now })
          .where("id", "=", delivery.endpoint_id)
          .execute();
      });
    return { id: delivery.id, outcome: "sent" as const };
  } finally {
    inFlight.delete(delivery.id);
  }
}

/**
 * Deliveries taken by a sender that died before recording the result: marked
 * for review, their try interrupted. On a server, those whose lease ran out; on
 * the embedded database (one process), every one this process is not sending.
 */
export function recoverInterruptedDeliveries(now: Date = new Date()): Promise<number> {
  return recoverInterruptedSends({ items: "webhook_deliveries", attempts: "webhook_attempts", itemColumn: "delivery_id" }, [...inFlight], now);
}

export type WebhookWorker = Poller;

const workerStore = globalThis as typeof globalThis & { __kohtaamoWebhookWorker?: WebhookWorker };

/**
 * Starts the in-process sender: interrupted deliveries are put up for review
 * first, then due ones are sent one at a time, looked for every `intervalMs`
 * and whenever a page asks (`wakeWebhookWorker`, after a test event or a resend).
 */
export function startWebhookWorker(intervalMs = 5_000, options: WebhookRunOptions = {}): WebhookWorker {
  const worker: WebhookWorker = startPoller(
    intervalMs,
    async (stopped) => {
      await recoverInterruptedDeliveries(options.now?.() ?? new Date());
      while (!stopped() && (await sendNextWebhook(options))) {
        // keep going while deliveries are due
      }
    },
    (error) => console.error("Webhooks: the sender failed.", error),
    () => {
      if (workerStore.__kohtaamoWebhookWorker === worker) workerStore.__kohtaamoWebhookWorker = undefined;
    },
  );
  workerStore.__kohtaamoWebhookWorker = worker;
  return worker;
}

/** Nudges this process's sender, if one runs. */
export function wakeWebhookWorker(): void {
  workerStore.__kohtaamoWebhookWorker?.wake();
}
