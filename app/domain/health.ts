// Account health, 0–100 and explainable: every factor shows its raw value, its
// normalized 0..1 score, its weight and the points it contributes.
//
// Decisions (tested in tests/unit/health.test.ts; docs/scoring.md, "Health"):
// - Each factor's score is a simple monotonic normalization of its value:
//   · predictability: the 0..1 value as it is;
//   · sentiment: the mean customer sentiment (−2..2) of the latest `sentimentWindow`
//     rated touchpoints mapped linearly to 0..1 ((mean + 2) / 4), less
//     `sentimentFallingPenalty` when their trend is falling (sentimentTrend in
//     brief.ts: the newer half's mean at least 0.3 below the older half's), never below 0;
//   · relationship NPS: −100..100 mapped linearly to 0..1;
//   · decision-maker engagement: days since two-way contact with an active decision
//     maker: up to `dmFullScoreDays` (30) → 1, from 2 × `dmContactDays` (120) → 0,
//     linear between; a decision maker never contacted → 0;
//   · support burden: 1 − min(1, open × 0.1 + pastSla × 0.25), where `open` counts
//     every open case including those past their SLA (so a case past SLA costs 0.35);
//   · invoice troubles: 1 − min(1, troubles × 0.34), a trouble being an invoice that
//     is disputed or unpaid more than `invoiceOverdueDays` (30) days past due;
//   · coverage: the committee coverage ratio as it is;
//   · sentiment and treatment are staff readings: a favourable one counts as
//     neutral unless the customer confirmed it (countedReadings, below);
//   · treatment: how the customer felt treated (1–5), the mean of the latest
//     `sentimentWindow` touchpoints where it was recorded, mapped linearly to
//     0..1 ((mean − 1) / 4). Its default weight is small (5): the texts say
//     treatment matters, but it is one person's reading of an encounter.
// - A factor without data is "no data" (unavailable): no prediction came due, no
//   rated touchpoint, no NPS respondent, no active decision maker mapped, no
//   support case or invoice on record, no key role mapped. It contributes
//   nothing, and its weight is shared among the available factors in proportion
//   to their own weights (each factor's `share`), so the score still spans 0..100.
//   A mapped decision maker never contacted is data: score 0.
// - Not enough data: with fewer than `minFactorsWithData` available factors
//   (weighted above 0), the account is not judged: score null, band
//   "not_enough_data". An empty account is never 0 and never At risk.
// - Points are rounded once: the exact points (score × share × 100) are summed
//   and the total rounded to one decimal; each factor's shown points are then
//   rounded to one decimal by largest remainder, so they add up to the total
//   exactly. The band is read from the rounded total: ≥ healthyFrom healthy,
//   ≥ watchFrom watch, else at_risk.
// - The cap (capHealth, applied once the risk signals are known): an account with
//   an open High signal (`healthyCap.highSignal`) or predictability under
//   `healthyCap.predictabilityBelow` is never "healthy": its band is Watch at
//   best. The score is left as it is (so the factors still add up to it) and
//   the cap says why.
import { sentimentTrend, type TrendDirection } from "./brief.ts";
import { diffDays } from "./dates.ts";
import {
  DEFAULT_SCORING_SETTINGS,
  HEALTH_FACTOR_KEYS,
  type HealthFactorKey,
  type ScoringSettings,
} from "./scoring-settings.ts";
import type { HealthBand } from "./health-bands.ts";

export type { HealthBand };
/** The bands a judged account can fall in (by its score). */
export type JudgedBand = Exclude<HealthBand, "not_enough_data">;

