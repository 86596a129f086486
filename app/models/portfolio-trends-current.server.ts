import { sql, type Kysely } from "kysely";
import type { DB, HealthLatestDeltasTable } from "#db/schema.ts";
import { addHealthSums } from "#app/domain/portfolio-trends.ts";
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

const SUMS = ["accounts", "health_sum", "health_count", "nps_weighted", "nps_respondents"] as const satisfies readonly (keyof HealthLatestDeltasTable)[];

export async function currentMonth(executor: Executor, ownerId: string | null, today: string, month: string) {
  const [stored, ahead] = await Promise.all([storedRows(executor, ownerId), aheadRows(executor, ownerId, today)]);
  const pieces = stored.reduce((n, r) => n + r.pieces, 0);
  if (pieces - stored.length > DELTA_SLACK && !executor.isTransaction) await compactHealthLatestDeltas(executor as Kysely<DB>);
  const byKey = new Map(stored.map(({ pieces: _, ...r }) => [`${r.owner_id} ${r.band}`, r]));
  for (const r of ahead) {
    const key = `${r.owner_id} ${r.band}`;
    const s = byKey.get(key);
    if (!s) byKey.set(key, { ...r, health_sum: addHealthSums(r.health_sum, null), nps_weighted: r.nps_weighted });
    else
      byKey.set(key, {
        ...s,
        accounts: s.accounts + r.accounts,
        health_sum: addHealthSums(s.health_sum, r.health_sum),
        health_count: s.health_count + r.health_count,
        nps_weighted: String(Number(s.nps_weighted ?? 0) + Number(r.nps_weighted ?? 0)),
        nps_respondents: s.nps_respondents + r.nps_respondents,
      });
  }
  // A key whose accounts have all gone (moved, archived) sums to nothing until it is folded away.
  return [...byKey.values()]
    .filter((r) => r.accounts !== 0)
    .map(
      (r): MonthEndRow => ({
        month,
        owner_id: r.owner_id,
        owner_name: r.owner_name,
        band: r.band,
        accounts: r.accounts,
        health_sum: r.health_count > 0 ? r.health_sum : null,
        health_count: r.health_count,
        nps_weighted: r.nps_respondents > 0 ? r.nps_weighted : null,
        nps_respondents: r.nps_respondents,
      }),
    );
}

type SumRow = Omit<MonthEndRow, "month"> & { pieces: number };

/** The stored sums per KAM and band. */
function storedRows(executor: Executor, ownerId: string | null) {
  return sql<SumRow>`
    select d.owner_id, o.name as owner_name, d.band,
           sum(d.accounts)::int as accounts, sum(d.health_sum) as health_sum, sum(d.health_count)::int as health_count,
           sum(d.nps_weighted) as nps_weighted, sum(d.nps_respondents)::int as nps_respondents, count(*)::int as pieces
    from health_latest_deltas d
    join users o on o.id = d.owner_id
    ${ownerId ? sql`where d.owner_id = ${ownerId}::uuid` : sql``}
    group by d.owner_id, o.name, d.band
  `
    .execute(executor)
    .then((r) => r.rows);
}

/**
 * The accounts whose newest snapshot is dated after today (usually none): off
 * as stored, on with their newest snapshot on or before today (if any).
 */
function aheadRows(executor: Executor, ownerId: string | null, today: string) {
  return sql<Omit<SumRow, "pieces">>`
    select a.owner_id, o.name as owner_name, c.band,
           sum(c.sign)::int as accounts, sum(c.sign * c.health) as health_sum, sum(c.sign * (c.health is not null)::int)::int as health_count,
           coalesce(sum(c.sign * c.nps * c.nps_respondents), 0) as nps_weighted,
           coalesce(sum(c.sign * c.nps_respondents) filter (where c.nps is not null), 0)::int as nps_respondents
    from health_latest l
    join accounts a on a.id = l.account_id and a.archived_at is null
    join users o on o.id = a.owner_id
    cross join lateral (
      select -1 as sign, l.band, l.health, l.nps, l.nps_respondents
      union all
      (select 1, s.band, s.health, s.nps, s.nps_respondents
       from health_snapshots s
       where s.account_id = l.account_id and s.day <= ${today}::date
       order by s.day desc
       limit 1)
    ) c
    where l.day > ${today}::date ${ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``}
    group by a.owner_id, o.name, c.band
  `
    .execute(executor)
    .then((r) => r.rows);
}

/** Folds health_latest_deltas into one row per KAM and band (foldDeltas). Returns how many rows were folded. */
export function compactHealthLatestDeltas(database: Kysely<DB>): Promise<number> {
  return foldDeltas(database, "health_latest_deltas", ["owner_id", "band"], SUMS);
}
