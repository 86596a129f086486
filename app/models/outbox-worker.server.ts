import nodemailer, { type SendMailOptions, type SMTPTransportOptions } from "nodemailer";
import { afterFailure, isPermanentSmtpFailure, nextAllowedSend, RATE_WINDOW_MS } from "#app/domain/outbox.ts";
import { appEnv, appUrl } from "#app/utils/env.server.ts";
import { db } from "#app/utils/db.server.ts";
import { errorText } from "#db/connection.ts";
import { redactedBody } from "./outbox.server.ts";
import { startPoller, type Poller } from "#app/models/poller.server.ts";
import { recoverInterruptedSends } from "./interrupted-sends.server.ts";
import { runMailSchedule } from "./mail-schedule.server.ts";

// The outbox worker: takes one due message at a time and sends it over SMTP.
//
// Taking a message (FOR UPDATE SKIP LOCKED, so two server processes never take
// the same one) marks it `sending` with a lease, counts the try and records it
// in outbox_attempts — committed BEFORE the mail server is contacted. After the
// server answers, the result is written: `sent`; or on a failure `pending` again
// with an exponential backoff (1, 2, 4, 8 … minutes), or `failed` after a
// permanent refusal (5xx) or the last of MAX_SEND_ATTEMPTS tries.
//
// A crash between taking and recording leaves a message `sending` whose lease
// runs out (on the embedded database: any `sending` message this process is not
// sending). Whether the mail server accepted it is then unknown, so the worker
// never sends it again by itself (that could send it twice): it is marked
// `review`, its try `interrupted`, and the outbox page asks an administrator
// to send it again or withdraw it. Nothing is lost silently, nothing is sent
// twice without a person deciding. Each mail carries a Message-ID made from
// its outbox id, so a resend is recognisable as the same message.
//
// A recipient gets at most MAIL_RATE_LIMIT_PER_HOUR mails an hour: a message
// over the limit waits (no try is counted) until the oldest in the window leaves it.

/** How long a taken message is the worker's; a send takes far less (the transport's timeouts are below it). */
export const LEASE_MS = 5 * 60_000;

/** What the worker needs of a transport: nodemailer's sendMail. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<{ messageId?: string; response?: string }>;
}

export interface OutboxRunOptions {
  transport: MailTransport;
  from: string;
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
  ratePerHour?: number;
  /** Called once a message is taken and recorded, before the transport is used. */
  afterClaim?: (messageId: string) => void | Promise<void>;
  /** Called after the transport accepted a message, before it is marked sent (the crash test kills its process here). */
  afterSend?: (messageId: string) => void | Promise<void>;
}

const inFlightStore = globalThis as typeof globalThis & { __kohtaamoOutboxInFlight?: Set<string> };
const inFlight = (inFlightStore.__kohtaamoOutboxInFlight ??= new Set());

/** Takes the next due message within the recipient limits, or null when none is due. */
export async function claimNextMessage(now: Date, ratePerHour: number) {
  // A few rounds: a message over its recipient's limit is moved on and the next one looked at.
  for (let round = 0; round < 20; round++) {
    const result = await db()
      .transaction()
      .execute(async (trx) => {
        const message = await trx
          .selectFrom("outbox_messages")
          .selectAll()
          .where("status", "=", "pending")
          .where("next_attempt_at", "<=", now)
          .orderBy("next_attempt_at")
          .orderBy("created_at")
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!message) return { done: true as const };
        const recent = await trx
          .selectFrom("outbox_messages")
          .select("sent_at")
          .where((eb) => eb(eb.fn("lower", ["to_address"]), "=", message.to_address.toLowerCase()))
          .where("status", "=", "sent")
          .where("sent_at", ">", new Date(now.getTime() - RATE_WINDOW_MS))
          .execute();
        const allowed = nextAllowedSend(
          recent.flatMap((r) => (r.sent_at ? [r.sent_at] : [])),
          ratePerHour,
          now,
        );
        if (allowed.getTime() > now.getTime()) {
          await trx
            .updateTable("outbox_messages")
            .set({ next_attempt_at: allowed, last_error: "rate limit", updated_at: now })
            .where("id", "=", message.id)
            .execute();
          return { done: false as const };
        }
        const attempt = message.attempts + 1;
        await trx
          .updateTable("outbox_messages")
          .set({ status: "sending", attempts: attempt, leased_until: new Date(now.getTime() + LEASE_MS), updated_at: now })
          .where("id", "=", message.id)
          .execute();
        await trx.insertInto("outbox_attempts").values({ message_id: message.id, attempt, started_at: now }).execute();
        return { done: true as const, message: { ...message, attempts: attempt } };
      });
    if (result.done) return result.message ?? null;
  }
  return null;
}

/**
 * One step of the worker: takes the next due message, sends it, records the
 * result. Returns what happened, or null when nothing was due.
 */
