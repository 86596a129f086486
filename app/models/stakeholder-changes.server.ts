import { influenceBreaches, leavingEntry, roleBreaches } from "#app/domain/committee-rules.ts";
import { wouldCreateCycle } from "#app/domain/org-chart.ts";
import { calendarDate } from "#app/domain/time.ts";
import { keyPersonRole } from "#app/domain/kam-alerts.ts";
import type {
  LeaveInput,
  RejoinInput,
  RoleInput,
  StakeholderEditInput,
  StakeholderInput,
} from "#app/schemas/stakeholder.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, throwBreaches } from "#app/utils/errors.server.ts";
import { countedNpsAnswers } from "./committee-answers.server.ts";
import { refreshAccountScores } from "./scores.server.ts";
import { alertOnKeyPeopleLeaving } from "./mail-alerts.server.ts";
import {
  endPortalAccess,
  insertCommitteeChange,
  removeLeavingEntry,
  writeLeavingEntry,
} from "./stakeholder-leaving.server.ts";
import {
  lockAccount,
  lockForChange,
  recordStakeholderChange,
  saveStakeholder,
  type StakeholderContext,
  type StakeholderRow,
} from "./stakeholder-rows.server.ts";

// Buying-committee writes. The caller opens the transaction. Each write first
// locks the account row, then the person (stakeholder-rows.server.ts), checks
// who is asking and that the editor saw the latest version, then changes it,
// audits it and refreshes the account's scores, all in that transaction. A
// decision maker or champion leaving, or a detractor (app/domain/committee-rules.ts),
// is also a touchpoint on the timeline (stakeholder-leaving.server.ts); naming
// a successor is stakeholder-handover.server.ts.

export async function createStakeholder(
  trx: Trx,
  { actor, ip }: StakeholderContext,
  accountId: string,
  input: StakeholderInput,
) {
  await lockAccount(trx, actor, accountId);
  await checkManager(trx, accountId, null, input.reports_to_id ?? null, null);
  const created = await trx
    .insertInto("stakeholders")
    .values({ ...columns(input), account_id: accountId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordStakeholderChange(
    trx,
    { actor, ip },
    { accountId, entityId: created.id, action: "create", after: created },
  );
  return created;
}

/**
 * Changes who the person is and where they sit; leaving and rejoining have
 * their own writes. Never a lower influence while their latest NPS answer that
 * counts is a detractor's, nor the role of someone who has left
 * (app/domain/committee-rules.ts).
 */
export async function updateStakeholder(
  trx: Trx,
  { actor, ip }: StakeholderContext,
  accountId: string,
  stakeholderId: string,
  input: StakeholderEditInput,
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  const counted = input.influence < before.influence ? (await countedNpsAnswers(trx, [before])).get(before.id) : null;
  throwBreaches([
    ...roleBreaches(stored(before), { committeeRole: input.committee_role ?? null }),
    ...influenceBreaches(before, counted, input.influence),
  ]);
  const next = columns(input);
  await checkManager(trx, accountId, stakeholderId, next.reports_to_id, before.reports_to_id);
  return saveIfChanged(trx, { actor, ip }, before, next, "update");
}

/** The one-click role change; no role is `undefined`. Not of someone who has left (app/domain/committee-rules.ts). */
export async function setStakeholderRole(
  trx: Trx,
  { actor, ip }: StakeholderContext,
  accountId: string,
  stakeholderId: string,
  input: Pick<RoleInput, "committee_role" | "version">,
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  throwBreaches(roleBreaches(stored(before), { committeeRole: input.committee_role ?? null }));
  return saveIfChanged(trx, { actor, ip }, before, { committee_role: input.committee_role ?? null }, "set_role");
}

/**
 * Saves the person's columns in `next` as a new version and records the change
 * (`action`); a form that changes none of them is not a change: nothing is
 * written and the person is returned as they were.
 */
async function saveIfChanged(
  trx: Trx,
  context: StakeholderContext,
  before: StakeholderRow,
  next: Partial<Omit<StakeholderRow, "id" | "account_id" | "created_at">>,
  action: string,
) {
  const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k]);
  if (!changed) return before;
  const after = await saveStakeholder(trx, before, next);
  await recordStakeholderChange(trx, context, { accountId: before.account_id, entityId: before.id, action, before, after });
  return after;
}

/**
 * Records that the person left the customer on a day (today or earlier). A
 * decision maker or champion leaving, or anyone whose latest NPS answer that
 * counts is a detractor's, is a touchpoint on the timeline with them as
 * participant and the note as its summary (app/domain/committee-rules.ts:
 * their answers keep counting). Their portal access, if any, ends at once
 * with every session: they no longer speak for the customer.
 */
export async function markStakeholderLeft(
  trx: Trx,
  { actor, ip, t }: StakeholderContext,
  accountId: string,
  stakeholderId: string,
  input: LeaveInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  if (before.left_on !== null) throw new FieldError({ "": "leaveForm.alreadyLeft" });
  if (input.left_on > calendarDate(now)) throw new FieldError({ left_on: "leaveForm.inFuture" });
  const counted = (await countedNpsAnswers(trx, [before], now)).get(before.id);
  const after = await saveStakeholder(trx, before, { left_on: input.left_on });

  const entry = leavingEntry(before.committee_role, counted);
  const touchpointId = entry
    ? await writeLeavingEntry(trx, actor, ip, after, { leftOn: input.left_on, entry, note: input.note, t }, now)
    : null;
  const role = keyPersonRole(before.committee_role);
  if (role) {
    await alertOnKeyPeopleLeaving(
      trx,
      [
        {
          accountId,
          stakeholderId,
          name: after.name,
          role,
          leftOn: input.left_on,
          note: input.note,
          before: { leftOn: null },
        },
      ],
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
  { actor, ip, t }: StakeholderContext,
  accountId: string,
  stakeholderId: string,
  input: RejoinInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, actor, accountId, stakeholderId, input.version);
  if (before.left_on === null) throw new FieldError({ "": "rejoinForm.notLeft" });
  const after = await saveStakeholder(trx, before, { left_on: null });

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
  await recordStakeholderChange(
    trx,
    { actor, ip },
    {
      accountId,
      entityId: stakeholderId,
      action: input.mistake ? "undo_leave" : "rejoin",
      before,
      after: { ...after, touchpoint_id: touchpointId, removed_touchpoint_id: removedTouchpointId },
    },
  );
  return { stakeholder: after, touchpointId, removedTouchpointId };
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

/** The stored person as the committee's rules read them. */
const stored = (row: StakeholderRow) => ({ committeeRole: row.committee_role, leftOn: row.left_on });

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
