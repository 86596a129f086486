import { sql, type RawBuilder } from "kysely";
import { z } from "zod";
import { portfolioOwnerScope, type Actor } from "#app/domain/permissions.ts";
import { healthTenths, meanHealth } from "#app/domain/health.ts";
import { roundHalfAwayFromZero } from "#app/domain/nps.ts";
import { addMoney, TREND_ARROW_DAYS, type MoneyTotal } from "#app/domain/portfolio.ts";
import { predictabilityFromCounts, type PooledPredictability } from "#app/domain/predictability.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Band } from "#db/schema.ts";
import { escapeLike } from "#app/models/accounts.server.ts";
import { PORTFOLIO_PAGE_SIZE, PORTFOLIO_SORTS, type PortfolioSort, type PortfolioView, type SortDirection } from "#app/schemas/portfolio.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { storedSummaryRows, sumsAreStored } from "./portfolio-sums.server.ts";

// The director's portfolio: every live (not archived) account with its current
// scores from account_scores, kept current by every write (no batch), and the
// health trend read from health_snapshots through its (account_id, day) key.

export interface PortfolioScope {
  /** Only this owner's accounts: a KAM's own book, or the director's KAM filter. */
  ownerId?: string | null | undefined;
  band?: Band | undefined;
  tier?: string | undefined;
  stage?: string | undefined;
  renewalWithinDays?: number | undefined;
  q?: string | undefined;
  /** The vendor's calendar date ('YYYY-MM-DD'): renewal windows and the trend are measured from it. */
  today: string;
}

/**
 * The scope every portfolio query of this viewer runs in. Directors and admins
 * see every account and may filter by KAM; a KAM sees their own accounts only,
 * whatever the URL says (portfolioOwnerScope in app/domain/permissions.ts).
 */
export function portfolioScope(viewer: Actor, view: PortfolioView, now: Date): PortfolioScope {
  return {
    ownerId: portfolioOwnerScope(viewer) ?? view.kam,
    band: view.band,
    tier: view.tier,
    stage: view.stage,
    renewalWithinDays: view.renewal,
    q: view.q,
    today: calendarDate(now),
  };
}

export interface PortfolioPageOptions {
  sort: PortfolioSort;
  dir: SortDirection;
  cursor?: string | null | undefined;
  limit?: number;
}

export { PORTFOLIO_PAGE_SIZE };

interface SortSpec {
  value: RawBuilder<unknown>;
  /** The tie-breaker, from the same table as the value so the (value, id) index gives the order. */
  id: RawBuilder<unknown>;
  cast: "text" | "numeric" | "float8" | "int" | "date";
  nullable: boolean;
}

// The predictability share as every page shows it: the stored weights divided (the stored
// predictability is rounded to four places, so 0.50495 and 0.505 would tie there and show
// as 50 % and 51 % in either order). Spelt as db/migrations/20261213_0900 indexes it.
const PREDICTABILITY_SHARE = sql<number | null>`(s.predictable_weight::float8 / nullif(s.predictability_weight, 0))`;

// Each column pages over (value, id) on its own index (db/migrations/20261123_1100_portfolio_indexes.ts).
// The KAM column sorts on the owner's name from users; the portfolio's few
// thousand accounts make that one sort cheap, and an index cannot span two tables.
const SORTS: Record<PortfolioSort, SortSpec> = {
  name: { value: sql`lower(a.name)`, id: sql`a.id`, cast: "text", nullable: false },
  kam: { value: sql`lower(o.name)`, id: sql`a.id`, cast: "text", nullable: false },
  health: { value: sql`s.health`, id: sql`s.account_id`, cast: "numeric", nullable: true },
  predictability: { value: PREDICTABILITY_SHARE, id: sql`s.account_id`, cast: "float8", nullable: true },
  nps: { value: sql`s.nps`, id: sql`s.account_id`, cast: "int", nullable: true },
  coverage: { value: sql`s.coverage`, id: sql`s.account_id`, cast: "numeric", nullable: true },
  // Null for an account not scored yet: it has no account_scores row.
  signals: { value: sql`s.open_signals`, id: sql`s.account_id`, cast: "int", nullable: true },
  value: { value: sql`a.contract_value`, id: sql`a.id`, cast: "numeric", nullable: true },
  renewal: { value: sql`a.renewal_date`, id: sql`a.id`, cast: "date", nullable: true },
};

