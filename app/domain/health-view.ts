// What the account page's health section reads: the view types its components
// take as props, and the predictability view, built in one place from either a
// computed result or the stored explanation (account_scores.factors).
import type { SignalReasonVariant } from "./risk/reason.ts";
import type { DateWindow } from "./dates.ts";
import type { HealthBand, HealthCap, HealthFactor } from "./health.ts";
import {
  computePredictability,
  type Importance,
  type PredictabilityResult,
  type Surprise,
  type SurpriseReason,
} from "./predictability.ts";
import type { EvidenceKind, RiskRule, RiskSeverity } from "./risk-rules.ts";
import {
  SURPRISES_LISTED,
  toScoringExpectations,
  type ExpectationRow,
  type ReplanRow,
  type ScoreFactors,
  type StoredSurprise,
} from "./scoring.ts";
import type { ScoringSettings } from "./scoring-settings.ts";
import { TIME_ZONE } from "./time.ts";

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
  /** The importance weights behind the value: predictableWeight of weightTotal. */
  weightTotal: number;
  predictableWeight: number;
  /** Withdrawn with agreement: left out of the sample. */
  withdrawn: number;
  /** Recorded after their date and not confirmed by the customer: left out of the sample. */
  unconfirmed: number;
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
  /** The wording of its reason for these params (signalReasonVariant in risk/reason.ts). */
  reasonVariant: SignalReasonVariant | null;
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
    /** How many factors have data and how many it takes to judge; null for scores stored before it was kept. */
    evidence: { factors: number; needed: number } | null;
    /** Why the band is Watch although the score is in the Healthy band. */
    cap: HealthCap | null;
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

type SurpriseLike = Pick<
  Surprise,
  "expectationId" | "reason" | "importance" | "dueDate" | "promisedDate" | "deliveredOn" | "daysLate"
>;

/**
 * The predictability view of a page: from a computed result or the stored
 * explanation, with each listed surprise titled (at most SURPRISES_LISTED).
 */
export function predictabilityView(
  p: Omit<PredictabilityResult, "surprises"> & { surprises: SurpriseLike[] },
  options: {
    months: number;
    window: DateWindow;
    source: PredictabilityView["source"];
    surpriseCount: number;
    title: (s: SurpriseLike) => string;
  },
): PredictabilityView {
  const surprises = p.surprises.slice(0, SURPRISES_LISTED).map((s): SurpriseView => ({
    expectationId: s.expectationId,
    title: options.title(s),
    reason: s.reason,
    importance: s.importance,
    dueDate: s.dueDate,
    promisedDate: s.promisedDate,
    deliveredOn: s.deliveredOn,
    daysLate: s.daysLate,
  }));
  return {
    months: options.months,
    window: options.window,
    source: options.source,
    value: p.value,
    sample: p.sample,
    predictable: p.predictable,
    weightTotal: p.weightTotal,
    predictableWeight: p.predictableWeight,
    withdrawn: p.withdrawn,
    // An explanation stored before the rule existed has no such count.
    unconfirmed: p.unconfirmed ?? 0,
    fewData: p.fewData,
    onTimeRate: p.onTimeRate,
    onTime: p.onTime,
    delivered: p.delivered,
    meanLatenessDays: p.meanLatenessDays,
    lateDeliveries: p.lateDeliveries,
    surprises,
    surpriseCount: options.surpriseCount,
  };
}

/** The stored predictability explanation as the page's view. */
export function storedPredictabilityView(p: ScoreFactors["predictability"], months: number): PredictabilityView {
  return predictabilityView(p, {
    months,
    window: p.window,
    source: "stored",
    surpriseCount: p.sample - p.predictable,
    title: (s) => (s as StoredSurprise).title,
  });
}

/** Predictability over `window`, computed now from rows (a window the stored explanation does not cover). */
export function computedPredictabilityView(
  rows: ExpectationRow[],
  replanRows: ReplanRow[],
  options: { today: string; months: number; window: DateWindow; noticeContestDays: number },
): PredictabilityView {
  const expectations = toScoringExpectations(rows, replanRows, {
    today: options.today,
    contestDays: options.noticeContestDays,
    timeZone: TIME_ZONE,
  });
  const titles = new Map(rows.map((e) => [e.id, e.title ?? ""]));
  const r = computePredictability(expectations, { today: options.today, window: options.window, timeZone: TIME_ZONE });
  return predictabilityView(r, {
    months: options.months,
    window: options.window,
    source: "computed",
    surpriseCount: r.surprises.length,
    title: (s) => titles.get(s.expectationId) ?? "",
  });
}
