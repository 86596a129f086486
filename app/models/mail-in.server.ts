import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import {
  captureAddress,
  customerAddresses,
  fitText,
  forwardedAddresses,
  mailTime,
  matchMail,
  normalizeAddress,
  plainSubject,
  type MailMatch,
} from "#app/domain/mail-in.ts";
import { loggableAccountsOwner, type Actor } from "#app/domain/permissions.ts";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { INTERNAL_ROLES, type Role } from "#app/domain/vocabulary.ts";
import { formatters, isLocale } from "#app/i18n/index.ts";
import type { CapturedMailInput } from "#app/schemas/mail-in.ts";
import { TouchpointCreateForm, type TouchpointInput } from "#app/schemas/touchpoint.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { inboundDomain } from "#app/utils/env.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { activeStaffUsers } from "./people.server.ts";
import { createTouchpoint } from "./touchpoint-changes.server.ts";

// Mail in (README "Mail in"). Each member of staff has a capture address; a
// mail sent there from their own address is matched to an account by the
// stakeholders' addresses it names and becomes an e-mail touchpoint through
// createTouchpoint — the same validation (the log form's schema), audit, score
// refresh and webhook event as the log form. A mail that names no account's
// people, or several accounts', waits in captured_mails and in its owner's
// inbox to be placed or discarded. Only text is kept: attachments are named.

/** The touchpoint's summary holds the mail's text up to this many characters (the form's limit). */
const SUMMARY_MAX = 10_000;
const TITLE_MAX = 300;

export interface CaptureOwner {
  id: string;
  role: Role;
  email: string;
  name: string;
  locale: string;
}

/** The member of staff a capture token belongs to (active staff only), or null. */
export async function findCaptureOwner(executor: Executor, token: string): Promise<CaptureOwner | null> {
  const row = await activeStaffUsers(executor)
    .select(["id", "role", "email", "name", "locale"])
    .where("capture_token", "=", token)
    .executeTakeFirst();
  return row ?? null;
}

/** Whether `address` is one of the owner's own addresses (their sign-in address). */
export function isOwnAddress(owner: Pick<CaptureOwner, "email">, address: string): boolean {
  return normalizeAddress(owner.email) === normalizeAddress(address);
}

/** The user's capture address, or null while they have none (staff only). */
export async function captureAddressOf(executor: Executor, userId: string, domain = inboundDomain()): Promise<string | null> {
  const row = await executor.selectFrom("users").select(["capture_token", "role"]).where("id", "=", userId).executeTakeFirst();
  if (!row?.capture_token || !(INTERNAL_ROLES as readonly string[]).includes(row.role)) return null;
  return captureAddress(row.capture_token, domain);
}

/** Makes the user a new capture address; the old one stops working at once. Audited. */
export async function renewCaptureAddress(trx: Trx, { actor, ip = null }: { actor: Actor; ip?: string | null }, domain = inboundDomain()) {
  if (!(INTERNAL_ROLES as readonly string[]).includes(actor.role)) throw new ForbiddenError();
  const before = await trx.selectFrom("users").select("capture_token").where("id", "=", actor.id).forNoKeyUpdate().executeTakeFirst();
  if (!before) throw new NotFoundError("user");
  const token = randomBytes(12).toString("hex");
  await trx.updateTable("users").set({ capture_token: token }).where("id", "=", actor.id).execute();
  // The token is a secret of sorts (whoever knows it may try to send there): the log says that it changed, not what to.
  await writeAudit(trx, {
    actorId: actor.id,
    entity: "user",
    entityId: actor.id,
    action: before.capture_token ? "renew_capture_address" : "create_capture_address",
    ip,
  });
  return captureAddress(token, domain);
}

/** Every address a mail names that could be a customer's. */
export function mailAddresses(mail: CapturedMailInput, exclude: readonly string[]): string[] {
  return customerAddresses([...mail.headerAddresses, ...forwardedAddresses(mail.text)], exclude);
}

