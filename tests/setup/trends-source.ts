import { sql } from "kysely";
import type { MonthVerdictRow } from "#app/models/portfolio-trends-verdicts.server.ts";
import type { Executor } from "#app/utils/db.server.ts";

/**
 * The trends' verdicts per month and KAM counted from expectation_verdicts
 * themselves, every row of them (what the stored sums must equal): the closed
 * ones in their due month (up to the current one: as stored, by due month;
 * scoring never writes one due after its own day), the open ones in every month
 * whose end (`today` for the current month) is after their due date, and only
 * when they are due before `today`.
 */
export async function verdictsFromSource(executor: Executor, ownerId: string | null, starts: string[], today: string) {
  const { rows } = await sql<MonthVerdictRow>`
    with months as (
      select m as month_start, least((m + interval '1 month' - interval '1 day')::date, ${today}::date) as month_end
      from unnest(cast(${starts} as date[])) as m
    )
    , counted as (
      select date_trunc('month', v.due_date)::date as month_start, v.account_id, v.importance, v.verdict
      from expectation_verdicts v
      where v.due_date >= ${starts[0]}::date and date_trunc('month', v.due_date) <= ${starts.at(-1)}::date and not v.still_open
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
  return rows;
}
