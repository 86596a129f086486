import { sql, type RawBuilder, type SqlBool } from "kysely";
import { QUADRANTS, TREATED_BADLY_TO, TREATED_WELL_FROM, type Quadrant } from "#app/domain/experience.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";

// The experience figures stored per account, calendar month (in the vendor's
// time zone) and kind of touchpoint: experience_months (migration
// 20261210_0900). Triggers mark the (account, month) pairs a write may have
// changed in experience_months_stale; `refreshExperienceMonths` counts the
// marked pairs again, by the domain's rules (app/domain/experience.ts), and
// `sumExperienceMonths` adds up a scope's months (the whole portfolio's from
// experience_portfolio_months, migration 20261210_0930). A reader refreshes its scope
// first, so what it sums is never older than the last committed write.
// tests/integration/experience-months.test.ts holds the stored figures to the
// domain's in-memory figures after every kind of write.

/** The counts of one stored row, as the migration names its columns. */
const CELL_MEASURES = {
  touchpoints: "",
  npsAnswers: "_nps",
  promoters: "_promoters",
  detractors: "_detractors",
  csatAnswers: "_csat",
  csatSum: "_csat_sum",
} as const;
type CellMeasure = keyof typeof CELL_MEASURES;

const cellColumn = (q: Quadrant, m: CellMeasure) => `${q}${CELL_MEASURES[m]}`;

/** The stored counts that are not per quadrant, each with how a touchpoint row q counts in it. */
const well = sql`q.treatment >= ${TREATED_WELL_FROM}`;
const badly = sql`q.treatment <= ${TREATED_BADLY_TO}`;
const moment = sql`q.moment_of_truth`;
const OTHER_COUNTS = {
  touchpoints: sql`true`,
  treated_neither: sql`q.treatment is not null and not (${well}) and not (${badly})`,
  no_resolution: sql`(${well} or ${badly}) and q.resolved is null`,
  no_treatment: sql`q.treatment is null and q.resolved is not null`,
  moments: moment,
  surprises: sql`q.positive_surprise`,
  moments_well: sql`${moment} and ${well}`,
  moments_badly: sql`${moment} and ${badly}`,
  moments_resolved: sql`${moment} and q.resolved = 'yes'`,
  moments_unresolved: sql`${moment} and q.resolved in ('no', 'partly')`,
  moments_went_badly: sql`${moment} and (${badly} or q.resolved = 'no')`,
  advocacy_positive: sql`q.advocacy_polarity = 'positive'`,
  advocacy_negative: sql`q.advocacy_polarity = 'negative'`,
} as const;
export type ExperienceCount = keyof typeof OTHER_COUNTS;

/** Every count column, quadrant cells first. */
export const COUNT_COLUMNS = [
  ...QUADRANTS.flatMap((q) => (Object.keys(CELL_MEASURES) as CellMeasure[]).map((m) => cellColumn(q, m))),
  ...Object.keys(OTHER_COUNTS),
];

/** A timestamptz `days` whole days (of 24 hours, as the domain counts them) after `at`. */
const daysAfter = (at: RawBuilder<unknown>, days: number) =>
  sql<Date>`${at} + (${days * 86_400} * interval '1 second')`;

/** The first answer of a kind that followed the touchpoint q (the domain's "what followed"). */
function followingSql(kind: "nps" | "csat", followDays: number, now: Date) {
  return sql`select r.score from survey_responses r
      where r.account_id = q.account_id and r.kind = ${kind} and r.answered_at <= ${now}
        and r.answered_at >= q.occurred_at and r.answered_at <= ${daysAfter(sql`q.occurred_at`, followDays)}
        ${kind === "csat" ? sql`and r.touchpoint_id is null` : sql``}
        and (not exists (select 1 from touchpoint_stakeholders p where p.account_id = q.account_id and p.touchpoint_id = q.id)
          or r.stakeholder_id in (select p.stakeholder_id from touchpoint_stakeholders p
            where p.account_id = q.account_id and p.touchpoint_id = q.id))
      order by r.answered_at, r.id limit 1`;
}