/** Present stakeholders with these addresses, on live accounts the actor may log touchpoints on. */
async function stakeholderHits(executor: Executor, actor: Actor, addresses: readonly string[], accountId?: string) {
  if (!addresses.length) return [];
  const owner = loggableAccountsOwner(actor);
  const rows = await executor
    .selectFrom("stakeholders as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .select(["s.account_id as accountId", "s.id as stakeholderId"])
    .where(sql<string>`lower(s.email)`, "in", [...addresses])
    .where("s.left_on", "is", null)
    .where("a.archived_at", "is", null)
    .$if(owner !== null, (qb) => qb.where("a.owner_id", "=", owner!))
    .$if(accountId !== undefined, (qb) => qb.where("s.account_id", "=", accountId!))
    .orderBy("s.account_id")
    .orderBy("s.id")
    .limit(1000)
    .execute();
  return rows;
}

export type CaptureOutcome =
  | { outcome: "logged"; mailId: string; accountId: string; touchpointId: string }
  | { outcome: "waiting"; mailId: string; reason: "none" | "several" }
  | { outcome: "duplicate"; mailId: string | null };

interface StoredMail {
  id: string;
  subject: string;
  text_body: string;
  attachment_names: string[];
  sent_at: Date;
}

/** The log form's values for a mail, checked by the log form's own schema. */
function touchpointInput(mail: StoredMail, locale: string, stakeholderIds: string[], userId: string): TouchpointInput {
  const { t } = formatters(isLocale(locale) ? locale : "en");
  const attachments = mail.attachment_names.length ? `\n\n${t("mailIn.attachments", { names: mail.attachment_names.join(", ") })}` : "";
  const body = fitText(mail.text_body, SUMMARY_MAX - attachments.length);
  const parsed = TouchpointCreateForm.safeParse({
    kind: "email",
    occurred_at: instantToWallTime(new Date(mail.sent_at), TIME_ZONE),
    title: fitText(plainSubject(mail.subject), TITLE_MAX) || t("mailIn.noSubject"),
    summary: `${body}${attachments}`.trim(),
    internal_notes: "",
    stakeholder_ids: stakeholderIds,
    user_ids: [userId],
  });
  if (!parsed.success) {
    throw new FieldError(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ""), "mailIn.notValid" as const])));
  }
  const { next_step_title: _title, next_step_due: _due, ...input } = parsed.data;
  return input;
}

/** Writes the touchpoint of a stored mail on `accountId` and marks the mail placed there. */
async function logMail(trx: Trx, actor: Actor & { locale: string }, ip: string | null, mail: StoredMail, accountId: string, stakeholderIds: string[]) {
  const input = touchpointInput(mail, actor.locale, stakeholderIds, actor.id);
  const touchpoint = await createTouchpoint(trx, { actor, ip }, accountId, input);
  await trx
    .updateTable("captured_mails")
    // The touchpoint holds the text now: the mail keeps only where it went.
    .set({ status: "placed", account_id: accountId, touchpoint_id: touchpoint.id, text_body: "", decided_at: sql`now()`, version: sql`version + 1` })
    .where("id", "=", mail.id)
    .execute();
  return touchpoint.id;
}

/**
 * Takes a mail that arrived at `owner`'s capture address. The caller (the
 * listener) has checked that the envelope sender is the owner's; the From
 * header is checked here. Matched to one account: an e-mail touchpoint with the
 * named stakeholders and the owner as participants. Otherwise it waits.
 */