export interface HealthInput {
  /** Predictability's value, 0..1; null without a sample. */
  predictability: number | null;
  /** Customer sentiment (−2..2) of rated touchpoints, newest first. */
  sentiments: number[];
  /** Relationship NPS, −100..100; null without respondents. */
  nps: number | null;
  /** Days since two-way contact with an active decision maker; null when there never was any. */
  daysSinceDecisionMakerContact: number | null;
  /** Whether an active decision maker is mapped; without one, engagement has no data. Unset: mapped. */
  decisionMakerMapped?: boolean;
  /** Open support cases, and how many of them are past their SLA; null when unknown. */
  support: { open: number; pastSla: number } | null;
  /** Invoices disputed or unpaid long past due (see invoiceTrouble); null when unknown. */
  invoiceTroubles: number | null;
  /** Committee coverage ratio, 0..1; null when unknown. */
  coverageRatio: number | null;
  /** How the customer felt treated (1–5) on touchpoints where it was recorded, newest first; none or unset: no data. */
  treatments?: number[];
  /**
   * How many favourable staff readings in each window were counted as neutral
   * because the customer did not confirm them (countedReadings); for the
   * factor's explanation.
   */
  unconfirmed?: { sentiment: number; treatment: number };
}

/** A reading of an encounter recorded by staff: sentiment (−2..2) or felt treatment (1–5). */
export interface StaffReading {
  value: number;
  /** The customer said so themselves: their own CSAT for that touchpoint was 4–5, or they logged it in the portal. */
  confirmed: boolean;
}

/** Where staff readings are neither good nor bad news. */
export const NEUTRAL_READING = { sentiment: 0, treatment: 3 } as const;

/**
 * Readings against interest. Sentiment and felt treatment are typed by staff —
 * mostly by the KAM whose account health judges — so a favourable reading
 * counts only as far as neutral unless the customer confirmed it; a neutral or
 * unfavourable one counts as recorded (nobody games a figure by making it
 * worse). Logging ten glowing meetings therefore cannot lift health; the
 * customer's own CSAT about the encounter can. Returns the values to count, in
 * the same order, and how many favourable readings were held at neutral.
 */
export function countedReadings(readings: StaffReading[], neutral: number): { values: number[]; unconfirmed: number } {
  let unconfirmed = 0;
  const values = readings.map((r) => {
    if (r.value <= neutral || r.confirmed) return r.value;
    unconfirmed++;
    return neutral;
  });
  return { values, unconfirmed };
}

export type FactorParams = Record<string, number | string | boolean | null>;

export interface HealthFactor {
  key: HealthFactorKey;
  /** The raw, human-meaningful value (a share, a mean sentiment, an NPS, days, a count); null when unavailable. */
  value: number | null;
  /** Normalized 0..1; null when unavailable. */
  score: number | null;
  /** The configured weight. */
  weight: number;
  /** The share of the 100 points this factor carries after redistribution, 0..1 (0 when unavailable). */
  share: number;
  /** Contribution to the 0..100 health score, one decimal; the factors' points add up to the score. */
  points: number;
  available: boolean;
  /** Plain data for the factor's explanation. */
  params: FactorParams;
}

export type CapReason =
  | { kind: "high_signal"; rules: string[] }
  | { kind: "low_predictability"; value: number; below: number };

/** Why a score in the Healthy band is shown as Watch (see capHealth). */
export interface HealthCap {
  /** The band the score alone would give. */
  scoreBand: JudgedBand;
  band: "watch";
  reasons: CapReason[];
}

export interface HealthResult {
  /** 0..100, one decimal; null when not enough data. */
  score: number | null;
  /** null only for a result computed before bands covered every case (stored before "not_enough_data"). */
  band: HealthBand | null;
  factors: HealthFactor[];
  /** How many factors have data, and how many it takes to judge. */
  evidence?: { factors: number; needed: number };
  /** Set when the band was capped below what the score gives. */
  cap?: HealthCap | null;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

export function normalizeSentiment(
  newestFirst: number[],
  settings: Pick<ScoringSettings, "sentimentWindow" | "sentimentFallingPenalty"> = DEFAULT_SCORING_SETTINGS,
): { mean: number; score: number; direction: TrendDirection; sample: number } | null {
  const values = newestFirst.slice(0, settings.sentimentWindow);
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const direction = sentimentTrend(values, settings.sentimentWindow).direction;
  const penalty = direction === "down" ? settings.sentimentFallingPenalty : 0;
  return { mean, score: clamp01((mean + 2) / 4 - penalty), direction, sample: values.length };
}

/** The mean felt treatment (1–5) of the latest `window` values, and its 0..1 score; null without any. */
export function normalizeTreatment(newestFirst: number[], window: number): { mean: number; score: number; sample: number } | null {
  const values = newestFirst.slice(0, window);
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, score: clamp01((mean - 1) / 4), sample: values.length };
}

