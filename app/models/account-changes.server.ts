import { sql, type Selectable, type UpdateObject } from "kysely";
import { canArchiveAccount, canChangeAccountOwner, canEditAccount } from "#app/domain/permissions.ts";
import type { AccountInput } from "#app/schemas/account.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import type { AccountsTable, DB } from "#db/schema.ts";
import { lockExistingAccount } from "./accounts.server.ts";
import { recordAccountChange, refuseStaleVersion, type ChangeContext as Context } from "./change-history.server.ts";
import { isActiveStaff } from "./people.server.ts";
import { refreshAccountScores } from "./scores.server.ts";

// Account writes. The caller opens the transaction; each write checks who is
// asking, refuses a stale version, and audits in the same transaction. Scores
// are refreshed there too: a new account gets its first, and the renewal date
// feeds the renewal-at-risk signal.

export async function createAccount(trx: Trx, { actor, ip }: Context, input: AccountInput) {
  if (actor.role === "customer") throw new ForbiddenError();
  // A KAM creates accounts they own; directors and admins may name any owner.
  const ownerId = canChangeAccountOwner(actor) && input.owner_id ? input.owner_id : actor.id;
  await assertOwnerIsStaff(trx, ownerId);
  const account = await trx
    .insertInto("accounts")
    .values({ ...columns(input), owner_id: ownerId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAccountChange(trx, { actor, ip }, { accountId: account.id, entity: "account", entityId: account.id, action: "create", after: account });
  return account;
}

export async function updateAccount(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  input: AccountInput & { version: number },
) {
  const before = await lockExistingAccount(trx, accountId);
  if (!canEditAccount(actor, before)) throw new ForbiddenError();
  const ownerId = input.owner_id ?? before.owner_id;
  if (ownerId !== before.owner_id) {
    if (!canChangeAccountOwner(actor)) throw new ForbiddenError("Only a director or an administrator can change the owner.", "error.ownerRights");
    await assertOwnerIsStaff(trx, ownerId);
  }
  await refuseStaleVersion(
    trx,
    { entity: "account", id: accountId, version: before.version },
    input.version,
    () => before,
  );
  const action = ownerId !== before.owner_id ? "update_owner" : "update";
  const after = await saveAccount(trx, { actor, ip }, before, { ...columns(input), owner_id: ownerId }, action);
  if (after.renewal_date !== before.renewal_date) await refreshAccountScores(trx, accountId);
  return after;
}

/**
 * Archives (or restores) an account: it leaves the lists but keeps its whole
 * history. A director's or an admin's (canArchiveAccount), not its KAM's.
 */
export async function setAccountArchived(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  archived: boolean,
  version: number,
) {
  const before = await lockExistingAccount(trx, accountId);
  if (!canEditAccount(actor, before)) throw new ForbiddenError();
  if (!canArchiveAccount(actor)) {
    throw new ForbiddenError("Only a director or an administrator can archive or restore an account.", "error.archiveRights");
  }
  await refuseStaleVersion(trx, { entity: "account", id: accountId, version: before.version }, version, () => before);
  const changes = { archived_at: archived ? sql<Date>`now()` : null };
  const after = await saveAccount(trx, { actor, ip }, before, changes, archived ? "archive" : "restore");
  // A restored account's figures went stale while it was archived.
  if (!archived) await refreshAccountScores(trx, accountId);
  return after;
}

/** Writes the next version of a locked account and audits the change in the same transaction. */
async function saveAccount(
  trx: Trx,
  { actor, ip }: Context,
  before: Selectable<AccountsTable>,
  changes: UpdateObject<DB, "accounts">,
  action: string,
) {
  const after = await trx
    .updateTable("accounts")
    .set({ ...changes, version: before.version + 1, updated_at: sql`now()` })
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, accountId: before.id, entity: "account", entityId: before.id, action, before, after, ip });
  return after;
}

function columns(input: AccountInput) {
  return {
    name: input.name,
    industry: input.industry,
    tier: input.tier,
    lifecycle_stage: input.lifecycle_stage,
    relationship_start: input.relationship_start ?? null,
    contract_value: input.contract_value ?? null,
    currency: input.currency,
    renewal_date: input.renewal_date ?? null,
  };
}

async function assertOwnerIsStaff(executor: Executor, userId: string) {
  if (!(await isActiveStaff(executor, userId))) throw new ForbiddenError("The owner must be an active member of staff.", "error.ownerNotStaff");
}
