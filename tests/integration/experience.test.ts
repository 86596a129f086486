import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as experienceLoader } from "#app/routes/_app.accounts.$accountId_.experience.tsx";
import { loader as timelineLoader } from "#app/routes/_app.accounts.$accountId_.timeline.tsx";
import { action as editTouchpointAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.$touchpointId.tsx";
import { action as newTouchpointAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { loader as portfolioExperienceLoader } from "#app/routes/_app.portfolio.experience.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type ExperienceData = Awaited<ReturnType<typeof experienceLoader>>;
type TimelineData = Awaited<ReturnType<typeof timelineLoader>>;
type PortfolioData = Awaited<ReturnType<typeof portfolioExperienceLoader>>;

const DAY = 86_400_000;
const today = calendarDate();
const ago = (days: number) => new Date(Date.now() - days * DAY);
const wall = (days: number) => `${addDays(today, -days)}T10:00`;

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const otherKam = await createUser(db(), { role: "kam", name: "Olli Other" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy" });
  const other = await createAccount(db(), { owner_id: otherKam.id, name: "Sisu Forest Oy" });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Asiakas", committee_role: "champion" });
  const bob = await createStakeholder(db(), { account_id: account.id, name: "Bob Buyer", committee_role: "economic_buyer" });
  return { kam, otherKam, director, account, other, anna, bob };
}

const openSignal = (accountId: string, rule: string) =>
  db()
    .selectFrom("risk_signals")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("rule", "=", rule)
    .where("resolved_at", "is", null)
    .executeTakeFirst();

async function logCase(kamId: string, accountId: string, fields: Record<string, string>) {
  const res = await run(
    newTouchpointAction,
    formRequest(
      `/accounts/${accountId}/touchpoints/new`,
      {
        intent: "create",
        kind: "support_case",
        title: "Login broken",
        case_severity: "normal",
        case_status: "resolved",
        case_sla_hours: "24",
        resolved: "yes",
        treatment: "1",
        ...fields,
      },
      await sessionCookieFor(kamId),
    ),
    { accountId },
  );
  expect(statusOf(res)).toBe(302);
}

describe("the solved-but-treated-badly signal", () => {
  it("fires when the second such case is logged, and clears when one is deleted", async () => {
    const w = await world();
    await logCase(w.kam.id, w.account.id, { occurred_at: wall(20), case_opened_at: wall(20), case_resolved_at: wall(19) });
    expect(await openSignal(w.account.id, "solved_treated_badly")).toBeUndefined();

    await logCase(w.kam.id, w.account.id, {
      title: "Invoice portal down",
      treatment: "2",
      occurred_at: wall(5),
      case_opened_at: wall(5),
      case_resolved_at: wall(4),
    });
    const raised = await openSignal(w.account.id, "solved_treated_badly");
    const latest = await db()
      .selectFrom("touchpoints")
      .select(["id", "version"])
      .where("account_id", "=", w.account.id)
      .where("title", "=", "Invoice portal down")
      .executeTakeFirstOrThrow();
    expect(raised).toMatchObject({ severity: "medium", evidence_kind: "touchpoint", evidence_id: latest.id });
    expect(raised!.params).toMatchObject({ count: 2, days: 90, title: "Invoice portal down" });

    // Treated badly but unresolved does not count; deleting one of the two ends the signal.
    await logCase(w.kam.id, w.account.id, { resolved: "no", case_status: "open", occurred_at: wall(3), case_opened_at: wall(3) });
    const res = await run(
      editTouchpointAction,
      formRequest(
        `/accounts/${w.account.id}/touchpoints/${latest.id}`,
        { intent: "delete", confirm: "yes", version: String(latest.version) },
        await sessionCookieFor(w.kam.id),
      ),
      { accountId: w.account.id, touchpointId: latest.id },
    );
    expect(statusOf(res)).toBe(302);
    expect(await openSignal(w.account.id, "solved_treated_badly")).toBeUndefined();
    const stored = await db().selectFrom("risk_signals").selectAll().where("id", "=", raised!.id).executeTakeFirstOrThrow();
    expect(stored.resolved_at).not.toBeNull();
  });

  it("clears as the cases age out of the window", async () => {
    const w = await world();
    for (const days of [30, 10]) {
      await createTouchpoint(db(), { account_id: w.account.id, kind: "support_case", occurred_at: ago(days), treatment: 2, resolved: "yes" });
    }
    await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id));
    expect(await openSignal(w.account.id, "solved_treated_badly")).toBeDefined();
    // 70 days later the older case is 100 days old: one left in 90 days.
    await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id, new Date(Date.now() + 70 * DAY)));
    expect(await openSignal(w.account.id, "solved_treated_badly")).toBeUndefined();
  });
});

