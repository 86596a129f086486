import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { once, type Once, type SubmissionKey, type SubmissionResult } from "#app/models/form-submissions.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { writeQueuedWebhookEvents } from "#app/models/webhook-events.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";

// Isolation in depth for the portal. Every portal query already names the
// customer's account (taken from their session, never from the request); on top
// of that, these helpers run the queries in a transaction as the database role
// `kohtaamo_portal`, which row-level security limits to the transaction's portal
// scope and column grants limit to what a customer may see (see
// db/migrations/20261123_1200_portal.ts). A query that forgets its account
// filter, or selects an internal column, returns nothing foreign or fails.
//
// The scope cannot be changed from inside (db/migrations/20261205_2340_portal_scope_guard.ts):
// it is a row keyed by the transaction's id that only a database function
// writes, and while it is open every role but the portal's sees nothing, so a
// RESET ROLE there finds no data. Only this module closes it, with a random key
// that never leaves this process before the portal's queries are done.

export const PORTAL_ROLE = "kohtaamo_portal";

/**
 * Opens the scope. `readOnly`: the transaction writes nothing but its scope's
 * row (opened here, deleted when it closes), so its commit need not wait for
 * the WAL to reach the disk: that wait was a portal page's only write-back
 * (0.93–1.2 against 0.6–0.77 ms a scope on a quiet machine, 0.63–2.4 against
 * 0.4–0.6 ms on a busy one: bench/RESULTS.md, stop 36). Should the server crash before the
 * flush, what is lost is a scope that is already closed. A portal write keeps
 * its commit durable.
 */
async function enterScope(trx: Trx, accountId: string, readOnly: boolean): Promise<string> {
  const key = randomBytes(32).toString("hex");
  const keyHash = createHash("sha256").update(key).digest("hex");
  // One statement: the scope, then the role (as SET LOCAL ROLE: transaction-local,
  // so a pooled connection never carries it into another request). The functions
  // that open and close the scope run as their owner (SECURITY DEFINER), whatever the role.
  await (
    readOnly
      ? sql`select kohtaamo_open_portal_scope(${accountId}::uuid, ${keyHash}), set_config('synchronous_commit', 'off', true), set_config('role', ${PORTAL_ROLE}, true)`
      : sql`select kohtaamo_open_portal_scope(${accountId}::uuid, ${keyHash}), set_config('role', ${PORTAL_ROLE}, true)`
  ).execute(trx);
  return key;
}

/**
 * Closes the scope. `keepRole`: in the portal's role, for a read whose
 * transaction ends next (its role with it: SET LOCAL); else back to the
 * connection's own role first, which sees data again once the scope is closed.
 */
async function leaveScope(trx: Trx, key: string, keepRole = false): Promise<void> {
  if (!keepRole) await sql`RESET ROLE`.execute(trx);
  const { rows } = await sql<{ closed: boolean }>`select kohtaamo_close_portal_scope(${key}) as closed`.execute(trx);
  if (rows[0]?.closed !== true) throw new Error("The portal scope of this transaction was not open at its end.");
}

/**
 * Runs `fn` in a transaction scoped to one account as the portal role, to read:
 * its commit is not durable (enterScope), so a portal write goes through
 * withPortalWrite. Use only `trx` inside (PGlite has one connection; and
 * `db()` would not be scoped).
 */
export function withPortalScope<T>(accountId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const key = await enterScope(trx, accountId, true);
      const result = await fn(trx);
      // Nothing runs after it in this transaction but the commit.
      await leaveScope(trx, key, true);
      return result;
    });
}

/**
 * A portal write: `fn` runs scoped as in withPortalScope; then, in the same
 * transaction, the application's own role recomputes the account's scores (the
 * scoring reads internal data the portal role may not see, and writes scores and
 * risk signals). The account is the session's, never one from the request.
 */
export function withPortalWrite<T>(
  accountId: string,
  fn: (trx: Trx) => Promise<T>,
  after?: (trx: Trx, result: T) => Promise<void>,
): Promise<T> {
  return db()
    .transaction()
    .execute((trx) => portalWrite(trx, accountId, fn, after));
}

/**
 * A portal write that creates something from a form: as withPortalWrite, once
 * per submission (app/models/form-submissions.server.ts). The claim and its
 * result are written by the application's own role, outside the scope.
 */
export function withPortalCreate<R extends SubmissionResult>(
  accountId: string,
  key: SubmissionKey | null,
  fn: (trx: Trx) => Promise<R>,
): Promise<Once<R>> {
  return db()
    .transaction()
    .execute((trx) => once(trx, key, () => portalWrite(trx, accountId, fn)));
}

type AfterScope = (trx: Trx) => Promise<unknown>;
const pendingAfterScope = new WeakMap<Trx, AfterScope[]>();

/**
 * Work a portal action needs done with the application's own role, in the same
 * transaction (mail to the account's KAM reads people the portal role may not
 * see): run once the portal scope is closed, before the commit. Outside a
 * portal write it runs at once.
 */
export async function afterPortalScope(trx: Trx, work: AfterScope): Promise<void> {
  const queue = pendingAfterScope.get(trx);
  if (queue) queue.push(work);
  else await work(trx);
}

async function portalWrite<T>(
  trx: Trx,
  accountId: string,
  fn: (trx: Trx) => Promise<T>,
  after?: (trx: Trx, result: T) => Promise<void>,
): Promise<T> {
  const key = await enterScope(trx, accountId, false);
  const queue: AfterScope[] = [];
  pendingAfterScope.set(trx, queue);
  let result: T;
  try {
    result = await fn(trx);
  } finally {
    pendingAfterScope.delete(trx);
  }
  // The connection's own role for the rest of this transaction.
  await leaveScope(trx, key);
  // What the application's own role keeps in step with the write (e.g. a promised date), before the scores.
  if (after) await after(trx, result);
  for (const work of queue) await work(trx);
  // Webhook events the portal action queued, into their outbox in this transaction.
  await writeQueuedWebhookEvents(trx);
  await refreshAccountScores(trx, accountId);
  return result;
}
