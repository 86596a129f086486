import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import type { MeetingBrief } from "#app/components/account-brief.tsx";
import { addDays } from "#app/domain/dates.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores, saveScoringSettings } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { database, db, replaceDatabase } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The account page runs on the administrator's scoring settings (the health
// bands, the predictability window of the health section and of the meeting's
// records), read once for the whole page.

const today = calendarDate();

/** What `f` returns, and how many statements it sent that name `table` (the app's database counts them meanwhile). */
async function countingStatements<T>(table: string, f: () => Promise<T>) {
  const current = database();
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery(args) {
      if (JSON.stringify(args.node).includes(`"${table}"`)) statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  replaceDatabase({ ...current, db: current.db.withPlugin(counter) });
  try {
    return { value: await f(), statements };
  } finally {
    replaceDatabase(current);
  }
}

describe("the account page's scoring settings", () => {
  it("runs on the saved settings, read once for the whole page", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const admin = await createUser(db(), { role: "admin" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
    await createExpectation(db(), { account_id: account.id, title: "Go-live", holder_stakeholder_id: dm.id, due_date: addDays(today, -10) });
    await db()
      .transaction()
      .execute((trx) => refreshAccountScores(trx, account.id));
    const saved: ScoringSettings = { ...DEFAULT_SCORING_SETTINGS, bands: { healthyFrom: 80, watchFrom: 55 }, predictabilityMonths: 24 };
    await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, saved, 0, admin.id));
    // A meeting with the decision maker: the brief gives their record over the same window.
    await db()
      .insertInto("planned_touchpoints")
      .values({
        account_id: account.id,
        kind: "meeting",
        title: "Steering group",
        planned_for: new Date(Date.now() + 2 * 86_400_000),
        stakeholder_ids: [dm.id],
        owner_id: owner.id,
      })
      .execute();
    const cookie = await sessionCookieFor(owner.id);

    const { value: res, statements } = await countingStatements("app_settings", () =>
      run(accountLoader, request(`/accounts/${account.id}`, { cookie }), { accountId: account.id }),
    );
    expect(statusOf(res)).toBe(200);
    const data = res.value as { health: AccountHealthView; brief: { meeting: MeetingBrief | null } };
    expect(data.health.bands).toEqual(saved.bands);
    // Stored over 12 months before the change, so worked out now over the saved 24.
    expect(data.health.predictability).toMatchObject({ source: "computed", months: 24, sample: 1 });
    expect(data.brief.meeting).toMatchObject({ title: "Steering group", months: 24 });
    expect(data.brief.meeting!.attendees).toEqual([expect.objectContaining({ id: dm.id, counts: expect.objectContaining({ promised: 1 }) })]);
    expect(statements).toBe(1);
  });
});
