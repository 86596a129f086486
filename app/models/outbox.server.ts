import { sql } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import { headerProblem, isMailAddress, renderMail, type MailContent, type MailKind } from "#app/domain/outbox.ts";
import { formatters, type Locale } from "#app/i18n/index.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import type { OutboxStatus } from "#db/schema.ts";
import { QueuedStateError, steerLocked, type SteerIntent } from "./steer-queued.server.ts";

// The outbox: every mail is a row written by the caller's transaction, so the
// mail exists exactly when the change that causes it does (a rolled-back write
// leaves none, a crash after the commit loses none). The worker
// (outbox-worker.server.ts) sends it; an administrator reads and steers it at
// /admin/outbox.

/** A mail refused before it is written: a header value would carry a line break (header injection) or the address is not one. */
export class MailRefusedError extends Error {
  constructor(
    readonly field: "to" | "name" | "subject",
    readonly problem: string,
  ) {
    super(`Mail refused: ${field} (${problem}).`);
    this.name = "MailRefusedError";
  }
}

export interface OutgoingMail {
  kind: MailKind;
  to: string;
  toName?: string;
  locale: Locale;
  content: MailContent;
  recipientUserId?: string | null;
  accountId?: string | null;
  /** The body carries a one-time secret (a sign-in link): blanked once the message is sent or withdrawn. */
  secret?: boolean;
  /** A newer message with the same key withdraws a waiting older one (a new link replaces the last). */
  supersedeKey?: string;
  /** Extra headers (List-Unsubscribe); names and values are checked like the others. */
  headers?: Record<string, string>;
  /** A scheduled mail's key (kind, person, period): a second mail with the same key is not written. */
  dedupeKey?: string;
}

/**
 * Writes a mail to the outbox inside the caller's transaction; returns its id
 * (null when a mail with its dedupe key was written already). Refuses header injection.
 */
export async function enqueueMail<M extends OutgoingMail>(
  executor: Executor,
  mail: M,
  now: Date = new Date(),
): Promise<M["dedupeKey"] extends string ? string | null : string> {
  const to = mail.to.trim();
  if (!isMailAddress(to)) throw new MailRefusedError("to", headerProblem(to) ?? "address");
  const name = mail.toName ?? "";
  const nameProblem = headerProblem(name);
  if (nameProblem) throw new MailRefusedError("name", nameProblem);
  const subjectProblem = headerProblem(mail.content.subject);
  if (subjectProblem) throw new MailRefusedError("subject", subjectProblem);
  for (const [key, value] of Object.entries(mail.headers ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(key) || headerProblem(value)) throw new MailRefusedError("subject", "header");
  }
  if (mail.supersedeKey) await withdrawWaiting(executor, mail.supersedeKey, now);
  const rendered = renderMail(mail.content, mail.locale);
  const row = await executor
    .insertInto("outbox_messages")
    .values({
      kind: mail.kind,
      recipient_user_id: mail.recipientUserId ?? null,
      account_id: mail.accountId ?? null,
      to_address: to,
      to_name: name,
      locale: mail.locale,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      headers: sql`${JSON.stringify(mail.headers ?? {})}::jsonb`,
      secret: mail.secret ?? false,
      supersede_key: mail.supersedeKey ?? null,
      dedupe_key: mail.dedupeKey ?? null,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    })
    .$if(Boolean(mail.dedupeKey), (q) => q.onConflict((oc) => oc.column("dedupe_key").doNothing()))
    .returning("id")
    .executeTakeFirst();
  if (!row && !mail.dedupeKey) throw new Error("The outbox did not write the mail.");
  return (row?.id ?? null) as M["dedupeKey"] extends string ? string | null : string;
}

/** The columns set to blank a secret message's body (the subject stays). */
export function redactedBody(locale: Locale) {
  const note = formatters(locale).t("mail.redacted");
  return { text_body: note, html_body: `<p>${note}</p>` };
}

/** Withdraws waiting messages with this key (an older link that a newer one replaces, or one revoked). */
export async function withdrawWaiting(executor: Executor, key: string, now: Date = new Date()) {
  const waiting = await executor
    .selectFrom("outbox_messages")
    .select(["id", "locale", "secret"])
    .where("supersede_key", "=", key)
    .where("status", "=", "pending")
    .execute();
  for (const m of waiting) {
    await executor
      .updateTable("outbox_messages")
      .set({ status: "cancelled", updated_at: now, last_error: "superseded", ...(m.secret ? redactedBody(m.locale) : {}) })
      .where("id", "=", m.id)
      .where("status", "=", "pending")
      .execute();
  }
}

export { OUTBOX_STATUSES } from "#app/domain/outbox.ts";

/** The newest messages (optionally of one state) and how many there are in each state. */
export async function listOutbox(executor: Executor, { status, limit = 200 }: { status?: OutboxStatus; limit?: number } = {}) {
  const messages = await executor
    .selectFrom("outbox_messages")
    .select(["id", "kind", "to_address", "to_name", "subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at", "locale"])
    .$if(Boolean(status), (qb) => qb.where("status", "=", status!))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  const counts = await executor
    .selectFrom("outbox_messages")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .groupBy("status")
    .execute();
  return { messages, counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<OutboxStatus, number>> };
}

/** One message with every try. */
export async function getOutboxMessage(executor: Executor, id: string) {
  const message = await executor.selectFrom("outbox_messages").selectAll().where("id", "=", id).executeTakeFirst();
  if (!message) return null;
  const attempts = await executor
    .selectFrom("outbox_attempts")
    .select(["attempt", "started_at", "finished_at", "outcome", "detail"])
    .where("message_id", "=", id)
    .orderBy("attempt")
    .execute();
  return { ...message, attempts };
}

export class OutboxStateError extends QueuedStateError {
  constructor() {
    super("message");
  }
}

/** An administrator sends a message again (after review) or withdraws it. Audited. */
export async function steerOutboxMessage(
  trx: Trx,
  { actor, ip }: { actor: Actor; ip?: string | null },
  id: string,
  intent: SteerIntent,
  now: Date = new Date(),
) {
  if (actor.role !== "admin") throw new ForbiddenError();
  const before = await trx
    .selectFrom("outbox_messages")
    .select(["id", "status", "locale", "secret", "account_id"])
    .where("id", "=", id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("outbox message");
  const refused = () => new OutboxStateError();
  await steerLocked(trx, { actor, ip }, { entity: "outbox_message", before, refused }, intent, (status) =>
    trx
      .updateTable("outbox_messages")
      .set({
        status,
        next_attempt_at: now,
        leased_until: null,
        updated_at: now,
        ...(intent === "withdraw" && before.secret ? redactedBody(before.locale) : {}),
      })
      .where("id", "=", id)
      .execute(),
  );
}
