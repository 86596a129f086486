import { sql, type Kysely } from "kysely";
import type { DB, PortfolioOpenVerdictDeltasTable, PortfolioVerdictDeltasTable } from "#db/schema.ts";
import type { OfKam, VerdictSums } from "#app/domain/portfolio-trends.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { foldDeltas } from "./portfolio-sums.server.ts";

// The trends' predictability per month and KAM, from the stored verdicts
// (expectation_verdicts, kept by scoring) as summed by triggers when they are
// written: the closed ones per KAM and due month (portfolio_verdict_deltas,
// db/migrations/20261206_0720_trend_rollups.ts), the still open ones per KAM,
// due month and whether due on the month's last day
// (portfolio_open_verdict_deltas, db/migrations/20261211_0900_open_verdict_sums.ts).
// A few rows per KAM and month whatever the number of accounts and
// expectations; nothing here reads a row per account.

/** A month's verdict sums for one KAM. */
export type MonthVerdictRow = VerdictSums & OfKam;

/**
 * Per month and KAM: the importance weights and counts of the expectations
 * that came due in the month (the verdict's due date, the day it came due for
 * the customer) as their accounts' last scoring judged them, plus every
 * expectation still open and overdue in each month it stays so: it counts in
 * every month that ends after it came due (the current month ends today), as
 * predictability counts an open overdue item in every window that ends after
 * its date (app/domain/predictability.ts).
 *
 * A stored verdict's due date is never after the day its account was scored,
 * so no closed one lies after today. An open one counts in a closed month `m`
 * when it came due in an earlier month, or in `m` itself but not on its last
 * day (its end); in the current month when it came due before today: all of
 * the earlier months' and the current month's stored sums less the open ones
 * due today or later this month, read live from the partial index
 * (expectation_verdicts_open_idx; usually none, as scoring judges only what has
 * come due, and a few when the clock is moved back). Months after the current
 * one are not read. The same figures as counting each open verdict in every
 * month whose end (today for the current month) is after its due date.
 */
export function monthlyVerdicts(executor: Executor, ownerId: string | null, starts: string[], today: string) {
  const from = starts[0]!;
  const current = starts.at(-1)!;
  const owner = (column: string) => (ownerId ? sql`and ${sql.ref(column)} = ${ownerId}::uuid` : sql``);
  // Integer sums throughout: a sum of bigints is a numeric, several times slower to add up.
  return sql<MonthVerdictRow>`
    with closed as (
      select d.month as month_start, d.owner_id,
             sum(d.weight_total)::int as weight_total, sum(d.predictable_weight)::int as predictable_weight,
             sum(d.sample)::int as sample, sum(d.surprises)::int as surprises
      from portfolio_verdict_deltas d
      where d.month >= ${from}::date and d.month <= ${current}::date ${owner("d.owner_id")}
      group by d.month, d.owner_id
    )
    , open_stored as (
      select d.owner_id, d.month, d.last_day,
             sum(d.weight_total)::int as weight_total, sum(d.predictable_weight)::int as predictable_weight,
             sum(d.sample)::int as sample, sum(d.surprises)::int as surprises
      from portfolio_open_verdict_deltas d
      where d.month <= ${current}::date ${owner("d.owner_id")}
      group by d.owner_id, d.month, d.last_day
    )
    -- Open but not overdue yet: due today or later in the current month, taken off the current month.
    , not_yet as (
      select a.owner_id, ${current}::date as month, false as last_day,
             -sum(v.importance)::int as weight_total,
             -coalesce(sum(v.importance) filter (where v.verdict = 'predictable'), 0)::int as predictable_weight,
             -count(*)::int as sample,
             -(count(*) filter (where v.verdict = 'surprise'))::int as surprises
      from expectation_verdicts v
      join accounts a on a.id = v.account_id
      where v.still_open and v.due_date >= ${today}::date
        and v.due_date < (${current}::date + interval '1 month')::date
        and a.archived_at is null ${owner("a.owner_id")}
      group by a.owner_id
    )
    , open as (
      select mo.month_start, d.owner_id,
             sum(d.weight_total)::int as weight_total, sum(d.predictable_weight)::int as predictable_weight,
             sum(d.sample)::int as sample, sum(d.surprises)::int as surprises
      from (select * from open_stored union all select * from not_yet) d
      join unnest(cast(${starts} as date[])) as mo(month_start)
        on d.month < mo.month_start
        or (d.month = mo.month_start and (not d.last_day or mo.month_start = ${current}::date))
      group by mo.month_start, d.owner_id
    )
    select to_char(c.month_start, 'YYYY-MM-DD') as month, c.owner_id, o.name as owner_name,
           c.weight_total, c.predictable_weight, c.sample, c.surprises
    from (
      select month_start, owner_id,
             sum(weight_total)::int as weight_total, sum(predictable_weight)::int as predictable_weight,
             sum(sample)::int as sample, sum(surprises)::int as surprises
      from (select * from closed union all select * from open) u
      group by month_start, owner_id
      having sum(sample) > 0
    ) c
    join users o on o.id = c.owner_id
  `
    .execute(executor)
    .then((r) => r.rows);
}

/** Rows of either verdict table beyond one per key before they are folded together. */
const DELTA_SLACK = 2_000;

const SUMS = ["weight_total", "predictable_weight", "sample", "surprises"] as const satisfies readonly (keyof PortfolioVerdictDeltasTable &
  keyof PortfolioOpenVerdictDeltasTable)[];

/**
 * Folds portfolio_verdict_deltas into one row per KAM and month, and
 * portfolio_open_verdict_deltas into one per KAM, month and last day, each once
 * its appended changes outnumber its keys by more than `slack` (a few hundred
 * writes that changed verdicts); foldDeltas. Returns how many rows were folded.
 */
export async function compactVerdictDeltas(database: Kysely<DB>, slack = DELTA_SLACK): Promise<number> {
  // Rows beyond one per key, counted per key (a hash aggregate: cheaper than count(distinct) of a row).
  const { rows } = await sql<{ closed: number | null; open: number | null }>`
    select (select sum(n - 1) from (select count(*) as n from portfolio_verdict_deltas group by owner_id, month) k)::int as closed,
           (select sum(n - 1) from (select count(*) as n from portfolio_open_verdict_deltas group by owner_id, month, last_day) k)::int as open
  `.execute(database);
  const closed = rows[0]?.closed ?? 0;
  const open = rows[0]?.open ?? 0;
  let folded = 0;
  if (closed > slack) folded += await foldDeltas(database, "portfolio_verdict_deltas", ["owner_id", "month"], SUMS);
  if (open > slack) folded += await foldDeltas(database, "portfolio_open_verdict_deltas", ["owner_id", "month", "last_day"], SUMS);
  return folded;
}