/** A CSAT answer about the touchpoint itself comes first, whenever it came; else the one that followed. */
function csatSql(followDays: number, now: Date) {
  return sql`select x.score from (
      (select r.score from survey_responses r
        where r.account_id = q.account_id and r.kind = 'csat' and r.touchpoint_id = q.id and r.answered_at <= ${now}
        order by r.answered_at, r.id limit 1)
      union all (${followingSql("csat", followDays, now)})
    ) x limit 1`;
}

/** The month's stored rows for the given (account, month) pairs, counted from the touchpoints. */
function countPairs(trx: Trx, pairs: readonly Pair[], followDays: number, now: Date) {
  const accounts = pairs.map((p) => p.account_id);
  const months = pairs.map((p) => p.month);
  const inQuadrant = (q: Quadrant) => sql`q.quadrant = ${q}`;
  const counts = [
    ...QUADRANTS.flatMap((q) => [
      sql`count(*) filter (where ${inQuadrant(q)})::int`,
      sql`count(nps.score) filter (where ${inQuadrant(q)})::int`,
      sql`count(*) filter (where ${inQuadrant(q)} and nps.score >= 9)::int`,
      sql`count(*) filter (where ${inQuadrant(q)} and nps.score <= 6)::int`,
      sql`count(csat.score) filter (where ${inQuadrant(q)})::int`,
      sql`coalesce(sum(csat.score) filter (where ${inQuadrant(q)}), 0)::int`,
    ]),
    ...Object.values(OTHER_COUNTS).map((when) => sql`count(*) filter (where ${when})::int`),
  ];
  return sql`
    insert into experience_months (account_id, month, kind, follow_days, ${sql.raw(COUNT_COLUMNS.join(", "))})
    select q.account_id, q.month, q.kind, ${followDays}::int, ${sql.join(counts)}
    from (
      select t.id, t.account_id, t.occurred_at, t.kind, p.month, t.treatment, t.resolved,
        t.moment_of_truth, t.positive_surprise, t.advocacy_polarity,
        case when (t.treatment >= ${TREATED_WELL_FROM} or t.treatment <= ${TREATED_BADLY_TO}) and t.resolved is not null
          then case when t.treatment >= ${TREATED_WELL_FROM} then 'well' else 'badly' end
            || case when t.resolved = 'yes' then '_resolved' else '_unresolved' end
        end as quadrant
      from unnest(${accounts}::uuid[], ${months}::date[]) as p(account_id, month)
      -- Per pair, the account's month by its index, whatever the planner guesses of the pairs
      -- (a hash join over every touchpoint took seconds a chunk at 10 million).
      cross join lateral (
        select * from touchpoints t0 where t0.account_id = p.account_id
          and t0.occurred_at >= p.month::timestamp at time zone ${TIME_ZONE}
          and t0.occurred_at < (p.month + interval '1 month')::timestamp at time zone ${TIME_ZONE}
      ) t
    ) q
    left join lateral (select f.score from (${followingSql("nps", followDays, now)}) f where q.quadrant is not null) nps on true
    left join lateral (select f.score from (${csatSql(followDays, now)}) f where q.quadrant is not null) csat on true
    group by q.account_id, q.month, q.kind`.execute(trx);
}

export type MonthsScope = { accountId: string } | { ownerId: string | null };

interface Pair {
  account_id: string;
  month: string;
}

/** The accounts a scope covers, as a condition on `column`: one account, or the live accounts of a KAM or of everyone. */
export function scopeAccounts(scope: MonthsScope, column: RawBuilder<unknown>) {
  if ("accountId" in scope) return sql<SqlBool>`${column} = ${scope.accountId}`;
  return sql<SqlBool>`${column} in (select a.id from accounts a where a.archived_at is null
    ${scope.ownerId === null ? sql`` : sql`and a.owner_id = ${scope.ownerId}`})`;
}

/** Whether the scope has months marked stale, or counted with another follow-up window. */
async function hasStale(executor: Executor, scope: MonthsScope, followDays: number) {
  const { rows } = await sql<{ stale: boolean }>`
    select exists (select 1 from experience_months_stale s where ${scopeAccounts(scope, sql.ref("s.account_id"))})
      or exists (select 1 from experience_months e
        where (e.follow_days < ${followDays} or e.follow_days > ${followDays})
          and ${scopeAccounts(scope, sql.ref("e.account_id"))}) as stale`.execute(executor);
  return rows[0]!.stale;
}

