import type { UpdateObject } from "kysely";
import type { DB } from "#db/schema.ts";
import { advocacyBreaches, advocacyColumns, isAdvocacyKind } from "#app/domain/advocacy-rules.ts";
import {
  canDeleteTouchpoint,
  canEditTouchpoint,
  canLogTouchpoint,
  canViewAccount,
  isSystemWritten,
  type Actor,
} from "#app/domain/permissions.ts";
import { caseFactsBreaches, caseResolutionBreaches, openRecordedAtAfter, type StoredCase } from "#app/domain/support-case-rules.ts";
import { figuresKeep, kindChangeBreaches } from "#app/domain/touchpoint-fact-rules.ts";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { type MessageKey } from "#app/i18n/index.ts";
import type { SupportCaseUpdateInput, TouchpointEditInput, TouchpointInput } from "#app/schemas/touchpoint.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, ForbiddenError, NotFoundError, throwBreaches } from "#app/utils/errors.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { changeRecorder, refuseStaleVersion, type ChangeContext } from "./change-history.server.ts";
import { emitWebhookEvent, touchpointData } from "./webhook-events.server.ts";
import { getTouchpointForEdit, slaHoursBetween, storedFactsOf, touchpointFormValues, type TouchpointForEdit } from "./touchpoints.server.ts";
import { activeStaffUsers } from "./people.server.ts";
import { lockVersioned, nextVersion } from "./versioned-rows.server.ts";

// Touchpoint writes. The caller opens the transaction; every query is scoped by
// account_id and id; each write checks who is asking, refuses a stale version,
// audits in the same transaction (before/after include facts and participants),
// and refreshes the account's scores there too (sentiment, contact, invoices, cases).

const recordTouchpointChange = changeRecorder("touchpoint");

