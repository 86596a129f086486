import { CompiledQuery, sql, type Insertable } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { getPortalPredictability } from "#app/models/portal.server.ts";
import { kamComparison, knownValues, listPortfolio, type PortfolioScope } from "#app/models/portfolio.server.ts";
import { formatters } from "#app/i18n/index.ts";
import { rollUpClosedMonths } from "#app/models/portfolio-trends.server.ts";
import { listRiskInbox } from "#app/models/risk-inbox.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { listSurprises } from "#app/models/surprises.server.ts";
import { computePredictability } from "#app/domain/predictability.ts";
import { loader as kamLoader } from "#app/routes/_app.portfolio.kams.$userId.tsx";
import { loader as portfolioLoader } from "#app/routes/_app.portfolio._index.tsx";
import { loader as surprisesLoader } from "#app/routes/_app.portfolio.surprises.tsx";
import { loader as trendsLoader } from "#app/routes/_app.portfolio.trends.tsx";
import { action as risksAction, loader as risksLoader } from "#app/routes/_app.risks.tsx";
import { loader as csvLoader } from "#app/routes/portfolio[.]csv.ts";
import { PORTFOLIO_SORTS } from "#app/schemas/portfolio.ts";
import { db } from "#app/utils/db.server.ts";
import type { AccountScoresTable, RiskSignalsTable } from "#db/schema.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type PortfolioData = Awaited<ReturnType<typeof portfolioLoader>>;
type RisksData = Awaited<ReturnType<typeof risksLoader>>;
type KamData = Awaited<ReturnType<typeof kamLoader>>;
type TrendsData = Awaited<ReturnType<typeof trendsLoader>>;
type SurprisesData = Awaited<ReturnType<typeof surprisesLoader>>;

const today = calendarDate();
const day = (n: number) => addDays(today, n);

function score(accountId: string, values: Omit<Partial<Insertable<AccountScoresTable>>, "account_id"> = {}) {
  return db()
    .insertInto("account_scores")
    .values({ account_id: accountId, ...values })
    .execute();
}

