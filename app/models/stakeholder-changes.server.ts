import { sql, type Selectable } from "kysely";
import type { StakeholdersTable } from "#db/schema.ts";
import { addDays } from "#app/domain/dates.ts";
import { wouldCreateCycle } from "#app/domain/org-chart.ts";
import { canEditAccount, type Actor } from "#app/domain/permissions.ts";
import { calendarDate, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { keyPersonRole } from "#app/domain/kam-alerts.ts";
import { formatters, type Translate } from "#app/i18n/index.ts";
import { handoverRefusal, HANDED_OVER_STATUSES } from "#app/domain/handover.ts";
import { planTimeRefusal } from "#app/domain/planned-touchpoints.ts";
import type {
  HandoverInput,
  LeaveInput,
  RejoinInput,
  RoleInput,
  StakeholderEditInput,
  StakeholderInput,
} from "#app/schemas/stakeholder.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { renderSystemTitle, type SystemTitle } from "#app/i18n/system-titles.ts";
import { revokeUserSessions } from "./sessions.server.ts";
import { lastEditor } from "./audit.server.ts";
import { refreshAccountScores } from "./scores.server.ts";
import { alertOnKeyPeopleLeaving } from "./mail-alerts.server.ts";
import { createPlan } from "./planned-touchpoints.server.ts";

// Buying-committee writes. The caller opens the transaction. Each write first
// locks the account row (so two people re-linking the same committee cannot
// build a reporting loop between them), then the person (scoped by account_id
// and id), checks who is asking and that the editor saw the latest version,
// then changes it, audits it and refreshes the account's scores, all in that
// transaction. A decision maker or champion leaving is also a touchpoint on the
// timeline (kind committee_change, written by the system, internal only).

interface Context {
  actor: Actor;
  ip?: string | null;
  /** The language of the stored wording of system-written timeline entries (the actor's); readers see their own. */
  t?: Translate;
}

type Row = Selectable<StakeholdersTable>;


export async function createStakeholder(trx: Trx, { actor, ip }: Context, accountId: string, input: StakeholderInput) {
  await lockAccount(trx, actor, accountId);
  await checkManager(trx, accountId, null, input.reports_to_id ?? null, null);
  const created = await trx
    .insertInto("stakeholders")
    .values({ ...columns(input), account_id: accountId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: created.id,
    action: "create",
    after: created,
    ip,
  });
  await refreshAccountScores(trx, accountId);
  return created;
}

/** Changes who the person is and where they sit; leaving and rejoining have their own writes. */
export async function updateStakeholder(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  stakeholderId: string,
  input: StakeholderEditInput,
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  const next = columns(input);
  await checkManager(trx, accountId, stakeholderId, next.reports_to_id, before.reports_to_id);
  const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k]);
  // Saving an unchanged form is not a change: nothing to record.
  if (!changed) return before;
  const after = await save(trx, before, next);
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: "update",
    before,
    after,
    ip,
  });
  await refreshAccountScores(trx, accountId);
  return after;
}

/** The one-click role change; no role is `undefined`. */
export async function setStakeholderRole(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  stakeholderId: string,
  input: Pick<RoleInput, "committee_role" | "version">,
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  const role = input.committee_role ?? null;
  if (role === before.committee_role) return before;
  const after = await save(trx, before, { committee_role: role });
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: "set_role",
    before,
    after,
    ip,
  });
  await refreshAccountScores(trx, accountId);
  return after;
}

/**
 * Records that the person left the customer on a day (today or earlier). A
 * decision maker or champion leaving is a touchpoint on the timeline with them
 * as participant and the note as its summary. Their portal access, if any,
 * ends at once with every session: they no longer speak for the customer.
 */
export async function markStakeholderLeft(
  trx: Trx,
  { actor, ip, t }: Context,
  accountId: string,
  stakeholderId: string,
  input: LeaveInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  if (before.left_on !== null) throw new FieldError({ "": "leaveForm.alreadyLeft" });
  if (input.left_on > calendarDate(now)) throw new FieldError({ left_on: "leaveForm.inFuture" });
  const after = await save(trx, before, { left_on: input.left_on });

  let touchpointId: string | null = null;
  const role = keyPersonRole(before.committee_role);
  if (role) {
    const occurredAt = input.left_on === calendarDate(now) ? now : startOfDay(input.left_on);
    touchpointId = await insertCommitteeChange(trx, actor, ip, after, occurredAt, {
      title: { key: "committeeChange.left", params: { name: after.name, role } },
      summary: input.note,
      t,
    });
    await alertOnKeyPeopleLeaving(
      trx,
      [{ accountId, stakeholderId, name: after.name, role, leftOn: input.left_on, note: input.note, before: { leftOn: null } }],
      { channel: "form", actorId: actor.id },
      now,
    );
  }
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: "leave",
    before,
    after: { ...after, note: input.note, touchpoint_id: touchpointId },
    ip,
  });
  await endPortalAccess(trx, actor, accountId, stakeholderId, ip);
  await refreshAccountScores(trx, accountId);
  return { stakeholder: after, touchpointId };
}