export async function receiveCapturedMail(
  trx: Trx,
  { owner, ip = null, now = new Date(), domain = inboundDomain() }: { owner: CaptureOwner; ip?: string | null; now?: Date; domain?: string },
  mail: CapturedMailInput,
): Promise<CaptureOutcome> {
  if (!isOwnAddress(owner, mail.envelopeFrom) || !isOwnAddress(owner, mail.headerFrom)) throw new ForbiddenError("Not the owner's own address.");
  const actor = { id: owner.id, role: owner.role, locale: owner.locale };
  const ownCapture = (await captureAddressOf(trx, owner.id, domain)) ?? "";
  const addresses = mailAddresses(mail, [owner.email, ownCapture]);
  const hits = await stakeholderHits(trx, actor, addresses);
  const match: MailMatch = matchMail(hits);
  const stored = await trx
    .insertInto("captured_mails")
    .values({
      user_id: owner.id,
      message_id: mail.messageId,
      sent_at: mailTime(mail.sentAt, now),
      from_address: mail.headerFrom,
      subject: fitText(mail.subject, 1000),
      text_body: fitText(mail.text, 100_000),
      addresses,
      attachment_names: mail.attachmentNames.map((n) => fitText(n, 200)).filter(Boolean).slice(0, 100),
      candidate_account_ids: match.kind === "several" ? match.accountIds : [],
      status: "waiting",
    })
    .onConflict((oc) => oc.columns(["user_id", "message_id"]).doNothing())
    .returning(["id", "subject", "text_body", "attachment_names", "sent_at"])
    .executeTakeFirst();
  if (!stored) {
    const existing = await trx
      .selectFrom("captured_mails")
      .select("id")
      .where("user_id", "=", owner.id)
      .where("message_id", "=", mail.messageId)
      .executeTakeFirst();
    return { outcome: "duplicate", mailId: existing?.id ?? null };
  }
  if (match.kind === "one") {
    const touchpointId = await logMail(trx, actor, ip, stored, match.accountId, match.stakeholderIds);
    return { outcome: "logged", mailId: stored.id, accountId: match.accountId, touchpointId };
  }
  await writeAudit(trx, {
    actorId: owner.id,
    entity: "captured_mail",
    entityId: stored.id,
    action: "receive",
    after: { subject: stored.subject, match: match.kind, candidates: match.kind === "several" ? match.accountIds : [] },
    ip,
  });
  return { outcome: "waiting", mailId: stored.id, reason: match.kind };
}

/** Locks a waiting mail of the viewer's, checking the version they saw. */
async function lockWaiting(trx: Trx, viewer: Actor, mailId: string, version: number) {
  const row = await trx
    .selectFrom("captured_mails")
    .select(["id", "user_id", "status", "subject", "text_body", "attachment_names", "sent_at", "addresses", "version"])
    .where("id", "=", mailId)
    .where("user_id", "=", viewer.id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!row || row.status !== "waiting") throw new NotFoundError("captured mail");
  if (row.version !== version) throw new ConflictError({ version: row.version }, null);
  return row;
}

/**
 * Places a waiting mail on an account the viewer may log on: an e-mail
 * touchpoint with the account's stakeholders the mail names (none is fine).
 */
export async function placeCapturedMail(
  trx: Trx,
  { viewer, ip = null }: { viewer: Actor & { locale: string }; ip?: string | null },
  input: { mailId: string; accountId: string; version: number },
) {
  const mail = await lockWaiting(trx, viewer, input.mailId, input.version);
  const hits = await stakeholderHits(trx, viewer, mail.addresses, input.accountId);
  const touchpointId = await logMail(trx, viewer, ip, mail, input.accountId, [...new Set(hits.map((h) => h.stakeholderId))].sort());
  await writeAudit(trx, {
    actorId: viewer.id,
    accountId: input.accountId,
    entity: "captured_mail",
    entityId: mail.id,
    action: "place",
    before: { status: "waiting" },
    after: { status: "placed", touchpoint_id: touchpointId },
    ip,
  });
  return { touchpointId };
}

/** Discards a waiting mail: it leaves the inbox; nothing is logged. */
export async function discardCapturedMail(
  trx: Trx,
  { viewer, ip = null }: { viewer: Actor; ip?: string | null },
  input: { mailId: string; version: number },
) {
  const mail = await lockWaiting(trx, viewer, input.mailId, input.version);
  await trx
    .updateTable("captured_mails")
    .set({ status: "discarded", decided_at: sql`now()`, version: sql`version + 1`, text_body: "" })
    .where("id", "=", mail.id)
    .execute();
  await writeAudit(trx, {
    actorId: viewer.id,
    entity: "captured_mail",
    entityId: mail.id,
    action: "discard",
    before: { status: "waiting" },
    after: { status: "discarded" },
    ip,
  });
}
