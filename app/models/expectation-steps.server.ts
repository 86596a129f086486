import { sql, type Insertable, type Selectable } from "kysely";
import type { ExpectationChangesTable, ExpectationsTable } from "#db/schema.ts";
import { holderBreaches } from "#app/domain/expectation-rules.ts";
import { canEditAccount, type Actor } from "#app/domain/permissions.ts";
import type { ExpectationEditInput, ExpectationInput } from "#app/schemas/expectation.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, ForbiddenError, NotFoundError, type FieldMessage } from "#app/utils/errors.server.ts";
import { refuseStaleVersion } from "./change-history.server.ts";
import { isActiveStaff } from "./people.server.ts";
import { lockVersioned, saveNextVersion } from "./versioned-rows.server.ts";

// The steps every expectation write takes (expectation-changes.server.ts): lock
// the row and check who asks and what they saw, check the references and the
// rules, save the new version and append the change to its history.

type Row = Selectable<ExpectationsTable>;
type ChangeKind = "created" | "edited" | "replanned" | "delivered" | "reopened" | "accepted" | "declined";

/** Locks the expectation, checks the actor may change its account and that they saw the latest version. */
export async function lockForChange(trx: Trx, actor: Actor, accountId: string, expectationId: string, version: number) {
  const before = await lockVersioned(trx, "expectations", accountId, expectationId);
  if (!before) throw new NotFoundError("expectation");
  const account = await trx
    .selectFrom("accounts")
    .select("owner_id")
    .where("id", "=", accountId)
    .executeTakeFirstOrThrow();
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  await refuseStaleVersion(trx, { entity: "expectation", id: expectationId, version: before.version }, version, () =>
    conflictValues(trx, before),
  );
  return before;
}

/** The record as the forms show it, with the names behind its ids, for the conflict message. */
async function conflictValues(trx: Trx, row: Row): Promise<Record<string, unknown>> {
  // One statement: a transaction is one connection (and PGlite has only one). A null id names nothing.
  const names = await sql<{ holder_name: string | null; owner_name: string | null; touchpoint_title: string | null }>`
    select
      (select name from stakeholders where account_id = ${row.account_id} and id = ${row.holder_stakeholder_id}) as holder_name,
      (select name from users where id = ${row.owner_id}) as owner_name,
      (select title from touchpoints where account_id = ${row.account_id} and id = ${row.source_touchpoint_id}) as touchpoint_title`.execute(trx);
  const { holder_name, owner_name, touchpoint_title } = names.rows[0]!;
  return {
    ...row,
    holder_stakeholder_id: row.holder_stakeholder_id ?? "",
    source_touchpoint_id: row.source_touchpoint_id ?? "",
    owner_id: row.owner_id ?? "",
    holder_name: holder_name ?? "",
    owner_name: owner_name ?? "",
    source_touchpoint_title: touchpoint_title ?? "",
  };
}

export async function save(trx: Trx, before: Row, set: Partial<Omit<Row, "id" | "account_id" | "created_at">>) {
  return saveNextVersion(trx, "expectations", before, set);
}

export async function recordChange(
  trx: Trx,
  actor: Actor,
  expectation: Row,
  kind: ChangeKind,
  change: {
    /** The row's id when the caller needs it first (a re-plan's notice mail names it). */
    id?: string;
    from_due_date?: string | null;
    to_due_date?: string | null;
    reason?: string;
    customer_notified?: boolean | null;
    replanned_on?: string | null;
    customer_notified_on?: string | null;
    /** A re-plan with notice: when it reached a live portal user (notice.ts); null when nobody. */
    notice_reached_at?: Date | null;
    details?: Record<string, unknown>;
  },
) {
  await trx
    .insertInto("expectation_changes")
    .values({
      ...(change.id ? { id: change.id } : {}),
      account_id: expectation.account_id,
      expectation_id: expectation.id,
      kind,
      from_due_date: change.from_due_date ?? null,
      to_due_date: change.to_due_date ?? null,
      reason: change.reason ?? "",
      customer_notified: change.customer_notified ?? null,
      replanned_on: change.replanned_on ?? null,
      customer_notified_on: change.customer_notified_on ?? null,
      notice_reached_at: change.notice_reached_at ?? null,
      actor_id: actor.id,
      // A JS object, not a JSON string: postgres.js would store a string as a JSON string.
      // (The cast: db/schema.ts nests Json in Generated<>, which makes the insert type the marker object.)
      details: (change.details ?? {}) as Insertable<ExpectationChangesTable>["details"],
    })
    .execute();
}

export function columns(input: ExpectationInput | ExpectationEditInput) {
  return {
    title: input.title,
    description: input.description,
    category: input.category,
    holder_stakeholder_id: input.holder_stakeholder_id ?? null,
    source: input.source,
    source_touchpoint_id: input.source === "touchpoint" ? (input.source_touchpoint_id ?? null) : null,
    importance: input.importance,
    owner_id: input.owner_id ?? null,
  };
}

/**
 * The holder must be a present stakeholder of this very account, the owner an
 * active member of staff, the source touchpoint one of this account's. Values
 * the expectation already has may stay (the holder may have left since). The
 * composite foreign keys would refuse another account's rows too; this turns
 * that into a message at the field instead of an error page.
 */
export async function checkReferences(
  trx: Trx,
  accountId: string,
  input: ExpectationInput | ExpectationEditInput,
  before: Row | null,
) {
  const errors: Record<string, FieldMessage> = {};
  const holderId = input.holder_stakeholder_id;
  if (holderId && holderId !== before?.holder_stakeholder_id) {
    const holder = await trx
      .selectFrom("stakeholders")
      .select("left_on")
      .where("account_id", "=", accountId)
      .where("id", "=", holderId)
      .executeTakeFirst();
    const [breach] = holderBreaches(
      holderId,
      holder && { leftOn: holder.left_on },
      before?.holder_stakeholder_id ?? null,
    );
    if (breach) errors[breach.field] = { key: breach.key };
  }
  if (input.owner_id && input.owner_id !== before?.owner_id) {
    if (!(await isActiveStaff(trx, input.owner_id))) errors.owner_id = { key: "expectationForm.ownerNotStaff" };
  }
  const touchpointId = input.source === "touchpoint" ? input.source_touchpoint_id : undefined;
  if (touchpointId && touchpointId !== before?.source_touchpoint_id) {
    const touchpoint = await trx
      .selectFrom("touchpoints")
      .select("id")
      .where("account_id", "=", accountId)
      .where("id", "=", touchpointId)
      .executeTakeFirst();
    if (!touchpoint) errors.source_touchpoint_id = { key: "expectationForm.touchpointNotOnAccount" };
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
}

/** The rules' breaches as a form's field errors (one function for every rule set: app/utils/errors.server.ts). */
export { throwBreaches } from "#app/utils/errors.server.ts";