let signalCounter = 0;
async function signal(
  accountId: string,
  values: Partial<Insertable<RiskSignalsTable>> & Pick<Insertable<RiskSignalsTable>, "severity">,
) {
  signalCounter += 1;
  return db()
    .insertInto("risk_signals")
    .values({
      account_id: accountId,
      key: `renewal_at_risk:${signalCounter}`,
      rule: "renewal_at_risk",
      params: { renewalDate: day(40), daysToRenewal: 40, health: 30, watchFrom: 40 } as unknown as Insertable<RiskSignalsTable>["params"],
      evidence_kind: "account",
      evidence_id: accountId,
      ...values,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function people() {
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const kam1 = await createUser(db(), { role: "kam", name: "Aino Kam" });
  const kam2 = await createUser(db(), { role: "kam", name: "Bertta Kam" });
  return { director, kam1, kam2 };
}

/** Eight accounts with a spread of scores, ties and unknowns; one archived, one not scored. */
async function portfolio() {
  const p = await people();
  const mk = (name: string, owner: string, extra: Parameters<typeof createAccount>[1] extends infer T ? Partial<T> : never = {}) =>
    createAccount(db(), { owner_id: owner, name, ...extra });
  const a = await mk("Alfa Oy", p.kam1.id, { tier: "strategic", contract_value: "500000.00", renewal_date: day(20) });
  const b = await mk("Beta Oy", p.kam1.id, { tier: "key", contract_value: "100000.50", renewal_date: day(100) });
  const c = await mk("Gamma Oy", p.kam2.id, { tier: "key", contract_value: null, renewal_date: null, lifecycle_stage: "renewal" });
  const d = await mk("Delta Oy", p.kam2.id, { tier: "growth", contract_value: "250000.00", renewal_date: day(60) });
  const e = await mk("Epsilon Oy", p.kam1.id, { tier: "standard", contract_value: "40000.00", renewal_date: day(400) });
  const f = await mk("Zeta, \"Quoted\" Oy", p.kam2.id, { tier: "key", contract_value: "75000.25", renewal_date: day(10) });
  const unscored = await mk("Eta Oy", p.kam1.id, { tier: "growth", contract_value: "10000.00", renewal_date: day(5) });
  const archived = await mk("Archived Oy", p.kam1.id, { archived_at: new Date() });
  // Predictability with the counts behind it: weights (importance sums) differ from samples.
  const counts = (sample: number, weight: number, predictableWeight: number, surprises: number) => ({
    predictability_sample: sample,
    predictability_weight: weight,
    predictable_weight: predictableWeight,
    predictability_surprises: surprises,
  });
  await score(a.id, { health: "35.0", band: "at_risk", predictability: "0.5000", ...counts(4, 10, 5, 2), nps: -20, nps_respondents: 5, coverage: "0.5000", open_signals: 3, single_threaded: true });
  await score(b.id, { health: "62.5", band: "watch", predictability: "0.8000", ...counts(10, 15, 12, 2), nps: 10, nps_respondents: 2, coverage: "0.7500", open_signals: 1 });
  await score(c.id, { health: null, band: null, predictability: null, predictability_sample: 0, nps: null, coverage: null, open_signals: 0 });
  await score(d.id, { health: "62.5", band: "watch", predictability: "0.9000", ...counts(20, 40, 36, 2), nps: 40, nps_respondents: 6, coverage: "1.0000", open_signals: 0 });
  await score(e.id, { health: "80.0", band: "healthy", predictability: "1.0000", ...counts(3, 3, 3, 0), nps: 60, nps_respondents: 3, coverage: "0.2500", open_signals: 2 });
  await score(f.id, { health: "20.0", band: "at_risk", predictability: "0.2500", ...counts(8, 16, 4, 6), nps: -50, nps_respondents: 4, coverage: "0.5000", open_signals: 4 });
  await score(archived.id, { health: "10.0", band: "at_risk" });
  return { ...p, a, b, c, d, e, f, unscored, archived };
}

async function get<T>(loader: (args: never) => unknown, path: string, userId: string, params: Record<string, string> = {}) {
  const res = await run(loader as never, request(path, { cookie: await sessionCookieFor(userId) }), params);
  return { status: statusOf(res), data: res.value as T, res };
}

/** Walks every page of a sort and returns the rows in order. */
async function walk(scope: PortfolioScope, sort: (typeof PORTFOLIO_SORTS)[number], dir: "asc" | "desc", limit: number) {
  const rows: Awaited<ReturnType<typeof listPortfolio>>["accounts"] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Awaited<ReturnType<typeof listPortfolio>> = await listPortfolio(db(), scope, { sort, dir, cursor, limit });
    rows.push(...page.accounts);
    if (!page.nextCursor) return rows;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

function comparable(v: string | number | null): string | number | null {
  if (v == null) return null;
  if (typeof v === "number") return v;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

describe("Portfolio", () => {
  it("pages every live account exactly once for every column, both ways, unknown values last", async () => {
    const w = await portfolio();
    const live = [w.a, w.b, w.c, w.d, w.e, w.f, w.unscored].map((x) => x.id).sort();
    const scope: PortfolioScope = { today };
    for (const sort of PORTFOLIO_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        for (const limit of [1, 2, 3, 50]) {
          const rows = await walk(scope, sort, dir, limit);
          const ids = rows.map((r) => r.id);
          expect([sort, dir, limit, [...ids].sort()]).toEqual([sort, dir, limit, live]);
          // Known values in order (ties by id in the same direction), unknown values after them.
          const values = rows.map((r) => comparable(r.sort_value));
          const firstNull = values.indexOf(null);
          if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
          for (let i = 1; i < rows.length; i++) {
            const [p, q] = [values[i - 1], values[i]];
            if (p == null || q == null) continue;
            const order = p < q ? -1 : p > q ? 1 : rows[i - 1]!.id < rows[i]!.id ? -1 : 1;
            expect([sort, dir, order]).toEqual([sort, dir, dir === "asc" ? -1 : 1]);
          }
        }
      }
    }
    // Health ascending: worst first, ties (62.5) by id, the two unknown last.
    const byHealth = await walk(scope, "health", "asc", 2);
    expect(byHealth.slice(0, 2).map((r) => r.name)).toEqual(["Zeta, \"Quoted\" Oy", "Alfa Oy"]);
    expect(new Set(byHealth.slice(-2).map((r) => r.name))).toEqual(new Set(["Gamma Oy", "Eta Oy"]));
  });

  it("serves 50 a page through the route, keeping the sort and filters in the cursor's URL", async () => {
    const { director, kam1 } = await people();
    for (let i = 0; i < 55; i++) {
      const acc = await createAccount(db(), { owner_id: kam1.id, name: `Bulk ${String(i).padStart(2, "0")} Oy` });
      if (i % 5 !== 0) await score(acc.id, { health: String(i % 7 * 10), band: "watch" });
    }
    const first = await get<PortfolioData>(portfolioLoader, "/portfolio?sort=health&dir=desc", director.id);
    expect(first.status).toBe(200);
    expect(first.data.accounts).toHaveLength(50);
    expect(first.data.nextCursor).toBeTruthy();
    const second = await get<PortfolioData>(portfolioLoader, `/portfolio?sort=health&dir=desc&cursor=${first.data.nextCursor}`, director.id);
    expect(second.data.accounts).toHaveLength(5);
    expect(second.data.nextCursor).toBeNull();
    const ids = [...first.data.accounts, ...second.data.accounts].map((r) => r.id);
    expect(new Set(ids).size).toBe(55);
    expect(second.data.accounts.every((r) => r.health === null)).toBe(true);
    // A cursor made for another sort is not applied to this one.
    const other = await get<PortfolioData>(portfolioLoader, `/portfolio?sort=name&cursor=${first.data.nextCursor}`, director.id);
    expect(other.data.accounts[0]!.name).toBe("Bulk 00 Oy");

    // Rows per page from the URL, one of the offered sizes; any other is dropped.
    const tens: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: PortfolioData } = await get<PortfolioData>(portfolioLoader, `/portfolio?sort=name&size=10${cursor ? `&cursor=${cursor}` : ""}`, director.id);
      expect(page.data.accounts.length).toBeLessThanOrEqual(10);
      tens.push(...page.data.accounts.map((r) => r.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(new Set(tens).size).toBe(55);
    expect(tens).toHaveLength(55);
    const odd = await get<PortfolioData>(portfolioLoader, "/portfolio?size=7", director.id);
    expect([odd.data.view.size, odd.data.accounts.length]).toEqual([undefined, 50]);
  });

  it("filters by band, KAM, tier, stage and renewal window, with totals and value at risk over the filtered set", async () => {
    const w = await portfolio();
    const names = (d: PortfolioData) => d.accounts.map((r) => r.name).sort();

    const all = await get<PortfolioData>(portfolioLoader, "/portfolio", w.director.id);
    expect(all.data.accounts).toHaveLength(7);
    expect(all.data.totals.all.accounts).toBe(7);
    expect(all.data.totals.bands.at_risk).toEqual({ accounts: 2, value: [{ currency: "EUR", amount: "575000.25" }] });
    expect(all.data.totals.bands.watch).toEqual({ accounts: 2, value: [{ currency: "EUR", amount: "350000.50" }] });
    expect(all.data.totals.bands.healthy.accounts).toBe(1);
    // Gamma (scored, unknown health, no value) and Eta (never scored).
    expect(all.data.totals.bands.unscored).toEqual({ accounts: 2, value: [{ currency: "EUR", amount: "10000.00" }] });
    expect(all.data.totals.valueAtRisk).toEqual([{ currency: "EUR", amount: "575000.25" }]);
    expect(all.data.totals.all.value).toEqual([{ currency: "EUR", amount: "975000.75" }]);

    const atRisk = await get<PortfolioData>(portfolioLoader, "/portfolio?band=at_risk", w.director.id);
    expect(names(atRisk.data)).toEqual(["Alfa Oy", "Zeta, \"Quoted\" Oy"]);
    expect(atRisk.data.totals.all.accounts).toBe(2);

    const kam2 = await get<PortfolioData>(portfolioLoader, `/portfolio?kam=${w.kam2.id}`, w.director.id);
    expect(names(kam2.data)).toEqual(["Delta Oy", "Gamma Oy", "Zeta, \"Quoted\" Oy"]);
    expect(kam2.data.totals.valueAtRisk).toEqual([{ currency: "EUR", amount: "75000.25" }]);
    expect(kam2.data.kams.map((k) => k.kam_name)).toEqual(["Bertta Kam"]);

    const keyTier = await get<PortfolioData>(portfolioLoader, "/portfolio?tier=key", w.director.id);
    expect(names(keyTier.data)).toEqual(["Beta Oy", "Gamma Oy", "Zeta, \"Quoted\" Oy"]);

    const stage = await get<PortfolioData>(portfolioLoader, "/portfolio?stage=renewal", w.director.id);
    expect(names(stage.data)).toEqual(["Gamma Oy"]);

    const renewal = await get<PortfolioData>(portfolioLoader, "/portfolio?renewal=30", w.director.id);
    expect(names(renewal.data)).toEqual(["Alfa Oy", "Eta Oy", "Zeta, \"Quoted\" Oy"]);
    const renewal90 = await get<PortfolioData>(portfolioLoader, "/portfolio?renewal=90&band=at_risk", w.director.id);
    expect(names(renewal90.data)).toEqual(["Alfa Oy", "Zeta, \"Quoted\" Oy"]);

    // A broken filter is dropped, the valid ones kept.
    const broken = await get<PortfolioData>(portfolioLoader, "/portfolio?band=purple&tier=key&renewal=45&sort=nonsense", w.director.id);
    expect(broken.status).toBe(200);
    expect(broken.data.view.band).toBeUndefined();
    expect(broken.data.view.sort).toBe("health");
    expect(names(broken.data)).toEqual(["Beta Oy", "Gamma Oy", "Zeta, \"Quoted\" Oy"]);
  });

  it("gives a KAM's mean health exactly, whichever bands its accounts sit in", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Tarkka Kam" });
    const watch = await createAccount(db(), { owner_id: kam.id, name: "Vahti Oy" });
    const healthy = await createAccount(db(), { owner_id: kam.id, name: "Terve Oy" });
    await score(watch.id, { health: "60.3", band: "watch" });
    await score(healthy.id, { health: "70.6", band: "healthy" });
    // (60.3 + 70.6) / 2 = 65.45, shown as 65.5. The two bands' sums added as floating point
    // numbers made 130.89999999999998, shown as 65.4. Stored sums, one owner's, and a filtered view (scanned).
    const scopes: PortfolioScope[] = [{ today }, { today, ownerId: kam.id }, { today, q: "Oy" }];
    for (const scope of scopes) {
      const row = (await kamComparison(db(), scope)).find((k) => k.kam_id === kam.id)!;
      expect(row.avg_health, JSON.stringify(scope)).toBe("65.5");
    }
  });

  it("shows an account's predictability as its own page does, from the weights, not the stored four places", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Tarkka Kam" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Viisikymmentä Oy" });
    // 51 of 101 is 50.495 %: the account page shows 50 %. Stored to four places it is 0.5050, which showed 51 %.
    await score(account.id, { predictability: "0.5050", predictable_weight: 51, predictability_weight: 101, predictability_sample: 40 });
    const { data } = await get<PortfolioData>(portfolioLoader, "/portfolio", kam.id);
    const row = data.accounts.find((a) => a.id === account.id)!;
    expect(row.predictability_share).toBe(51 / 101);
    expect(formatters("en").percent(row.predictability_share)).toBe("50%");
    expect((await getPortalPredictability(db(), account.id))!.value).toBe(51 / 101);
  });

  it("sorts predictability on the share it shows, not on the stored four places where two shares tie", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Järjestys Kam" });
    const [low, high] = [
      await createAccount(db(), { owner_id: kam.id, name: "Ensimmäinen Oy" }),
      await createAccount(db(), { owner_id: kam.id, name: "Toinen Oy" }),
    ].sort((x, y) => (x.id < y.id ? 1 : -1));
    // 51 of 101 (50.495 %, shown 50 %) and 101 of 200 (50.5 %, shown 51 %) are both 0.5050 stored.
    // The stored tie breaks by id, descending here: the lower share (given the larger id) would come first.
    await score(low!.id, { predictability: "0.5050", predictable_weight: 51, predictability_weight: 101, predictability_sample: 40 });
    await score(high!.id, { predictability: "0.5050", predictable_weight: 101, predictability_weight: 200, predictability_sample: 60 });
    const scope: PortfolioScope = { today, ownerId: kam.id };
    const desc = await walk(scope, "predictability", "desc", 1);
    expect(desc.map((r) => formatters("en").percent(r.predictability_share))).toEqual(["51%", "50%"]);
    expect(desc.map((r) => r.id)).toEqual([high!.id, low!.id]);
    expect((await walk(scope, "predictability", "asc", 1)).map((r) => r.id)).toEqual([low!.id, high!.id]);
    // The whole portfolio walks the same order on its index.
    const all = await walk({ today }, "predictability", "desc", 2);
    expect(all.map((r) => r.id).filter((id) => id === low!.id || id === high!.id)).toEqual([high!.id, low!.id]);
  });

  it("walks the predictability share's own index in order for a page, with no sort, either way", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Indeksi Kam" });
    await sql`
      with a as (
        insert into accounts (name, owner_id) select 'Share ' || i, ${kam.id}::uuid from generate_series(1, 3000) as i returning id
      )
      insert into account_scores (account_id, predictable_weight, predictability_weight, predictability)
      select id, w, 10, round(w / 10.0, 4) from (select id, (random() * 10)::int as w from a) as x`.execute(db());
    await sql`analyze accounts`.execute(db());
    await sql`analyze account_scores`.execute(db());
    type PlanNode = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: PlanNode[] };
    const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
    for (const dir of ["asc", "desc"] as const) {
      for (const after of [null, [0.5, "00000000-0000-0000-0000-000000000000"] as [number, string]]) {
        const compiled = knownValues(db(), { today }, "predictability", dir, after, 51).compile();
        const { rows } = await db().executeQuery<{ "QUERY PLAN": unknown }>(
          CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
        );
        const plan = (rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
        const scores = nodes(plan).filter((n) => n["Relation Name"] === "account_scores");
        expect([dir, after, scores.map((n) => n["Index Name"])]).toEqual([dir, after, ["account_scores_predictability_share_idx"]]);
        expect([dir, after, nodes(plan).filter((n) => n["Node Type"] === "Sort").length]).toEqual([dir, after, 0]);
      }
    }
  });

  it("compares KAMs with their samples", async () => {
    const w = await portfolio();
    const { data } = await get<PortfolioData>(portfolioLoader, "/portfolio", w.director.id);
    const aino = data.kams.find((k) => k.kam_id === w.kam1.id)!;
    // Alfa 35, Beta 62.5, Epsilon 80; Eta not scored.
    expect(aino.accounts).toBe(4);
    expect(aino.scored).toBe(3);
    expect(Number(aino.avg_health)).toBeCloseTo(59.2, 1);
    // Pooled by importance weight: (5 + 12 + 3) / (10 + 15 + 3) — not the sample-weighted mean of the values (13 / 17).
    expect(aino.predictability.value).toBeCloseTo(20 / 28, 10);
    expect(aino.predictability.sample).toBe(17);
    expect(aino.predictability.fewData).toBe(false);
    // The page gets only the figures the comparison shows; the model's row has the rest.
    expect(Object.keys(aino.predictability).sort()).toEqual(["fewData", "sample", "value"]);
    const ainoRow = (await kamComparison(db(), { today })).find((k) => k.kam_id === w.kam1.id)!;
    expect(ainoRow.predictability).toMatchObject({ value: aino.predictability.value, sample: 17, surprises: 4 });
    // The whole portfolio's figure is the same sum over every live account.
    expect(data.predictability.value).toBeCloseTo((5 + 12 + 36 + 3 + 4) / (10 + 15 + 40 + 3 + 16), 10);
    expect(data.predictability.sample).toBe(45);
    expect(data.predictability.surprises).toBe(12);
    // (−20·5 + 10·2 + 60·3) / 10
    expect(Number(aino.nps)).toBe(10);
    expect(aino.nps_respondents).toBe(10);
    expect(aino.open_signals).toBe(6);
    expect(aino.at_risk).toBe(1);
  });

  it("shows the 30-day health trend from the snapshots", async () => {
    const w = await portfolio();
    await db()
      .insertInto("health_snapshots")
      .values([
        { account_id: w.a.id, day: day(-31), health: "50.0", band: "watch" },
        { account_id: w.a.id, day: day(-5), health: "20.0", band: "at_risk" },
        { account_id: w.e.id, day: day(-60), health: "70.0", band: "healthy" },
        { account_id: w.b.id, day: day(-30), health: "61.0", band: "watch" },
        // Too recent to compare with.
        { account_id: w.d.id, day: day(-10), health: "30.0", band: "at_risk" },
      ])
      .execute();
    const { data } = await get<PortfolioData>(portfolioLoader, "/portfolio?sort=name", w.director.id);
    const delta = (id: string) => data.accounts.find((r) => r.id === id)!.health_delta;
    expect(Number(delta(w.a.id))).toBe(-15);
    expect(Number(delta(w.e.id))).toBe(10);
    expect(Number(delta(w.b.id))).toBe(1.5);
    expect(delta(w.d.id)).toBeNull();
  });

  it("limits a KAM to their own accounts, with no comparison of colleagues; refuses portal users", async () => {
    const w = await portfolio();
    const mine = await get<PortfolioData>(portfolioLoader, `/portfolio?kam=${w.kam2.id}`, w.kam1.id);
    expect(mine.status).toBe(200);
    expect(mine.data.ownOnly).toBe(true);
    expect(mine.data.accounts.map((r) => r.name).sort()).toEqual(["Alfa Oy", "Beta Oy", "Epsilon Oy", "Eta Oy"]);
    expect(mine.data.kams).toEqual([]);
    expect(mine.data.managers).toEqual([]);
    expect(mine.data.totals.all.accounts).toBe(4);

    const stakeholder = await createStakeholder(db(), { account_id: w.a.id });
    const customer = await createPortalUser(db(), w.a.id, stakeholder.id);
    for (const [loader, path, params] of [
      [portfolioLoader, "/portfolio", {}],
      [risksLoader, "/risks", {}],
      [csvLoader, "/portfolio.csv", {}],
      [kamLoader, `/portfolio/kams/${w.kam1.id}`, { userId: w.kam1.id }],
    ] as const) {
      const res = await get(loader, path, customer.id, params);
      expect([path, res.status]).toEqual([path, 403]);
    }
    const anonymous = await run(portfolioLoader, request("/portfolio"));
    expect(statusOf(anonymous)).toBe(302);
  });
});

