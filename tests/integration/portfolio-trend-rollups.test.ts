import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "#app/domain/dates.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { monthStarts, TREND_MONTHS } from "#app/domain/predictability.ts";
import { calendarDate } from "#app/domain/time.ts";
import { setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import { recordDelivery } from "#app/models/expectation-changes.server.ts";
import {
  assembleTrends,
  compactVerdictDeltas,
  monthEndSnapshots,
  portfolioTrends,
  rolledUpMonths,
  rollUpClosedMonths,
  type MonthVerdictRow,
} from "#app/models/portfolio-trends.server.ts";
import { compactHealthLatestDeltas } from "#app/models/portfolio-trends-current.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db, type Executor } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";

// The trends read stored rollups (health_latest, portfolio_verdict_deltas: kept by
// triggers, db/migrations/20261206_0720_trend_rollups.ts; the current month's
// sums of health_latest, health_latest_deltas: db/migrations/20261210_1110). Here they must give what
// the trends gave when they read the snapshots and verdicts themselves, on the
// same data, before and after writes through the models.

const today = calendarDate();
const thisMonth = `${today.slice(0, 7)}-01`;

/**
 * The old way: closed months from portfolio_month_rollups (as before), the current
 * month's end from the snapshots, each month's verdicts from expectation_verdicts.
 */
async function fromSource(executor: Executor, ownerId: string | null) {
  const starts = monthStarts(today, TREND_MONTHS);
  const current = starts.at(-1)!;
  const snapshots = [
    ...(await rolledUpMonths(executor, ownerId, starts[0]!, current)),
    ...(await monthEndSnapshots(executor, ownerId, today, [current])),
  ];
  const verdicts = await sql<MonthVerdictRow>`
    with months as (
      select m as month_start, least((m + interval '1 month' - interval '1 day')::date, ${today}::date) as month_end
      from unnest(cast(${starts} as date[])) as m
    )
    , counted as (
      select date_trunc('month', v.due_date)::date as month_start, v.account_id, v.importance, v.verdict
      from expectation_verdicts v
      where v.due_date >= ${starts[0]}::date and v.due_date <= ${today}::date and not v.still_open
      union all
      select mo.month_start, v.account_id, v.importance, v.verdict
      from expectation_verdicts v
      join months mo on v.due_date < mo.month_end
      where v.still_open and v.due_date < ${today}::date
    )
    select to_char(c.month_start, 'YYYY-MM-DD') as month, a.owner_id, o.name as owner_name,
           sum(c.importance)::int as weight_total,
           coalesce(sum(c.importance) filter (where c.verdict = 'predictable'), 0)::int as predictable_weight,
           count(*)::int as sample,
           (count(*) filter (where c.verdict = 'surprise'))::int as surprises
    from counted c
    join accounts a on a.id = c.account_id
    join users o on o.id = a.owner_id
    where a.archived_at is null ${ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``}
    group by c.month_start, a.owner_id, o.name
  `.execute(executor);
  return assembleTrends(starts, snapshots, verdicts.rows);
}

async function expectSameAsSource(owners: string[]) {
  await rollUpClosedMonths(db(), today);
  for (const ownerId of [null, ...owners]) {
    const stored = await portfolioTrends(db(), { ownerId, today });
    expect(stored).toEqual(await fromSource(db(), ownerId));
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
        ...(kind === 1 ? { status: "resolved", outcome: "late", delivered_on: addDays(due, 4) > today ? today : addDays(due, 4) } : {}),
        ...(kind === 2 ? { status: "resolved", outcome: "missed" } : {}),
      });
      if (kind === 3) open.push({ accountId: a.id, id: e.id, version: e.version });
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
        nps: (w * 13) % 200 - 100,
        nps_respondents: (w % 5) + 1,
      };
    }),
  );
  await db().insertInto("health_snapshots").values(history).execute();
  for (const a of accounts) await db().transaction().execute((trx) => refreshAccountScores(trx, a.id));
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

    const director = { id: w.director.id, role: "director" } as Actor;
    const ctx = { actor: director, ip: null };
    // A late delivery of an open overdue expectation: its month's verdict changes, it stops counting afterwards.
    const late = w.open[0]!;
    await db().transaction().execute((trx) =>
      recordDelivery(trx, ctx, late.accountId, late.id, { outcome: "late", delivered_on: today, delivery_note: "", version: late.version }),
    );
    await expectSameAsSource(owners);

    // Beta changes hands (its verdicts' months move to Bertta), Gamma is archived, then restored.
    const [, beta, gamma] = w.accounts;
    const betaNow = await db().selectFrom("accounts").selectAll().where("id", "=", beta!.id).executeTakeFirstOrThrow();
    await db().transaction().execute((trx) =>
      updateAccount(trx, ctx, beta!.id, { name: betaNow.name, owner_id: w.kam2.id, version: betaNow.version } as Parameters<typeof updateAccount>[3]),
    );
    await expectSameAsSource(owners);
    const gammaNow = await db().selectFrom("accounts").select("version").where("id", "=", gamma!.id).executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => setAccountArchived(trx, ctx, gamma!.id, true, gammaNow.version));
    await expectSameAsSource(owners);
    await db().transaction().execute((trx) => setAccountArchived(trx, ctx, gamma!.id, false, gammaNow.version + 1));
    await expectSameAsSource(owners);

    // A snapshot dated after today (a scoring run with a later clock) does not count yet;
    // deleting an account's newest snapshot falls back to the one before.
    const [alfa] = w.accounts;
    await db().insertInto("health_snapshots").values({ account_id: alfa!.id, day: addDays(today, 2), health: "99.0", band: "healthy", nps: 90, nps_respondents: 9 }).execute();
    await expectSameAsSource(owners);
    await db().deleteFrom("health_snapshots").where("account_id", "=", alfa!.id).where("day", ">=", today).execute();
    await expectSameAsSource(owners);
    const latest = await db().selectFrom("health_latest").select("day").where("account_id", "=", alfa!.id).executeTakeFirstOrThrow();
    expect(latest.day < today).toBe(true);

    // An expectation deleted with its verdict, and an account deleted with everything.
    const gone = w.open[1]!;
    await db().deleteFrom("expectations").where("account_id", "=", gone.accountId).where("id", "=", gone.id).execute();
    await expectSameAsSource(owners);
    await db().deleteFrom("accounts").where("id", "=", w.accounts[3]!.id).execute();
    await expectSameAsSource(owners);

    // Folding the appended changes into one row per KAM and month keeps every figure.
    const before = await db().selectFrom("portfolio_verdict_deltas").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(await compactVerdictDeltas(db(), 0)).toBe(before.n);
    const after = await db()
      .selectFrom("portfolio_verdict_deltas")
      .select([sql<number>`count(*)::int`.as("n"), sql<number>`count(distinct (owner_id, month))::int`.as("groups")])
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(after.groups);
    expect(after.n).toBeLessThan(before.n);
    await expectSameAsSource(owners);
    // So does folding the current month's sums (health_latest_deltas) into one row per KAM and band.
    expect(await compactHealthLatestDeltas(db())).toBeGreaterThan(0);
    const sums = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct (owner_id, band))::int as keys from health_latest_deltas`.execute(db());
    expect(sums.rows[0]!.n).toBe(sums.rows[0]!.keys);
    await expectSameAsSource(owners);
  });

  it("rescoring every account leaves the stored figures equal to the source", async () => {
    const w = await world();
    const later = new Date(Date.now() + 60_000);
    for (const a of w.accounts) await db().transaction().execute((trx) => refreshAccountScores(trx, a.id, later));
    await expectSameAsSource([w.kam1.id, w.kam2.id]);
  });
});