/** How many (account, month) pairs one transaction counts again. */
const REFRESH_CHUNK = 200;
/** Serializes the refreshers, so two never count the same pair at once. */
const REFRESH_LOCK = 7_312_046_201;

/**
 * Counts again the scope's (account, month) pairs marked stale, and those
 * counted with another follow-up window than `followDays`, in transactions of
 * `chunk` (200) pairs. Returns how many pairs it counted. Inside a transaction it runs in
 * that transaction.
 */
export async function refreshExperienceMonths(
  executor: Executor,
  options: { scope: MonthsScope; followDays: number; now?: Date; signal?: AbortSignal; chunk?: number },
): Promise<number> {
  const { scope, followDays, now = new Date(), chunk = REFRESH_CHUNK } = options;
  // Readers call this on every view: with nothing to count, one plain read, no lock and no write.
  if (!(await hasStale(executor, scope, followDays))) return 0;
  const inTransaction = <T>(fn: (trx: Trx) => Promise<T>) =>
    executor.isTransaction ? fn(executor as Trx) : executor.transaction().execute(fn);
  // Rows counted with another window are stale too (after the setting changed); written as two
  // ranges so experience_months_follow_days_idx finds them without reading the others.
  await inTransaction(async (trx) => {
    await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    await sql`insert into experience_months_stale (account_id, month)
      select distinct e.account_id, e.month from experience_months e
      where (e.follow_days < ${followDays} or e.follow_days > ${followDays})
        and ${scopeAccounts(scope, sql.ref("e.account_id"))}
      order by 1, 2 on conflict do nothing`.execute(trx);
  });
  let counted = 0;
  for (;;) {
    if (options.signal?.aborted) return counted;
    const n = await inTransaction(async (trx) => {
      await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
      const { rows: pairs } = await sql<Pair>`
        delete from experience_months_stale s
        where (s.account_id, s.month) in (
          select s2.account_id, s2.month from experience_months_stale s2
          where ${scopeAccounts(scope, sql.ref("s2.account_id"))}
          order by s2.account_id, s2.month limit ${chunk})
        returning s.account_id, s.month::text as month`.execute(trx);
      if (pairs.length === 0) return 0;
      await sql`delete from experience_months e
        using unnest(${pairs.map((p) => p.account_id)}::uuid[], ${pairs.map((p) => p.month)}::date[]) as p(account_id, month)
        where e.account_id = p.account_id and e.month = p.month`.execute(trx);
      await countPairs(trx, pairs, followDays, now);
      return pairs.length;
    });
    counted += n;
    if (n < chunk) return counted;
  }
}

/** A stored row's counts summed over a scope's months, per kind of touchpoint. */
export type KindSums = { kind: string } & Record<string, number>;

/** The scope's stored counts for the months from `fromMonth` to `toMonth` (first days), per kind. */
export async function sumExperienceMonths(
  executor: Executor,
  scope: MonthsScope,
  fromMonth: string,
  toMonth: string,
): Promise<KindSums[]> {
  // The whole portfolio's months are summed already (experience_portfolio_months, kept by triggers).
  const whole = !("accountId" in scope) && scope.ownerId === null;
  const { rows } = await sql<KindSums>`
    select e.kind, ${sql.join(COUNT_COLUMNS.map((c) => sql`sum(e.${sql.ref(c)})::int as ${sql.ref(c)}`))}
    from ${whole ? sql`experience_portfolio_months` : sql`experience_months`} e
    where e.month >= ${fromMonth}::date and e.month <= ${toMonth}::date
      ${whole ? sql`` : sql`and ${scopeAccounts(scope, sql.ref("e.account_id"))}`}
    group by e.kind
    order by e.kind`.execute(executor);
  return rows;
}

/** One quadrant's counts from a row of sums. */
export function cellCounts(row: KindSums, q: Quadrant): Record<CellMeasure, number> {
  const out = {} as Record<CellMeasure, number>;
  for (const m of Object.keys(CELL_MEASURES) as CellMeasure[]) out[m] = row[cellColumn(q, m)] ?? 0;
  return out;
}
