import { sql } from "kysely";
import { addDays, addMonths } from "#app/domain/dates.ts";
import { computePredictability, FEW_PREDICTABILITY_SAMPLE, type ExpectationForScoring } from "#app/domain/predictability.ts";
import { TIME_ZONE } from "#app/i18n/index.ts";
import { liveAccounts, loadExpectationsForScoring } from "#app/models/portfolio-kam.server.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The portfolio over time, month by month, for the live accounts of one owner
// or of everyone. Every figure travels with the sample behind it.

export interface TrendScope {
  /** One KAM's accounts, or null for the whole portfolio. */
  ownerId: string | null;
  /** The vendor's calendar date. */
  today: string;
  months?: number;
}

export interface MonthTrend {
  /** The month's first day, 'YYYY-MM-DD'. */
  month: string;
  /** Accounts per band at the month's end (the current month: today), from their latest snapshot by then. */
  bands: { healthy: number; watch: number; at_risk: number; unscored: number };
  /** Accounts with a snapshot by the month's end. */
  accounts: number;
  avgHealth: number | null;
  /** Respondent-weighted mean of the accounts' relationship NPS at the month's end. */
  nps: number | null;
  npsRespondents: number;
  /** Of the expectations due in the month: importance-weighted share delivered as the customer was told. */
  predictability: number | null;
  predictabilitySample: number;
  fewData: boolean;
  /** Expectations due in the month that surprised the customer. */
  surprises: number;
}

/** The first day of each of the last `months` months, oldest first. */
export function monthStarts(today: string, months: number): string[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: months }, (_, i) => addMonths(first, i - months + 1));
}

/** Accounts whose expectations are read and judged at once: bounds the memory a trends page takes. */
const ACCOUNT_BATCH = 250;

export async function portfolioTrends(executor: Executor, scope: TrendScope) {
  const months = scope.months ?? 12;
  const starts = monthStarts(scope.today, months);
  const windows = new Map(
    starts.map((month) => {
      const end = addDays(addMonths(month, 1), -1);
      return [month, { from: month, to: end < scope.today ? end : scope.today }];
    }),
  );
  const snapshots = await monthEndSnapshots(executor, scope.ownerId, scope.today, months);

  // Predictability and surprises by the month expectations (currently) fall
  // due in, judged by the domain rules a batch of accounts at a time and pooled
  // by their weights and counts.
  const pooled = new Map(starts.map((m) => [m, { weightTotal: 0, predictableWeight: 0, sample: 0, surprises: 0 }]));
  let after: string | null = null;
  for (;;) {
    const batch: { id: string }[] = await liveAccounts(executor, scope.ownerId)
      .select("a.id")
      .$if(after !== null, (qb) => qb.where("a.id", ">", after!))
      .orderBy("a.id")
      .limit(ACCOUNT_BATCH)
      .execute();
    if (!batch.length) break;
    after = batch.at(-1)!.id;
    const { accounts } = await loadExpectationsForScoring(
      executor,
      scope.ownerId,
      { from: starts[0]!, to: scope.today },
      Number.MAX_SAFE_INTEGER,
      batch.map((a) => a.id),
    );
    const dueIn = new Map<string, ExpectationForScoring[]>();
    for (const account of accounts) {
      for (const e of account.expectations) {
        const month = `${e.dueDate.slice(0, 7)}-01`;
        const list = dueIn.get(month) ?? [];
        list.push(e);
        dueIn.set(month, list);
      }
    }
    for (const [month, list] of dueIn) {
      const total = pooled.get(month);
      const window = windows.get(month);
      if (!total || !window) continue;
      const p = computePredictability(list, { today: scope.today, window, timeZone: TIME_ZONE });
      total.weightTotal += p.weightTotal;
      total.predictableWeight += p.predictableWeight;
      total.sample += p.sample;
      total.surprises += p.surprises.length;
    }
    if (batch.length < ACCOUNT_BATCH) break;
  }

  const trends: MonthTrend[] = starts.map((month) => {
    const p = pooled.get(month)!;
    const rows = snapshots.filter((r) => r.month === month);
    const bands = { healthy: 0, watch: 0, at_risk: 0, unscored: 0 };
    let accounts = 0;
    let healthSum = 0;
    let healthCount = 0;
    let npsWeighted = 0;
    let npsRespondents = 0;
    for (const r of rows) {
      bands[r.band ?? "unscored"] += r.accounts;
      accounts += r.accounts;
      if (r.health_sum != null) {
        healthSum += Number(r.health_sum);
        healthCount += r.health_count;
      }
      if (r.nps_weighted != null) npsWeighted += Number(r.nps_weighted);
      npsRespondents += r.nps_respondents;
    }
    return {
      month,
      bands,
      accounts,
      avgHealth: healthCount ? Math.round((healthSum / healthCount) * 10) / 10 : null,
      nps: npsRespondents ? Math.round(npsWeighted / npsRespondents) : null,
      npsRespondents,
      predictability: p.weightTotal > 0 ? p.predictableWeight / p.weightTotal : null,
      predictabilitySample: p.sample,
      fewData: p.sample < FEW_PREDICTABILITY_SAMPLE,
      surprises: p.surprises,
    };
  });
  return { months: trends };
}

/**
 * For each month, each live account's latest snapshot on or before the month's
 * end: one backward step on the snapshots' (account_id, day) key per account
 * and month, then counted per band.
 */
function monthEndSnapshots(executor: Executor, ownerId: string | null, today: string, months: number) {
  return sql<{
    month: string;
    band: "healthy" | "watch" | "at_risk" | null;
    accounts: number;
    health_sum: string | null;
    health_count: number;
    nps_weighted: string | null;
    nps_respondents: number;
  }>`
    with months as (
      select m::date as month_start,
             least((m + interval '1 month' - interval '1 day')::date, ${today}::date) as month_end
      from generate_series(
        date_trunc('month', ${today}::date) - make_interval(months => ${months - 1}::int),
        date_trunc('month', ${today}::date),
        interval '1 month'
      ) m
    )
    select to_char(mo.month_start, 'YYYY-MM-DD') as month,
           h.band,
           count(*) as accounts,
           sum(h.health) as health_sum,
           count(h.health) as health_count,
           sum(h.nps * h.nps_respondents) filter (where h.nps is not null) as nps_weighted,
           coalesce(sum(h.nps_respondents) filter (where h.nps is not null), 0) as nps_respondents
    from months mo
    cross join accounts a
    cross join lateral (
      select s.band, s.health, s.nps, s.nps_respondents
      from health_snapshots s
      where s.account_id = a.id and s.day <= mo.month_end
      order by s.day desc
      limit 1
    ) h
    where a.archived_at is null
      ${ownerId ? sql`and a.owner_id = ${ownerId}::uuid` : sql``}
    group by mo.month_start, h.band
    order by mo.month_start
  `
    .execute(executor)
    .then((r) => r.rows);
}

export type PortfolioTrends = Awaited<ReturnType<typeof portfolioTrends>>;
