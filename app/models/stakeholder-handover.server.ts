import { handoverRefusal, HANDED_OVER_STATUSES } from "#app/domain/handover.ts";
import { planTimeRefusal } from "#app/domain/planned-touchpoints.ts";
import { formatters } from "#app/i18n/index.ts";
import type { HandoverInput } from "#app/schemas/stakeholder.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { createPlan } from "./planned-touchpoints.server.ts";
import { saveNextVersion } from "./versioned-rows.server.ts";
import {
  lockForChange,
  recordStakeholderChange,
  saveStakeholder,
  type StakeholderContext,
  type StakeholderRow,
} from "./stakeholder-rows.server.ts";

// The write of a successor handover (the read side is handover.server.ts).

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
  context: StakeholderContext,
  accountId: string,
  stakeholderId: string,
  input: HandoverInput,
  now: Date = new Date(),
) {
  const before = await lockForChange(trx, context.actor, accountId, stakeholderId, input.version);
  const heir = await lockSuccessor(trx, before, input, now);
  const after = await saveStakeholder(trx, before, { successor_id: heir.id, handed_over_at: now });
  const moved = await moveExpectations(trx, context, before, heir);
  const successorAfter =
    input.take_role && before.committee_role && heir.committee_role !== before.committee_role
      ? await takeOverRole(trx, context, heir, before.committee_role)
      : heir;
  const planId = input.first_meeting_at
    ? await planFirstMeeting(trx, context, before, heir, input.first_meeting_at, now)
    : null;

  await recordStakeholderChange(trx, context, {
    accountId,
    entityId: stakeholderId,
    action: "handover",
    before,
    after: { ...after, moved_expectation_ids: moved, took_role: successorAfter !== heir, plan_id: planId },
  });
  return { stakeholder: after, successor: successorAfter, moved, planId };
}

/** Locks the successor named, refusing one who cannot take over (or a first meeting at a time that cannot be planned). */
async function lockSuccessor(trx: Trx, before: StakeholderRow, input: HandoverInput, now: Date) {
  const successor = await trx
    .selectFrom("stakeholders")
    .selectAll()
    .where("account_id", "=", before.account_id)
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
  return successor!;
}

/** Moves the open expectations the one who left held to the successor; returns their ids. */
async function moveExpectations(
  trx: Trx,
  { actor, ip }: StakeholderContext,
  from: StakeholderRow,
  heir: StakeholderRow,
): Promise<string[]> {
  const accountId = from.account_id;
  const moving = await trx
    .selectFrom("expectations")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("holder_stakeholder_id", "=", from.id)
    .where("status", "in", HANDED_OVER_STATUSES)
    .orderBy("due_date")
    .orderBy("id")
    .forNoKeyUpdate()
    .execute();
  for (const e of moving) {
    const moved = await saveNextVersion(trx, "expectations", e, { holder_stakeholder_id: heir.id });
    await trx
      .insertInto("expectation_changes")
      .values({
        account_id: accountId,
        expectation_id: e.id,
        kind: "edited",
        actor_id: actor.id,
        details: {
          changes: { holder_stakeholder_id: { from: from.id, to: heir.id } },
          handover_from: from.id,
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
  return moving.map((e) => e.id);
}

/** The successor takes over the committee role of the one who left. */
async function takeOverRole(
  trx: Trx,
  { actor, ip }: StakeholderContext,
  heir: StakeholderRow,
  role: NonNullable<StakeholderRow["committee_role"]>,
) {
  const after = await saveStakeholder(trx, heir, { committee_role: role });
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: heir.account_id,
    entity: "stakeholder",
    entityId: heir.id,
    action: "set_role",
    before: heir,
    after,
    ip,
  });
  return after;
}

/** Plans the first meeting with the successor as a moment of truth, owned by the account's KAM. */
async function planFirstMeeting(
  trx: Trx,
  { actor, ip, t }: StakeholderContext,
  from: StakeholderRow,
  heir: StakeholderRow,
  at: NonNullable<HandoverInput["first_meeting_at"]>,
  now: Date,
): Promise<string> {
  const tr = t ?? formatters("en").t;
  const account = await trx
    .selectFrom("accounts")
    .select("owner_id")
    .where("id", "=", from.account_id)
    .executeTakeFirstOrThrow();
  const plan = await createPlan(
    trx,
    { actor, ip: ip ?? null, now },
    from.account_id,
    {
      kind: "meeting",
      planned_for: at,
      title: tr("handover.firstMeetingTitle", { name: heir.name }).slice(0, 300),
      notes: tr("handover.firstMeetingNotes", { name: from.name }).slice(0, 4000),
      stakeholder_ids: [heir.id],
      owner_id: account.owner_id,
    },
    { momentOfTruth: true },
  );
  return plan.id;
}
