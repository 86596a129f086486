import { sql, type UpdateObject } from "kysely";
import type { DB, TaskOrigin, TaskState } from "#db/schema.ts";
import { canChangeTask, canCreateTask, canSeeTask, type Actor } from "#app/domain/permissions.ts";
import type { TaskInput } from "#app/schemas/task.ts";
import { accountRecordAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { isActiveStaff } from "./people.server.ts";
import { lockVersioned, saveNextVersion } from "./versioned-rows.server.ts";

// Tasks (next steps) on an account: who does what by when, and what it came
// from. Reads always take the viewer and leave out private tasks the viewer may
// not see (canSeeTask); writes check canCreateTask / canChangeTask, write an
// audit event in the same transaction and carry a version.

export const TASK_COLUMNS = [
  "t.account_id",
  "t.id",
  "t.external_id",
  "t.title",
  "t.notes",
  "t.owner_id",
  "t.created_by",
  "t.due_on",
  "t.state",
  "t.visibility",
  "t.origin",
  "t.expectation_id",
  "t.signal_id",
  "t.stakeholder_id",
  "t.touchpoint_id",
  "t.inbox_item_key",
  "t.completed_at",
  "t.created_at",
  "t.updated_at",
  "t.version",
] as const;

/**
 * The tasks `t` the viewer may see, each with its owner `o` (canSeeTask in SQL:
 * a KAM sees tasks shared with the account and their own; directors and admins
 * all). Select what is needed: the pages here, the JSON API (api-tasks.server.ts).
 */
export function visibleTasks(executor: Executor, viewer: Actor) {
  return executor
    .selectFrom("tasks as t")
    .innerJoin("users as o", "o.id", "t.owner_id")
    .$if(viewer.role === "kam", (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("t.visibility", "=", "account"),
          eb("t.owner_id", "=", viewer.id),
          eb("t.created_by", "=", viewer.id),
        ]),
      ),
    );
}

function taskQuery(executor: Executor, viewer: Actor) {
  return visibleTasks(executor, viewer).select([...TASK_COLUMNS, "o.name as owner_name"]);
}

export type TaskRow = Awaited<ReturnType<typeof listAccountTasks>>[number];

/** An account's tasks the viewer may see: open ones first by due date, then the recently finished. */
export function listAccountTasks(executor: Executor, viewer: Actor, accountId: string, limit = 100) {
  return taskQuery(executor, viewer)
    .where("t.account_id", "=", accountId)
    .orderBy(sql`t.state = 'open'`, "desc")
    .orderBy(sql`t.due_on`, sql`asc nulls last`)
    .orderBy("t.created_at", "desc")
    .limit(limit)
    .execute();
}

/** One task of an account, or undefined when there is none or the viewer may not see it. */
export async function getTask(executor: Executor, viewer: Actor, accountId: string, taskId: string) {
  return taskQuery(executor, viewer)
    .where("t.account_id", "=", accountId)
    .where("t.id", "=", taskId)
    .executeTakeFirst();
}

/** Open tasks past their due date, per owner (the director's view of each KAM). */
export function overdueTasksOf(executor: Executor, ownerId: string, today: string, limit = 100) {
  return executor
    .selectFrom("tasks as t")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select([...TASK_COLUMNS, "a.name as account_name"])
    .where("t.owner_id", "=", ownerId)
    .where("t.state", "=", "open")
    .where("t.due_on", "<", today)
    .orderBy("t.due_on")
    .limit(limit)
    .execute();
}

async function checkOwner(trx: Trx, ownerId: string) {
  if (!(await isActiveStaff(trx, ownerId))) throw new FieldError({ owner_id: { key: "task.ownerNotStaff" } });
}