/** Scores the accounts as every write does (refreshAccountScores in a transaction). */
async function rescore(...accountIds: string[]) {
  for (const id of accountIds) await db().transaction().execute((trx) => refreshAccountScores(trx, id));
}

describe("Per-KAM view", () => {
  it("shows the KAM's accounts, pooled predictability with its surprises, overdue expectations, signals and activity", async () => {
    const w = await portfolio();
    // Alfa: one kept on time (weight 3) and one missed (weight 1); Beta: one open past due (weight 2).
    await createExpectation(db(), { account_id: w.a.id, importance: 3, due_date: day(-40), status: "resolved", outcome: "kept", delivered_on: day(-41) });
    const missed = await createExpectation(db(), { account_id: w.a.id, importance: 1, due_date: day(-20), status: "resolved", outcome: "missed", title: "Training plan" });
    const overdue = await createExpectation(db(), { account_id: w.b.id, importance: 2, due_date: day(-3), title: "Pilot report" });
    await createExpectation(db(), { account_id: w.d.id, importance: 2, due_date: day(-3), title: "Not hers" });
    await rescore(w.a.id, w.b.id, w.d.id, w.e.id);
    // Only the signals set up here.
    await db().deleteFrom("risk_signals").execute();
    await signal(w.a.id, { severity: "high" });
    await signal(w.d.id, { severity: "high" });
    await createTouchpoint(db(), { account_id: w.a.id, author_id: w.kam1.id, title: "Logged call", kind: "call" });
    await createTouchpoint(db(), { account_id: w.a.id, author_id: w.kam1.id, title: "Long ago", recorded_at: new Date(Date.now() - 40 * 86_400_000) });

    const { status, data } = await get<KamData>(kamLoader, `/portfolio/kams/${w.kam1.id}?sort=name`, w.director.id, { userId: w.kam1.id });
    expect(status).toBe(200);
    expect(data.kam.name).toBe("Aino Kam");
    expect(data.accounts.map((r) => r.name)).toEqual(["Alfa Oy", "Beta Oy", "Epsilon Oy", "Eta Oy"]);
    expect(data.months).toBe(12);
    expect(data.predictability.sample).toBe(3);
    // Kept (3) predictable; missed (1) and overdue (2) surprises: 3 / 6.
    expect(data.predictability.value).toBeCloseTo(0.5, 5);
    expect(data.predictability.surprises).toBe(2);
    expect(data.predictability.fewData).toBe(true);
    // Plain on-time rate and lateness: the one delivery came a day early.
    expect([data.predictability.onTime, data.predictability.delivered, data.predictability.onTimeRate]).toEqual([1, 1, 1]);
    expect(data.predictability.meanLatenessDays).toBeNull();
    // The surprises behind it, newest due date first, each with why.
    expect(data.surprises.map((x) => [x.expectation_id, x.reason, x.account_id])).toEqual([
      [overdue.id, "overdue", w.b.id],
      [missed.id, "missed", w.a.id],
    ]);
    expect(data.surprises[0]!.days_late).toBe(3);
    expect(data.overdue.count).toBe(1);
    expect(data.overdue.expectations.map((e) => e.id)).toEqual([overdue.id]);
    expect(data.signalCounts).toEqual({ open: 1, unacknowledged: 1 });
    expect(data.signals.map((s) => s.account_id)).toEqual([w.a.id]);
    expect(data.activity.count).toBe(1);
    expect(data.activity.touchpoints.map((t) => t.title)).toEqual(["Logged call"]);

    // A KAM may open their own page, not a colleague's.
    expect((await get(kamLoader, `/portfolio/kams/${w.kam1.id}`, w.kam1.id, { userId: w.kam1.id })).status).toBe(200);
    expect((await get(kamLoader, `/portfolio/kams/${w.kam2.id}`, w.kam1.id, { userId: w.kam2.id })).status).toBe(403);
    const customer = await createUser(db(), { role: "customer" });
    expect((await get(kamLoader, `/portfolio/kams/${customer.id}`, w.director.id, { userId: customer.id })).status).toBe(404);
  });

  it("gives the same importance-weighted figure on the KAM page, in the comparison and from the expectations themselves", async () => {
    const p = await people();
    const big = await createAccount(db(), { owner_id: p.kam1.id, name: "Iso Oy" });
    const small = await createAccount(db(), { owner_id: p.kam1.id, name: "Pieni Oy" });
    const other = await createAccount(db(), { owner_id: p.kam2.id, name: "Muu Oy" });
    const rows: Parameters<typeof createExpectation>[1][] = [
      // Iso: six expectations of low importance, all kept on time.
      ...Array.from({ length: 6 }, (_, i) => ({ account_id: big.id, importance: 1, due_date: day(-10 - i), status: "resolved", outcome: "kept", delivered_on: day(-10 - i) })),
      // Pieni: two important ones, one missed and one late without notice, and one kept.
      { account_id: small.id, importance: 3, due_date: day(-30), status: "resolved", outcome: "missed" },
      { account_id: small.id, importance: 3, due_date: day(-50), status: "resolved", outcome: "late", delivered_on: day(-45) },
      { account_id: small.id, importance: 2, due_date: day(-70), status: "resolved", outcome: "kept", delivered_on: day(-71) },
      // Another KAM's account does not count.
      { account_id: other.id, importance: 3, due_date: day(-5), status: "resolved", outcome: "missed" },
    ];
    for (const r of rows) await createExpectation(db(), r);
    await rescore(big.id, small.id, other.id);

    const page = await get<KamData>(kamLoader, `/portfolio/kams/${p.kam1.id}`, p.director.id, { userId: p.kam1.id });
    const portfolio = await get<PortfolioData>(portfolioLoader, "/portfolio", p.director.id);
    const row = portfolio.data.kams.find((k) => k.kam_id === p.kam1.id)!;
    // Judged together by the domain rules, from the rows themselves.
    const expectations = await db().selectFrom("expectations").selectAll().where("account_id", "in", [big.id, small.id]).execute();
    const direct = computePredictability(
      expectations.map((e) => ({
        id: e.id,
        importance: e.importance as 1 | 2 | 3,
        originalDueDate: e.original_due_date,
        dueDate: e.due_date,
        status: e.status as "resolved",
        outcome: e.outcome as "kept",
        deliveredOn: e.delivered_on,
        customerResponse: null,
        replans: [],
      })),
      { today },
    );
    // (6 + 2) / (6 + 3 + 3 + 2) = 8 / 14.
    expect(direct.value).toBeCloseTo(8 / 14, 10);
    expect(page.data.predictability.value).toBeCloseTo(direct.value!, 10);
    expect(row.predictability.value).toBeCloseTo(direct.value!, 10);
    expect([page.data.predictability.sample, row.predictability.sample, direct.sample]).toEqual([9, 9, 9]);
    const modelRow = (await kamComparison(db(), { today })).find((k) => k.kam_id === p.kam1.id)!;
    expect([page.data.predictability.surprises, modelRow.predictability.surprises]).toEqual([2, 2]);
    expect(page.data.predictability.onTimeRate).toBeCloseTo(direct.onTimeRate!, 10);
    expect(page.data.predictability.meanLatenessDays).toBe(direct.meanLatenessDays);
    // Not the accounts' values weighted by their samples: (1·6 + 0.25·3) / 9.
    expect(Math.abs(row.predictability.value! - (6 + 0.25 * 3) / 9)).toBeGreaterThan(0.1);
  });
});

