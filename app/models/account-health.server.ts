import { addDays, addMonths, type DateWindow } from "#app/domain/dates.ts";
import type { HealthBand, HealthFactor } from "#app/domain/health.ts";
import {
  computePredictability,
  type CustomerResponse,
  type ExpectationForScoring,
  type ExpectationStatus,
  type Importance,
  type ReplanForScoring,
  type SurpriseReason,
} from "#app/domain/predictability.ts";
import type { EvidenceKind, RiskRule, RiskSeverity } from "#app/domain/risk-rules.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { TREND_DAYS } from "#app/schemas/health.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoringSettings, readScoreFactors, type ScoreFactors } from "./scores.server.ts";

// The account page's health section, read from what scoring stored
// (account_scores with its factors, health_snapshots, open risk_signals).
// Every query reads one account through its primary key or an index on
// (account_id, …), and is limited.

/** At most this many open signals are listed for one account. */
const SIGNALS_LISTED = 100;
/** At most this many surprises are listed (their count is always complete). */
const SURPRISES_LISTED = 100;
/** A bound on the expectations read for an on-the-fly predictability (one account, at most 24 months). */
const EXPECTATIONS_READ = 5000;

export interface SurpriseView {
  expectationId: string;
  title: string;
  reason: SurpriseReason;
  importance: Importance;
  dueDate: string;
  promisedDate: string;
  deliveredOn: string | null;
  daysLate: number | null;
}

export interface PredictabilityView {
  months: number;
  window: DateWindow;
  /** stored: read from account_scores.factors; computed: worked out for this request (another window). */
  source: "stored" | "computed";
  value: number | null;
  sample: number;
  predictable: number;
  withdrawn: number;
  fewData: boolean;
  onTimeRate: number | null;
  onTime: number;
  delivered: number;
  meanLatenessDays: number | null;
  lateDeliveries: number;
  /** Newest due date first; at most SURPRISES_LISTED. */
  surprises: SurpriseView[];
  /** All surprises in the window, listed or not. */
  surpriseCount: number;
}

export interface SignalView {
  id: string;
  accountId: string;
  rule: RiskRule;
  severity: RiskSeverity;
  params: unknown;
  evidenceKind: EvidenceKind;
  evidenceId: string;
  /** What the evidence link says: the expectation's title, the person's name, the touchpoint's title. */
  evidenceLabel: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | string | null;
  acknowledgedByName: string | null;
  ackNote: string;
  /** Opened because an acknowledged signal of the same cause got worse. */
  escalated: boolean;
}

export interface AccountHealthView {
  /** Null until the account has been scored. */
  scores: {
    computedAt: Date;
    health: number | null;
    band: HealthBand | null;
    factors: HealthFactor[];
    nps: ScoreFactors["nps"] | null;
    coverage: ScoreFactors["coverage"] | null;
    npsScore: number | null;
    npsRespondents: number;
    coverageRatio: number | null;
    singleThreaded: boolean;
  } | null;
  bands: ScoringSettings["bands"];
  trend: { day: string; health: number | null; band: HealthBand | null }[];
  predictability: PredictabilityView;
  signals: SignalView[];
}

/**
 * The health section of one account on `today` (the vendor's calendar date),
 * with predictability over `months` months: from the stored explanation when it
 * covers that window, else computed now over a bounded read.
 */
