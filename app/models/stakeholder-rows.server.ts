import type { Selectable } from "kysely";
import type { StakeholdersTable } from "#db/schema.ts";
import { canEditAccount, type Actor } from "#app/domain/permissions.ts";
import type { Translate } from "#app/i18n/index.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { lockExistingAccount } from "./accounts.server.ts";
import { changeRecorder, refuseStaleVersion, type ChangeContext } from "./change-history.server.ts";
import { lockVersioned, saveNextVersion } from "./versioned-rows.server.ts";

// What the buying-committee writes share (stakeholder-changes.server.ts,
// stakeholder-handover.server.ts): the account row locked first (so two people
// re-linking the same committee cannot build a reporting loop between them),
// then the person, scoped by account_id and id; and the one way a person's row
// is saved, a new version each time.

export interface StakeholderContext extends ChangeContext {
  /** The language of the stored wording of system-written timeline entries (the actor's); readers see their own. */
  t?: Translate;
}

export type StakeholderRow = Selectable<StakeholdersTable>;

/** Audits a change to a person of the committee and refreshes the account's scores. */
export const recordStakeholderChange = changeRecorder("stakeholder");

/** Locks the account row and checks the actor may change its committee. */
export async function lockAccount(trx: Trx, actor: Actor, accountId: string) {
  const account = await lockExistingAccount(trx, accountId);
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  return account;
}

/**
 * Locks the account and the person (a person not of this account is not
 * found), checks the actor may change them and that they saw the latest version.
 */
export async function lockForChange(trx: Trx, actor: Actor, accountId: string, stakeholderId: string, version: number) {
  const account = await lockExistingAccount(trx, accountId);
  const before = await lockVersioned(trx, "stakeholders", accountId, stakeholderId);
  if (!before) throw new NotFoundError("stakeholder");
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  await refuseStaleVersion(trx, { entity: "stakeholder", id: stakeholderId, version: before.version }, version, () =>
    conflictValues(trx, before),
  );
  return before;
}

/** The record as the forms show it, with the manager's name, for the conflict message. */
async function conflictValues(trx: Trx, row: StakeholderRow): Promise<Record<string, unknown>> {
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

/** Saves the person's changed columns as a new version. */
export async function saveStakeholder(
  trx: Trx,
  before: StakeholderRow,
  set: Partial<Omit<StakeholderRow, "id" | "account_id" | "created_at">>,
) {
  return saveNextVersion(trx, "stakeholders", before, set);
}
