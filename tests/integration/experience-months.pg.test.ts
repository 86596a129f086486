import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { loadExperience, type ExperienceScope } from "#app/models/experience.server.ts";
import { refreshExperienceMonths } from "#app/models/experience-months.server.ts";
import { db } from "#app/utils/db.server.ts";
import { experienceInMemory, portfolioMonthsDrift } from "#tests/factories/experience.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";

// On a server several readers count stale months at once, beside writers that
// mark more and an administrator archiving an account. They take turns by an
// advisory lock, chunk by chunk; nothing may be counted twice or lost: the
// portfolio's sums must equal the live accounts' months, and every scope's
// figures the domain's in memory (this file runs only with TEST_DATABASE_URL).

const DAY = 86_400_000;
const today = calendarDate();
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe("the stored experience months, counted by several readers at once", () => {
  it("count every marked month once, whatever else is written meanwhile", async () => {
    const kams = [await createUser(db(), { role: "kam" }), await createUser(db(), { role: "kam" })];
    const accounts: { id: string; person: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const account = await createAccount(db(), { owner_id: kams[i % 2]!.id });
      const person = await createStakeholder(db(), { account_id: account.id, name: `P${i}` });
      accounts.push({ id: account.id, person: person.id });
    }
    const write = async (n: number) => {
      const a = accounts[n % accounts.length]!;
      await createTouchpoint(db(), { account_id: a.id, kind: n % 2 ? "meeting" : "call", occurred_at: ago(n * 9), treatment: 1 + (n % 5), resolved: n % 3 ? "yes" : "no", moment_of_truth: n % 4 === 0 });
      await db().insertInto("survey_responses").values({ account_id: a.id, stakeholder_id: a.person, kind: "nps", score: n % 11, answered_at: ago(n * 9 - 1) }).execute();
    };
    for (let n = 1; n <= 40; n++) await write(n);

    const scopes: ExperienceScope[] = [{ ownerId: null }, { ownerId: kams[0]!.id }, { ownerId: kams[1]!.id }, { accountId: accounts[3]!.id }];
    // Four readers counting 3 pairs a transaction, while more is written, one account is archived and restored,
    // another archived and a third deleted.
    await Promise.all([
      ...scopes.map((scope) => refreshExperienceMonths(db(), { scope, followDays: 30, now, chunk: 3 })),
      (async () => {
        for (let n = 41; n <= 50; n++) await write(n);
        await db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", accounts[5]!.id).execute();
        await db().updateTable("accounts").set({ archived_at: null }).where("id", "=", accounts[5]!.id).execute();
        await db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", accounts[6]!.id).execute();
        await db().deleteFrom("accounts").where("id", "=", accounts[7]!.id).execute();
      })(),
      ...scopes.map((scope) => loadExperience(db(), scope, { today, months: 12, now })),
    ]);

    // The portfolio's sums are exactly the live accounts' counted months.
    await refreshExperienceMonths(db(), { scope: { ownerId: null }, followDays: 30, now });
    expect(await portfolioMonthsDrift()).toEqual([]);
    // Every scope equals the domain's figures from the rows.
    for (const scope of scopes) {
      const stored = await loadExperience(db(), scope, { today, months: 12, now });
      const reference = await experienceInMemory(scope, { today, months: 12, followDays: 30, now });
      expect(stored.quadrants, JSON.stringify(scope)).toEqual(reference.quadrants);
      expect(stored.moments, JSON.stringify(scope)).toEqual(reference.moments);
    }
    expect((await loadExperience(db(), { ownerId: null }, { today, months: 12, now })).moments.touchpoints).toBeGreaterThan(0);
  });
});