/** [sort, dir, last value (null once in the unknown-value tail), last id] */
const PortfolioCursor = z.tuple([
  z.enum(PORTFOLIO_SORTS),
  z.enum(["asc", "desc"]),
  z.union([z.string().max(300), z.number(), z.null()]),
  z.uuid(),
]);

// One owner's view reads that owner's accounts, then each one's scores by key.
// On the plain equality the planner prefers a hash join over every
// account_scores row (the whole portfolio's) against the owner's hundred; the
// same condition written as `= any(array[...])` cannot be hashed, so it drives
// from the owner's accounts into account_scores_pkey (issue #16). The whole
// portfolio keeps the plain join: there the health order walks its index.
function scoped(executor: Executor, scope: PortfolioScope) {
  return executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .leftJoin("account_scores as s", (join) =>
      scope.ownerId ? join.on(sql<boolean>`s.account_id = any(array[a.id])`) : join.onRef("s.account_id", "=", "a.id"),
    )
    .where("a.archived_at", "is", null)
    .$if(Boolean(scope.ownerId), (qb) => qb.where("a.owner_id", "=", scope.ownerId!))
    .$if(Boolean(scope.band), (qb) => qb.where("s.band", "=", scope.band!))
    .$if(Boolean(scope.tier), (qb) => qb.where("a.tier", "=", scope.tier!))
    .$if(Boolean(scope.stage), (qb) => qb.where("a.lifecycle_stage", "=", scope.stage!))
    .$if(Boolean(scope.q), (qb) => qb.where(sql`lower(a.name)`, "like", `%${escapeLike(scope.q!.toLowerCase())}%`))
    .$if(scope.renewalWithinDays != null, (qb) =>
      qb
        .where("a.renewal_date", ">=", sql<string>`${scope.today}::date`)
        .where("a.renewal_date", "<=", sql<string>`${scope.today}::date + ${scope.renewalWithinDays!}::int`),
    );
}

function rowsQuery(executor: Executor, scope: PortfolioScope, spec: SortSpec) {
  return scoped(executor, scope).select([
    "a.id",
    "a.name",
    "a.tier",
    "a.lifecycle_stage",
    "a.contract_value",
    "a.currency",
    "a.renewal_date",
    "a.owner_id",
    "o.name as owner_name",
    "s.health",
    "s.band",
    "s.predictability",
    // The share shown and sorted on, as the account's own page divides it (the stored
    // predictability, rounded to four places, is kept for the export).
    PREDICTABILITY_SHARE.as("predictability_share"),
    "s.predictability_sample",
    "s.nps",
    "s.nps_respondents",
    "s.coverage",
    "s.single_threaded",
    "s.open_signals",
    // Today's health against the latest snapshot on or before 30 days ago: one
    // backward step on the (account_id, day) primary key per row.
    sql<string | null>`s.health - (
      select h.health from health_snapshots h
      where h.account_id = a.id and h.day <= ${scope.today}::date - ${TREND_ARROW_DAYS}::int
      order by h.day desc limit 1
    )`.as("health_delta"),
    sql<string | number | null>`${spec.value}`.as("sort_value"),
  ]);
}

/**
 * The known values of a column from a cursor's (value, id) on, in order: a range of the column's
 * (value, id) index (db/migrations/20261123_1100_portfolio_indexes.ts, 20261213_0900), no sort.
 */