describe("Surprises list", () => {
  it("lists the portfolio's or one KAM's surprises newest first, pages them, and keeps a KAM to their own", async () => {
    const p = await people();
    const a = await createAccount(db(), { owner_id: p.kam1.id, name: "Alfa Oy" });
    const b = await createAccount(db(), { owner_id: p.kam2.id, name: "Beta Oy" });
    const archived = await createAccount(db(), { owner_id: p.kam1.id, name: "Old Oy" });
    const s1 = await createExpectation(db(), { account_id: a.id, importance: 2, due_date: day(-5), status: "resolved", outcome: "partial", title: "Half done" });
    const s2 = await createExpectation(db(), { account_id: b.id, importance: 3, due_date: day(-9), status: "resolved", outcome: "late", delivered_on: day(-2), title: "Came late" });
    const s3 = await createExpectation(db(), { account_id: a.id, importance: 1, due_date: day(-100), status: "resolved", outcome: "missed", title: "Never came" });
    await createExpectation(db(), { account_id: a.id, due_date: day(-12), status: "resolved", outcome: "kept", delivered_on: day(-12) });
    // Long before the window, and an archived account's: not listed.
    await createExpectation(db(), { account_id: a.id, due_date: addMonths(today, -13), status: "resolved", outcome: "missed" });
    await createExpectation(db(), { account_id: archived.id, due_date: day(-3), status: "resolved", outcome: "missed" });
    await rescore(a.id, b.id, archived.id);
    await db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", archived.id).execute();

    const all = await get<SurprisesData>(surprisesLoader, "/portfolio/surprises", p.director.id);
    expect(all.status).toBe(200);
    expect(all.data.surprises.map((x) => x.expectation_id)).toEqual([s1.id, s2.id, s3.id]);
    expect(all.data.surprises.map((x) => x.reason)).toEqual(["partial", "late_without_notice", "missed"]);
    expect(all.data.surprises[1]!.days_late).toBe(7);
    expect([all.data.count, all.data.sample]).toEqual([3, 4]);

    const first = await listSurprises(db(), { ownerId: null, window: { from: addMonths(today, -12), to: today } }, { limit: 2 });
    expect(first.surprises.map((x) => x.expectation_id)).toEqual([s1.id, s2.id]);
    const second = await listSurprises(db(), { ownerId: null, window: { from: addMonths(today, -12), to: today } }, { limit: 2, cursor: first.nextCursor });
    expect(second.surprises.map((x) => x.expectation_id)).toEqual([s3.id]);
    expect(second.nextCursor).toBeNull();

    const aino = await get<SurprisesData>(surprisesLoader, `/portfolio/surprises?kam=${p.kam1.id}`, p.director.id);
    expect(aino.data.kam?.name).toBe("Aino Kam");
    expect(aino.data.surprises.map((x) => x.expectation_id)).toEqual([s1.id, s3.id]);
    // A KAM sees their own, whatever the URL asks.
    const own = await get<SurprisesData>(surprisesLoader, `/portfolio/surprises?kam=${p.kam1.id}`, p.kam2.id);
    expect(own.data.surprises.map((x) => x.expectation_id)).toEqual([s2.id]);
    const nobody = await get(surprisesLoader, `/portfolio/surprises?kam=${b.id}`, p.director.id);
    expect(nobody.status).toBe(404);
  });
});

