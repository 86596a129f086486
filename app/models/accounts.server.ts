import { sql } from "kysely";
import { z } from "zod";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";

export interface AccountListFilters {
  /** Only this owner's accounts (a KAM's "mine"). */
  ownerId?: string | undefined;
  q?: string | undefined;
  stage?: string | undefined;
  tier?: string | undefined;
  renewalWithinDays?: number | undefined;
  includeArchived?: boolean;
  cursor?: string | null | undefined;
  limit?: number;
}

const AccountCursor = z.tuple([z.string(), z.uuid()]);

/** One page of accounts ordered by name, with keyset paging (stable and fast at any depth). */
export async function listAccounts(executor: Executor, filters: AccountListFilters) {
  const limit = filters.limit ?? 50;
  const after = decodeCursor(filters.cursor, AccountCursor);
  const rows = await executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select([
      "a.id",
      "a.name",
      "a.industry",
      "a.tier",
      "a.lifecycle_stage",
      "a.renewal_date",
      "a.contract_value",
      "a.currency",
      "a.archived_at",
      "a.owner_id",
      "o.name as owner_name",
      sql<string>`lower(a.name)`.as("sort_name"),
    ])
    .$if(!filters.includeArchived, (qb) => qb.where("a.archived_at", "is", null))
    .$if(Boolean(filters.ownerId), (qb) => qb.where("a.owner_id", "=", filters.ownerId!))
    .$if(Boolean(filters.q), (qb) => qb.where(sql`lower(a.name)`, "like", `%${escapeLike(filters.q!.toLowerCase())}%`))
    .$if(Boolean(filters.stage), (qb) => qb.where("a.lifecycle_stage", "=", filters.stage!))
    .$if(Boolean(filters.tier), (qb) => qb.where("a.tier", "=", filters.tier!))
    .$if(filters.renewalWithinDays != null, (qb) =>
      qb
        .where("a.renewal_date", ">=", sql<string>`current_date`)
        .where("a.renewal_date", "<=", sql<string>`current_date + ${filters.renewalWithinDays!}::int`),
    )
    .$if(after != null, (qb) => qb.where(sql`(lower(a.name), a.id)`, ">", sql`(${after![0]}, ${after![1]}::uuid)`))
    .orderBy(sql`lower(a.name)`)
    .orderBy("a.id")
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [last.sort_name, last.id]);
  return { accounts: page, nextCursor };
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getAccount(executor: Executor, accountId: string) {
  const [account] = await accountWithOwner(executor, accountId);
  return account;
}

/** getAccount's statement, read on every account page: compiled once (app/utils/fixed-statement.server.ts). */
const accountWithOwner = fixedStatement((db, accountId: string) =>
  db
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .selectAll("a")
    .select(["o.name as owner_name", "o.email as owner_email"])
    .where("a.id", "=", accountId),
);

/** The account's id and owner, whose rights the caller checks before a change on it; NotFoundError when there is no such account. */
export async function accountForRights(executor: Executor, accountId: string) {
  const account = await executor.selectFrom("accounts").select(["id", "owner_id"]).where("id", "=", accountId).executeTakeFirst();
  if (!account) throw new NotFoundError("account");
  return account;
}

/**
 * Locks the account row for a change on the account (FOR NO KEY UPDATE, so rows
 * that reference it can still be inserted) and returns it; undefined when there
 * is no such account.
 */
export function lockAccountRow(trx: Trx, accountId: string) {
  return trx.selectFrom("accounts").selectAll().where("id", "=", accountId).forNoKeyUpdate().executeTakeFirst();
}

/** lockAccountRow of an account that must be there: NotFoundError when there is no such account. */
export async function lockExistingAccount(trx: Trx, accountId: string) {
  const account = await lockAccountRow(trx, accountId);
  if (!account) throw new NotFoundError("account");
  return account;
}