export function knownValues(
  executor: Executor,
  scope: PortfolioScope,
  sort: PortfolioSort,
  dir: SortDirection,
  after: [value: string | number | null, id: string] | null,
  limit: number,
) {
  const spec = SORTS[sort];
  const cmp = sql.raw(dir === "asc" ? ">" : "<");
  return rowsQuery(executor, scope, spec)
    .where(sql<boolean>`${spec.value} is not null`)
    .$if(after !== null, (qb) =>
      qb.where(sql<boolean>`(${spec.value}, ${spec.id}) ${cmp} (cast(${after![0]} as ${sql.raw(spec.cast)}), ${after![1]}::uuid)`),
    )
    .orderBy(spec.value, dir)
    .orderBy(spec.id, dir)
    .limit(limit);
}

/**
 * One page of the portfolio, sorted by any column either way with the accounts
 * whose value is unknown always last. Keyset paging over (value, id) in two
 * stretches: the known values on the column's index, then the unknown ones by
 * id; so every account appears exactly once across the pages and a deep page
 * costs the same as the first.
 */
export async function listPortfolio(executor: Executor, scope: PortfolioScope, options: PortfolioPageOptions) {
  const limit = options.limit ?? PORTFOLIO_PAGE_SIZE;
  const spec = SORTS[options.sort];
  const dir = options.dir;
  const cmp = sql.raw(dir === "asc" ? ">" : "<");
  const decoded = decodeCursor(options.cursor, PortfolioCursor);
  // A cursor from another sort is ignored: the view starts from its first page.
  const after = decoded && decoded[0] === options.sort && decoded[1] === dir ? decoded : null;
  const inUnknownTail = after !== null && after[2] === null;

  const rows = inUnknownTail
    ? []
    : await knownValues(executor, scope, options.sort, dir, after ? [after[2], after[3]] : null, limit + 1).execute();
  if (rows.length <= limit && spec.nullable) {
    const tail = await rowsQuery(executor, scope, spec)
      .where(sql<boolean>`${spec.value} is null`)
      .$if(inUnknownTail, (qb) => qb.where(sql<boolean>`a.id ${cmp} ${after![3]}::uuid`))
      .orderBy("a.id", dir)
      .limit(limit + 1 - rows.length)
      .execute();
    rows.push(...tail);
  }
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [options.sort, dir, last.sort_value ?? null, last.id]);
  return { accounts: page, nextCursor };
}

export type PortfolioRow = Awaited<ReturnType<typeof listPortfolio>>["accounts"][number];

/**
 * Every account of the view in keyset batches, for the export: never more than
 * one batch in memory, and each batch an index range like a page.
 */
export async function* portfolioBatches(
  executor: Executor,
  scope: PortfolioScope,
  options: Omit<PortfolioPageOptions, "cursor">,
): AsyncGenerator<PortfolioRow[]> {
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listPortfolio>> = await listPortfolio(executor, scope, {
      ...options,
      cursor,
      limit: options.limit ?? 500,
    });
    if (page.accounts.length) yield page.accounts;
    cursor = page.nextCursor;
  } while (cursor);
}

export type BandKey = Band | "unscored";
export interface BandTotal {
  accounts: number;
  /** Contract value per currency: amounts in different currencies are never added together. */
  value: MoneyTotal[];
}

/** Totals per band, and the value at risk (contract value of at-risk accounts), over the filtered view. */
export async function portfolioTotals(executor: Executor, scope: PortfolioScope) {
  return summarize(await summaryRows(executor, scope)).totals;
}

function addTo(totals: MoneyTotal[], currency: string, amount: string) {
  const existing = totals.find((t) => t.currency === currency);
  if (existing) existing.amount = addMoney(existing.amount, amount);
  else totals.push({ currency, amount });
}

export type PortfolioTotals = Awaited<ReturnType<typeof portfolioTotals>>;

/**
 * The sums pooled predictability is made of (predictabilityFromCounts), over
 * the accounts of a query that joins account_scores as `s`: the stored counts
 * of each account's window added up, so the figure is importance-weighted over
 * all their expectations, exactly as if judged together.
 */
