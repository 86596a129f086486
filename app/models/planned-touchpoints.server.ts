import { sql, type UpdateObject } from "kysely";
import type { DB } from "#db/schema.ts";
import { canChangePlan, canPlanTouchpoint, type Actor } from "#app/domain/permissions.ts";
import { planChangeRefusal, planTimeRefusal, recordedTimeOf } from "#app/domain/planned-touchpoints.ts";
import type { PlanInput } from "#app/schemas/planned-touchpoint.ts";
import { accountRecordAudit, writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { isActiveStaff } from "./people.server.ts";
import { lockVersioned, nextVersion, saveNextVersion } from "./versioned-rows.server.ts";

// Planned touchpoints: a meeting, business review or call on the calendar
// ahead. Staff only (customers never see plans). Kept in their own table so
// nothing that counts contact reads them: coverage, recency, health,
// predictability and the portfolio count logged touchpoints only. Recording a
// plan is logging a touchpoint and linking it here in the same transaction
// (markPlanLogged). Every write checks who asks, carries a version and is
// audited in the same transaction.

export interface PlanContext {
  actor: Actor;
  ip?: string | null;
  now?: Date;
}

const PLAN_COLUMNS = [
  "p.account_id",
  "p.id",
  "p.kind",
  "p.planned_for",
  "p.title",
  "p.notes",
  "p.stakeholder_ids",
  "p.moment_of_truth",
  "p.positive_surprise",
  "p.owner_id",
  "p.created_by",
  "p.state",
  "p.touchpoint_id",
  "p.logged_at",
  "p.cancelled_at",
  "p.created_at",
  "p.version",
] as const;

function planQuery(executor: Executor) {
  return executor.selectFrom("planned_touchpoints as p").innerJoin("users as o", "o.id", "p.owner_id").select([...PLAN_COLUMNS, "o.name as owner_name"]);
}

export type PlanRow = Awaited<ReturnType<typeof getPlan>> & {};

/** An account's plans: what is still planned, soonest first, then the recently recorded or cancelled. */
export async function listAccountPlans(executor: Executor, accountId: string, { closed = 10 }: { closed?: number } = {}) {
  const [open, done] = await Promise.all([
    planQuery(executor).where("p.account_id", "=", accountId).where("p.state", "=", "planned").orderBy("p.planned_for").orderBy("p.id").limit(200).execute(),
    planQuery(executor)
      .where("p.account_id", "=", accountId)
      .where("p.state", "<>", "planned")
      .orderBy("p.updated_at", "desc")
      .limit(closed)
      .execute(),
  ]);
  return { open, closed: done };
}

/** One plan of an account, or undefined. */
export function getPlan(executor: Executor, accountId: string, planId: string) {
  return planQuery(executor).where("p.account_id", "=", accountId).where("p.id", "=", planId).executeTakeFirst();
}

async function checkInput(trx: Trx, accountId: string, input: PlanInput, ownerId: string, now: Date) {
  const refusal = planTimeRefusal(input.planned_for, now);
  if (refusal) throw new FieldError({ planned_for: `plan.refusal.${refusal}` });
  if (!(await isActiveStaff(trx, ownerId))) throw new FieldError({ owner_id: "plan.refusal.ownerNotStaff" });
  const ids = [...new Set(input.stakeholder_ids)];
  // A surprise is for someone: name who.
  if (input.positive_surprise && ids.length === 0) throw new FieldError({ stakeholder_ids: "plan.refusal.surpriseNeedsPerson" });
  if (ids.length) {
    const found = await trx.selectFrom("stakeholders").select("id").where("account_id", "=", accountId).where("id", "in", ids).execute();
    if (found.length !== ids.length) throw new FieldError({ stakeholder_ids: "plan.refusal.stakeholderNotFound" });
  }
  return ids;
}

function auditView(plan: Record<string, unknown>) {
  const { account_id: _a, id: _i, created_at: _c, updated_at: _u, version: _v, owner_name: _o, ...rest } = plan;
  return rest;
}

/** Puts a touchpoint on the calendar; the owner defaults to the planner. */
export async function createPlan(
  trx: Trx,
  { actor, ip = null, now = new Date() }: PlanContext,
  accountId: string,
  input: PlanInput,
  flags: { momentOfTruth?: boolean } = {},
) {
  const account = await accountForRights(trx, accountId);
  if (!canPlanTouchpoint(actor, account)) throw new ForbiddenError("Not allowed to plan here.", "plan.notAllowed");
  const ownerId = input.owner_id ?? actor.id;
  const stakeholderIds = await checkInput(trx, accountId, input, ownerId, now);
  const plan = await trx
    .insertInto("planned_touchpoints")
    .values({
      account_id: accountId,
      kind: input.kind,
      planned_for: input.planned_for,
      title: input.title,
      notes: input.notes,
      stakeholder_ids: stakeholderIds,
      moment_of_truth: flags.momentOfTruth ?? false,
      positive_surprise: input.positive_surprise ?? false,
      owner_id: ownerId,
      created_by: actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditPlan(trx, { actor, ip }, accountId, plan.id, { action: "create", after: auditView(plan) });
  return plan;
}

async function lockPlan(trx: Trx, actor: Actor, accountId: string, planId: string, expectedVersion: number | null) {
  const account = await accountForRights(trx, accountId);
  const before = await lockVersioned(trx, "planned_touchpoints", accountId, planId);
  if (!before) throw new NotFoundError("plan");
  if (!canChangePlan(actor, account, before)) throw new ForbiddenError("Not allowed to change this plan.", "plan.notAllowed");
  if (expectedVersion !== null && before.version !== expectedVersion) throw new ConflictError(before, null);
  if (planChangeRefusal(before.state)) throw new FieldError({ "": "plan.refusal.planNotOpen" });
  return before;
}

/** Writes a locked plan's changes as its next version and returns the row. */
function savePlan(
  trx: Trx,
  before: { account_id: string; id: string; version: number },
  changes: UpdateObject<DB, "planned_touchpoints">,
) {
  return saveNextVersion(trx, "planned_touchpoints", before, changes);
}

/** The audit event of a change to a plan, by the context's actor. */
const auditPlan = accountRecordAudit("planned_touchpoint");

/** Changes a plan (kind, time, title, notes, participants, owner), as last seen. */
export async function updatePlan(
  trx: Trx,
  { actor, ip = null, now = new Date() }: PlanContext,
  accountId: string,
  planId: string,
  input: PlanInput,
  expectedVersion: number,
) {
  const before = await lockPlan(trx, actor, accountId, planId, expectedVersion);
  const ownerId = input.owner_id ?? before.owner_id;
  const stakeholderIds = await checkInput(trx, accountId, input, ownerId, now);
  const after = await savePlan(trx, before, {
    kind: input.kind,
    planned_for: input.planned_for,
    title: input.title,
    notes: input.notes,
    stakeholder_ids: stakeholderIds,
    positive_surprise: input.positive_surprise ?? false,
    owner_id: ownerId,
  });
  await auditPlan(trx, { actor, ip }, accountId, planId, { action: "update", before: auditView(before), after: auditView(after) });
  return after;
}

/** Cancels a plan, as last seen: it leaves the inbox and the timeline's planned list. */
export async function cancelPlan(trx: Trx, { actor, ip = null }: PlanContext, accountId: string, planId: string, expectedVersion: number) {
  const before = await lockPlan(trx, actor, accountId, planId, expectedVersion);
  const after = await savePlan(trx, before, { state: "cancelled", cancelled_at: sql<Date>`now()` });
  await auditPlan(trx, { actor, ip }, accountId, planId, {
    action: "cancel",
    before: { state: before.state },
    after: { state: after.state, cancelled_at: after.cancelled_at },
  });
  return after;
}

/**
 * Links the touchpoint that records a plan to it (state logged). Called in the
 * transaction that logged the touchpoint, so either both happen or neither.
 */
export async function markPlanLogged(trx: Trx, { actor, ip = null }: PlanContext, accountId: string, planId: string, touchpointId: string) {
  const before = await lockPlan(trx, actor, accountId, planId, null);
  const after = await savePlan(trx, before, { state: "logged", touchpoint_id: touchpointId, logged_at: sql<Date>`now()` });
  await auditPlan(trx, { actor, ip }, accountId, planId, {
    action: "log",
    before: { state: before.state, touchpoint_id: null },
    after: { state: after.state, touchpoint_id: touchpointId },
  });
  // A planned surprise, recorded, is a positive surprise: marked so whatever the form said.
  if (before.positive_surprise) {
    const tp = await lockVersioned(trx, "touchpoints", accountId, touchpointId);
    if (!tp) throw new NotFoundError("touchpoint");
    if (!tp.positive_surprise) {
      await nextVersion(trx, "touchpoints", tp, { positive_surprise: true }).execute();
      await writeAudit(trx, {
        actorId: actor.id,
        accountId,
        entity: "touchpoint",
        entityId: touchpointId,
        action: "update",
        before: { positive_surprise: false },
        after: { positive_surprise: true, planned_touchpoint_id: planId },
        ip,
      });
    }
  }
  return after;
}

/** What the log form starts with when it records a plan: its kind, title, people, when it happened, and whether it is a moment of truth. */
export function planRecordValues(
  plan: { kind: string; title: string; planned_for: Date | string; stakeholder_ids: string[]; moment_of_truth?: boolean; positive_surprise?: boolean },
  now = new Date(),
) {
  return {
    kind: plan.kind,
    title: plan.title,
    occurred_at: recordedTimeOf(plan.planned_for, now),
    stakeholder_ids: plan.stakeholder_ids,
    ...(plan.moment_of_truth ? { moment_of_truth: true } : {}),
    ...(plan.positive_surprise ? { positive_surprise: true } : {}),
  };
}