export function normalizeNps(nps: number): number {
  return clamp01((nps + 100) / 200);
}

export function normalizeDmEngagement(
  days: number | null,
  settings: Pick<ScoringSettings, "dmContactDays" | "dmFullScoreDays"> = DEFAULT_SCORING_SETTINGS,
): number {
  if (days === null) return 0;
  const zeroAt = 2 * settings.dmContactDays;
  if (days <= settings.dmFullScoreDays) return 1;
  if (days >= zeroAt) return 0;
  return (zeroAt - days) / (zeroAt - settings.dmFullScoreDays);
}

export function normalizeSupport(open: number, pastSla: number): number {
  return 1 - Math.min(1, open * 0.1 + pastSla * 0.25);
}

export function normalizeInvoices(troubles: number): number {
  return 1 - Math.min(1, troubles * 0.34);
}

/**
 * A health figure, or a sum of them (one decimal, as PostgreSQL's numeric text),
 * in whole tenths: sums of these are exact in any order, where adding the
 * decimals as floating point numbers is not (60.3 + 70.6 = 130.89999999999998).
 */
export const healthTenths = (sum: string | number | null): number => Math.round(Number(sum ?? 0) * 10);

/** The mean of `count` health figures summed in tenths, to one decimal (halves up, as round() in PostgreSQL). */
export const meanHealth = (tenths: number, count: number): number | null =>
  count > 0 ? Math.round(tenths / count) / 10 : null;

export function healthBand(score: number, bands: ScoringSettings["bands"]): JudgedBand {
  if (score >= bands.healthyFrom) return "healthy";
  if (score >= bands.watchFrom) return "watch";
  return "at_risk";
}

export interface InvoiceForScoring {
  touchpointId: string;
  number: string;
  amount: number | string | null;
  /** 'YYYY-MM-DD' */
  dueDate: string;
  paidOn: string | null;
  disputed: boolean;
}

/** Why an invoice is a trouble on `today`: disputed, or unpaid more than `overdueDays` days past due; else null. */
export function invoiceTrouble(
  invoice: InvoiceForScoring,
  today: string,
  overdueDays = DEFAULT_SCORING_SETTINGS.invoiceOverdueDays,
): { reason: "disputed" | "overdue"; daysOverdue: number | null } | null {
  const daysOverdue = invoice.paidOn === null ? diffDays(invoice.dueDate, today) : null;
  if (invoice.disputed)
    return { reason: "disputed", daysOverdue: daysOverdue !== null && daysOverdue > 0 ? daysOverdue : null };
  if (daysOverdue !== null && daysOverdue > overdueDays) return { reason: "overdue", daysOverdue };
  return null;
}

export interface SupportCaseForScoring {
  touchpointId: string;
  severity: string;
  openedAt: Date | string;
  slaDueAt: Date | string;
}

/** An open case is past its SLA once its SLA due time is before `now`. */
export function isPastSla(c: Pick<SupportCaseForScoring, "slaDueAt">, now: Date): boolean {
  return new Date(c.slaDueAt).getTime() < now.getTime();
}

/** Health from its factors' inputs (see the decisions above); the cap comes after (capHealth). */
export function computeHealth(input: HealthInput, settings: ScoringSettings = DEFAULT_SCORING_SETTINGS): HealthResult {
  const raw = factorScores(input, settings);
  const counted = HEALTH_FACTOR_KEYS.filter((k) => raw[k].score !== null && settings.weights[k] > 0);
  const availableWeight = counted.reduce((a, k) => a + settings.weights[k], 0);
  const exact = HEALTH_FACTOR_KEYS.map((key) => {
    const { value, score, params } = raw[key];
    const weight = settings.weights[key];
    const available = score !== null;
    const share = available && availableWeight > 0 ? weight / availableWeight : 0;
    return { key, value, score, weight, share, points: available ? score * share * 100 : 0, available, params };
  });
  const evidence = { factors: counted.length, needed: settings.minFactorsWithData };
  if (availableWeight <= 0 || counted.length < settings.minFactorsWithData) {
    const factors = exact.map((f) => ({ ...f, points: 0 }));
    return { score: null, band: "not_enough_data", factors, evidence, cap: null };
  }
  const tenths = roundTenths(exact.map((f) => f.points));
  const factors = exact.map((f, i) => ({ ...f, points: tenths.parts[i]! / 10 }));
  const score = tenths.total / 10;
  return { score, band: healthBand(score, settings.bands), factors, evidence, cap: null };
}