export async function sendNextOutboxMessage(options: OutboxRunOptions) {
  const clock = options.now ?? (() => new Date());
  const message = await claimNextMessage(clock(), options.ratePerHour ?? appEnv().MAIL_RATE_LIMIT_PER_HOUR);
  if (!message) return null;
  inFlight.add(message.id);
  try {
    await options.afterClaim?.(message.id);
    let info: { messageId?: string; response?: string };
    try {
      info = await options.transport.sendMail({
        from: options.from,
        to: { name: message.to_name, address: message.to_address },
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        headers: message.headers as Record<string, string>,
        messageId: `<outbox-${message.id}@${new URL(appUrl()).hostname}>`,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      const now = clock();
      const code = (error as { responseCode?: unknown }).responseCode;
      const outcome = afterFailure(message.attempts, isPermanentSmtpFailure(code), now);
      const detail = errorText(error).slice(0, 1000);
      await db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable("outbox_messages")
            .where("id", "=", message.id)
            .where("status", "=", "sending")
            .where("attempts", "=", message.attempts)
            .set({
              status: outcome.state,
              next_attempt_at: outcome.state === "pending" ? outcome.nextAttemptAt : now,
              leased_until: null,
              last_error: detail,
              updated_at: now,
            })
            .execute();
          await trx
            .updateTable("outbox_attempts")
            .set({ outcome: outcome.state === "pending" ? "retry" : "failed", finished_at: now, detail })
            .where("message_id", "=", message.id)
            .where("attempt", "=", message.attempts)
            .execute();
        });
      return { id: message.id, outcome: outcome.state === "pending" ? ("retry" as const) : ("failed" as const) };
    }
    await options.afterSend?.(message.id);
    const now = clock();
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable("outbox_messages")
          .where("id", "=", message.id)
          .where("status", "=", "sending")
          .where("attempts", "=", message.attempts)
          .set({ status: "sent", sent_at: now, leased_until: null, last_error: "", updated_at: now, ...(message.secret ? redactedBody(message.locale) : {}) })
          .execute();
        await trx
          .updateTable("outbox_attempts")
          .set({ outcome: "sent", finished_at: now, detail: String(info.response ?? "").slice(0, 1000) })
          .where("message_id", "=", message.id)
          .where("attempt", "=", message.attempts)
          .execute();
      });
    return { id: message.id, outcome: "sent" as const };
  } finally {
    inFlight.delete(message.id);
  }
}

/**
 * Messages taken by a worker that died before recording the result: marked
 * for review, their try interrupted. On a server, those whose lease ran out;
 * on the embedded database (one process), every one this process is not sending.
 */
export function recoverInterruptedMessages(now: Date = new Date()): Promise<number> {
  return recoverInterruptedSends({ items: "outbox_messages", attempts: "outbox_attempts", itemColumn: "message_id" }, [...inFlight], now);
}

/** The SMTP transport of SMTP_URL, with timeouts well inside the lease. */
export function smtpTransport(url: string): MailTransport {
  const options: SMTPTransportOptions & { url: string } = { url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
  return nodemailer.createTransport(options);
}

export type OutboxWorker = Poller;

const workerStore = globalThis as typeof globalThis & { __kohtaamoOutboxWorker?: OutboxWorker };

/**
 * Starts the in-process mail worker. Each pass first writes the scheduled mail
 * that is due (daily and weekly: app/models/mail-schedule.server.ts; unless
 * MAIL_SCHEDULE=off), then, when SMTP_URL is set, puts interrupted messages up
 * for review and sends due ones one at a time. Without SMTP_URL mail stays in
 * the outbox for an administrator to read. Passes run every `intervalMs` and
 * whenever a page writes a message (`wakeOutboxWorker`).
 */
export function startOutboxWorker(
  intervalMs = 5_000,
  options?: Partial<OutboxRunOptions> & { schedule?: boolean },
): OutboxWorker | null {
  const env = appEnv();
  const sending = Boolean(options?.transport || env.SMTP_URL);
  const schedule = options?.schedule ?? env.MAIL_SCHEDULE;
  if (!sending && !schedule) return null;
  const run: OutboxRunOptions | null = sending
    ? ({
        transport: options?.transport ?? smtpTransport(env.SMTP_URL!),
        from: options?.from ?? env.MAIL_FROM!,
        ...options,
      } as OutboxRunOptions)
    : null;
  const clock = options?.now ?? (() => new Date());
  const worker: OutboxWorker = startPoller(
    intervalMs,
    async (stopped) => {
      if (schedule) {
        try {
          await runMailSchedule(clock());
        } catch (error) {
          console.error("Mail: the scheduled mail failed; it is tried again at the next pass.", error);
        }
      }
      if (!run) return;
      await recoverInterruptedMessages(clock());
      while (!stopped() && (await sendNextOutboxMessage(run))) {
        // keep going while messages are due
      }
    },
    (error) => console.error("Outbox: the worker failed to send.", error),
    () => {
      if (workerStore.__kohtaamoOutboxWorker === worker) workerStore.__kohtaamoOutboxWorker = undefined;
    },
  );
  workerStore.__kohtaamoOutboxWorker = worker;
  return worker;
}

/** Nudges this process's sender, if one runs, after a page wrote a message. */
export function wakeOutboxWorker(): void {
  workerStore.__kohtaamoOutboxWorker?.wake();
}
