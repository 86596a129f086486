import type { Insertable, Kysely } from "kysely";
import type { AccountsTable, DB, ExpectationsTable, StakeholdersTable, TouchpointsTable, UsersTable } from "#db/schema.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { db as appDb } from "#app/utils/db.server.ts";
import { generateAccount, generatePortalUsers, generateUsers, kamsOf, SEED_SIZES, type SeedUser } from "#db/seed/generate.ts";
import { insertBatched, SeedLoader } from "#db/seed/load.ts";
import { expectationRow } from "#db/seed/rows.ts";

// Small factories for tests: each inserts one row with believable defaults and
// returns it. Overrides win. Where a test wants whole accounts as the demo has
// them (a committee, years of touchpoints, a ledger, surveys), loadGeneratedAccounts
// loads them with the demo generator itself (db/seed/), and expectations are
// built by the same row builder the generator uses.

let counter = 0;
const next = () => ++counter;
export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;
const testHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export async function createUser(db: Executor, overrides: Partial<Insertable<UsersTable>> = {}) {
  const n = next();
  return db
    .insertInto("users")
    .values({
      email: `user${n}@pohjola.example`,
      name: `User ${n}`,
      role: "kam",
      password_hash: await testHash(),
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createAccount(db: Executor, overrides: Partial<Insertable<AccountsTable>> & { owner_id: string }) {
  const n = next();
  return db
    .insertInto("accounts")
    .values({
      name: `Account ${n} Oy`,
      industry: "logistics",
      tier: "key",
      lifecycle_stage: "adoption",
      relationship_start: "2022-03-01",
      contract_value: "120000.00",
      renewal_date: "2027-06-30",
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createStakeholder(
  db: Executor,
  overrides: Partial<Insertable<StakeholdersTable>> & { account_id: string },
) {
  const n = next();
  return db
    .insertInto("stakeholders")
    .values({ name: `Person ${n}`, title: "Director", committee_role: "champion", influence: 3, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTouchpoint(
  db: Executor,
  overrides: Partial<Insertable<TouchpointsTable>> & { account_id: string },
) {
  const n = next();
  return db
    .insertInto("touchpoints")
    .values({ kind: "meeting", occurred_at: new Date(), title: `Touchpoint ${n}`, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The stakeholder took part in the touchpoint (the link carries the touchpoint's time, as the app writes it). */
export async function linkStakeholder(
  db: Executor,
  touchpoint: { account_id: string; id: string; occurred_at: Date | string },
  stakeholderId: string,
) {
  await db
    .insertInto("touchpoint_stakeholders")
    .values({
      account_id: touchpoint.account_id,
      touchpoint_id: touchpoint.id,
      stakeholder_id: stakeholderId,
      occurred_at: touchpoint.occurred_at,
    })
    .execute();
}

/** A customer user with portal access to one stakeholder's account. */
export async function createPortalUser(db: Executor, accountId: string, stakeholderId: string) {
  const user = await createUser(db, { role: "customer" });
  await db.insertInto("portal_access").values({ account_id: accountId, user_id: user.id, stakeholder_id: stakeholderId }).execute();
  return user;
}

/**
 * An open expectation, due in 30 days unless told otherwise; original_due_date
 * follows due_date. It is recorded as a promise is made: ahead of its date (30
 * days before its original due date, or now when that is earlier) unless
 * `created_at` is given. One recorded on or after its date counts as
 * predictable only once the customer confirms it (app/domain/predictability.ts).
 */
export async function createExpectation(db: Executor, overrides: Partial<Insertable<ExpectationsTable>> & { account_id: string }) {
  const n = next();
  const due = overrides.due_date ?? new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const ahead = Date.parse(`${overrides.original_due_date ?? due}T09:00:00Z`) - 30 * 86_400_000;
  const created_at = overrides.created_at ?? new Date(Math.min(ahead, Date.now()));
  return db
    .insertInto("expectations")
    .values(expectationRow({ title: `Expectation ${n}`, category: "delivery", source: "contract", importance: 2, created_at, ...overrides, due_date: due }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A personal read-write API token of `user`, made as the token page makes one: its secret, for a bearer header. */
export async function createPersonalToken(user: Actor): Promise<string> {
  const { token } = await appDb()
    .transaction()
    .execute((trx) => createApiToken(trx, user, { name: "mine", scope: "read_write", userId: user.id }));
  return token;
}

export interface GeneratedAccounts {
  users: SeedUser[];
  portalUsers: (SeedUser | undefined)[];
  /** Rows generated, per table (the generator's names: touchpoints, expectations, …). */
  generated: Record<string, number>;
  /** Rows written, per database table. */
  loaded: Record<string, number>;
}

/**
 * The first `accounts` accounts of the demo generator for (seed, today), loaded
 * as `npm run db:seed` loads them: the internal users, a portal user for each
 * of the first `portalAccounts`, then each account's rows in foreign-key order
 * (a smaller `flushAt` writes them in more transactions).
 */
export async function loadGeneratedAccounts(
  db: Kysely<DB>,
  options: { seed: number; today: Date; accounts: number; portalAccounts?: number; passwordHash?: string; flushAt?: number },
): Promise<GeneratedAccounts> {
  const hash = options.passwordHash ?? "not-a-real-hash";
  const users = generateUsers(SEED_SIZES.demo, options.seed, hash);
  const base = { size: SEED_SIZES.demo, seed: options.seed, today: options.today, kams: kamsOf(users) };
  const portalUsers = generatePortalUsers(base, hash, options.portalAccounts ?? 0);
  await insertBatched(db, "users", [...users, ...portalUsers.filter((u) => u !== undefined)]);
  const loader = new SeedLoader(db, options.flushAt ?? 50_000);
  const generated: Record<string, number> = {};
  for (let i = 0; i < options.accounts; i++) {
    const rows = generateAccount(i, { ...base, portalUsers });
    for (const [table, list] of Object.entries(rows)) generated[table] = (generated[table] ?? 0) + (Array.isArray(list) ? list.length : 1);
    await loader.add(rows);
  }
  await loader.flush();
  await loader.close();
  return { users, portalUsers, generated, loaded: loader.counts };
}

/**
 * The customer confirms every notice of the account's re-plans still unanswered
 * (app/domain/notice.ts), as the portal records it, then the promised dates and
 * scores follow: for tests about what a notice does once it stands.
 */
export async function confirmNotices(accountId: string) {
  const { db } = await import("#app/utils/db.server.ts");
  const { syncPromisedDates } = await import("#app/models/promised-dates.server.ts");
  const { refreshAccountScores } = await import("#app/models/scores.server.ts");
  await db()
    .transaction()
    .execute(async (trx) => {
      const open = await trx
        .selectFrom("expectation_changes as c")
        .select(["c.id", "c.expectation_id"])
        .where("c.account_id", "=", accountId)
        .where("c.kind", "=", "replanned")
        .where("c.customer_notified", "=", true)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("expectation_changes as a").select("a.id").whereRef("a.account_id", "=", "c.account_id").whereRef("a.replan_id", "=", "c.id"))),
        )
        .execute();
      for (const r of open) {
        await trx
          .insertInto("expectation_changes")
          .values({ account_id: accountId, expectation_id: r.expectation_id, kind: "notice_confirmed", replan_id: r.id })
          .execute();
      }
      await syncPromisedDates(trx, accountId, open.map((r) => r.expectation_id));
      await refreshAccountScores(trx, accountId);
    });
}