describe("the account's Experience section", () => {
  it("shows the quadrants with what followed, and each cell's link lists exactly its touchpoints", async () => {
    const w = await world();
    const tp = async (days: number, treatment: number | null, resolved: string | null, people: string[] = [], extra = {}) => {
      const row = await createTouchpoint(db(), { account_id: w.account.id, kind: "support_case", occurred_at: ago(days), treatment, resolved, ...extra });
      if (people.length)
        await db()
          .insertInto("touchpoint_stakeholders")
          .values(people.map((id) => ({ account_id: w.account.id, touchpoint_id: row.id, stakeholder_id: id, occurred_at: row.occurred_at })))
          .execute();
      return row;
    };
    await tp(40, 5, "no", [w.anna.id]);
    await tp(30, 4, "partly");
    await tp(20, 1, "yes", [w.bob.id], { moment_of_truth: true });
    await tp(15, 3, "yes");
    await tp(12, 5, null, [], { positive_surprise: true, kind: "meeting" });
    await tp(400, 1, "no"); // outside 12 months
    const answer = (stakeholderId: string, kind: "nps" | "csat", score: number, days: number) =>
      db().insertInto("survey_responses").values({ account_id: w.account.id, stakeholder_id: stakeholderId, kind, score, answered_at: ago(days) }).execute();
    await answer(w.anna.id, "nps", 9, 38); // follows the first (Anna took part); before the second
    await answer(w.bob.id, "nps", 2, 18); // follows the second (no one recorded: anyone) and the third (Bob took part)

    const cookie = await sessionCookieFor(w.kam.id);
    const page = (await run(experienceLoader, request(`/accounts/${w.account.id}/experience`, { cookie }), { accountId: w.account.id }))
      .value as ExperienceData;
    const { quadrants, moments } = page.experience;
    expect(quadrants.cells.well_unresolved).toMatchObject({ touchpoints: 2, nps: { answers: 2, promoters: 1, detractors: 1, score: null } });
    expect(quadrants.cells.badly_resolved).toMatchObject({ touchpoints: 1, nps: { answers: 1, detractors: 1, score: null } });
    expect(quadrants.cells.well_resolved.touchpoints).toBe(0);
    expect(quadrants.cells.badly_unresolved.touchpoints).toBe(0);
    expect(quadrants.leftOut).toEqual({ treatedNeither: 1, noResolution: 1, noTreatment: 0 });
    expect(moments).toMatchObject({ momentsOfTruth: 1, positiveSurprises: 1, wentBadly: 1 });
    expect(moments.byKind[0]).toMatchObject({ kind: "support_case", touchpoints: 4, momentsOfTruth: 1, treatedBadly: 1, resolved: 1 });

    // The link behind a cell: the timeline filtered to the quadrant over the period.
    const { from, to } = page.experience.window;
    const listed = async (query: string) =>
      (
        (await run(timelineLoader, request(`/accounts/${w.account.id}/timeline?${query}&from=${from}&to=${to}`, { cookie }), { accountId: w.account.id }))
          .value as TimelineData
      ).timeline.touchpoints;
    expect(await listed("quadrant=well_unresolved")).toHaveLength(2);
    expect(await listed("quadrant=badly_resolved")).toHaveLength(1);
    expect(await listed("quadrant=well_resolved")).toHaveLength(0);
    expect(await listed("moment=truth")).toHaveLength(1);
    expect(await listed("moment=surprise")).toHaveLength(1);
    expect(await listed("moment=either")).toHaveLength(2);

    // A shorter period leaves the older ones out.
    const short = (await run(experienceLoader, request(`/accounts/${w.account.id}/experience?months=3`, { cookie }), { accountId: w.account.id }))
      .value as ExperienceData;
    expect(short.experience.months).toBe(3);
  });
});

describe("the portfolio's and a KAM's experience page", () => {
  it("pools the director's portfolio, holds a KAM to their own accounts, and lists a cell's touchpoints", async () => {
    const w = await world();
    await createTouchpoint(db(), { account_id: w.account.id, kind: "invoice", occurred_at: ago(10), treatment: 2, resolved: "yes", moment_of_truth: true });
    await createTouchpoint(db(), { account_id: w.other.id, kind: "invoice", occurred_at: ago(11), treatment: 1, resolved: "yes", moment_of_truth: true });
    await createTouchpoint(db(), { account_id: w.other.id, kind: "delivery", occurred_at: ago(12), treatment: 5, resolved: "yes" });

    const director = await sessionCookieFor(w.director.id);
    const all = (await run(portfolioExperienceLoader, request("/portfolio/experience?cell=badly_resolved", { cookie: director }))).value as PortfolioData;
    expect(all.experience.quadrants.cells.badly_resolved.touchpoints).toBe(2);
    expect(all.experience.quadrants.cells.well_resolved.touchpoints).toBe(1);
    expect(all.list!.map((r) => r.account_name).sort()).toEqual(["Kestilä Logistics Oy", "Sisu Forest Oy"]);
    expect(all.experience.moments.byKind[0]).toMatchObject({ kind: "invoice", momentsOfTruth: 2, wentBadly: 2 });

    const oneKam = (await run(portfolioExperienceLoader, request(`/portfolio/experience?kam=${w.otherKam.id}&kind=invoice`, { cookie: director })))
      .value as PortfolioData;
    expect(oneKam.kam?.name).toBe("Olli Other");
    expect(oneKam.experience.quadrants.classified).toBe(2);
    expect(oneKam.list!.map((r) => r.account_name)).toEqual(["Sisu Forest Oy"]);

    // A KAM asking for a colleague's accounts gets their own.
    const mine = (await run(portfolioExperienceLoader, request(`/portfolio/experience?kam=${w.otherKam.id}`, { cookie: await sessionCookieFor(w.kam.id) })))
      .value as PortfolioData;
    expect(mine.ownOnly).toBe(true);
    expect(mine.experience.quadrants.classified).toBe(1);
    expect(mine.experience.quadrants.cells.badly_resolved.touchpoints).toBe(1);
  });
});
