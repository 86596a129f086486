import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "#db/connection.ts";
import { rescoreAllAccounts } from "#app/models/scores.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";

// Several accounts scored at once really go side by side on a server: an
// account held by another transaction holds up its own lane only. With one lane
// the same held row would stop every account after it (this file runs only with
// TEST_DATABASE_URL). Nothing here is timed: the test waits for the other
// accounts' scores to appear, then lets the held one go.

const appUrl = process.env.DATABASE_URL!;
let admin: postgres.Sql;

beforeAll(() => {
  admin = postgres(appUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await admin.end();
});

describe("rescoring several accounts at once", () => {
  it("scores the other accounts while one is held by another transaction", async ({ signal }) => {
    const owner = await createUser(db(), { role: "kam" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const account = await createAccount(db(), { owner_id: owner.id, name: `Lukittu ${i} Oy` });
      await createTouchpoint(db(), { account_id: account.id, kind: "call", sentiment: 1 });
      ids.push(account.id);
    }
    const [first, ...others] = ids.sort();
    // Lock waits are not cut short here (the test's own limit bounds them): the held account's lane waits for the lock.
    const patient = createDatabase({ url: appUrl, lockTimeoutMs: 600_000, statementTimeoutMs: 600_000 });
    const holder = await admin.reserve();
    try {
      await holder`begin`;
      await holder`select id from accounts where id = ${first!} for update`;
      const scoring = rescoreAllAccounts(patient.db, new Date(), { concurrency: 2 });
      let scoredOthers: string[] = [];
      // Until they are all there (or the test's own time limit ends the wait: then the lock is let go and it fails).
      while (scoredOthers.length < others.length && !signal.aborted) {
        await new Promise((r) => setTimeout(r, 50));
        const rows = await admin<{ account_id: string }[]>`select account_id from account_scores order by account_id`;
        scoredOthers = rows.map((r) => r.account_id);
      }
      // Every other account is scored while the first is still held; the first is not.
      expect(scoredOthers).toEqual(others);
      await holder`rollback`;
      expect(await scoring).toBe(5);
      const rows = await admin<{ account_id: string }[]>`select account_id from account_scores order by account_id`;
      expect(rows.map((r) => r.account_id)).toEqual([first, ...others]);
    } finally {
      await holder`rollback`.catch(() => {});
      holder.release();
      await patient.close();
    }
  });
});
