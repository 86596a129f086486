import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "#app/domain/dates.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { monthStarts, TREND_MONTHS } from "#app/domain/predictability.ts";
import { calendarDate } from "#app/domain/time.ts";
import { setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import { recordDelivery } from "#app/models/expectation-changes.server.ts";
import { assembleTrends, sumBands } from "#app/domain/portfolio-trends.ts";
import {
  monthEndSnapshots,
  portfolioTrends,
  rollUpClosedMonths,
  type MonthEndRow,
} from "#app/models/portfolio-trends.server.ts";
import { compactHealthLatestDeltas } from "#app/models/portfolio-trends-current.server.ts";
import { compactVerdictDeltas } from "#app/models/portfolio-trends-verdicts.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db, type Executor } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { verdictsFromSource } from "#tests/setup/trends-source.ts";

// The trends read stored rollups (health_latest, portfolio_verdict_deltas: kept by
// triggers, db/migrations/20261206_0720_trend_rollups.ts; the current month's
// sums of health_latest, health_latest_deltas: db/migrations/20261210_1110). Here they must give what
// the trends gave when they read the snapshots and verdicts themselves, on the
// same data, before and after writes through the models.

const today = calendarDate();
const thisMonth = `${today.slice(0, 7)}-01`;
/**
 * Other days the trends are asked about: the months' ends and the open verdicts' due
 * dates on either side of them, and a month ahead (everything stored is overdue then).
 */
const clock = [
  addDays(today, -1),
  addDays(thisMonth, -1),
  addDays(thisMonth, -2),
  thisMonth,
  addDays(addMonths(thisMonth, -1), -1),
  addDays(addMonths(thisMonth, -2), 9),
  addDays(addMonths(thisMonth, -3), -1),
  addDays(today, 40),
];

/**
 * The old way: closed months from portfolio_month_rollups as stored (a row per band,
 * summed here, not by rolledUpMonths' SQL), the current month's end from the
 * snapshots, each month's verdicts from expectation_verdicts.
 */
async function fromSource(executor: Executor, ownerId: string | null, day: string) {
  const starts = monthStarts(day, TREND_MONTHS);
  const current = starts.at(-1)!;
  const closed = await sql<MonthEndRow>`
    select to_char(r.month, 'YYYY-MM-DD') as month, r.owner_id, o.name as owner_name, r.band, r.accounts,
           r.health_sum, r.health_count, r.nps_weighted, r.nps_respondents
    from portfolio_month_rollups r join users o on o.id = r.owner_id
    where r.month >= ${starts[0]}::date and r.month < ${current}::date
      ${ownerId ? sql`and r.owner_id = ${ownerId}::uuid` : sql``}
  `.execute(executor);
  const snapshots = sumBands([...closed.rows, ...(await monthEndSnapshots(executor, ownerId, day, [current]))]);
  const verdicts = await verdictsFromSource(executor, ownerId, starts, day);
  return assembleTrends(starts, snapshots, verdicts);
}

async function expectSameAsSource(owners: string[], day = today) {
  await rollUpClosedMonths(db(), day);
  for (const ownerId of [null, ...owners]) {
    const stored = await portfolioTrends(db(), { ownerId, today: day });
    expect(stored, `${day}, owner ${ownerId}`).toEqual(await fromSource(db(), ownerId, day));
  }
}

async function world() {
  const director = await createUser(db(), { role: "director", name: "Johtaja" });
  const kam1 = await createUser(db(), { role: "kam", name: "Aino Kam" });
  const kam2 = await createUser(db(), { role: "kam", name: "Bertta Kam" });
  const accounts = [
    await createAccount(db(), { owner_id: kam1.id, name: "Alfa Oy" }),
    await createAccount(db(), { owner_id: kam1.id, name: "Beta Oy" }),
    await createAccount(db(), { owner_id: kam2.id, name: "Gamma Oy" }),
    await createAccount(db(), { owner_id: kam2.id, name: "Delta Oy" }),
  ];
  // Over the months: kept, late, missed, still open and overdue, not yet due; each account its own mix.
  const open: { accountId: string; id: string; version: number }[] = [];
  for (const [i, a] of accounts.entries()) {
    for (let m = 0; m < 14; m++) {
      const due = addDays(addMonths(thisMonth, -m), 3 + ((i * 5 + m * 3) % 20));
      if (due >= today) continue;
      const kind = (i + m) % 4;
      const e = await createExpectation(db(), {
        account_id: a.id,
        importance: ((i + m) % 3) + 1,
        due_date: due,
        ...(kind === 0 ? { status: "resolved", outcome: "kept", delivered_on: due } : {}),
        ...(kind === 1
          ? { status: "resolved", outcome: "late", delivered_on: addDays(due, 4) > today ? today : addDays(due, 4) }
          : {}),
        ...(kind === 2 ? { status: "resolved", outcome: "missed" } : {}),
      });
      if (kind === 3) open.push({ accountId: a.id, id: e.id, version: e.version });
    }
    // Open and due on a month's last day (that month's end does not count it yet), and on today (not overdue yet).
    for (const due of [addDays(thisMonth, -1), addDays(addMonths(thisMonth, -2 - i), -1), today]) {
      await createExpectation(db(), { account_id: a.id, importance: (i % 3) + 1, due_date: due });
    }
  }
  // Snapshots: weekly history for three accounts (not Delta's first months), then today's by scoring.
  const history = accounts.slice(0, 3).flatMap((a, i) =>
    Array.from({ length: 60 }, (_, w) => {
      const health = (i * 17 + w * 7) % 100;
      return {
        account_id: a.id,
        day: addDays(today, -7 * (w + 1) - i),
        health: health.toFixed(1),
        band: health >= 70 ? ("healthy" as const) : health >= 45 ? ("watch" as const) : ("at_risk" as const),
        nps: ((w * 13) % 200) - 100,
        nps_respondents: (w % 5) + 1,
      };
    }),
  );
  await db().insertInto("health_snapshots").values(history).execute();
  for (const a of accounts)
    await db()
      .transaction()
      .execute((trx) => refreshAccountScores(trx, a.id));
  return { director, kam1, kam2, accounts, open };
}

describe("portfolio trends from stored rollups", () => {
  it("equal the trends figured from the snapshots and verdicts, before and after writes", async () => {
    const w = await world();
    const owners = [w.kam1.id, w.kam2.id];
    const trendsNow = await portfolioTrends(db(), { ownerId: null, today });
    expect(trendsNow.months.some((m) => m.predictabilitySample > 0)).toBe(true);
    expect(trendsNow.months.at(-1)!.accounts).toBe(4);
    await expectSameAsSource(owners);
    // Closed months (rolled up by now) where one KAM's accounts sit in two bands: rolledUpMonths sums the bands' rows in SQL.
    const rolled = await portfolioTrends(db(), { ownerId: null, today });
    const ainosClosed = rolled.kams.find((k) => k.kamId === w.kam1.id)!.months.slice(0, -1);
    expect(ainosClosed.filter((m) => Object.values(m.bands).filter((n) => n > 0).length > 1).length).toBeGreaterThan(2);

    const director = { id: w.director.id, role: "director" } as Actor;
    const ctx = { actor: director, ip: null };
    // A late delivery of an open overdue expectation: its month's verdict changes, it stops counting afterwards.
    const late = w.open[0]!;
    await db()
      .transaction()
      .execute((trx) =>
        recordDelivery(trx, ctx, late.accountId, late.id, {
          outcome: "late",
          delivered_on: today,
          delivery_note: "",
          version: late.version,
        }),
      );
    await expectSameAsSource(owners);

    // Beta changes hands (its verdicts' months move to Bertta), Gamma is archived, then restored.
    const [, beta, gamma] = w.accounts;
    const betaNow = await db().selectFrom("accounts").selectAll().where("id", "=", beta!.id).executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) =>
        updateAccount(trx, ctx, beta!.id, {
          name: betaNow.name,
          owner_id: w.kam2.id,
          version: betaNow.version,
        } as Parameters<typeof updateAccount>[3]),
      );
    await expectSameAsSource(owners);
    const gammaNow = await db()
      .selectFrom("accounts")
      .select("version")
      .where("id", "=", gamma!.id)
      .executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) => setAccountArchived(trx, ctx, gamma!.id, true, gammaNow.version));
    await expectSameAsSource(owners);
    await db()
      .transaction()
      .execute((trx) => setAccountArchived(trx, ctx, gamma!.id, false, gammaNow.version + 1));
    await expectSameAsSource(owners);

    // A snapshot dated after today (a scoring run with a later clock) does not count yet;
    // deleting an account's newest snapshot falls back to the one before.
    const [alfa] = w.accounts;
    await db()
      .insertInto("health_snapshots")
      .values({
        account_id: alfa!.id,
        day: addDays(today, 2),
        health: "99.0",
        band: "healthy",
        nps: 90,
        nps_respondents: 9,
      })
      .execute();
    await expectSameAsSource(owners);
    await db().deleteFrom("health_snapshots").where("account_id", "=", alfa!.id).where("day", ">=", today).execute();
    await expectSameAsSource(owners);
    const latest = await db()
      .selectFrom("health_latest")
      .select("day")
      .where("account_id", "=", alfa!.id)
      .executeTakeFirstOrThrow();
    expect(latest.day < today).toBe(true);

    // An expectation deleted with its verdict, and an account deleted with everything.
    const gone = w.open[1]!;
    await db().deleteFrom("expectations").where("account_id", "=", gone.accountId).where("id", "=", gone.id).execute();
    await expectSameAsSource(owners);
    await db().deleteFrom("accounts").where("id", "=", w.accounts[3]!.id).execute();
    await expectSameAsSource(owners);

    // Folding the appended changes into one row per KAM and month (the open ones: and last day) keeps every figure.
    const count = async () =>
      (
        await sql<{ closed: number; closed_keys: number; open: number; open_keys: number }>`
          select (select count(*) from portfolio_verdict_deltas)::int as closed,
                 (select count(distinct (owner_id, month)) from portfolio_verdict_deltas)::int as closed_keys,
                 (select count(*) from portfolio_open_verdict_deltas)::int as open,
                 (select count(distinct (owner_id, month, last_day)) from portfolio_open_verdict_deltas)::int as open_keys`.execute(
          db(),
        )
      ).rows[0]!;
    const before = await count();
    expect(await compactVerdictDeltas(db(), 0)).toBe(before.closed + before.open);
    const after = await count();
    expect(after.closed).toBe(after.closed_keys);
    expect(after.closed).toBeLessThan(before.closed);
    expect(after.open).toBe(after.open_keys);
    expect(after.open).toBeLessThan(before.open);
    await expectSameAsSource(owners);
    for (const day of clock) await expectSameAsSource(owners, day);
    // So does folding the current month's sums (health_latest_deltas) into one row per KAM and band.
    expect(await compactHealthLatestDeltas(db())).toBeGreaterThan(0);
    const sums = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct (owner_id, band))::int as keys from health_latest_deltas`.execute(db());
    expect(sums.rows[0]!.n).toBe(sums.rows[0]!.keys);
    await expectSameAsSource(owners);
  });

  it("count the open overdue verdicts exactly on any day, whoever writes them", async () => {
    const w = await world();
    const owners = [w.kam1.id, w.kam2.id];
    for (const day of clock) await expectSameAsSource(owners, day);
    // Written directly (not by scoring): an open verdict moved onto a month's last day, one onto today
    // (not overdue yet), one closed, a closed one reopened.
    const verdicts = await db()
      .selectFrom("expectation_verdicts")
      .select(["expectation_id", "still_open"])
      .orderBy("expectation_id")
      .execute();
    const [a, b, c] = verdicts.filter((v) => v.still_open);
    const set = (id: string, values: { due_date?: string; still_open?: boolean }) =>
      db().updateTable("expectation_verdicts").set(values).where("expectation_id", "=", id).execute();
    await set(a!.expectation_id, { due_date: addDays(addMonths(thisMonth, -1), -1) });
    await set(b!.expectation_id, { due_date: today });
    await set(c!.expectation_id, { still_open: false });
    await set(verdicts.find((v) => !v.still_open)!.expectation_id, { still_open: true });
    for (const day of [today, ...clock]) await expectSameAsSource(owners, day);
    expect(await compactVerdictDeltas(db(), 0)).toBeGreaterThan(0);
    for (const day of [today, ...clock]) await expectSameAsSource(owners, day);
  });

  // What archiving does to the trends' history, as built (review's question; recorded, not judged here):
  // the triggers take an archived account's verdicts out of every month, past ones included, so past
  // months' predictability and surprises change, while a closed month's health and account counts stay
  // as rolled up. Restoring puts the verdicts back.
  it("archiving takes the account's verdicts out of past months too, not its closed months' health; restoring puts them back", async () => {
    const director = await createUser(db(), { role: "director" });
    const kam = await createUser(db(), { role: "kam" });
    const bad = await createAccount(db(), { owner_id: kam.id, name: "Bad Oy" });
    const good = await createAccount(db(), { owner_id: kam.id, name: "Good Oy" });
    const due = addDays(addMonths(thisMonth, -3), 9);
    await createExpectation(db(), {
      account_id: bad.id,
      importance: 3,
      due_date: due,
      status: "resolved",
      outcome: "missed",
    });
    await createExpectation(db(), {
      account_id: good.id,
      importance: 1,
      due_date: due,
      status: "resolved",
      outcome: "kept",
      delivered_on: due,
    });
    const snapshots = [bad, good].flatMap((a, i) =>
      Array.from({ length: 20 }, (_, w) => ({
        account_id: a.id,
        day: addDays(today, -7 * (w + 1)),
        health: i ? "80.0" : "30.0",
        band: i ? ("healthy" as const) : ("at_risk" as const),
        nps: 0,
        nps_respondents: 1,
      })),
    );
    await db().insertInto("health_snapshots").values(snapshots).execute();
    for (const a of [bad, good])
      await db()
        .transaction()
        .execute((trx) => refreshAccountScores(trx, a.id));
    const month = addMonths(thisMonth, -3);
    const thatMonth = async () => {
      await rollUpClosedMonths(db(), today);
      const m = (await portfolioTrends(db(), { ownerId: null, today })).months.find((x) => x.month === month)!;
      return {
        accounts: m.accounts,
        atRisk: m.bands.at_risk,
        predictability: m.predictability,
        sample: m.predictabilitySample,
        surprises: m.surprises,
      };
    };
    const before = await thatMonth();
    expect(before).toEqual({ accounts: 2, atRisk: 1, predictability: 0.25, sample: 2, surprises: 1 });
    const ctx = { actor: director, ip: null };
    await db()
      .transaction()
      .execute((trx) => setAccountArchived(trx, ctx, bad.id, true, 1));
    expect(await thatMonth()).toEqual({ accounts: 2, atRisk: 1, predictability: 1, sample: 1, surprises: 0 });
    await db()
      .transaction()
      .execute((trx) => setAccountArchived(trx, ctx, bad.id, false, 2));
    expect(await thatMonth()).toEqual(before);
  });

  it("rescoring every account leaves the stored figures equal to the source", async () => {
    const w = await world();
    const later = new Date(Date.now() + 60_000);
    for (const a of w.accounts)
      await db()
        .transaction()
        .execute((trx) => refreshAccountScores(trx, a.id, later));
    await expectSameAsSource([w.kam1.id, w.kam2.id]);
  });
});
