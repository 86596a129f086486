import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";

// Reads of people that many writes and forms share: who a form offers to pick
// (an expectation's holder and owner, a touchpoint's participants), whether a
// user is active staff, a stakeholder's name. For the pickers, `keep` lists
// those already chosen on the record being edited: they stay listed even if
// they have since left or been disabled, so an edit does not drop them.

/** The account's present stakeholders (those who have not left, and those kept), by name: select what is needed. */
export function presentStakeholdersQuery(executor: Executor, accountId: string, keep: string[] = []) {
  return executor
    .selectFrom("stakeholders")
    .where("account_id", "=", accountId)
    .where((eb) => (keep.length ? eb.or([eb("left_on", "is", null), eb("id", "in", keep)]) : eb("left_on", "is", null)))
    .orderBy("name")
    .orderBy("id")
    .limit(500);
}

/** The account's present stakeholders (and those kept), by name, as the pickers show them. */
export function presentStakeholders(executor: Executor, accountId: string, keep: string[] = []) {
  return presentStakeholdersQuery(executor, accountId, keep)
    .select(["id", "name", "title", "committee_role", "left_on"])
    .execute();
}

/** Active staff who can own work (KAMs, directors, admins; and those kept), by name. */
export function activeStaff(executor: Executor, keep: string[] = []) {
  return executor
    .selectFrom("users")
    .select(["id", "name"])
    .where((eb) => {
      const active = eb.and([eb("role", "in", INTERNAL_ROLES), eb("disabled_at", "is", null)]);
      return keep.length ? eb.or([active, eb("id", "in", keep)]) : active;
    })
    .orderBy("name")
    .orderBy("id")
    .limit(500)
    .execute();
}

/**
 * The users who are active staff (KAMs, directors and admins not disabled):
 * those who may own an account, a commitment or a personal API token, take
 * part in a touchpoint or receive mail in. Callers choose the columns.
 */
export function activeStaffUsers(executor: Executor) {
  return executor.selectFrom("users").where("role", "in", INTERNAL_ROLES).where("disabled_at", "is", null);
}

/** Whether the user is active staff (activeStaffUsers). */
export async function isActiveStaff(executor: Executor, userId: string) {
  const user = await activeStaffUsers(executor).select("id").where("id", "=", userId).executeTakeFirst();
  return user !== undefined;
}

/** A stakeholder's name ("" if the account has no such stakeholder). */
export async function stakeholderName(executor: Executor, accountId: string, stakeholderId: string) {
  const row = await executor
    .selectFrom("stakeholders")
    .select("name")
    .where("account_id", "=", accountId)
    .where("id", "=", stakeholderId)
    .executeTakeFirst();
  return row?.name ?? "";
}
