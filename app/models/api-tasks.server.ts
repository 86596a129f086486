import { canChangeTask } from "#app/domain/permissions.ts";
import type { TaskBodyInput } from "#app/schemas/api-tasks.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError, RefusedError } from "#app/utils/errors.server.ts";
import { iso, pageById, type Paging } from "./api-paging.server.ts";
import type { ApiClient } from "./api-tokens.server.ts";
import { gatherInbox } from "./inbox.server.ts";
import { createTask, setTaskState, updateTask, visibleTasks } from "./tasks.server.ts";

// The JSON API's tasks (read and upserted by external id, with the token's
// user's rights: canSeeTask as visibleTasks / canChangeTask) and the personal inbox.

function taskApiQuery(executor: Executor, client: ApiClient, accountId: string) {
  return visibleTasks(executor, client.actor)
    .select([
      "t.id",
      "t.external_id",
      "t.title",
      "t.notes",
      "t.due_on",
      "o.email as owner_email",
      "t.visibility",
      "t.state",
      "t.origin",
      "t.completed_at",
      "t.created_at",
      "t.updated_at",
      "t.version",
    ])
    .where("t.account_id", "=", accountId);
}

type Row = Awaited<ReturnType<ReturnType<typeof taskApiQuery>["execute"]>>[number];
const record = (t: Row) => ({ ...t, completed_at: iso(t.completed_at), created_at: iso(t.created_at)!, updated_at: iso(t.updated_at)! });

/** The account's tasks the token's user may see, a keyset page at a time. */
export function listTasksApi(executor: Executor, client: ApiClient, accountId: string, paging: Paging) {
  return pageById(taskApiQuery(executor, client, accountId), "t.id", paging, record);
}

async function ownerIdOf(trx: Trx, email: string | undefined): Promise<string | undefined> {
  if (email === undefined) return undefined;
  const row = await trx.selectFrom("users").select("id").where("email", "=", email.toLowerCase()).executeTakeFirst();
  if (!row) throw new RefusedError("invalid", [{ field: "owner_email", reason: "No member of staff has this e-mail." }]);
  return row.id;
}

/** Creates or updates the account's task with the body's external_id, as the token's user. */
export async function upsertTaskApi(trx: Trx, client: ApiClient, accountId: string, body: TaskBodyInput, ip: string | null) {
  const ctx = { actor: client.actor, ip };
  try {
    const ownerId = await ownerIdOf(trx, body.owner_email);
    const existing = await trx
      .selectFrom("tasks")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("external_id", "=", body.external_id)
      .executeTakeFirst();
    if (!existing) {
      if (!body.title) throw new RefusedError("invalid", [{ field: "title", reason: "A new task needs a title." }]);
      const created = await createTask(
        trx,
        ctx,
        accountId,
        { title: body.title, notes: body.notes ?? "", due_on: body.due_on ?? undefined, owner_id: ownerId, visibility: body.visibility ?? "account" },
        { origin: "api", externalId: body.external_id },
      );
      if (body.state && body.state !== "open") await setTaskState(trx, ctx, accountId, created.id, body.state, null);
      return { outcome: "inserted" as const, record: await readOne(trx, client, accountId, created.id) };
    }
    const account = await trx.selectFrom("accounts").select("owner_id").where("id", "=", accountId).executeTakeFirstOrThrow();
    if (!canChangeTask(client.actor, account, existing)) {
      throw new RefusedError("forbidden", [{ field: "external_id", reason: "The token's user may not change this task." }]);
    }
    const next = {
      title: body.title ?? existing.title,
      notes: body.notes === undefined ? existing.notes : (body.notes ?? ""),
      due_on: body.due_on === undefined ? existing.due_on : body.due_on,
      owner_id: ownerId ?? existing.owner_id,
      visibility: body.visibility ?? existing.visibility,
      state: body.state ?? existing.state,
    };
    const same =
      next.title === existing.title &&
      next.notes === existing.notes &&
      next.due_on === existing.due_on &&
      next.owner_id === existing.owner_id &&
      next.visibility === existing.visibility &&
      next.state === existing.state;
    if (same) return { outcome: "unchanged" as const, record: await readOne(trx, client, accountId, existing.id) };
    await updateTask(trx, ctx, accountId, existing.id, { ...next, due_on: next.due_on ?? undefined }, null);
    return { outcome: "updated" as const, record: await readOne(trx, client, accountId, existing.id) };
  } catch (error) {
    if (error instanceof ForbiddenError) throw new RefusedError("forbidden", [{ field: "", reason: "The token's user may not add tasks to this account." }]);
    if (error instanceof NotFoundError) throw new RefusedError("notFound", [{ field: "external_id", reason: "No such task that the token's user may see." }]);
    if (error instanceof ConflictError) throw new RefusedError("conflict", [{ field: "", reason: "The task changed meanwhile; send it again." }]);
    if (error instanceof FieldError) {
      throw new RefusedError(
        "invalid",
        Object.keys(error.fieldErrors).map((field) => ({ field: field === "owner_id" ? "owner_email" : field, reason: "Not valid for this account." })),
      );
    }
    throw error;
  }
}

async function readOne(executor: Executor, client: ApiClient, accountId: string, taskId: string) {
  const row = await taskApiQuery(executor, client, accountId).where("t.id", "=", taskId).executeTakeFirstOrThrow();
  return record(row);
}

/** The token's user's inbox today, most pressing first. */
export async function inboxApi(executor: Executor, client: ApiClient) {
  const items = await gatherInbox(executor, client.actor);
  const ids = [...new Set(items.map((i) => i.accountId).filter(Boolean))];
  const externals = ids.length
    ? await executor.selectFrom("accounts").select(["id", "external_id"]).where("id", "in", ids).execute()
    : [];
  const externalOf = new Map(externals.map((a) => [a.id, a.external_id]));
  return items.map((i) => ({
    id: i.key,
    kind: i.kind,
    account_external_id: externalOf.get(i.accountId) ?? null,
    created_at: new Date(i.at).toISOString(),
    due_on: i.dueOn,
    title: i.title,
  }));
}
