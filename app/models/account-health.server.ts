import { sql } from "kysely";
import { signalReasonVariant } from "#app/domain/risk/reason.ts";
import { addDays, addMonths, type DateWindow } from "#app/domain/dates.ts";
import {
  computedPredictabilityView,
  storedPredictabilityView,
  type AccountHealthView,
  type PredictabilityView,
  type SignalView,
} from "#app/domain/health-view.ts";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import type { Band } from "#db/schema.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { readScoreFactors } from "#app/domain/scoring.ts";
import { HEALTH_CHART_DAYS } from "#app/schemas/health.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";
import { evidenceLabel, SIGNAL_COLUMNS } from "./risk-inbox.server.ts";
import { loadScoringSettings } from "./scores.server.ts";
import { loadScoredExpectations } from "./scoring-inputs.server.ts";

// The account page's health section, read from what scoring stored
// (account_scores with its factors, health_snapshots, open risk_signals).
// Every query reads one account through its primary key or an index on
// (account_id, …), and is limited.

/** At most this many open signals are listed for one account. */
const SIGNALS_LISTED = 100;

/**
 * The health section of one account on `today` (the vendor's calendar date),
 * with predictability over `months` months: from the stored explanation when it
 * covers that window, else computed now over a bounded read. `settings`: the
 * scoring settings the caller read for the same request (read here when not given).
 */
export async function getAccountHealth(
  executor: Executor,
  accountId: string,
  options: { today: string; months?: number | undefined; settings?: ScoringSettings },
): Promise<AccountHealthView> {
  const { today } = options;
  const [settings, { row, trend }, signals] = await Promise.all([
    options.settings ?? loadScoringSettings(executor).then((stored) => stored.settings),
    scoresAndTrend(executor, accountId, today),
    listOpenSignals(executor, accountId),
  ]);
  const factors = row ? readScoreFactors(row.factors) : null;
  const months = options.months ?? settings.predictabilityMonths;
  const window: DateWindow = { from: addMonths(today, -months), to: today };
  const stored = factors?.predictability;
  const predictability =
    stored && stored.window.from === window.from && stored.window.to === window.to
      ? storedPredictabilityView(stored, months)
      : await computeWindow(executor, accountId, today, months, window, settings.noticeContestDays);

  return {
    scores: row
      ? {
          computedAt: row.computed_at,
          health: row.health === null ? null : Number(row.health),
          band: row.band,
          factors: factors?.health.factors ?? [],
          evidence: factors?.health.evidence ?? null,
          cap: factors?.health.cap ?? null,
          nps: factors?.nps ?? null,
          coverage: factors?.coverage ?? null,
          npsScore: row.nps,
          npsRespondents: row.nps_respondents,
          coverageRatio: row.coverage === null ? null : Number(row.coverage),
          singleThreaded: row.single_threaded,
        }
      : null,
    bands: settings.bands,
    trend,
    predictability,
    signals,
  };
}

/**
 * The account's stored scores (its one row, or nulls: a left join on one row)
 * and the health chart's days from `from` to `to` as [day, health, band]
 * triples, oldest first: one statement, compiled once
 * (app/utils/fixed-statement.server.ts). The days' reads through the primary
 * key range, as before; JSON carries a day as 'YYYY-MM-DD' and health as the
 * number Number() makes of its text.
 */
const storedScoresAndDays = fixedStatement((db, accountId: string, from: string, to: string) =>
  db
    .selectFrom(sql`(select 1)`.as("one"))
    .leftJoin("account_scores as s", (j) => j.on("s.account_id", "=", accountId))
    .select((eb) => [
      "s.computed_at",
      "s.health",
      "s.band",
      "s.nps",
      "s.nps_respondents",
      "s.coverage",
      "s.single_threaded",
      "s.factors",
      eb
        .selectFrom(
          eb
            .selectFrom("health_snapshots")
            .select(["day", "health", "band"])
            .where("account_id", "=", accountId)
            .where("day", ">=", from)
            .where("day", "<=", to)
            .orderBy("day")
            .limit(HEALTH_CHART_DAYS + 1)
            .as("h"),
        )
        .select(
          sql<
            [string, number | null, Band | null][]
          >`coalesce(json_agg(json_build_array(h.day, h.health, h.band) order by h.day), '[]')`.as("days"),
        )
        .as("days"),
    ]),
);

/** The stored scores' columns that may be null in the row itself. */
type NullableScores = { health: string | null; band: Band | null; nps: number | null; coverage: string | null };
/** A left-joined row of stored scores once it is known to be there. */
type StoredScores<R> = { [K in keyof R]: K extends keyof NullableScores ? NullableScores[K] : NonNullable<R[K]> };

/** The stored scores (null when the account has none yet) and daily health for the last HEALTH_CHART_DAYS days, oldest first. */
async function scoresAndTrend(executor: Executor, accountId: string, today: string) {
  const [found] = await storedScoresAndDays(executor, accountId, addDays(today, -HEALTH_CHART_DAYS), today);
  const { days, ...row } = found!;
  return {
    // Left-joined, the columns may be null; they are not when the row is there (computed_at is never null in it).
    row: row.computed_at === null ? undefined : (row as StoredScores<typeof row>),
    trend: (days ?? []).map(([day, health, band]) => ({ day, health, band })),
  };
}

/** listOpenSignals' statement (three lookups for each signal's label): compiled once (app/utils/fixed-statement.server.ts). */
const openSignals = fixedStatement((db, accountId: string) =>
  db
    .selectFrom("risk_signals as rs")
    .leftJoin("users as ack", "ack.id", "rs.acknowledged_by")
    .select((eb) => [...SIGNAL_COLUMNS, evidenceLabel(eb)])
    .where("rs.account_id", "=", accountId)
    .where("rs.resolved_at", "is", null)
    .orderBy((eb) => eb.case().when("rs.acknowledged_at", "is", null).then(0).else(1).end())
    .orderBy((eb) =>
      eb.case().when("rs.severity", "=", "high").then(0).when("rs.severity", "=", "medium").then(1).else(2).end(),
    )
    .orderBy("rs.first_seen_at", "desc")
    .orderBy("rs.id")
    .limit(SIGNALS_LISTED),
);

/**
 * The account's open signals (resolved_at IS NULL, through the partial index on
 * (account_id, key)): unacknowledged first, then high → low, newest first.
 */
export async function listOpenSignals(executor: Executor, accountId: string): Promise<SignalView[]> {
  const rows = await openSignals(executor, accountId);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    rule: r.rule as RiskRule,
    severity: r.severity,
    params: r.params,
    reasonVariant: signalReasonVariant(r.rule, r.params),
    evidenceKind: r.evidence_kind,
    evidenceId: r.evidence_id,
    evidenceLabel: r.evidence_label,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedByName: r.acknowledged_by_name,
    ackNote: r.ack_note,
    escalated: r.escalated_from !== null,
  }));
}

/**
 * Predictability over a window the stored explanation does not cover: the
 * expectations that can count in it (loadScoredExpectations, bounded) and
 * their re-plans, judged by the domain rules.
 */
async function computeWindow(
  executor: Executor,
  accountId: string,
  today: string,
  months: number,
  window: DateWindow,
  noticeContestDays: number,
): Promise<PredictabilityView> {
  // The same rows the stored scores read (open and disputed ones of any date included).
  const { expectations: rows, replans: replanRows } = await loadScoredExpectations(executor, accountId, window.from);
  return computedPredictabilityView(rows, replanRows, { today, months, window, noticeContestDays });
}
