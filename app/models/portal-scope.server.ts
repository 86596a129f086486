import { sql } from "kysely";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";

// Isolation in depth for the portal. Every portal query already names the
// customer's account (taken from their session, never from the request); on top
// of that, these helpers run the queries in a transaction as the database role
// `kohtaamo_portal`, which row-level security limits to the account in
// `kohtaamo.account_id` and column grants limit to what a customer may see (see
// db/migrations/20261123_1200_portal.ts). A query that forgets its account
// filter, or selects an internal column, returns nothing foreign or fails.

export const PORTAL_ROLE = "kohtaamo_portal";

async function enterScope(trx: Trx, accountId: string): Promise<void> {
  // Both are transaction-local: they end with the transaction, so a pooled
  // connection never carries them into another request.
  await sql`select set_config('kohtaamo.account_id', ${accountId}, true)`.execute(trx);
  await sql.raw(`SET LOCAL ROLE ${PORTAL_ROLE}`).execute(trx);
}

/**
 * Runs `fn` in a transaction scoped to one account as the portal role. Use
 * only `trx` inside (PGlite has one connection; and `db()` would not be scoped).
 */
export function withPortalScope<T>(accountId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await enterScope(trx, accountId);
      return fn(trx);
    });
}

/**
 * A portal write: `fn` runs scoped as in withPortalScope; then, in the same
 * transaction, the application's own role recomputes the account's scores (the
 * scoring reads internal data the portal role may not see, and writes scores and
 * risk signals). The account is the session's, never one from the request.
 */
export function withPortalWrite<T>(accountId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await enterScope(trx, accountId);
      const result = await fn(trx);
      // Back to the connection's own role for the rest of this transaction.
      await sql`RESET ROLE`.execute(trx);
      await refreshAccountScores(trx, accountId);
      return result;
    });
}
