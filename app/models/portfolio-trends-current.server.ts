import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { DELTA_SLACK, foldDeltas } from "./portfolio-sums.server.ts";
import type { MonthEndRow } from "./portfolio-trends.server.ts";

// The trends' current month (its end is today): each live account's newest
// snapshot on or before today, counted per band and KAM. The newest snapshots
// (health_latest) are summed per KAM and band by triggers as they are written
// (health_latest_deltas, db/migrations/20261210_1110_health_latest_sums.ts), so
// this reads a few hundred rows whatever the number of accounts. Only an
// account whose newest snapshot is dated after today (a scoring run with a
// later clock) is corrected here: taken off as stored and counted with its
// newest snapshot on or before today, if it has one. The same figures as
// monthEndSnapshots for today.

const SUMS = ["accounts", "health_sum", "health_count", "nps_weighted", "nps_respondents"];

export async function currentMonth(executor: Executor, ownerId: string | null, today: string, month: string) {
  const owner = ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``;
  const { rows } = await sql<MonthEndRow & { pieces: number }>`
    with stored as (
      select d.owner_id, d.band, d.accounts, d.health_sum, d.health_count, d.nps_weighted, d.nps_respondents, 1 as pieces
      from health_latest_deltas d
      ${ownerId ? sql`where d.owner_id = ${ownerId}::uuid` : sql``}
    )
    , ahead as (
      select a.owner_id, l.band, -1 as accounts, -coalesce(l.health, 0) as health_sum, -(l.health is not null)::int as health_count,
             -coalesce(l.nps * l.nps_respondents, 0) as nps_weighted,
             -(case when l.nps is null then 0 else l.nps_respondents end) as nps_respondents, 0 as pieces
      from health_latest l
      join accounts a on a.id = l.account_id and a.archived_at is null
      where l.day > ${today}::date ${owner}
      union all
      select a.owner_id, s.band, 1, coalesce(s.health, 0), (s.health is not null)::int,
             coalesce(s.nps * s.nps_respondents, 0), case when s.nps is null then 0 else s.nps_respondents end, 0
      from health_latest l
      join accounts a on a.id = l.account_id and a.archived_at is null
      cross join lateral (
        select s.band, s.health, s.nps, s.nps_respondents
        from health_snapshots s
        where s.account_id = l.account_id and s.day <= ${today}::date
        order by s.day desc
        limit 1
      ) s
      where l.day > ${today}::date ${owner}
    )
    select ${month}::text as month, c.owner_id, o.name as owner_name, c.band,
           sum(c.accounts)::int as accounts,
           case when sum(c.health_count) > 0 then sum(c.health_sum) end as health_sum,
           sum(c.health_count)::int as health_count,
           case when sum(c.nps_respondents) > 0 then sum(c.nps_weighted) end as nps_weighted,
           sum(c.nps_respondents)::int as nps_respondents,
           sum(c.pieces)::int as pieces
    from (select * from stored union all select * from ahead) c
    join users o on o.id = c.owner_id
    group by c.owner_id, o.name, c.band
  `.execute(executor);
  const pieces = rows.reduce((n, r) => n + r.pieces, 0);
  if (pieces - rows.length > DELTA_SLACK && !executor.isTransaction) await compactHealthLatestDeltas(executor as Kysely<DB>);
  // A key whose accounts have all gone (moved, archived) sums to nothing until it is folded away.
  return rows.filter((r) => r.accounts !== 0).map(({ pieces: _, ...r }): MonthEndRow => r);
}

/** Folds health_latest_deltas into one row per KAM and band (foldDeltas). Returns how many rows were folded. */
export function compactHealthLatestDeltas(database: Kysely<DB>): Promise<number> {
  return foldDeltas(database, "health_latest_deltas", ["owner_id", "band"], SUMS);
}