export async function createTouchpoint(trx: Trx, { actor, ip }: ChangeContext, accountId: string, input: TouchpointInput) {
  if (!canViewAccount(actor)) throw new ForbiddenError();
  const account = await accountForRights(trx, accountId);
  if (!canLogTouchpoint(actor, account)) throw new ForbiddenError();
  const participants = await checkParticipants(trx, accountId, input, []);
  const advocacy = await checkAdvocacy(trx, accountId, input);
  const touchpoint = await trx
    .insertInto("touchpoints")
    .values({
      ...columns(input),
      ...advocacy,
      account_id: accountId,
      author_id: actor.id,
      source: "internal",
      occurred_at: input.occurred_at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeFacts(trx, accountId, touchpoint.id, input, null);
  await syncParticipants(trx, accountId, touchpoint.id, participants, input.occurred_at, null);
  const after = await snapshot(trx, accountId, touchpoint.id);
  await emitWebhookEvent(trx, { type: "touchpoint.logged", accountId, data: touchpointData(accountId, touchpoint.id) });
  await recordTouchpointChange(trx, { actor, ip }, { accountId, entityId: touchpoint.id, action: "create", after });
  return after;
}

export async function updateTouchpoint(
  trx: Trx,
  { actor, ip }: ChangeContext,
  accountId: string,
  touchpointId: string,
  input: TouchpointEditInput,
) {
  const { before } = await lockForChange(trx, actor, accountId, touchpointId, input.version);
  if (!(LOGGABLE_TOUCHPOINT_KINDS as string[]).includes(before.kind)) {
    throw new ForbiddenError("Touchpoints recorded by the system cannot be edited.", "error.systemTouchpointEdit");
  }
  // An invoice or a support case keeps its kind (and so its facts): app/domain/touchpoint-fact-rules.ts.
  throwBreaches(kindChangeBreaches(before.kind, input.kind));
  const participants = await checkParticipants(trx, accountId, input, before.user_ids);
  const advocacy = await checkAdvocacy(trx, accountId, input);
  const occurredAt = keptInstant(before.occurred_at, input.occurred_at);
  await saveVersion(trx, accountId, before, { ...columns(input), ...advocacy, occurred_at: occurredAt });
  await writeFacts(trx, accountId, touchpointId, input, before);
  await syncParticipants(trx, accountId, touchpointId, participants, occurredAt, before);
  return recordEdit(trx, { actor, ip }, accountId, "update", before);
}

/**
 * Deletes a touchpoint; its participants and facts go with it (ON DELETE
 * CASCADE), while survey answers about it stay (their link is cleared). What
 * the system wrote (survey answers, the customer's portal responses, committee
 * changes) is the customer's record and is never deleted. A case or an invoice
 * that counts against the account's figures (figuresKeep) is a director's or
 * an admin's to delete, not its KAM's (canDeleteTouchpoint); refused before
 * the version is compared, as a matter of rights.
 */
export async function deleteTouchpoint(
  trx: Trx,
  { actor, ip }: ChangeContext,
  accountId: string,
  touchpointId: string,
  version: number,
) {
  const { before } = await lockForChange(trx, actor, accountId, touchpointId, version, (locked, account) => {
    const kept = figuresKeep(storedFactsOf(locked), new Date());
    if (kept && !canDeleteTouchpoint(actor, account, locked, true)) throw new ForbiddenError("Kept for the figures.", kept);
  });
  if (isSystemWritten(before)) {
    throw new ForbiddenError("Touchpoints written by the system cannot be deleted.", "error.systemTouchpointDelete");
  }
  await trx.deleteFrom("touchpoints").where("account_id", "=", accountId).where("id", "=", touchpointId).execute();
  await recordTouchpointChange(trx, { actor, ip }, { accountId, entityId: touchpointId, action: "delete", before });
  return before;
}

/**
 * Moves a support case along. Resolved and closed cases carry a resolved time:
 * the one given, else the one already recorded, else now; open and waiting
 * cases carry none (the table's CHECK insists on both). Never a time at which
 * the case was already on record as open (app/domain/support-case-rules.ts).
 */
export async function updateSupportCase(
  trx: Trx,
  { actor, ip }: ChangeContext,
  accountId: string,
  touchpointId: string,
  input: SupportCaseUpdateInput,
) {
  const { before } = await lockForChange(trx, actor, accountId, touchpointId, input.version);
  const old = before.support_case;
  if (!old) throw new NotFoundError("support case");
  const resolvedAt = resolvedTime(input.case_status, keptInstant(old.resolved_at, input.case_resolved_at), old);
  const stored = storedCase(before);
  refuseCaseBreaches(stored, input.case_status, resolvedAt);
  await trx
    .updateTable("touchpoint_support_cases")
    .set({ status: input.case_status, resolved_at: resolvedAt, open_recorded_at: openRecordedAtAfter(stored, input.case_status) })
    .where("account_id", "=", accountId)
    .where("touchpoint_id", "=", touchpointId)
    .execute();
  // The case is part of the touchpoint: a new version, so an open editor cannot overwrite it unseen.
  await saveVersion(trx, accountId, before);
  return recordEdit(trx, { actor, ip }, accountId, "update_case", before);
}

/** Writes a locked touchpoint's changed columns (none: only the case or facts changed) as its next version. */
async function saveVersion(
  trx: Trx,
  accountId: string,
  before: { id: string; version: number },
  changes: UpdateObject<DB, "touchpoints"> = {},
) {
  await nextVersion(trx, "touchpoints", { account_id: accountId, ...before }, changes).execute();
}

/** Reads the touchpoint as it now is and records the change from `before`; returns it. */
async function recordEdit(trx: Trx, context: ChangeContext, accountId: string, action: string, before: TouchpointForEdit) {
  const after = await snapshot(trx, accountId, before.id);
  await recordTouchpointChange(trx, context, { accountId, entityId: before.id, action, before, after });
  return after;
}

/**
 * Locks the touchpoint, checks the actor may change it (and `mayDo`, a further
 * right on what is stored) and that they saw the latest version.
 */
async function lockForChange(
  trx: Trx,
  actor: Actor,
  accountId: string,
  touchpointId: string,
  version: number,
  mayDo?: (before: TouchpointForEdit, account: { owner_id: string }) => void,
) {
  const locked = await lockVersioned(trx, "touchpoints", accountId, touchpointId);
  if (!locked) throw new NotFoundError("touchpoint");
  const account = await accountForRights(trx, accountId);
  if (!canEditTouchpoint(actor, account, locked)) throw new ForbiddenError();
  const before = await snapshot(trx, accountId, touchpointId);
  mayDo?.(before, account);
  await refuseStaleVersion(trx, { entity: "touchpoint", id: touchpointId, version: locked.version }, version, () => ({
    ...touchpointFormValues(before),
    participant_names: before.participant_names.join(", "),
    version: before.version,
  }));
  return { before };
}

async function snapshot(trx: Trx, accountId: string, touchpointId: string) {
  const tp = await getTouchpointForEdit(trx, accountId, touchpointId);
  if (!tp) throw new NotFoundError("touchpoint");
  return tp;
}

function columns(input: TouchpointInput) {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    internal_notes: input.internal_notes,
    shared_with_customer: input.shared_with_customer,
    sentiment: input.sentiment ?? null,
    treatment: input.treatment ?? null,
    resolved: input.resolved ?? null,
    emotion_tags: [...new Set(input.emotion_tags)],
    moment_of_truth: input.moment_of_truth,
    positive_surprise: input.positive_surprise,
  };
}

/**
 * A reference, a referral or word of mouth: its polarity and source by the
 * rule of app/domain/advocacy.ts, and the person it names must be of this
 * account (the source is their name when the text is left empty). Other kinds
 * store none of it, whatever the form sent.
 */
async function checkAdvocacy(trx: Trx, accountId: string, input: TouchpointInput) {
  if (!isAdvocacyKind(input.kind) || !("advocacy_source" in input)) return advocacyColumns(input.kind, {}, null);
  const facts = { polarity: input.advocacy_polarity, source: input.advocacy_source, stakeholder: input.advocacy_stakeholder_id };
  const errors: Record<string, MessageKey> = {};
  for (const b of advocacyBreaches(input.kind, facts)) errors[b.field] = b.key;
  let person: { id: string; name: string } | null = null;
  if (input.advocacy_stakeholder_id) {
    person =
      (await trx
        .selectFrom("stakeholders")
        .select(["id", "name"])
        .where("account_id", "=", accountId)
        .where("id", "=", input.advocacy_stakeholder_id)
        .executeTakeFirst()) ?? null;
    if (!person) errors.advocacy_stakeholder_id = "touchpointForm.stakeholderNotOnAccount";
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  return advocacyColumns(input.kind, facts, person);
}

/**
 * Participants must be people of this very account, and staff who are active
 * (those already on the touchpoint may stay even if disabled since). The
 * composite foreign key would refuse another account's stakeholder too; this
 * turns it into a message at the field instead of an error page.
 */
async function checkParticipants(trx: Trx, accountId: string, input: TouchpointInput, keepUserIds: string[]) {
  const stakeholderIds = [...new Set(input.stakeholder_ids)];
  const userIds = [...new Set(input.user_ids)];
  const errors: Record<string, MessageKey> = {};
  if (stakeholderIds.length) {
    const found = await trx
      .selectFrom("stakeholders")
      .select("id")
      .where("account_id", "=", accountId)
      .where("id", "in", stakeholderIds)
      .execute();
    if (found.length !== stakeholderIds.length) errors.stakeholder_ids = "touchpointForm.stakeholderNotOnAccount";
  }
  const newUserIds = userIds.filter((id) => !keepUserIds.includes(id));
  if (newUserIds.length) {
    const found = await activeStaffUsers(trx).select("id").where("id", "in", newUserIds).execute();
    if (found.length !== newUserIds.length) errors.user_ids = "touchpointForm.userNotStaff";
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  return { stakeholderIds, userIds };
}

/**
 * Keeps participant rows in step with the form. touchpoint_stakeholders carries
 * occurred_at (denormalized for the "last contact" index): it follows the touchpoint.
 */
async function syncParticipants(
  trx: Trx,
  accountId: string,
  touchpointId: string,
  next: { stakeholderIds: string[]; userIds: string[] },
  occurredAt: Date,
  before: TouchpointForEdit | null,
) {
  const prevStakeholders = before?.stakeholder_ids ?? [];
  const prevUsers = before?.user_ids ?? [];
  const goneStakeholders = prevStakeholders.filter((id) => !next.stakeholderIds.includes(id));
  const newStakeholders = next.stakeholderIds.filter((id) => !prevStakeholders.includes(id));
  const goneUsers = prevUsers.filter((id) => !next.userIds.includes(id));
  const newUsers = next.userIds.filter((id) => !prevUsers.includes(id));

  if (goneStakeholders.length) {
    await trx
      .deleteFrom("touchpoint_stakeholders")
      .where("account_id", "=", accountId)
      .where("touchpoint_id", "=", touchpointId)
      .where("stakeholder_id", "in", goneStakeholders)
      .execute();
  }
  if (before && before.occurred_at.getTime() !== occurredAt.getTime() && prevStakeholders.length > goneStakeholders.length) {
    await trx
      .updateTable("touchpoint_stakeholders")
      .set({ occurred_at: occurredAt })
      .where("account_id", "=", accountId)
      .where("touchpoint_id", "=", touchpointId)
      .execute();
  }
  if (newStakeholders.length) {
    await trx
      .insertInto("touchpoint_stakeholders")
      .values(
        newStakeholders.map((id) => ({
          account_id: accountId,
          touchpoint_id: touchpointId,
          stakeholder_id: id,
          occurred_at: occurredAt,
        })),
      )
      .execute();
  }
  if (goneUsers.length) {
    await trx
      .deleteFrom("touchpoint_users")
      .where("account_id", "=", accountId)
      .where("touchpoint_id", "=", touchpointId)
      .where("user_id", "in", goneUsers)
      .execute();
  }
  if (newUsers.length) {
    await trx
      .insertInto("touchpoint_users")
      .values(newUsers.map((id) => ({ account_id: accountId, touchpoint_id: touchpointId, user_id: id })))
      .execute();
  }
}

/** Writes the facts of the touchpoint's kind and removes those of any kind it no longer is. */
async function writeFacts(
  trx: Trx,
  accountId: string,
  touchpointId: string,
  input: TouchpointInput,
  before: TouchpointForEdit | null,
) {
  const key = { account_id: accountId, touchpoint_id: touchpointId };
  if (input.kind === "invoice") {
    const facts = {
      number: input.invoice_number,
      amount: input.invoice_amount,
      currency: input.invoice_currency,
      due_date: input.invoice_due_date,
      paid_on: input.invoice_paid_on ?? null,
      disputed: input.invoice_disputed,
      dispute_reason: input.invoice_dispute_reason,
    };
    await trx
      .insertInto("touchpoint_invoices")
      .values({ ...key, ...facts })
      .onConflict((oc) => oc.columns(["account_id", "touchpoint_id"]).doUpdateSet(facts))
      .execute();
  } else if (before?.invoice) {
    await trx.deleteFrom("touchpoint_invoices").where("account_id", "=", accountId).where("touchpoint_id", "=", touchpointId).execute();
  }

  if (input.kind === "support_case") {
    const old = before?.support_case ?? null;
    const openedAt = keptInstant(old?.opened_at, input.case_opened_at);
    // Unchanged opening and hours keep the stored target to the second.
    const slaDueAt =
      old && openedAt === old.opened_at && slaHoursBetween(old.opened_at, old.sla_due_at) === String(input.case_sla_hours)
        ? old.sla_due_at
        : new Date(openedAt.getTime() + Math.round(input.case_sla_hours * 60) * 60_000);
    const resolvedAt = resolvedTime(input.case_status, keptInstant(old?.resolved_at, input.case_resolved_at), old, openedAt);
    const stored = storedCase(before);
    refuseCaseBreaches(stored, input.case_status, resolvedAt);
    // Judged against its SLA: opened and SLA times not later, severity not lower (support-case-rules.ts).
    const judged = old && { ...old, openedAt: old.opened_at, slaDueAt: old.sla_due_at };
    throwBreaches(caseFactsBreaches(judged, { severity: input.case_severity, openedAt, slaDueAt }, new Date()));
    const facts = {
      severity: input.case_severity,
      status: input.case_status,
      opened_at: openedAt,
      sla_due_at: slaDueAt,
      resolved_at: resolvedAt,
      open_recorded_at: openRecordedAtAfter(stored, input.case_status),
    };
    await trx
      .insertInto("touchpoint_support_cases")
      .values({ ...key, ...facts })
      .onConflict((oc) => oc.columns(["account_id", "touchpoint_id"]).doUpdateSet(facts))
      .execute();
  } else if (before?.support_case) {
    await trx
      .deleteFrom("touchpoint_support_cases")
      .where("account_id", "=", accountId)
      .where("touchpoint_id", "=", touchpointId)
      .execute();
  }
}

/**
 * The resolved time a case should carry for its status: none while open or
 * waiting; otherwise the time given, else the one already recorded, else now
 * (never before the case was opened).
 */
function resolvedTime(
  status: string,
  given: Date | undefined,
  old: { opened_at: Date; resolved_at: Date | null } | null,
  openedAt: Date = old!.opened_at,
): Date | null {
  if (status !== "resolved" && status !== "closed") return null;
  const resolvedAt = given ?? old?.resolved_at ?? new Date(Math.max(Date.now(), openedAt.getTime()));
  if (resolvedAt < openedAt) throw new FieldError({ case_resolved_at: "touchpointForm.resolvedBeforeOpened" });
  return resolvedAt;
}

/** The stored support case as its resolution rule reads it: its record and the touchpoint's last save. */
function storedCase(before: TouchpointForEdit | null): StoredCase | null {
  const c = before?.support_case;
  if (!before || !c) return null;
  return { status: c.status, resolvedAt: c.resolved_at, openRecordedAt: c.open_recorded_at, savedAt: new Date(before.updated_at) };
}

/** Refuses, at the resolved time, a resolution at a time the case was on record as open (the form keeps what was typed). */
function refuseCaseBreaches(stored: StoredCase | null, status: string, resolvedAt: Date | null) {
  const [breach] = caseResolutionBreaches(stored, { status, resolvedAt });
  if (breach) throw new FieldError({ [breach.field]: { key: breach.key, params: breach.params } });
}

/**
 * The instant to store for a time given in a form, which shows times to the
 * minute: the stored one when the given time is in the same wall-clock minute
 * (so its seconds and a DST twin are kept), else the given one.
 */
function keptInstant<T extends Date | undefined>(stored: Date | null | undefined, given: T): Date | T {
  return stored && given && sameWallMinute(stored, given) ? stored : given;
}

function sameWallMinute(a: Date, b: Date): boolean {
  return instantToWallTime(a, TIME_ZONE) === instantToWallTime(b, TIME_ZONE);
}