/**
 * The person is with the customer again. When they were marked as left by
 * mistake, the timeline entry that marking wrote goes too (the audit keeps it);
 * a decision maker or champion who really came back gets an entry of their own.
 * Portal access is not restored: invite them again.
 */
export async function rejoinStakeholder(
  trx: Trx,
  { actor, ip, t }: Context,
  accountId: string,
  stakeholderId: string,
  input: RejoinInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  if (before.left_on === null) throw new FieldError({ "": "rejoinForm.notLeft" });
  const after = await save(trx, before, { left_on: null });

  let removedTouchpointId: string | null = null;
  let touchpointId: string | null = null;
  const role = keyPersonRole(before.committee_role);
  if (input.mistake) {
    removedTouchpointId = await removeLeavingEntry(trx, actor, before, ip);
  } else if (role) {
    touchpointId = await insertCommitteeChange(trx, actor, ip, after, now, {
      title: { key: "committeeChange.back", params: { name: after.name, role } },
      summary: "",
      t,
    });
  }
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: input.mistake ? "undo_leave" : "rejoin",
    before,
    after: { ...after, touchpoint_id: touchpointId, removed_touchpoint_id: removedTouchpointId },
    ip,
  });
  await refreshAccountScores(trx, accountId);
  return { stakeholder: after, touchpointId, removedTouchpointId };
}

/**
 * Names the successor of someone who left, in one transaction: the open
 * expectations they held move to the successor (each an "edited" change in its
 * history and audited, so the customer sees the new holder in the portal), the
 * one who left points to the successor, the successor may take over their role,
 * and the first meeting with the successor can be planned as a moment of truth
 * (app/domain/handover.ts).
 */
export async function handOverToSuccessor(
  trx: Trx,
  { actor, ip, t }: Context,
  accountId: string,
  stakeholderId: string,
  input: HandoverInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  const successor = await trx
    .selectFrom("stakeholders")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("id", "=", input.successor_id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const refusal = handoverRefusal(
    { id: before.id, leftOn: before.left_on, successorId: before.successor_id },
    successor && { id: successor.id, leftOn: successor.left_on },
  );
  if (refusal) throw new FieldError({ [refusal.field]: refusal.key });
  if (input.first_meeting_at) {
    const timeRefusal = planTimeRefusal(input.first_meeting_at, now);
    if (timeRefusal) throw new FieldError({ first_meeting_at: `plan.refusal.${timeRefusal}` });
  }
  const heir = successor!;
  const after = await save(trx, before, { successor_id: heir.id, handed_over_at: now });

  const moving = await trx
    .selectFrom("expectations")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("holder_stakeholder_id", "=", before.id)
    .where("status", "in", HANDED_OVER_STATUSES)
    .orderBy("due_date")
    .orderBy("id")
    .forNoKeyUpdate()
    .execute();
  for (const e of moving) {
    const moved = await trx
      .updateTable("expectations")
      .set({ holder_stakeholder_id: heir.id, version: e.version + 1, updated_at: sql`now()` })
      .where("account_id", "=", accountId)
      .where("id", "=", e.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("expectation_changes")
      .values({
        account_id: accountId,
        expectation_id: e.id,
        kind: "edited",
        actor_id: actor.id,
        details: {
          changes: { holder_stakeholder_id: { from: before.id, to: heir.id } },
          handover_from: before.id,
        } as never,
      })
      .execute();
    await writeAudit(trx, {
      actorId: actor.id,
      accountId,
      entity: "expectation",
      entityId: e.id,
      action: "handover",
      before: e,
      after: moved,
      ip,
    });
  }

  let successorAfter = heir;
  if (input.take_role && before.committee_role && heir.committee_role !== before.committee_role) {
    successorAfter = await save(trx, heir, { committee_role: before.committee_role });
    await writeAudit(trx, {
      actorId: actor.id,
      accountId,
      entity: "stakeholder",
      entityId: heir.id,
      action: "set_role",
      before: heir,
      after: successorAfter,
      ip,
    });
  }

  let planId: string | null = null;
  if (input.first_meeting_at) {
    const tr = t ?? formatters("en").t;
    const account = await trx.selectFrom("accounts").select("owner_id").where("id", "=", accountId).executeTakeFirstOrThrow();
    const plan = await createPlan(
      trx,
      { actor, ip: ip ?? null, now },
      accountId,
      {
        kind: "meeting",
        planned_for: input.first_meeting_at,
        title: tr("handover.firstMeetingTitle", { name: heir.name }).slice(0, 300),
        notes: tr("handover.firstMeetingNotes", { name: before.name }).slice(0, 4000),
        stakeholder_ids: [heir.id],
        owner_id: account.owner_id,
      },
      { momentOfTruth: true },
    );
    planId = plan.id;
  }

  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: "handover",
    before,
    after: { ...after, moved_expectation_ids: moving.map((e) => e.id), took_role: successorAfter !== heir, plan_id: planId },
    ip,
  });
  await refreshAccountScores(trx, accountId);
  return { stakeholder: after, successor: successorAfter, moved: moving.map((e) => e.id), planId };
}