export async function getAccountHealth(
  executor: Executor,
  accountId: string,
  options: { today: string; months?: number | undefined },
): Promise<AccountHealthView> {
  const { today } = options;
  const [{ settings }, row, trend, signals] = await Promise.all([
    loadScoringSettings(executor),
    executor
      .selectFrom("account_scores")
      .select(["computed_at", "health", "band", "nps", "nps_respondents", "coverage", "single_threaded", "factors"])
      .where("account_id", "=", accountId)
      .executeTakeFirst(),
    healthTrend(executor, accountId, today),
    listOpenSignals(executor, accountId),
  ]);
  const factors = row ? readScoreFactors(row.factors) : null;
  const months = options.months ?? settings.predictabilityMonths;
  const window: DateWindow = { from: addMonths(today, -months), to: today };
  const stored = factors?.predictability;
  const predictability =
    stored && stored.window.from === window.from && stored.window.to === window.to
      ? fromStored(stored, months)
      : await computeWindow(executor, accountId, today, months, window);

  return {
    scores: row
      ? {
          computedAt: row.computed_at,
          health: row.health === null ? null : Number(row.health),
          band: row.band,
          factors: factors?.health.factors ?? [],
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

/** Daily health for the last TREND_DAYS days, oldest first (primary key range). */
async function healthTrend(executor: Executor, accountId: string, today: string) {
  const rows = await executor
    .selectFrom("health_snapshots")
    .select(["day", "health", "band"])
    .where("account_id", "=", accountId)
    .where("day", ">=", addDays(today, -TREND_DAYS))
    .where("day", "<=", today)
    .orderBy("day")
    .limit(TREND_DAYS + 1)
    .execute();
  return rows.map((r) => ({ day: r.day, health: r.health === null ? null : Number(r.health), band: r.band }));
}

/**
 * The account's open signals (resolved_at IS NULL, through the partial index on
 * (account_id, key)): unacknowledged first, then high → low, newest first.
 */
export async function listOpenSignals(executor: Executor, accountId: string): Promise<SignalView[]> {
  const rows = await executor
    .selectFrom("risk_signals as rs")
    .leftJoin("users as ack", "ack.id", "rs.acknowledged_by")
    .select((eb) => [
      "rs.id",
      "rs.account_id",
      "rs.rule",
      "rs.severity",
      "rs.params",
      "rs.evidence_kind",
      "rs.evidence_id",
      "rs.first_seen_at",
      "rs.last_seen_at",
      "rs.acknowledged_at",
      "rs.ack_note",
      "rs.escalated_from",
      "ack.name as acknowledged_by_name",
      // Each a primary-key lookup in the signal's account.
      eb
        .selectFrom("expectations as e")
        .select("e.title")
        .where("rs.evidence_kind", "=", "expectation")
        .whereRef("e.account_id", "=", "rs.account_id")
        .whereRef("e.id", "=", "rs.evidence_id")
        .as("evidence_expectation"),
      eb
        .selectFrom("stakeholders as st")
        .select("st.name")
        .where("rs.evidence_kind", "=", "stakeholder")
        .whereRef("st.account_id", "=", "rs.account_id")
        .whereRef("st.id", "=", "rs.evidence_id")
        .as("evidence_stakeholder"),
      eb
        .selectFrom("touchpoints as tp")
        .select("tp.title")
        .where("rs.evidence_kind", "=", "touchpoint")
        .whereRef("tp.account_id", "=", "rs.account_id")
        .whereRef("tp.id", "=", "rs.evidence_id")
        .as("evidence_touchpoint"),
    ])
    .where("rs.account_id", "=", accountId)
    .where("rs.resolved_at", "is", null)
    .orderBy((eb) => eb.case().when("rs.acknowledged_at", "is", null).then(0).else(1).end())
    .orderBy((eb) => eb.case().when("rs.severity", "=", "high").then(0).when("rs.severity", "=", "medium").then(1).else(2).end())
    .orderBy("rs.first_seen_at", "desc")
    .orderBy("rs.id")
    .limit(SIGNALS_LISTED)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    rule: r.rule as RiskRule,
    severity: r.severity,
    params: r.params,
    evidenceKind: r.evidence_kind,
    evidenceId: r.evidence_id,
    evidenceLabel: r.evidence_expectation ?? r.evidence_stakeholder ?? r.evidence_touchpoint ?? null,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedByName: r.acknowledged_by_name,
    ackNote: r.ack_note,
    escalated: r.escalated_from !== null,
  }));
}