const POOLED_COUNTS = [
  sql<number>`coalesce(sum(s.predictability_weight), 0)::int`.as("p_weight"),
  sql<number>`coalesce(sum(s.predictable_weight), 0)::int`.as("p_predictable_weight"),
  sql<number>`coalesce(sum(s.predictability_sample), 0)::int`.as("p_sample"),
  sql<number>`coalesce(sum(s.predictability_surprises), 0)::int`.as("p_surprises"),
  sql<number>`coalesce(sum(s.predictability_delivered), 0)::int`.as("p_delivered"),
  sql<number>`coalesce(sum(s.predictability_on_time), 0)::int`.as("p_on_time"),
  sql<number>`coalesce(sum(s.predictability_late), 0)::int`.as("p_late"),
  sql<number>`coalesce(sum(s.predictability_late_days), 0)::int`.as("p_late_days"),
];

export type PooledRow = {
  p_weight: number;
  p_predictable_weight: number;
  p_sample: number;
  p_surprises: number;
  p_delivered: number;
  p_on_time: number;
  p_late: number;
  p_late_days: number;
};

function pooled(r: PooledRow): PooledPredictability {
  return predictabilityFromCounts({
    weightTotal: r.p_weight,
    predictableWeight: r.p_predictable_weight,
    sample: r.p_sample,
    surprises: r.p_surprises,
    delivered: r.p_delivered,
    onTime: r.p_on_time,
    lateDeliveries: r.p_late,
    latenessDaysTotal: r.p_late_days,
  });
}

/**
 * Predictability pooled over the scope's live accounts (a KAM's book, the
 * whole portfolio): one aggregate over account_scores, never a read of the
 * expectations. Each account's counts are over its scoring window (the
 * scoring settings' predictability months up to the day it was scored).
 */
export async function pooledPredictability(executor: Executor, scope: PortfolioScope): Promise<PooledPredictability> {
  if (sumsAreStored(scope)) return summarize(await storedSummaryRows(executor, scope.ownerId)).predictability;
  const row = await scoped(executor, scope).select(POOLED_COUNTS).executeTakeFirstOrThrow();
  return pooled(row);
}

/**
 * Per KAM over the filtered view: accounts, mean health, predictability and NPS
 * with the samples behind them, open signals. Predictability is pooled from
 * the accounts' stored counts exactly as on the per-KAM page (the same sums,
 * the same predictabilityFromCounts); NPS is the accounts' NPS weighted by
 * respondents (close to pooling every answer), read from account_scores alone.
 */
export async function kamComparison(executor: Executor, scope: PortfolioScope) {
  return summarize(await summaryRows(executor, scope)).kams;
}

/**
 * The portfolio page's figures in one pass over the view's stored scores: the
 * totals per band, the KAM comparison and, for an unfiltered view, the pooled
 * predictability, all added up from one row per KAM × band × currency (each a
 * sum of counts, so nothing is lost by grouping finer than any one figure needs).
 * A view narrowed by its owner at most reads those rows as the triggers keep
 * them (portfolio-sums.server.ts); a filtered one sums its accounts' scores.
 */
export async function portfolioSummary(executor: Executor, scope: PortfolioScope) {
  return summarize(await summaryRows(executor, scope));
}

function summaryRows(executor: Executor, scope: PortfolioScope): Promise<SummaryRow[]> {
  return sumsAreStored(scope) ? storedSummaryRows(executor, scope.ownerId) : scannedSummaryRows(executor, scope);
}