/** What a task came from, checked to belong to the same account (the foreign keys hold it too). */
async function checkLinks(
  trx: Trx,
  accountId: string,
  input: Pick<TaskInput, "expectation_id" | "signal_id" | "stakeholder_id" | "touchpoint_id">,
) {
  const checks: [
    "expectation_id" | "signal_id" | "stakeholder_id" | "touchpoint_id",
    "expectations" | "risk_signals" | "stakeholders" | "touchpoints",
  ][] = [
    ["expectation_id", "expectations"],
    ["signal_id", "risk_signals"],
    ["stakeholder_id", "stakeholders"],
    ["touchpoint_id", "touchpoints"],
  ];
  for (const [field, table] of checks) {
    const id = input[field] as string | undefined;
    if (!id) continue;
    const row = await trx
      .selectFrom(table)
      .select("id")
      .where("account_id", "=", accountId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new FieldError({ [field]: { key: "task.linkNotFound" } });
  }
}

export interface TaskContext {
  actor: Actor;
  ip?: string | null;
}

/** The audit event of a change to a task, by the context's actor. */
const auditTask = accountRecordAudit("task");

/** Creates a task on an account. The owner defaults to the creator. */
export async function createTask(
  trx: Trx,
  context: TaskContext,
  accountId: string,
  input: TaskInput,
  options: { origin?: TaskOrigin; externalId?: string | null } = {},
) {
  const { actor } = context;
  const account = await accountForRights(trx, accountId);
  if (!canCreateTask(actor, account)) throw new ForbiddenError("Not allowed to change this task.", "task.notAllowed");
  const ownerId = input.owner_id ?? actor.id;
  await checkOwner(trx, ownerId);
  await checkLinks(trx, accountId, input);
  const origin: TaskOrigin =
    options.origin ??
    (input.inbox_item_key
      ? "inbox"
      : input.signal_id
        ? "signal"
        : input.touchpoint_id
          ? "touchpoint"
          : input.expectation_id
            ? "expectation"
            : "manual");
  const task = await trx
    .insertInto("tasks")
    .values({
      account_id: accountId,
      external_id: options.externalId ?? null,
      title: input.title,
      notes: input.notes,
      owner_id: ownerId,
      created_by: actor.id,
      due_on: input.due_on ?? null,
      visibility: input.visibility,
      origin,
      expectation_id: input.expectation_id ?? null,
      signal_id: input.signal_id ?? null,
      stakeholder_id: input.stakeholder_id ?? null,
      touchpoint_id: input.touchpoint_id ?? null,
      inbox_item_key: input.inbox_item_key ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditTask(trx, context, accountId, task.id, { action: "create", after: auditView(task) });
  return task;
}

function auditView(task: Record<string, unknown>) {
  const { account_id: _a, id: _i, created_at: _c, updated_at: _u, version: _v, ...rest } = task;
  return rest;
}

async function lockTask(trx: Trx, actor: Actor, accountId: string, taskId: string, expectedVersion: number | null) {
  const account = await accountForRights(trx, accountId);
  const before = await lockVersioned(trx, "tasks", accountId, taskId);
  if (!before || !canSeeTask(actor, before)) throw new NotFoundError("task");
  if (!canChangeTask(actor, account, before))
    throw new ForbiddenError("Not allowed to change this task.", "task.notAllowed");
  if (expectedVersion !== null && before.version !== expectedVersion) throw new ConflictError(before, null);
  return before;
}

/** Writes a locked task's changes as its next version and returns the row. */
function saveTask(trx: Trx, before: { account_id: string; id: string; version: number }, changes: UpdateObject<DB, "tasks">) {
  return saveNextVersion(trx, "tasks", before, changes);
}

/** Completes, reopens or cancels a task, as last seen (version). */
export async function setTaskState(
  trx: Trx,
  context: TaskContext,
  accountId: string,
  taskId: string,
  state: TaskState,
  expectedVersion: number | null,
) {
  const { actor } = context;
  const before = await lockTask(trx, actor, accountId, taskId, expectedVersion);
  if (before.state === state) return before;
  const after = await saveTask(trx, before, {
    state,
    completed_at: state === "open" ? null : sql<Date>`now()`,
    completed_by: state === "open" ? null : actor.id,
  });
  await auditTask(trx, context, accountId, taskId, {
    action: state === "done" ? "complete" : state === "cancelled" ? "cancel" : "reopen",
    before: { state: before.state, completed_at: before.completed_at },
    after: { state: after.state, completed_at: after.completed_at },
  });
  return after;
}

/** Changes a task's fields (title, due date, owner, visibility, notes), as last seen unless expectedVersion is null. */
export async function updateTask(
  trx: Trx,
  context: TaskContext,
  accountId: string,
  taskId: string,
  /** Notes left out stay as they are. */
  input: Omit<TaskInput, "notes"> & { notes?: string | undefined; state?: TaskState },
  expectedVersion: number | null,
) {
  const { actor } = context;
  const before = await lockTask(trx, actor, accountId, taskId, expectedVersion);
  const ownerId = input.owner_id ?? before.owner_id;
  if (ownerId !== before.owner_id) await checkOwner(trx, ownerId);
  await checkLinks(trx, accountId, input);
  const state = input.state ?? before.state;
  const after = await saveTask(trx, before, {
    title: input.title,
    notes: input.notes,
    owner_id: ownerId,
    due_on: input.due_on ?? null,
    visibility: input.visibility,
    expectation_id: input.expectation_id ?? before.expectation_id,
    signal_id: input.signal_id ?? before.signal_id,
    stakeholder_id: input.stakeholder_id ?? before.stakeholder_id,
    touchpoint_id: input.touchpoint_id ?? before.touchpoint_id,
    state,
    completed_at: state === before.state ? before.completed_at : state === "open" ? null : sql<Date>`now()`,
    completed_by: state === before.state ? before.completed_by : state === "open" ? null : actor.id,
  });
  await auditTask(trx, context, accountId, taskId, {
    action: "update",
    before: auditView(before),
    after: auditView(after),
  });
  return after;
}

/** Active staff a task can be given to, or an inbox item handed to: those who can own accounts. */
export { listAccountManagers as listStaff } from "./users.server.ts";
