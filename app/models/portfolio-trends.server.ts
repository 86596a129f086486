import { sql } from "kysely";
import {
  assembleTrends,
  sumBands,
  type BandSums,
  type OfKam,
  type SnapshotSums,
} from "#app/domain/portfolio-trends.ts";
import { monthStarts, TREND_MONTHS } from "#app/domain/predictability.ts";
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { currentMonth } from "./portfolio-trends-current.server.ts";
import { monthlyVerdicts } from "./portfolio-trends-verdicts.server.ts";

// The portfolio over time, month by month, for the live accounts of one owner
// or of everyone, as a whole and per KAM side by side. Every figure travels
// with the sample behind it. Health and NPS at each month's end: closed months
// from portfolio_month_rollups (written once per month, the first time a trend
// needs it: a closed month's end never changes), the current month from each
// account's newest snapshot (health_latest), as summed per KAM and band by
// triggers (portfolio-trends-current.server.ts). Predictability: the stored verdicts
// of the expectations due in each month (expectation_verdicts, kept by scoring)
// as summed per KAM and month by triggers when they are written, the closed ones
// and the still open ones apart (portfolio-trends-verdicts.server.ts), since a
// late delivery or a dispute can still change a verdict; an open overdue
// expectation counts in every month it stays overdue. Nothing here reads a row
// per account, nor per account and month, whatever the number of accounts
// (db/migrations/20261206_0720_trend_rollups.ts, 20261211_0900_open_verdict_sums.ts).

export interface TrendScope {
  /** One KAM's accounts, or null for the whole portfolio. */
  ownerId: string | null;
  /** The vendor's calendar date. */
  today: string;
  months?: number;
}

/**
 * The scope's months as a whole, and the same months per KAM (every KAM with
 * a live account in the scope), so KAMs can be compared side by side.
 */
export async function portfolioTrends(executor: Executor, scope: TrendScope) {
  const months = scope.months ?? TREND_MONTHS;
  const starts = monthStarts(scope.today, months);
  const current = starts.at(-1)!;
  const [closed, live, verdicts] = await Promise.all([
    rolledUpMonths(executor, scope.ownerId, starts[0]!, current),
    currentMonth(executor, scope.ownerId, scope.today, current),
    monthlyVerdicts(executor, scope.ownerId, starts, scope.today),
  ]);
  return assembleTrends(starts, [...closed, ...sumBands(live)], verdicts);
}

/** A month's end for one KAM and one band (null: the accounts not scored yet). */
export type MonthEndRow = BandSums & OfKam;

/**
 * For each of `months` (first days) and each KAM, each live account's latest
 * snapshot on or before the month's end (today for the current month), counted
 * per band: the month-end day's own snapshot where there is one (read by day),
 * else one backward step on the snapshots' (account_id, day) key.
 */
export function monthEndSnapshots(executor: Executor, ownerId: string | null, today: string, months: string[]) {
  return sql<MonthEndRow>`
    with months as (
      select m as month_start, least((m + interval '1 month' - interval '1 day')::date, ${today}::date) as month_end
      from unnest(cast(${months} as date[])) as m
    )
    , exact as (
      -- The snapshot taken on the month's last day, when there is one (the daily
      -- scoring leaves one per account per day): a range of health_snapshots_day_idx per month.
      select mo.month_start, s.account_id, s.band, s.health, s.nps, s.nps_respondents
      from months mo
      join health_snapshots s on s.day = mo.month_end
    )
    select to_char(mo.month_start, 'YYYY-MM-DD') as month,
           a.owner_id,
           o.name as owner_name,
           coalesce(e.band, h.band) as band,
           count(*)::int as accounts,
           sum(coalesce(e.health, h.health)) as health_sum,
           count(coalesce(e.health, h.health))::int as health_count,
           sum(coalesce(e.nps, h.nps) * coalesce(e.nps_respondents, h.nps_respondents))
             filter (where coalesce(e.nps, h.nps) is not null) as nps_weighted,
           coalesce(sum(coalesce(e.nps_respondents, h.nps_respondents)) filter (where coalesce(e.nps, h.nps) is not null), 0)::int
             as nps_respondents
    from months mo
    cross join accounts a
    join users o on o.id = a.owner_id
    left join exact e on e.month_start = mo.month_start and e.account_id = a.id
    -- Otherwise the latest before it: one backward step on the (account_id, day) key,
    -- skipped (a one-time filter) when the month's last day had its snapshot.
    left join lateral (
      select s.band, s.health, s.nps, s.nps_respondents
      from health_snapshots s
      where e.account_id is null and s.account_id = a.id and s.day <= mo.month_end
      order by s.day desc
      limit 1
    ) h on true
    where a.archived_at is null
      -- Accounts with no snapshot by then are not counted (nps_respondents is never null in a row).
      and (e.account_id is not null or h.nps_respondents is not null)
      ${ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``}
    group by mo.month_start, a.owner_id, o.name, coalesce(e.band, h.band)
    order by mo.month_start
  `
    .execute(executor)
    .then((r) => r.rows);
}

