import { sql, type Kysely } from "kysely";
import type { DB, PortfolioScoreDeltasTable } from "#db/schema.ts";
import type { Executor } from "#app/utils/db.server.ts";
import type { PooledRow, PortfolioScope } from "./portfolio.server.ts";

// The portfolio's figures per KAM, band and currency as stored by triggers
// (portfolio_score_deltas, db/migrations/20261210_1100_portfolio_score_sums.ts):
// the same sums as the aggregate over every live account's scores, read from a
// few hundred rows whatever the number of accounts. Only a view narrowed by
// nothing but its owner can be read from them; the table's other filters
// (band, tier, stage, renewal, name) need the accounts themselves.

/** Rows of portfolio_score_deltas beyond one per key before they are folded together. */
export const DELTA_SLACK = 1_000;

/** True when the scope narrows the accounts by their owner at most: its sums are stored. */
export function sumsAreStored(scope: PortfolioScope): boolean {
  return !scope.band && !scope.tier && !scope.stage && scope.renewalWithinDays == null && !scope.q;
}

/**
 * One row per KAM, band (null: unscored) and currency over the live accounts
 * (of one owner, when given), with the same columns as the portfolio's own
 * aggregate (portfolio.server.ts); ordered by currency as that is. Folds the
 * appended changes when they have grown past DELTA_SLACK (outside a transaction).
 */
export async function storedSummaryRows(executor: Executor, ownerId: string | null | undefined) {
  const { rows } = await sql<StoredRow>`
    select d.owner_id as kam_id, o.name as kam_name, d.band, d.currency,
           sum(d.accounts)::int as accounts,
           case when sum(d.valued) > 0 then sum(d.value) end as value,
           sum(d.scored)::int as scored,
           case when sum(d.scored) > 0 then sum(d.health_sum) end as health_sum,
           sum(d.p_weight)::int as p_weight,
           sum(d.p_predictable_weight)::int as p_predictable_weight,
           sum(d.p_sample)::int as p_sample,
           sum(d.p_surprises)::int as p_surprises,
           sum(d.p_delivered)::int as p_delivered,
           sum(d.p_on_time)::int as p_on_time,
           sum(d.p_late)::int as p_late,
           sum(d.p_late_days)::int as p_late_days,
           case when sum(d.nps_respondents) > 0 then sum(d.nps_weighted) end as nps_weighted,
           sum(d.nps_respondents)::int as nps_respondents,
           sum(d.open_signals)::int as open_signals,
           count(*)::int as pieces
    from portfolio_score_deltas d
    join users o on o.id = d.owner_id
    ${ownerId ? sql`where d.owner_id = ${ownerId}::uuid` : sql``}
    group by d.owner_id, o.name, d.band, d.currency
    order by d.currency
  `.execute(executor);
  const pieces = rows.reduce((n, r) => n + r.pieces, 0);
  if (pieces - rows.length > DELTA_SLACK && !executor.isTransaction)
    await compactScoreDeltas(executor as Kysely<DB>);
  // A key whose accounts have all gone (moved, archived) sums to nothing until it is folded away.
  return rows.filter((r) => r.accounts !== 0).map(({ pieces: _, ...r }) => r);
}

type StoredRow = {
  kam_id: string;
  kam_name: string;
  band: "healthy" | "watch" | "at_risk" | "not_enough_data" | null;
  currency: string;
  accounts: number;
  value: string | null;
  scored: number;
  health_sum: string | null;
  nps_weighted: string | null;
  nps_respondents: number;
  open_signals: number;
  pieces: number;
} & PooledRow;

const SUMS = [
  "accounts",
  "valued",
  "value",
  "scored",
  "health_sum",
  "p_weight",
  "p_predictable_weight",
  "p_sample",
  "p_surprises",
  "p_delivered",
  "p_on_time",
  "p_late",
  "p_late_days",
  "nps_weighted",
  "nps_respondents",
  "open_signals",
] as const satisfies readonly (keyof PortfolioScoreDeltasTable)[];

/**
 * Folds portfolio_score_deltas into one row per KAM, band and currency (and
 * drops keys that sum to nothing). Returns how many rows were folded.
 */
export function compactScoreDeltas(database: Kysely<DB>): Promise<number> {
  return foldDeltas(database, "portfolio_score_deltas", ["owner_id", "band", "currency"], SUMS);
}

/**
 * Folds a table of signed changes into one row per key, dropping keys whose
 * sums are all zero. Safe beside writers: the delete sees the rows committed
 * when it starts and the insert puts back exactly their sums; rows appended
 * meanwhile are left as they are. One server folds a table at a time (an
 * advisory lock; the others skip). Returns how many rows were folded.
 */
export async function foldDeltas<
  T extends "portfolio_score_deltas" | "health_latest_deltas" | "portfolio_verdict_deltas" | "portfolio_open_verdict_deltas",
>(
  database: Kysely<DB>,
  table: T,
  keys: readonly (keyof DB[T] & string)[],
  sumColumns: readonly (keyof DB[T] & string)[],
): Promise<number> {
  const name = sql.table(table);
  const keyList = sql.raw(keys.join(", "));
  const columns = sql.raw(sumColumns.join(", "));
  const sums = sql.raw(sumColumns.map((c) => `sum(${c})`).join(", "));
  const anyLeft = sql.raw(sumColumns.map((c) => `sum(${c}) <> 0`).join(" or "));
  return database.transaction().execute(async (trx) => {
    const lock = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(hashtext(${table})) as got`.execute(trx);
    if (!lock.rows[0]?.got) return 0;
    const folded = await sql<{ n: number }>`
      with gone as (
        delete from ${name}
        returning ${keyList}, ${columns}
      )
      , put as (
        insert into ${name} (${keyList}, ${columns})
        select ${keyList}, ${sums}
        from gone
        group by ${keyList}
        having ${anyLeft}
        returning 1
      )
      select (select count(*) from gone)::int as n, (select count(*) from put)::int as kept
    `.execute(trx);
    return folded.rows[0]?.n ?? 0;
  });
}