/** The same rows as storedSummaryRows, summed from the accounts of the view. */
export function scannedSummaryRows(executor: Executor, scope: PortfolioScope) {
  return scoped(executor, scope)
    .select([
      "o.id as kam_id",
      "o.name as kam_name",
      "s.band",
      "a.currency",
      sql<number>`count(*)`.as("accounts"),
      sql<string | null>`sum(a.contract_value)`.as("value"),
      sql<number>`count(s.health)`.as("scored"),
      sql<string | null>`sum(s.health)`.as("health_sum"),
      ...POOLED_COUNTS,
      sql<string | null>`sum(s.nps * s.nps_respondents) filter (where s.nps is not null)`.as("nps_weighted"),
      sql<number>`coalesce(sum(s.nps_respondents) filter (where s.nps is not null), 0)`.as("nps_respondents"),
      sql<number>`coalesce(sum(s.open_signals), 0)`.as("open_signals"),
    ])
    .groupBy(["o.id", "o.name", "s.band", "a.currency"])
    .orderBy("a.currency")
    .execute();
}

type SummaryRow = Awaited<ReturnType<typeof scannedSummaryRows>>[number];

const POOLED_KEYS = ["p_weight", "p_predictable_weight", "p_sample", "p_surprises", "p_delivered", "p_on_time", "p_late", "p_late_days"] as const;
const noPooled = (): PooledRow => ({ p_weight: 0, p_predictable_weight: 0, p_sample: 0, p_surprises: 0, p_delivered: 0, p_on_time: 0, p_late: 0, p_late_days: 0 });

function summarize(rows: SummaryRow[]) {
  const empty = (): BandTotal => ({ accounts: 0, value: [] });
  const bands: Record<BandKey, BandTotal> = {
    healthy: empty(),
    watch: empty(),
    at_risk: empty(),
    not_enough_data: empty(),
    unscored: empty(),
  };
  const all = empty();
  const everyone = noPooled();
  const kams = new Map<
    string,
    { name: string; accounts: number; scored: number; healthTenths: number; atRisk: number; counts: PooledRow; npsWeighted: number; npsRespondents: number; openSignals: number }
  >();
  for (const r of rows) {
    const total = bands[r.band ?? "unscored"];
    total.accounts += r.accounts;
    all.accounts += r.accounts;
    if (r.value != null) {
      addTo(total.value, r.currency, r.value);
      addTo(all.value, r.currency, r.value);
    }
    let kam = kams.get(r.kam_id);
    if (!kam) {
      kam = { name: r.kam_name, accounts: 0, scored: 0, healthTenths: 0, atRisk: 0, counts: noPooled(), npsWeighted: 0, npsRespondents: 0, openSignals: 0 };
      kams.set(r.kam_id, kam);
    }
    kam.accounts += r.accounts;
    kam.scored += r.scored;
    kam.healthTenths += healthTenths(r.health_sum);
    if (r.band === "at_risk") kam.atRisk += r.accounts;
    for (const key of POOLED_KEYS) {
      kam.counts[key] += r[key];
      everyone[key] += r[key];
    }
    kam.npsWeighted += Number(r.nps_weighted ?? 0);
    kam.npsRespondents += r.nps_respondents;
    kam.openSignals += r.open_signals;
  }
  return {
    totals: { bands, all, valueAtRisk: bands.at_risk.value },
    /** Pooled over the rows summarised: the view's accounts (the page asks for it only when the view is unfiltered). */
    predictability: pooled(everyone),
    kams: [...kams.entries()]
      .map(([kamId, k]) => ({
        kam_id: kamId,
        kam_name: k.name,
        accounts: k.accounts,
        scored: k.scored,
        avg_health: meanHealth(k.healthTenths, k.scored)?.toFixed(1) ?? null,
        at_risk: k.atRisk,
        predictability: pooled(k.counts),
        nps: k.npsRespondents ? String(roundHalfAwayFromZero(k.npsWeighted / k.npsRespondents)) : null,
        nps_respondents: k.npsRespondents,
        open_signals: k.openSignals,
      }))
      .sort((a, b) => a.kam_name.localeCompare(b.kam_name, "fi") || a.kam_id.localeCompare(b.kam_id))
      .slice(0, 500),
  };
}

export type KamComparisonRow = Awaited<ReturnType<typeof kamComparison>>[number];