/**
 * The closed months from `from` up to (not including) `current`, as stored by
 * rollUpClosedMonths (a row per month, KAM and band), summed per month and KAM:
 * a fifth of the rows to read and parse.
 */
export function rolledUpMonths(
  executor: Executor,
  ownerId: string | null,
  from: string,
  current: string,
): Promise<(SnapshotSums & OfKam)[]> {
  const inBand = (band: string | null) =>
    sql<number>`coalesce(sum(r.accounts) filter (where ${band === null ? sql`r.band is null` : sql`r.band = ${band}`}), 0)::int`;
  return executor
    .selectFrom("portfolio_month_rollups as r")
    .innerJoin("users as o", "o.id", "r.owner_id")
    .select([
      sql<string>`to_char(r.month, 'YYYY-MM-DD')`.as("month"),
      "r.owner_id",
      "o.name as owner_name",
      inBand("healthy").as("healthy"),
      inBand("watch").as("watch"),
      inBand("at_risk").as("at_risk"),
      inBand("not_enough_data").as("not_enough_data"),
      inBand(null).as("unscored"),
      sql<string | null>`sum(r.health_sum)`.as("health_sum"),
      sql<number>`sum(r.health_count)::int`.as("health_count"),
      sql<string | null>`sum(r.nps_weighted)`.as("nps_weighted"),
      sql<number>`sum(r.nps_respondents)::int`.as("nps_respondents"),
    ])
    .where("r.month", ">=", from)
    .where("r.month", "<", current)
    .$if(ownerId !== null, (qb) => qb.where("r.owner_id", "=", ownerId!))
    .groupBy(["r.month", "r.owner_id", "o.name"])
    .execute();
}

/**
 * Writes the figures of the closed months among the last `months` that are not
 * stored yet (all KAMs at once). Each month is claimed by its row in
 * portfolio_months_rolled first, so two servers never write it twice. Run
 * before reading trends; on a day nothing is missing it is one indexed read.
 */
export async function rollUpClosedMonths(database: Kysely<DB>, today: string, months = TREND_MONTHS): Promise<number> {
  const closed = monthStarts(today, months).slice(0, -1);
  const done = await database
    .selectFrom("portfolio_months_rolled")
    .select("month")
    .where("month", "in", closed)
    .execute();
  const have = new Set(done.map((r) => r.month));
  const missing = closed.filter((m) => !have.has(m));
  if (!missing.length) return 0;
  return database.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("portfolio_months_rolled")
      .values(missing.map((month) => ({ month })))
      .onConflict((oc) => oc.column("month").doNothing())
      .returning("month")
      .execute();
    if (!claimed.length) return 0;
    const rows = await monthEndSnapshots(
      trx,
      null,
      today,
      claimed.map((r) => r.month),
    );
    if (rows.length) {
      await trx
        .insertInto("portfolio_month_rollups")
        .values(
          rows.map((r) => ({
            month: r.month,
            owner_id: r.owner_id,
            band: r.band,
            accounts: r.accounts,
            health_sum: r.health_sum,
            health_count: r.health_count,
            nps_weighted: r.nps_weighted,
            nps_respondents: r.nps_respondents,
          })),
        )
        .execute();
    }
    return claimed.length;
  });
}

export type PortfolioTrends = Awaited<ReturnType<typeof portfolioTrends>>;
