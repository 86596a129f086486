// Predictability's counts and the figures made of them: one account's result,
// several accounts' results pooled, and the sums stored per account and month.
import { FEW_PREDICTABILITY_SAMPLE, type PredictabilityResult } from "./types.ts";

type Counts = Pick<
  PredictabilityResult,
  | "weightTotal"
  | "predictableWeight"
  | "predictable"
  | "surprises"
  | "withdrawn"
  | "unconfirmed"
  | "onTime"
  | "delivered"
  | "lateDeliveries"
  | "latenessDaysTotal"
>;

/** A result from its counts (surprises newest first, see PredictabilityResult). */
export function finishPredictability(c: Counts): PredictabilityResult {
  const sample = c.predictable + c.surprises.length;
  const surprises = [...c.surprises].sort(
    (a, b) => b.countsOn.localeCompare(a.countsOn) || a.expectationId.localeCompare(b.expectationId),
  );
  const r = figures(c, sample);
  return {
    value: r.value,
    sample,
    weightTotal: c.weightTotal,
    predictableWeight: c.predictableWeight,
    predictable: c.predictable,
    surprises,
    withdrawn: c.withdrawn,
    unconfirmed: c.unconfirmed,
    onTimeRate: r.onTimeRate,
    onTime: c.onTime,
    delivered: c.delivered,
    meanLatenessDays: r.meanLatenessDays,
    lateDeliveries: c.lateDeliveries,
    latenessDaysTotal: c.latenessDaysTotal,
    fewData: r.fewData,
  };
}

/** The figures made of the counts, alike for one account's result and for several accounts' sums. */
function figures(c: Omit<PredictabilityCounts, "sample" | "surprises">, sample: number) {
  return {
    value: c.weightTotal > 0 ? c.predictableWeight / c.weightTotal : null,
    onTimeRate: c.delivered > 0 ? c.onTime / c.delivered : null,
    meanLatenessDays: c.lateDeliveries > 0 ? c.latenessDaysTotal / c.lateDeliveries : null,
    fewData: sample < FEW_PREDICTABILITY_SAMPLE,
  };
}

/**
 * Several results (accounts over the same window) as one: weights and counts
 * are pooled, so the value is the importance-weighted share over all their
 * expectations, not a mean of the accounts' values.
 */
export function combinePredictability(results: PredictabilityResult[]): PredictabilityResult {
  const sum = (pick: (r: PredictabilityResult) => number) => results.reduce((a, r) => a + pick(r), 0);
  return finishPredictability({
    weightTotal: sum((r) => r.weightTotal),
    predictableWeight: sum((r) => r.predictableWeight),
    predictable: sum((r) => r.predictable),
    surprises: results.flatMap((r) => r.surprises),
    withdrawn: sum((r) => r.withdrawn),
    unconfirmed: sum((r) => r.unconfirmed),
    onTime: sum((r) => r.onTime),
    delivered: sum((r) => r.delivered),
    lateDeliveries: sum((r) => r.lateDeliveries),
    latenessDaysTotal: sum((r) => r.latenessDaysTotal),
  });
}

/** The sums pooled predictability is made of: each account's counts over one window, added up. */
export interface PredictabilityCounts {
  weightTotal: number;
  predictableWeight: number;
  /** Expectations that came due (predictable + surprises). */
  sample: number;
  surprises: number;
  delivered: number;
  onTime: number;
  lateDeliveries: number;
  latenessDaysTotal: number;
}

export interface PooledPredictability extends PredictabilityCounts {
  value: number | null;
  predictable: number;
  onTimeRate: number | null;
  meanLatenessDays: number | null;
  fewData: boolean;
}

/**
 * Predictability of several accounts from their counts: the importance-weighted
 * share over all their expectations (the same as judging them together, see
 * combinePredictability), never a mean of the accounts' values.
 */
export function predictabilityFromCounts(c: PredictabilityCounts): PooledPredictability {
  const r = figures(c, c.sample);
  return {
    ...c,
    value: r.value,
    predictable: c.sample - c.surprises,
    onTimeRate: r.onTimeRate,
    meanLatenessDays: r.meanLatenessDays,
    fewData: r.fewData,
  };
}

/** The counts of one result, to be stored and summed. */
export function predictabilityCounts(r: PredictabilityResult): PredictabilityCounts {
  return {
    weightTotal: r.weightTotal,
    predictableWeight: r.predictableWeight,
    sample: r.sample,
    surprises: r.surprises.length,
    delivered: r.delivered,
    onTime: r.onTime,
    lateDeliveries: r.lateDeliveries,
    latenessDaysTotal: r.latenessDaysTotal,
  };
}
