import nodemailer, { type SendMailOptions, type SMTPTransportOptions } from "nodemailer";
import { afterFailure, isPermanentSmtpFailure, nextAllowedSend, RATE_WINDOW_MS } from "#app/domain/outbox.ts";
import { appEnv, appUrl } from "#app/utils/env.server.ts";
import { errorText } from "#db/connection.ts";
import { redactedBody } from "./outbox.server.ts";
import type { Poller } from "#app/models/poller.server.ts";
import {
  dueFirst,
  leasedWorker,
  LOOK_AGAIN,
  type Sender,
  type SendHooks,
  type TryEnd,
} from "./leased-sender.server.ts";
import { runMailSchedule } from "./mail-schedule.server.ts";

// The outbox worker: takes one due message at a time and sends it over SMTP,
// with the leased sender's core (app/models/leased-sender.server.ts).
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

/** The clock and the hooks (`afterClaim`, `afterSend`: the crash test kills its process there) are the core's. */
export interface OutboxRunOptions extends SendHooks {
  transport: MailTransport;
  from: string;
  ratePerHour?: number;
}

const core = leasedWorker(
  { items: "outbox_messages", attempts: "outbox_attempts", itemColumn: "message_id" },
  LEASE_MS,
  {
    inFlight: "__kohtaamoOutboxInFlight",
    worker: "__kohtaamoOutboxWorker",
    failed: "Outbox: the worker failed to send.",
  },
);

/** Takes the next due message within the recipient limits, or null when none is due. */
export function claimNextMessage(now: Date, ratePerHour: number) {
  // A message over its recipient's limit is moved on and the next one looked at.
  return core.claim(now, async (trx) => {
    const message = await trx.selectFrom("outbox_messages").selectAll().$call(dueFirst(now)).executeTakeFirst();
    if (!message) return undefined;
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
    if (allowed.getTime() <= now.getTime()) return message;
    await trx
      .updateTable("outbox_messages")
      .set({ next_attempt_at: allowed, last_error: "rate limit", updated_at: now })
      .where("id", "=", message.id)
      .execute();
    return LOOK_AGAIN;
  });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimNextMessage>>>;

/** The mail outbox as a leased sender: SMTP is the transport, a 5xx answer is final. */
function mailSender(options: OutboxRunOptions): Sender<Claimed, TryEnd & { sent: false; permanent: boolean }> {
  return {
    claim: (now) => claimNextMessage(now, options.ratePerHour ?? appEnv().MAIL_RATE_LIMIT_PER_HOUR),
    async send(message) {
      try {
        const info = await options.transport.sendMail({
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
        return { sent: true, detail: String(info.response ?? "").slice(0, 1000) };
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        return { sent: false, permanent: isPermanentSmtpFailure(code), detail: errorText(error).slice(0, 1000) };
      }
    },
    afterFailure: (message, failure, now) => afterFailure(message.attempts, failure.permanent, now),
    sentColumns: (message) => (message.secret ? redactedBody(message.locale) : {}),
  };
}

/**
 * One step of the worker: takes the next due message, sends it, records the
 * result. Returns what happened, or null when nothing was due.
 */
export function sendNextOutboxMessage(options: OutboxRunOptions) {
  return core.sendNext(mailSender(options), options);
}

/**
 * Messages taken by a worker that died before recording the result: marked
 * for review, their try interrupted. On a server, those whose lease ran out;
 * on the embedded database (one process), every one this process is not sending.
 */
export function recoverInterruptedMessages(now: Date = new Date()): Promise<number> {
  return core.recover(now);
}

/** The SMTP transport of SMTP_URL, with timeouts well inside the lease. */
export function smtpTransport(url: string): MailTransport {
  const options: SMTPTransportOptions & { url: string } = {
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
  return nodemailer.createTransport(options);
}

export type OutboxWorker = Poller;

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
  const now = options?.now ?? (() => new Date());
  return core.start(intervalMs, {
    now,
    async before() {
      if (!schedule) return;
      try {
        await runMailSchedule(now());
      } catch (error) {
        console.error("Mail: the scheduled mail failed; it is tried again at the next pass.", error);
      }
    },
    send: run ? () => sendNextOutboxMessage(run) : null,
  });
}

/** Nudges this process's sender, if one runs, after a page wrote a message. */
export function wakeOutboxWorker(): void {
  core.wake();
}