/** Locks the account row and checks the actor may change its committee. */
async function lockAccount(trx: Trx, actor: Actor, accountId: string) {
  const account = await lockAccountRow(trx, accountId);
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  return account;
}

async function lockAccountRow(trx: Trx, accountId: string) {
  const account = await trx
    .selectFrom("accounts")
    .select(["id", "owner_id"])
    .where("id", "=", accountId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!account) throw new NotFoundError("account");
  return account;
}

/**
 * Locks the account and the person (a person not of this account is not
 * found), checks the actor may change them and that they saw the latest version.
 */
async function lockForChange(trx: Trx, actor: Actor, accountId: string, stakeholderId: string, version: number) {
  const account = await lockAccountRow(trx, accountId);
  const before = await trx
    .selectFrom("stakeholders")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("id", "=", stakeholderId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("stakeholder");
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  if (before.version !== version) {
    throw new ConflictError(await conflictValues(trx, before), await lastEditor(trx, "stakeholder", stakeholderId));
  }
  return before;
}

/** The record as the forms show it, with the manager's name, for the conflict message. */
async function conflictValues(trx: Trx, row: Row): Promise<Record<string, unknown>> {
  const manager = row.reports_to_id
    ? await trx
        .selectFrom("stakeholders")
        .select("name")
        .where("account_id", "=", row.account_id)
        .where("id", "=", row.reports_to_id)
        .executeTakeFirst()
    : undefined;
  return {
    ...row,
    email: row.email ?? "",
    phone: row.phone ?? "",
    committee_role: row.committee_role ?? "",
    reports_to_id: row.reports_to_id ?? "",
    reports_to_name: manager?.name ?? "",
  };
}

/**
 * The manager must be a present person of this very account and must not sit
 * below this person (that would close a loop). A manager the record already
 * has may stay (they may have left since). The composite foreign key refuses
 * another account's people too; this answers at the field instead.
 */
async function checkManager(
  trx: Trx,
  accountId: string,
  stakeholderId: string | null,
  managerId: string | null,
  current: string | null,
) {
  if (!managerId || managerId === current) return;
  if (managerId === stakeholderId) throw new FieldError({ reports_to_id: "stakeholderForm.reportsToSelf" });
  const manager = await trx
    .selectFrom("stakeholders")
    .select(["id", "left_on"])
    .where("account_id", "=", accountId)
    .where("id", "=", managerId)
    .executeTakeFirst();
  if (!manager) throw new FieldError({ reports_to_id: "stakeholderForm.reportsToNotOnAccount" });
  if (manager.left_on) throw new FieldError({ reports_to_id: "stakeholderForm.reportsToLeft" });
  if (stakeholderId) {
    const links = await trx
      .selectFrom("stakeholders")
      .select(["id", "reports_to_id"])
      .where("account_id", "=", accountId)
      .execute();
    if (wouldCreateCycle(links, stakeholderId, managerId)) {
      throw new FieldError({ reports_to_id: "stakeholderForm.reportsToLoop" });
    }
  }
}

function columns(input: StakeholderInput | StakeholderEditInput) {
  return {
    name: input.name,
    title: input.title,
    email: input.email ?? null,
    phone: input.phone || null,
    committee_role: input.committee_role ?? null,
    influence: input.influence,
    stance: input.stance,
    reports_to_id: input.reports_to_id ?? null,
  };
}

async function save(trx: Trx, before: Row, set: Partial<Omit<Row, "id" | "account_id" | "created_at">>) {
  return trx
    .updateTable("stakeholders")
    .set({ ...set, version: before.version + 1, updated_at: sql`now()` })
    .where("account_id", "=", before.account_id)
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}


/** The first moment of a calendar day in the vendor's time zone. */
function startOfDay(date: string): Date {
  return wallTimeToInstant(`${date}T00:00`, TIME_ZONE);
}

async function insertCommitteeChange(
  trx: Trx,
  actor: Actor,
  ip: string | null | undefined,
  person: Row,
  occurredAt: Date,
  text: { title: SystemTitle; summary: string; t?: Translate | undefined },
): Promise<string> {
  // Stored by key (each reader sees their language); `title` keeps the writer's wording for exports.
  const touchpoint = await trx
    .insertInto("touchpoints")
    .values({
      account_id: person.account_id,
      kind: "committee_change",
      occurred_at: occurredAt,
      author_id: actor.id,
      source: "system",
      title: renderSystemTitle({ t: text.t ?? formatters("en").t }, text.title).slice(0, 300),
      title_key: text.title.key,
      title_params: text.title.params,
      summary: text.summary,
      shared_with_customer: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("touchpoint_stakeholders")
    .values({
      account_id: person.account_id,
      touchpoint_id: touchpoint.id,
      stakeholder_id: person.id,
      occurred_at: occurredAt,
    })
    .execute();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: person.account_id,
    entity: "touchpoint",
    entityId: touchpoint.id,
    action: "create",
    after: { ...touchpoint, stakeholder_ids: [person.id] },
    ip,
  });
  return touchpoint.id;
}

/** The timeline entry the leaving wrote: the system's committee change with this person, on the day they left. */
async function removeLeavingEntry(
  trx: Trx,
  actor: Actor,
  person: Row,
  ip: string | null | undefined,
): Promise<string | null> {
  const from = startOfDay(person.left_on!);
  const to = startOfDay(addDays(person.left_on!, 1));
  const entry = await trx
    .selectFrom("touchpoints as t")
    .innerJoin("touchpoint_stakeholders as ts", (j) =>
      j.onRef("ts.account_id", "=", "t.account_id").onRef("ts.touchpoint_id", "=", "t.id"),
    )
    .selectAll("t")
    .where("t.account_id", "=", person.account_id)
    .where("ts.stakeholder_id", "=", person.id)
    .where("t.kind", "=", "committee_change")
    .where("t.source", "=", "system")
    .where("t.occurred_at", ">=", from)
    .where("t.occurred_at", "<", to)
    .orderBy("t.recorded_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!entry) return null;
  await trx.deleteFrom("touchpoints").where("account_id", "=", person.account_id).where("id", "=", entry.id).execute();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: person.account_id,
    entity: "touchpoint",
    entityId: entry.id,
    action: "delete",
    before: entry,
    ip,
  });
  return entry.id;
}

/** Ends the person's live portal access and their sessions, audited like a manual revocation. */
async function endPortalAccess(
  trx: Trx,
  actor: Actor,
  accountId: string,
  stakeholderId: string,
  ip: string | null | undefined,
) {
  const revoked = await trx
    .updateTable("portal_access")
    .set({ revoked_at: sql`now()` })
    .where("account_id", "=", accountId)
    .where("stakeholder_id", "=", stakeholderId)
    .where("revoked_at", "is", null)
    .returning(["user_id"])
    .execute();
  await trx
    .updateTable("portal_invitations")
    .set({ revoked_at: sql`now()` })
    .where("account_id", "=", accountId)
    .where("stakeholder_id", "=", stakeholderId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  for (const { user_id } of revoked) {
    await revokeUserSessions(trx, user_id);
    await writeAudit(trx, {
      actorId: actor.id,
      accountId,
      entity: "portal_access",
      entityId: user_id,
      action: "revoke",
      before: { revoked_at: null },
      after: { revoked_at: new Date().toISOString(), stakeholder_id: stakeholderId, reason: "stakeholder_left" },
      ip,
    });
  }
}