function fromStored(p: ScoreFactors["predictability"], months: number): PredictabilityView {
  return {
    months,
    window: p.window,
    source: "stored",
    value: p.value,
    sample: p.sample,
    predictable: p.predictable,
    withdrawn: p.withdrawn,
    fewData: p.fewData,
    onTimeRate: p.onTimeRate,
    onTime: p.onTime,
    delivered: p.delivered,
    meanLatenessDays: p.meanLatenessDays,
    lateDeliveries: p.lateDeliveries,
    surprises: p.surprises.slice(0, SURPRISES_LISTED).map((s) => ({
      expectationId: s.expectationId,
      title: s.title,
      reason: s.reason,
      importance: s.importance,
      dueDate: s.dueDate,
      promisedDate: s.promisedDate,
      deliveredOn: s.deliveredOn,
      daysLate: s.daysLate,
    })),
    surpriseCount: p.sample - p.predictable,
  };
}

/**
 * Predictability over a window the stored explanation does not cover: the
 * expectations due in it (expectations_due_idx on (account_id, due_date, id))
 * and their re-plans (expectation_changes_history_idx), judged by the domain rules.
 */
async function computeWindow(
  executor: Executor,
  accountId: string,
  today: string,
  months: number,
  window: DateWindow,
): Promise<PredictabilityView> {
  const [rows, replanRows] = await Promise.all([
    executor
      .selectFrom("expectations")
      .select([
        "id",
        "title",
        "importance",
        "original_due_date",
        "due_date",
        "status",
        "outcome",
        "delivered_on",
        "customer_response",
      ])
      .where("account_id", "=", accountId)
      .where("due_date", ">=", window.from)
      .where("due_date", "<=", window.to)
      .where("status", "in", ["open", "resolved"])
      .orderBy("due_date", "desc")
      .orderBy("id")
      .limit(EXPECTATIONS_READ)
      .execute(),
    executor
      .selectFrom("expectation_changes as c")
      .innerJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"))
      .select(["c.expectation_id", "c.from_due_date", "c.to_due_date", "c.at", "c.customer_notified"])
      .where("c.account_id", "=", accountId)
      .where("c.kind", "=", "replanned")
      .where("e.due_date", ">=", window.from)
      .where("e.due_date", "<=", window.to)
      .orderBy("c.at")
      .limit(EXPECTATIONS_READ * 4)
      .execute(),
  ]);
  const replans = new Map<string, ReplanForScoring[]>();
  for (const r of replanRows) {
    if (!r.from_due_date || !r.to_due_date) continue;
    const list = replans.get(r.expectation_id) ?? [];
    list.push({ fromDueDate: r.from_due_date, toDueDate: r.to_due_date, at: r.at, customerNotified: r.customer_notified });
    replans.set(r.expectation_id, list);
  }
  const expectations: ExpectationForScoring[] = rows.map((e) => ({
    id: e.id,
    importance: Math.min(3, Math.max(1, e.importance)) as Importance,
    originalDueDate: e.original_due_date,
    dueDate: e.due_date,
    status: e.status as ExpectationStatus,
    outcome: e.outcome as DeliveryOutcome | null,
    deliveredOn: e.delivered_on,
    customerResponse: e.customer_response as CustomerResponse | null,
    replans: replans.get(e.id) ?? [],
  }));
  const titles = new Map(rows.map((e) => [e.id, e.title]));
  const r = computePredictability(expectations, { today, window, timeZone: TIME_ZONE });
  return {
    months,
    window,
    source: "computed",
    value: r.value,
    sample: r.sample,
    predictable: r.predictable,
    withdrawn: r.withdrawn,
    fewData: r.fewData,
    onTimeRate: r.onTimeRate,
    onTime: r.onTime,
    delivered: r.delivered,
    meanLatenessDays: r.meanLatenessDays,
    lateDeliveries: r.lateDeliveries,
    surprises: r.surprises.slice(0, SURPRISES_LISTED).map((s) => ({
      expectationId: s.expectationId,
      title: titles.get(s.expectationId) ?? "",
      reason: s.reason,
      importance: s.importance,
      dueDate: s.dueDate,
      promisedDate: s.promisedDate,
      deliveredOn: s.deliveredOn,
      daysLate: s.daysLate,
    })),
    surpriseCount: r.surprises.length,
  };
}