describe("Risk inbox", () => {
  async function inbox() {
    const w = await portfolio();
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    const s = {
      ackedHigh: await signal(w.a.id, { severity: "high", first_seen_at: at(1), acknowledged_at: at(0), acknowledged_by: w.director.id, ack_note: "On it" }),
      lowNew: await signal(w.b.id, { severity: "low", first_seen_at: at(0) }),
      highOld: await signal(w.f.id, { severity: "high", first_seen_at: at(10), rule: "expectation_overdue", evidence_kind: "expectation", evidence_id: w.f.id }),
      highNew: await signal(w.a.id, { severity: "high", first_seen_at: at(2) }),
      medium: await signal(w.d.id, { severity: "medium", first_seen_at: at(5) }),
      ackedLow: await signal(w.e.id, { severity: "low", first_seen_at: at(3), acknowledged_at: at(1), acknowledged_by: w.kam1.id }),
      resolved: await signal(w.a.id, { severity: "high", first_seen_at: at(1), resolved_at: at(0) }),
      archived: await signal(w.archived.id, { severity: "high", first_seen_at: at(1) }),
    };
    return { ...w, s };
  }

  it("lists open signals unacknowledged first, then severity, then newest; every one once across pages", async () => {
    const w = await inbox();
    const expected = [w.s.highNew, w.s.highOld, w.s.medium, w.s.lowNew, w.s.ackedHigh, w.s.ackedLow].map((s) => s.id);
    const { status, data } = await get<RisksData>(risksLoader, "/risks", w.director.id);
    expect(status).toBe(200);
    expect(data.signals.map((s) => s.id)).toEqual(expected);
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listRiskInbox>> = await listRiskInbox(db(), {}, { cursor, limit });
        seen.push(...page.signals.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    const highOld = data.signals.find((s) => s.id === w.s.highOld.id)!;
    expect(highOld.owner_name).toBe("Bertta Kam");

    const unacked = await get<RisksData>(risksLoader, "/risks?ack=no", w.director.id);
    expect(unacked.data.signals.map((s) => s.id)).toEqual(expected.slice(0, 4));
    const acked = await get<RisksData>(risksLoader, "/risks?ack=yes", w.director.id);
    expect(acked.data.signals.map((s) => s.id)).toEqual(expected.slice(4));
    const rule = await get<RisksData>(risksLoader, "/risks?rule=expectation_overdue", w.director.id);
    expect(rule.data.signals.map((s) => s.id)).toEqual([w.s.highOld.id]);
    const kam = await get<RisksData>(risksLoader, `/risks?kam=${w.kam2.id}`, w.director.id);
    expect(kam.data.signals.map((s) => s.id)).toEqual([w.s.highOld.id, w.s.medium.id]);

    // A KAM sees the signals of their own accounts only, whatever the filter says.
    const own = await get<RisksData>(risksLoader, `/risks?kam=${w.kam2.id}`, w.kam1.id);
    expect(own.data.signals.map((s) => s.id)).toEqual([w.s.highNew.id, w.s.lowNew.id, w.s.ackedHigh.id, w.s.ackedLow.id]);
    expect(own.data.signals.every((s) => s.canAcknowledge)).toBe(true);
  });

  it("links each signal to its evidence", async () => {
    const w = await portfolio();
    const e = await createExpectation(db(), { account_id: w.a.id, title: "Go-live" });
    const person = await createStakeholder(db(), { account_id: w.a.id, name: "Pia Person" });
    const tp = await createTouchpoint(db(), { account_id: w.a.id, title: "Angry call" });
    await signal(w.a.id, { severity: "high", evidence_kind: "expectation", evidence_id: e.id });
    await signal(w.a.id, { severity: "medium", evidence_kind: "stakeholder", evidence_id: person.id });
    await signal(w.a.id, { severity: "low", evidence_kind: "touchpoint", evidence_id: tp.id });
    const { data } = await get<RisksData>(risksLoader, "/risks", w.director.id);
    const { evidenceHref } = await import("#app/components/signal-text.tsx");
    expect(data.signals.map((s) => [evidenceHref(s), s.evidence_label])).toEqual([
      [`/accounts/${w.a.id}/expectations/${e.id}`, "Go-live"],
      [`/accounts/${w.a.id}/committee/${person.id}`, "Pia Person"],
      [`/accounts/${w.a.id}/touchpoints/${tp.id}`, "Angry call"],
    ]);
  });

  it("acknowledges with a note, audited; refuses a KAM on a colleague's account; keeps a too long note", async () => {
    const w = await inbox();
    const director = await sessionCookieFor(w.director.id);
    const res = await run(
      risksAction,
      formRequest("/risks?ack=no", { intent: "acknowledge", accountId: w.f.id, signalId: w.s.highOld.id, note: "Called the CFO" }, director),
    );
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe("/risks?ack=no");
    const row = await db().selectFrom("risk_signals").selectAll().where("id", "=", w.s.highOld.id).executeTakeFirstOrThrow();
    expect(row.acknowledged_by).toBe(w.director.id);
    expect(row.ack_note).toBe("Called the CFO");
    expect(row.acknowledged_at).not.toBeNull();
    const audit = await db().selectFrom("audit_events").selectAll().where("entity", "=", "risk_signal").where("entity_id", "=", w.s.highOld.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(w.director.id);
    expect(audit[0]!.account_id).toBe(w.f.id);

    // Kam1 may not acknowledge on Bertta's account (Delta), but may on their own (Alfa).
    const kam1 = await sessionCookieFor(w.kam1.id);
    const refused = await run(risksAction, formRequest("/risks", { intent: "acknowledge", accountId: w.d.id, signalId: w.s.medium.id, note: "" }, kam1));
    expect(statusOf(refused)).toBe(403);
    const medium = await db().selectFrom("risk_signals").select("acknowledged_at").where("id", "=", w.s.medium.id).executeTakeFirstOrThrow();
    expect(medium.acknowledged_at).toBeNull();
    // The signal id of another account does not pass with an account the KAM owns.
    const mismatched = await run(risksAction, formRequest("/risks", { intent: "acknowledge", accountId: w.a.id, signalId: w.s.medium.id }, kam1));
    expect(statusOf(mismatched)).toBe(404);
    const own = await run(risksAction, formRequest("/risks", { intent: "acknowledge", accountId: w.a.id, signalId: w.s.highNew.id }, kam1));
    expect(statusOf(own)).toBe(302);

    // A note that is too long comes back with the message and what was typed.
    const long = "x".repeat(1001);
    const tooLong = await run(risksAction, formRequest("/risks", { intent: "acknowledge", accountId: w.b.id, signalId: w.s.lowNew.id, note: long }, director));
    expect(statusOf(tooLong)).toBe(400);
    expect((tooLong.value as { data: { note: string; signalId: string } }).data).toMatchObject({ note: long, signalId: w.s.lowNew.id });

    // A signal resolved meanwhile is not acknowledged; the user is told.
    const gone = await run(risksAction, formRequest("/risks", { intent: "acknowledge", accountId: w.a.id, signalId: w.s.resolved.id }, director));
    expect(statusOf(gone)).toBe(302);
    const resolved = await db().selectFrom("risk_signals").select("acknowledged_at").where("id", "=", w.s.resolved.id).executeTakeFirstOrThrow();
    expect(resolved.acknowledged_at).toBeNull();

    const customer = await createUser(db(), { role: "customer" });
    const portal = await run(
      risksAction,
      formRequest("/risks", { intent: "acknowledge", accountId: w.a.id, signalId: w.s.highNew.id }, await sessionCookieFor(customer.id)),
    );
    expect(statusOf(portal)).toBe(403);
  });
});

describe("Risk inbox, grown up", () => {
  async function inbox() {
    const w = await portfolio();
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    const s = {
      aHigh: await signal(w.a.id, { severity: "high", first_seen_at: at(2) }),
      aLow: await signal(w.a.id, { severity: "low", first_seen_at: at(1), rule: "expectation_overdue" }),
      bMedium: await signal(w.b.id, { severity: "medium", first_seen_at: at(3) }),
      dHigh: await signal(w.d.id, { severity: "high", first_seen_at: at(4) }),
      aResolved: await signal(w.a.id, { severity: "high", first_seen_at: at(1), resolved_at: at(0) }),
    };
    return { ...w, s };
  }
  const bulk = async (userId: string, refs: [string, string][], note: string, path = "/risks?ack=no") => {
    const body = new URLSearchParams([["intent", "acknowledge_many"], ["note", note], ...refs.map(([a, id]) => ["signal", `${a}:${id}`] as [string, string])]);
    return run(
      risksAction,
      request(path, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" }, cookie: await sessionCookieFor(userId) }),
    );
  };
  const acked = (ids: string[]) =>
    db().selectFrom("risk_signals").select(["id", "acknowledged_by", "ack_note"]).where("id", "in", ids).where("acknowledged_at", "is not", null).execute();

  it("groups signals by account in inbox order, and filters by severity, rule and KAM", async () => {
    const w = await inbox();
    const { data } = await get<RisksData>(risksLoader, "/risks", w.director.id);
    // Unacknowledged high first: Alfa (newest high), then Delta; Beta's medium; Alfa's low joins Alfa's group.
    expect(data.groups.map((g) => [g.account_name, g.signals.map((x) => x.id)])).toEqual([
      ["Alfa Oy", [w.s.aHigh.id, w.s.aLow.id]],
      ["Delta Oy", [w.s.dHigh.id]],
      ["Beta Oy", [w.s.bMedium.id]],
    ]);
    const high = await get<RisksData>(risksLoader, "/risks?severity=high", w.director.id);
    expect(high.data.signals.map((x) => x.id)).toEqual([w.s.aHigh.id, w.s.dHigh.id]);
    expect(high.data.filtered).toBe(true);
    const highOfBertta = await get<RisksData>(risksLoader, `/risks?severity=high&kam=${w.kam2.id}`, w.director.id);
    expect(highOfBertta.data.signals.map((x) => x.id)).toEqual([w.s.dHigh.id]);
    const rule = await get<RisksData>(risksLoader, "/risks?rule=expectation_overdue&severity=low", w.director.id);
    expect(rule.data.signals.map((x) => x.id)).toEqual([w.s.aLow.id]);
    // A bad severity is dropped, the rest still applies.
    const bad = await get<RisksData>(risksLoader, "/risks?severity=urgent&rule=expectation_overdue", w.director.id);
    expect(bad.data.signals.map((x) => x.id)).toEqual([w.s.aLow.id]);
    // A KAM: their own accounts only.
    const own = await get<RisksData>(risksLoader, "/risks", w.kam1.id);
    expect(own.data.groups.map((g) => g.account_name)).toEqual(["Alfa Oy", "Beta Oy"]);
  });

  it("acknowledges several at once with one note, each audited; refuses the lot if one is not the user's", async () => {
    const w = await inbox();
    // Kam1 slips Bertta's signal in among their own: refused, nothing written.
    const sneaky = await bulk(w.kam1.id, [[w.a.id, w.s.aHigh.id], [w.d.id, w.s.dHigh.id]], "All handled");
    expect(statusOf(sneaky)).toBe(403);
    expect(await acked([w.s.aHigh.id, w.s.dHigh.id])).toEqual([]);
    // A signal named under the wrong account is not found.
    expect(statusOf(await bulk(w.kam1.id, [[w.a.id, w.s.bMedium.id]], "x"))).toBe(404);

    const res = await bulk(w.kam1.id, [[w.a.id, w.s.aHigh.id], [w.a.id, w.s.aLow.id], [w.b.id, w.s.bMedium.id], [w.a.id, w.s.aResolved.id]], "Weekly review: all in hand");
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe("/risks?ack=no");
    const rows = await acked([w.s.aHigh.id, w.s.aLow.id, w.s.bMedium.id, w.s.aResolved.id]);
    expect(rows.map((r) => [r.id, r.acknowledged_by, r.ack_note]).sort()).toEqual(
      [w.s.aHigh.id, w.s.aLow.id, w.s.bMedium.id].map((id) => [id, w.kam1.id, "Weekly review: all in hand"]).sort(),
    );
    const audit = await db().selectFrom("audit_events").select(["entity_id", "account_id", "action"]).where("entity", "=", "risk_signal").execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([w.s.aHigh.id, w.s.aLow.id, w.s.bMedium.id].sort());
    // They leave the unacknowledged list.
    const left = await get<RisksData>(risksLoader, "/risks?ack=no", w.kam1.id);
    expect(left.data.signals).toEqual([]);
    // Acknowledging again does not overwrite the note.
    const again = await bulk(w.director.id, [[w.a.id, w.s.aHigh.id]], "Director's note");
    expect(statusOf(again)).toBe(302);
    expect((await acked([w.s.aHigh.id]))[0]!.ack_note).toBe("Weekly review: all in hand");
  });

  it("says what is wrong beside the form and keeps the note and the ticks", async () => {
    const w = await inbox();
    const none = await bulk(w.director.id, [], "Typed note");
    expect(statusOf(none)).toBe(400);
    expect((none.value as { data: { bulk: unknown } }).data.bulk).toEqual({ error: "Tick at least one signal to acknowledge.", note: "Typed note", selected: [] });
    const long = "x".repeat(1001);
    const tooLong = await bulk(w.director.id, [[w.a.id, w.s.aHigh.id]], long);
    expect(statusOf(tooLong)).toBe(400);
    expect((tooLong.value as { data: { bulk: unknown } }).data.bulk).toEqual({
      error: "Keep the note under 1,000 characters.",
      note: long,
      selected: [`${w.a.id}:${w.s.aHigh.id}`],
    });
    expect(await acked([w.s.aHigh.id])).toEqual([]);
    // A forged checkbox value is a bad request.
    const body = new URLSearchParams([["intent", "acknowledge_many"], ["signal", "not-a-signal"]]);
    const forged = await run(risksAction, request("/risks", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" }, cookie: await sessionCookieFor(w.director.id) }));
    expect(statusOf(forged)).toBe(400);
  });
});

describe("Portfolio export", () => {
  async function csv(path: string, userId: string) {
    const res = await run(csvLoader, request(path, { cookie: await sessionCookieFor(userId) }));
    expect(statusOf(res)).toBe(200);
    const response = res.value as Response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    // TextDecoder drops the byte-order mark; it is checked here as bytes.
    return { response, bom: [...bytes.slice(0, 3)], text: new TextDecoder().decode(bytes) };
  }

  it("streams the filtered, sorted view as CSV with proper quoting and a download name", async () => {
    const w = await portfolio();
    await createAccount(db(), { owner_id: w.kam2.id, name: "=HYPERLINK(\"x\") Oy", contract_value: "1.00" });
    const { response, bom, text } = await csv("/portfolio.csv?tier=key&sort=value&dir=desc&cursor=junk", w.director.id);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="kohtaamo-portfolio-${today}.csv"`);
    expect(bom).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Account,Tier,Stage,Band,Health,Trend (30 days),Predictability,Expectations due,NPS,NPS respondents,Coverage,Single-threaded,Contract value,Currency,Renewal,Open signals,KAM,id",
    );
    expect(lines.slice(1)).toEqual([
      `Beta Oy,Key,Adoption,Watch,62.5,,0.8000,10,10,2,0.7500,0,100000.50,EUR,${day(100)},1,Aino Kam,${w.b.id}`,
      `"Zeta, ""Quoted"" Oy",Key,Adoption,At risk,20.0,,0.2500,8,-50,4,0.5000,0,75000.25,EUR,${day(10)},4,Bertta Kam,${w.f.id}`,
      `"'=HYPERLINK(""x"") Oy",Key,Adoption,Not scored,,,,0,,0,,,1.00,EUR,2027-06-30,0,Bertta Kam,${(await db().selectFrom("accounts").select("id").where("contract_value", "=", "1.00").executeTakeFirstOrThrow()).id}`,
      `Gamma Oy,Key,Renewal,Not scored,,,,0,,0,,0,,EUR,,0,Bertta Kam,${w.c.id}`,
    ]);
  });

  it("exports more than one batch, and a KAM only their own accounts", async () => {
    const { director, kam1, kam2 } = await people();
    for (let i = 0; i < 520; i++) {
      await createAccount(db(), { owner_id: i % 2 ? kam1.id : kam2.id, name: `Export ${String(i).padStart(3, "0")} Oy` });
    }
    const all = await csv("/portfolio.csv?sort=name", director.id);
    const rows = all.text.trimEnd().split("\n").slice(1);
    expect(rows).toHaveLength(520);
    expect(new Set(rows).size).toBe(520);
    expect(rows[0]!.startsWith("Export 000 Oy,")).toBe(true);
    expect(rows[519]!.startsWith("Export 519 Oy,")).toBe(true);
    const mine = await csv(`/portfolio.csv?kam=${kam2.id}`, kam1.id);
    const mineRows = mine.text.trimEnd().split("\n").slice(1);
    expect(mineRows).toHaveLength(260);
    expect(mineRows.every((r) => r.includes(",Aino Kam,"))).toBe(true);
  });
});

describe("Portfolio trends", () => {
  it("counts bands at each month's end and judges the expectations due in each month, per KAM if asked", async () => {
    const w = await portfolio();
    const thisMonth = `${today.slice(0, 7)}-01`;
    const lastMonth = addMonths(thisMonth, -1);
    const lastMonthDay = (n: number) => addDays(lastMonth, n);
    // Last month: Alfa kept one on time (3) and missed one (1); Delta's came late without notice (2).
    await createExpectation(db(), { account_id: w.a.id, importance: 3, due_date: lastMonthDay(4), status: "resolved", outcome: "kept", delivered_on: lastMonthDay(4) });
    await createExpectation(db(), { account_id: w.a.id, importance: 1, due_date: lastMonthDay(5), status: "resolved", outcome: "missed" });
    await createExpectation(db(), { account_id: w.d.id, importance: 2, due_date: lastMonthDay(6), status: "resolved", outcome: "late", delivered_on: lastMonthDay(9) });
    await rescore(w.a.id, w.d.id);
    // Only the history set up here.
    await db().deleteFrom("health_snapshots").execute();
    await db()
      .insertInto("health_snapshots")
      .values([
        // Alfa: at risk through last month, healthy since today.
        { account_id: w.a.id, day: addMonths(thisMonth, -3), health: "30.0", band: "at_risk", nps: -20, nps_respondents: 5 },
        { account_id: w.a.id, day: today, health: "75.0", band: "healthy", nps: 40, nps_respondents: 5 },
        // Delta (Bertta's): watch from last month on.
        { account_id: w.d.id, day: lastMonthDay(3), health: "50.0", band: "watch", nps: 10, nps_respondents: 5 },
        // Archived accounts are left out.
        { account_id: w.archived.id, day: lastMonthDay(3), health: "10.0", band: "at_risk" },
      ])
      .execute();

    const all = await get<TrendsData>(trendsLoader, "/portfolio/trends", w.director.id);
    expect(all.status).toBe(200);
    expect(all.data.months).toHaveLength(12);
    const [previous, current] = all.data.months.slice(-2);
    expect(previous!.month).toBe(lastMonth);
    expect(previous!.bands).toEqual({ healthy: 0, watch: 1, at_risk: 1, not_enough_data: 0, unscored: 0 });
    expect(previous!.nps).toBe(-5);
    expect(previous!.npsRespondents).toBe(10);
    expect(previous!.predictabilitySample).toBe(3);
    expect(previous!.predictability).toBeCloseTo(3 / 6, 5);
    expect(previous!.surprises).toBe(2);
    expect(current!.bands).toEqual({ healthy: 1, watch: 1, at_risk: 0, not_enough_data: 0, unscored: 0 });
    expect(current!.predictabilitySample).toBe(0);
    expect(current!.predictability).toBeNull();
    expect(all.data.months[0]!.accounts).toBe(0);

    // The same months per KAM, side by side, each with its sample.
    expect(all.data.kams.map((k) => k.kamName)).toEqual(["Aino Kam", "Bertta Kam"]);
    const [ainoMonth, berttaMonth] = all.data.kams.map((k) => k.months.at(-2)!);
    expect([ainoMonth!.predictability, ainoMonth!.predictabilitySample, ainoMonth!.surprises, ainoMonth!.fewData]).toEqual([3 / 4, 2, 1, true]);
    expect([berttaMonth!.predictability, berttaMonth!.predictabilitySample, berttaMonth!.surprises]).toEqual([0, 1, 1]);
    expect(ainoMonth!.bands).toEqual({ healthy: 0, watch: 0, at_risk: 1, not_enough_data: 0, unscored: 0 });
    expect(berttaMonth!.avgHealth).toBe(50);
    expect(all.data.kams.every((k) => k.months.length === 12)).toBe(true);

    const bertta = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam2.id}`, w.director.id);
    const berttaPrevious = bertta.data.months.at(-2)!;
    expect(berttaPrevious.bands).toEqual({ healthy: 0, watch: 1, at_risk: 0, not_enough_data: 0, unscored: 0 });
    expect(berttaPrevious.predictability).toBe(0);
    expect(berttaPrevious.surprises).toBe(1);

    // A KAM sees their own accounts only, whatever the URL asks.
    const own = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam2.id}`, w.kam1.id);
    expect(own.data.ownerId).toBe(w.kam1.id);
    expect(own.data.months.at(-2)!.bands.watch).toBe(0);
    expect(own.data.kams).toEqual([]);
    expect(bertta.data.kams).toEqual([]);
    const customer = await createUser(db(), { role: "customer" });
    expect((await get(trendsLoader, "/portfolio/trends", customer.id)).status).toBe(403);
  });

  it("counts an open overdue expectation as overdue in every month it stays overdue, as predictability does", async () => {
    const w = await portfolio();
    const thisMonth = `${today.slice(0, 7)}-01`;
    const threeAgo = addMonths(thisMonth, -3);
    // Alfa (Aino's): one open since the 10th three months ago; one open since long before the twelve months;
    // one resolved late two months ago (a surprise in its month only).
    await createExpectation(db(), { account_id: w.a.id, importance: 2, due_date: addDays(threeAgo, 9), title: "Still waiting" });
    await createExpectation(db(), { account_id: w.a.id, importance: 1, due_date: addDays(addMonths(thisMonth, -14), 5), title: "Ancient" });
    await createExpectation(db(), {
      account_id: w.a.id,
      importance: 3,
      due_date: addDays(addMonths(thisMonth, -2), 3),
      status: "resolved",
      outcome: "late",
      delivered_on: addDays(addMonths(thisMonth, -2), 6),
    });
    await rescore(w.a.id);
    const res = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam1.id}`, w.director.id);
    const byMonth = new Map(res.data.months.map((m) => [m.month, m]));
    // Months before the one it fell due: only the ancient one.
    expect([byMonth.get(addMonths(thisMonth, -4))!.predictabilitySample, byMonth.get(addMonths(thisMonth, -4))!.surprises]).toEqual([1, 1]);
    expect(byMonth.get(res.data.months[0]!.month)!.surprises).toBe(1);
    // Its own month and every month after it, the current one included: overdue (a surprise) in each.
    expect([byMonth.get(threeAgo)!.predictabilitySample, byMonth.get(threeAgo)!.surprises]).toEqual([2, 2]);
    expect(byMonth.get(addMonths(thisMonth, -2))!.surprises).toBe(3);
    expect(byMonth.get(addMonths(thisMonth, -1))!.surprises).toBe(2);
    expect(byMonth.get(thisMonth)!.surprises).toBe(2);
    expect(byMonth.get(thisMonth)!.predictability).toBe(0);
    // Each month's figure is predictability over that month: the same sample and value.
    const lastMonth = addMonths(thisMonth, -1);
    const expectations = await db()
      .selectFrom("expectations")
      .select(["id", "importance", "original_due_date", "due_date", "status", "outcome", "delivered_on", "customer_response"])
      .where("account_id", "=", w.a.id)
      .execute();
    const direct = computePredictability(
      expectations.map((e) => ({
        id: e.id,
        importance: e.importance as 1 | 2 | 3,
        originalDueDate: e.original_due_date,
        dueDate: e.due_date,
        status: e.status as "open" | "resolved",
        outcome: e.outcome as "late" | null,
        deliveredOn: e.delivered_on,
        customerResponse: null,
        replans: [],
      })),
      { today, window: { from: lastMonth, to: addDays(thisMonth, -1) } },
    );
    expect(byMonth.get(lastMonth)!.predictabilitySample).toBe(direct.sample);
    expect(byMonth.get(lastMonth)!.surprises).toBe(direct.surprises.length);
    // Delivered, it counts in the month it came due only.
    const [waiting] = await db().selectFrom("expectations").select(["id", "version"]).where("title", "=", "Still waiting").execute();
    await db().updateTable("expectations").set({ status: "resolved", outcome: "late", delivered_on: today }).where("id", "=", waiting!.id).execute();
    await rescore(w.a.id);
    const after = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam1.id}`, w.director.id);
    const afterByMonth = new Map(after.data.months.map((m) => [m.month, m]));
    expect(afterByMonth.get(threeAgo)!.surprises).toBe(2);
    expect(afterByMonth.get(lastMonth)!.surprises).toBe(1);
    expect(afterByMonth.get(thisMonth)!.surprises).toBe(1);
  });

  it("compares the KAMs ten at a time, by name, and says which of how many are shown", async () => {
    const w = await portfolio();
    await db().deleteFrom("health_snapshots").execute();
    // Twelve more KAMs, each with a scored account: fourteen in all with Aino and Bertta.
    const names = Array.from({ length: 12 }, (_, i) => `Kam ${String(i + 1).padStart(2, "0")}`);
    for (const name of names) {
      const kam = await createUser(db(), { role: "kam", name });
      const account = await createAccount(db(), { owner_id: kam.id, name: `${name} Oy` });
      await db().insertInto("health_snapshots").values({ account_id: account.id, day: today, health: "60.0", band: "watch" }).execute();
    }
    for (const account of [w.a, w.d])
      await db().insertInto("health_snapshots").values({ account_id: account.id, day: today, health: "60.0", band: "watch" }).execute();
    const byName = ["Aino Kam", "Bertta Kam", ...names].sort((a, b) => a.localeCompare(b));

    const first = await get<TrendsData>(trendsLoader, "/portfolio/trends", w.director.id);
    expect(first.data.kams.map((k) => k.kamName)).toEqual(byName.slice(0, 10));
    expect(first.data.kamPage).toEqual({ page: 1, pages: 2, from: 1, to: 10, total: 14 });
    const second = await get<TrendsData>(trendsLoader, "/portfolio/trends?kamPage=2", w.director.id);
    expect(second.data.kams.map((k) => k.kamName)).toEqual(byName.slice(10));
    expect(second.data.kamPage).toMatchObject({ page: 2, from: 11, to: 14 });
    // The portfolio's own months do not depend on the page of KAMs shown.
    expect(second.data.months).toEqual(first.data.months);
    // Past the end: the last page; nonsense: the first.
    expect((await get<TrendsData>(trendsLoader, "/portfolio/trends?kamPage=9", w.director.id)).data.kamPage.page).toBe(2);
    expect((await get<TrendsData>(trendsLoader, "/portfolio/trends?kamPage=abc", w.director.id)).data.kamPage.page).toBe(1);
    // One KAM's trends compare nobody.
    const one = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam1.id}&kamPage=2`, w.director.id);
    expect([one.data.kams, one.data.kamPage.total]).toEqual([[], 0]);
  });

  it("figures each closed month once and keeps it, while the current month follows the snapshots", async () => {
    const w = await portfolio();
    const thisMonth = `${today.slice(0, 7)}-01`;
    const lastMonth = addMonths(thisMonth, -1);
    await db().deleteFrom("health_snapshots").execute();
    await db()
      .insertInto("health_snapshots")
      .values([
        { account_id: w.a.id, day: addDays(lastMonth, 2), health: "40.0", band: "at_risk", nps: 0, nps_respondents: 2 },
        { account_id: w.d.id, day: addDays(lastMonth, 2), health: "55.0", band: "watch", nps: 10, nps_respondents: 1 },
      ])
      .execute();
    const first = await get<TrendsData>(trendsLoader, "/portfolio/trends", w.director.id);
    expect(first.data.months.at(-2)!.bands).toEqual({ healthy: 0, watch: 1, at_risk: 1, not_enough_data: 0, unscored: 0 });
    // Eleven closed months are written once, every KAM together; the current month is not among them.
    const rolled = await db().selectFrom("portfolio_months_rolled").select("month").orderBy("month").execute();
    expect(rolled.map((r) => r.month)).toEqual(first.data.months.slice(0, -1).map((m) => m.month));
    expect(await rollUpClosedMonths(db(), today)).toBe(0);
    const stored = await db().selectFrom("portfolio_month_rollups").selectAll().where("month", "=", lastMonth).orderBy("band").execute();
    expect(stored.map((r) => [r.owner_id, r.band, r.accounts])).toEqual([
      [w.kam1.id, "at_risk", 1],
      [w.kam2.id, "watch", 1],
    ]);

    // A snapshot written afterwards for a day of the closed month does not move it
    // (in use snapshots are only written for today); today's does move the current month.
    await db()
      .insertInto("health_snapshots")
      .values([
        { account_id: w.a.id, day: addDays(lastMonth, 20), health: "90.0", band: "healthy", nps: 50, nps_respondents: 2 },
        { account_id: w.d.id, day: today, health: "80.0", band: "healthy", nps: 30, nps_respondents: 1 },
      ])
      .execute();
    const second = await get<TrendsData>(trendsLoader, "/portfolio/trends", w.director.id);
    expect(second.data.months.at(-2)).toEqual(first.data.months.at(-2));
    expect(second.data.months.at(-1)!.bands).toEqual({ healthy: 2, watch: 0, at_risk: 0, not_enough_data: 0, unscored: 0 });
    // One KAM's view reads the same stored month.
    const bertta = await get<TrendsData>(trendsLoader, `/portfolio/trends?kam=${w.kam2.id}`, w.director.id);
    expect(bertta.data.months.at(-2)!.bands).toEqual({ healthy: 0, watch: 1, at_risk: 0, not_enough_data: 0, unscored: 0 });
  });
});