/**
 * Rounds points to tenths once: the total is the exact sum rounded, and the
 * parts are floored then topped up by largest remainder so they add up to it.
 */
export function roundTenths(points: number[]): { total: number; parts: number[] } {
  const scaled = points.map((p) => p * 10);
  const total = Math.round(scaled.reduce((a, b) => a + b, 0) + 1e-9);
  const parts = scaled.map((x) => Math.floor(x + 1e-9));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((x, i) => ({ i, rest: x - parts[i]! }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return { total, parts };
}

/**
 * Keeps an account out of the Healthy band while it has an open High signal or
 * its predictability is under the cap's threshold (settings.healthyCap): the
 * band becomes Watch, the score stays, and the cap names its reasons.
 */
export function capHealth(
  health: HealthResult,
  facts: { highSignalRules: string[]; predictability: number | null },
  settings: ScoringSettings = DEFAULT_SCORING_SETTINGS,
): HealthResult {
  if (health.band !== "healthy") return health;
  const reasons: CapReason[] = [];
  const rules = [...new Set(facts.highSignalRules)].sort();
  if (settings.healthyCap.highSignal && rules.length) reasons.push({ kind: "high_signal", rules });
  const below = settings.healthyCap.predictabilityBelow;
  if (facts.predictability !== null && facts.predictability < below)
    reasons.push({ kind: "low_predictability", value: facts.predictability, below });
  if (!reasons.length) return health;
  return { ...health, band: "watch", cap: { scoreBand: "healthy", band: "watch", reasons } };
}

type RawFactor = { value: number | null; score: number | null; params: FactorParams };

function factorScores(input: HealthInput, settings: ScoringSettings): Record<HealthFactorKey, RawFactor> {
  const sentiment = normalizeSentiment(input.sentiments, settings);
  const treatment = normalizeTreatment(input.treatments ?? [], settings.sentimentWindow);
  return {
    predictability:
      input.predictability === null
        ? unavailable()
        : { value: input.predictability, score: clamp01(input.predictability), params: {} },
    sentiment: sentiment
      ? {
          value: sentiment.mean,
          score: sentiment.score,
          params: { direction: sentiment.direction, sample: sentiment.sample, unconfirmed: input.unconfirmed?.sentiment ?? 0 },
        }
      : unavailable(),
    nps: input.nps === null ? unavailable() : { value: input.nps, score: normalizeNps(input.nps), params: {} },
    dm_engagement:
      input.decisionMakerMapped === false
        ? unavailable()
        : {
            value: input.daysSinceDecisionMakerContact,
            score: normalizeDmEngagement(input.daysSinceDecisionMakerContact, settings),
            params: { neverContacted: input.daysSinceDecisionMakerContact === null },
          },
    support:
      input.support === null
        ? unavailable()
        : {
            value: input.support.open,
            score: normalizeSupport(input.support.open, input.support.pastSla),
            params: { open: input.support.open, pastSla: input.support.pastSla },
          },
    invoices:
      input.invoiceTroubles === null
        ? unavailable()
        : { value: input.invoiceTroubles, score: normalizeInvoices(input.invoiceTroubles), params: {} },
    coverage:
      input.coverageRatio === null
        ? unavailable()
        : { value: input.coverageRatio, score: clamp01(input.coverageRatio), params: {} },
    treatment: treatment
      ? { value: treatment.mean, score: treatment.score, params: { sample: treatment.sample, unconfirmed: input.unconfirmed?.treatment ?? 0 } }
      : unavailable(),
  };
}

function unavailable(): RawFactor {
  return { value: null, score: null, params: {} };
}
