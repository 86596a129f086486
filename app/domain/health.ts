// Account health, 0–100 and explainable: every factor shows its raw value, its
// normalized 0..1 score, its weight and the points it contributes.
//
// Decisions (tested in tests/unit/health.test.ts):
// - Each factor's score is a simple monotonic normalization of its value:
//   · predictability: the 0..1 value as it is;
//   · sentiment: the mean customer sentiment (−2..2) of the latest `sentimentWindow`
//     rated touchpoints mapped linearly to 0..1 ((mean + 2) / 4), less
//     `sentimentFallingPenalty` when their trend is falling (sentimentTrend in
//     brief.ts: the newer half's mean at least 0.3 below the older half's), never below 0;
//   · relationship NPS: −100..100 mapped linearly to 0..1;
//   · decision-maker engagement: days since two-way contact with an active decision
//     maker: up to `dmFullScoreDays` (30) → 1, from 2 × `dmContactDays` (120) → 0,
//     linear between; never any contact → 0;
//   · support burden: 1 − min(1, open × 0.1 + pastSla × 0.25), where `open` counts
//     every open case including those past their SLA (so a case past SLA costs 0.35);
//   · invoice troubles: 1 − min(1, troubles × 0.34), a trouble being an invoice that
//     is disputed or unpaid more than `invoiceOverdueDays` (30) days past due;
//   · coverage: the committee coverage ratio as it is.
// - A factor without data (null input; no rated touchpoints for sentiment) is
//   unavailable: it contributes nothing, and its weight is shared among the
//   available factors in proportion to their own weights, so the score still
//   spans 0..100. With no available factor (or only ones weighted 0), the score
//   and band are null. Decision-maker engagement is always available: never any
//   contact is data (score 0).
// - points = score × weight / (sum of the available factors' weights) × 100; the
//   health score is the sum of the points rounded to one decimal, and the band is
//   read from that rounded score: ≥ healthyFrom healthy, ≥ watchFrom watch, else at_risk.
import { sentimentTrend, type TrendDirection } from "./brief.ts";
import { diffDays } from "./dates.ts";
import {
  DEFAULT_SCORING_SETTINGS,
  HEALTH_FACTOR_KEYS,
  type HealthFactorKey,
  type ScoringSettings,
} from "./scoring-settings.ts";

export type HealthBand = "healthy" | "watch" | "at_risk";

export interface HealthInput {
  /** Predictability's value, 0..1; null without a sample. */
  predictability: number | null;
  /** Customer sentiment (−2..2) of rated touchpoints, newest first. */
  sentiments: number[];
  /** Relationship NPS, −100..100; null without respondents. */
  nps: number | null;
  /** Days since two-way contact with an active decision maker; null when there never was any. */
  daysSinceDecisionMakerContact: number | null;
  /** Open support cases, and how many of them are past their SLA; null when unknown. */
  support: { open: number; pastSla: number } | null;
  /** Invoices disputed or unpaid long past due (see invoiceTrouble); null when unknown. */
  invoiceTroubles: number | null;
  /** Committee coverage ratio, 0..1; null when unknown. */
  coverageRatio: number | null;
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
  /** Contribution to the 0..100 health score. */
  points: number;
  available: boolean;
  /** Plain data for the factor's explanation. */
  params: FactorParams;
}

export interface HealthResult {
  /** 0..100, one decimal; null when no factor has data. */
  score: number | null;
  band: HealthBand | null;
  factors: HealthFactor[];
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

export function healthBand(score: number, bands: ScoringSettings["bands"]): HealthBand {
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

/** Health from its factors' inputs (see the decisions above). */
export function computeHealth(input: HealthInput, settings: ScoringSettings = DEFAULT_SCORING_SETTINGS): HealthResult {
  const raw: Record<HealthFactorKey, { value: number | null; score: number | null; params: FactorParams }> = {
    predictability:
      input.predictability === null
        ? unavailable()
        : { value: input.predictability, score: clamp01(input.predictability), params: {} },
    sentiment: (() => {
      const s = normalizeSentiment(input.sentiments, settings);
      return s
        ? { value: s.mean, score: s.score, params: { direction: s.direction, sample: s.sample } }
        : unavailable();
    })(),
    nps: input.nps === null ? unavailable() : { value: input.nps, score: normalizeNps(input.nps), params: {} },
    dm_engagement: {
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
  };

  const availableWeight = HEALTH_FACTOR_KEYS.filter((k) => raw[k].score !== null).reduce(
    (a, k) => a + settings.weights[k],
    0,
  );
  let total = 0;
  const factors = HEALTH_FACTOR_KEYS.map((key): HealthFactor => {
    const { value, score, params } = raw[key];
    const weight = settings.weights[key];
    const available = score !== null;
    const share = available && availableWeight > 0 ? weight / availableWeight : 0;
    const points = available ? score * share * 100 : 0;
    total += points;
    return { key, value, score, weight, share, points, available, params };
  });

  if (availableWeight <= 0) return { score: null, band: null, factors };
  const score = Math.round(total * 10) / 10;
  return { score, band: healthBand(score, settings.bands), factors };
}

function unavailable() {
  return { value: null, score: null, params: {} };
}
