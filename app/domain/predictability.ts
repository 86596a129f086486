// Predictability: of the expectations that came due, the importance-weighted
// share where the customer got what they were told to expect. Business customers
// do not want surprises; this is the number that says how often they got one.
//
// Decisions (each is tested in tests/unit/predictability.test.ts):
// - The window is a closed range of calendar dates; by default the 12 months up
//   to and including today (`from` = today − 12 months, both ends included).
// - An expectation came due in the window when its CURRENT due date lies in the
//   window and it is resolved, or it is still open and its due date is before
//   today. Due today is not late yet. Proposed and declined expectations never count.
// - An open expectation past its due date already counts as a surprise
//   ('overdue'): the date the customer was told has passed and they do not have
//   what they were promised. If it is delivered later, it is re-judged then.
// - The promised date is the date the customer was last properly told: the
//   original due date, moved only by re-plans the customer was notified of
//   before the date they were then expecting (the calendar day of the re-plan is
//   strictly before it). A re-plan without notice, or with notice given on or
//   after that date, does not move the promise. So with two re-plans, the first
//   announced in time and the second not, the promise is the first re-plan's date.
// - Kept, exceeded and late deliveries are judged by date against the promised
//   date: delivered on or before it is predictable, after it a surprise
//   ('late_without_notice'). Thus "kept" against a date that was moved silently is
//   still a surprise, and "late" against the original but within an announced
//   re-plan is predictable. Without a delivery date, kept/exceeded count as
//   predictable and late as a surprise.
// - Partial is always a surprise: a re-plan moves a date, it does not tell the
//   customer they will get less.
// - Missed is a surprise.
// - Any customer dispute (disputed_partly, disputed_not_delivered) makes the
//   expectation a surprise with reason 'disputed', whatever the recorded outcome,
//   even kept. A disputed withdrawal is not a withdrawal "with agreement", so it
//   too is a 'disputed' surprise.
// - Withdrawn (undisputed) is left out of the sample: neither predictable nor a surprise.
// - Importance (1–3) is the weight. `value` is null when nothing came due, and
//   `fewData` says when fewer than five expectations did.
// - onTimeRate is plain (unweighted): of the expectations in the window resolved
//   with a delivery (kept, exceeded, late or partial, with a delivery date), the
//   share delivered on or before their ORIGINAL due date.
// - meanLatenessDays is plain: over those deliveries made after their CURRENT due
//   date, the mean number of days after it.
// - Re-plan instants become calendar days in `timeZone` (UTC unless told).
import { addMonths, dateOf, diffDays, inWindow, type DateWindow } from "./dates.ts";
import type { CUSTOMER_RESPONSES, DeliveryOutcome, EXPECTATION_STATUSES } from "./vocabulary.ts";

export type Importance = 1 | 2 | 3;
export type ExpectationStatus = (typeof EXPECTATION_STATUSES)[number];
export type CustomerResponse = (typeof CUSTOMER_RESPONSES)[number];

export interface ReplanForScoring {
  fromDueDate: string;
  toDueDate: string;
  /** When the re-plan was made. */
  at: Date | string;
  /** Whether the customer was told; null (not recorded) counts as not told. */
  customerNotified: boolean | null;
}

export interface ExpectationForScoring {
  id: string;
  importance: Importance;
  /** 'YYYY-MM-DD' */
  originalDueDate: string;
  /** The current due date, 'YYYY-MM-DD'. */
  dueDate: string;
  status: ExpectationStatus;
  outcome: DeliveryOutcome | null;
  deliveredOn: string | null;
  customerResponse: CustomerResponse | null;
  replans: ReplanForScoring[];
}

export type SurpriseReason = "late_without_notice" | "missed" | "partial" | "disputed" | "overdue";

export interface Surprise {
  expectationId: string;
  /** Set when the surprise comes from a pooled (several-account) computation. */
  accountId?: string;
  reason: SurpriseReason;
  importance: Importance;
  dueDate: string;
  originalDueDate: string;
  /** The date the customer was last properly told (see the decisions above). */
  promisedDate: string;
  deliveredOn: string | null;
  outcome: DeliveryOutcome | null;
  customerResponse: CustomerResponse | null;
  /** Days after the promised date it was delivered ('late_without_notice') or is by today ('overdue'); else null. */
  daysLate: number | null;
}

export interface PredictabilityResult {
  /** predictableWeight / weightTotal, 0..1; null when nothing came due. */
  value: number | null;
  /** How many expectations came due (predictable + surprises; withdrawals excluded). */
  sample: number;
  weightTotal: number;
  predictableWeight: number;
  /** How many of the sample were predictable. */
  predictable: number;
  /** Newest due date first. */
  surprises: Surprise[];
  /** Withdrawn with agreement in the window: left out of the sample. */
  withdrawn: number;
  onTimeRate: number | null;
  /** The counts behind onTimeRate: delivered on or before the original date, of all delivered. */
  onTime: number;
  delivered: number;
  meanLatenessDays: number | null;
  /** The counts behind meanLatenessDays. */
  lateDeliveries: number;
  latenessDaysTotal: number;
  /** sample < 5 */
  fewData: boolean;
}

export interface PredictabilityOptions {
  /** The vendor's calendar date, 'YYYY-MM-DD'. */
  today: string;
  /** Defaults to the 12 months up to today (see defaultPredictabilityWindow). */
  window?: DateWindow;
  /** The zone re-plan instants are read in; UTC unless told. */
  timeZone?: string;
}

export const FEW_PREDICTABILITY_SAMPLE = 5;

/** The `months` months up to and including today, both ends included. */
export function defaultPredictabilityWindow(today: string, months = 12): DateWindow {
  return { from: addMonths(today, -months), to: today };
}

/**
 * The date the customer was last properly told: the original due date, moved by
 * each re-plan that was notified before the date the customer was then expecting.
 */
export function promisedDate(
  e: Pick<ExpectationForScoring, "originalDueDate" | "replans">,
  timeZone = "UTC",
): { date: string; announcedReplans: number } {
  const replans = [...e.replans].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  let date = e.originalDueDate;
  let announcedReplans = 0;
  for (const r of replans) {
    if (r.customerNotified === true && dateOf(r.at, timeZone) < date) {
      date = r.toDueDate;
      announcedReplans += 1;
    }
  }
  return { date, announcedReplans };
}

export type ExpectationVerdict =
  | { kind: "not_due" }
  | { kind: "withdrawn" }
  | { kind: "predictable"; promisedDate: string }
  | { kind: "surprise"; reason: SurpriseReason; promisedDate: string; daysLate: number | null };

/** What one expectation counts as on `today`, apart from any window. */
export function classifyExpectation(e: ExpectationForScoring, today: string, timeZone = "UTC"): ExpectationVerdict {
  if (e.status === "proposed" || e.status === "declined") return { kind: "not_due" };
  const promised = promisedDate(e, timeZone).date;
  if (e.status === "open" || e.outcome === null) {
    // Open and past its due date: already a surprise (see the decisions above).
    if (e.status === "open" && e.dueDate < today) {
      return { kind: "surprise", reason: "overdue", promisedDate: promised, daysLate: diffDays(e.dueDate, today) };
    }
    return { kind: "not_due" };
  }
  if (e.customerResponse === "disputed_partly" || e.customerResponse === "disputed_not_delivered") {
    return { kind: "surprise", reason: "disputed", promisedDate: promised, daysLate: null };
  }
  switch (e.outcome) {
    case "withdrawn":
      return { kind: "withdrawn" };
    case "missed":
      return { kind: "surprise", reason: "missed", promisedDate: promised, daysLate: null };
    case "partial":
      return { kind: "surprise", reason: "partial", promisedDate: promised, daysLate: null };
    case "kept":
    case "exceeded":
    case "late": {
      if (e.deliveredOn === null) {
        return e.outcome === "late"
          ? { kind: "surprise", reason: "late_without_notice", promisedDate: promised, daysLate: null }
          : { kind: "predictable", promisedDate: promised };
      }
      if (e.deliveredOn <= promised) return { kind: "predictable", promisedDate: promised };
      return {
        kind: "surprise",
        reason: "late_without_notice",
        promisedDate: promised,
        daysLate: diffDays(promised, e.deliveredOn),
      };
    }
  }
}

const DELIVERED_OUTCOMES: readonly (DeliveryOutcome | null)[] = ["kept", "exceeded", "late", "partial"];

/** Predictability of one account's expectations over a window. */
export function computePredictability(
  expectations: ExpectationForScoring[],
  options: PredictabilityOptions,
): PredictabilityResult {
  const { today, timeZone = "UTC" } = options;
  const window = options.window ?? defaultPredictabilityWindow(today);
  let weightTotal = 0;
  let predictableWeight = 0;
  let predictable = 0;
  let withdrawn = 0;
  let onTime = 0;
  let delivered = 0;
  let lateDeliveries = 0;
  let latenessDaysTotal = 0;
  const surprises: Surprise[] = [];

  for (const e of expectations) {
    if (!inWindow(e.dueDate, window)) continue;
    if (e.status === "resolved" && DELIVERED_OUTCOMES.includes(e.outcome) && e.deliveredOn !== null) {
      delivered += 1;
      if (e.deliveredOn <= e.originalDueDate) onTime += 1;
      if (e.deliveredOn > e.dueDate) {
        lateDeliveries += 1;
        latenessDaysTotal += diffDays(e.dueDate, e.deliveredOn);
      }
    }
    const verdict = classifyExpectation(e, today, timeZone);
    switch (verdict.kind) {
      case "not_due":
        break;
      case "withdrawn":
        withdrawn += 1;
        break;
      case "predictable":
        predictable += 1;
        predictableWeight += e.importance;
        weightTotal += e.importance;
        break;
      case "surprise":
        weightTotal += e.importance;
        surprises.push({
          expectationId: e.id,
          reason: verdict.reason,
          importance: e.importance,
          dueDate: e.dueDate,
          originalDueDate: e.originalDueDate,
          promisedDate: verdict.promisedDate,
          deliveredOn: e.deliveredOn,
          outcome: e.outcome,
          customerResponse: e.customerResponse,
          daysLate: verdict.daysLate,
        });
        break;
    }
  }

  return finish({
    weightTotal,
    predictableWeight,
    predictable,
    surprises,
    withdrawn,
    onTime,
    delivered,
    lateDeliveries,
    latenessDaysTotal,
  });
}

type Counts = Pick<
  PredictabilityResult,
  | "weightTotal"
  | "predictableWeight"
  | "predictable"
  | "surprises"
  | "withdrawn"
  | "onTime"
  | "delivered"
  | "lateDeliveries"
  | "latenessDaysTotal"
>;

function finish(c: Counts): PredictabilityResult {
  const sample = c.predictable + c.surprises.length;
  const surprises = [...c.surprises].sort(
    (a, b) => b.dueDate.localeCompare(a.dueDate) || a.expectationId.localeCompare(b.expectationId),
  );
  return {
    value: c.weightTotal > 0 ? c.predictableWeight / c.weightTotal : null,
    sample,
    weightTotal: c.weightTotal,
    predictableWeight: c.predictableWeight,
    predictable: c.predictable,
    surprises,
    withdrawn: c.withdrawn,
    onTimeRate: c.delivered > 0 ? c.onTime / c.delivered : null,
    onTime: c.onTime,
    delivered: c.delivered,
    meanLatenessDays: c.lateDeliveries > 0 ? c.latenessDaysTotal / c.lateDeliveries : null,
    lateDeliveries: c.lateDeliveries,
    latenessDaysTotal: c.latenessDaysTotal,
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
  return finish({
    weightTotal: sum((r) => r.weightTotal),
    predictableWeight: sum((r) => r.predictableWeight),
    predictable: sum((r) => r.predictable),
    surprises: results.flatMap((r) => r.surprises),
    withdrawn: sum((r) => r.withdrawn),
    onTime: sum((r) => r.onTime),
    delivered: sum((r) => r.delivered),
    lateDeliveries: sum((r) => r.lateDeliveries),
    latenessDaysTotal: sum((r) => r.latenessDaysTotal),
  });
}

export interface AccountExpectations {
  accountId: string;
  expectations: ExpectationForScoring[];
}

/**
 * Predictability of many accounts pooled (a KAM's accounts, or the whole
 * portfolio), each surprise tagged with its account.
 */
export function pooledPredictability(
  accounts: AccountExpectations[],
  options: PredictabilityOptions,
): PredictabilityResult {
  return combinePredictability(
    accounts.map((a) => {
      const r = computePredictability(a.expectations, options);
      return { ...r, surprises: r.surprises.map((s) => ({ ...s, accountId: a.accountId })) };
    }),
  );
}

/** The months trends are drawn over: the current month and the eleven before it. */
export const TREND_MONTHS = 12;

/** The first day of each of the last `months` months up to today's, oldest first. */
export function monthStarts(today: string, months = TREND_MONTHS): string[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: months }, (_, i) => addMonths(first, i - months + 1));
}

/** How one expectation that came due was judged (see classifyExpectation). */
export interface ExpectationJudgement {
  expectationId: string;
  importance: Importance;
  dueDate: string;
  verdict: "predictable" | "surprise";
  reason: SurpriseReason | null;
  promisedDate: string;
  daysLate: number | null;
}

/**
 * The expectations due in the window that count in predictability, each with
 * its verdict: what is stored so that months and pooled surprise lists are
 * range and aggregate queries. Withdrawn and not-yet-due ones are left out, as
 * from the sample.
 */
export function judgeExpectations(
  expectations: ExpectationForScoring[],
  options: PredictabilityOptions,
): ExpectationJudgement[] {
  const { today, timeZone = "UTC" } = options;
  const window = options.window ?? defaultPredictabilityWindow(today);
  const out: ExpectationJudgement[] = [];
  for (const e of expectations) {
    if (!inWindow(e.dueDate, window)) continue;
    const verdict = classifyExpectation(e, today, timeZone);
    if (verdict.kind !== "predictable" && verdict.kind !== "surprise") continue;
    out.push({
      expectationId: e.id,
      importance: e.importance,
      dueDate: e.dueDate,
      verdict: verdict.kind,
      reason: verdict.kind === "surprise" ? verdict.reason : null,
      promisedDate: verdict.promisedDate,
      daysLate: verdict.kind === "surprise" ? verdict.daysLate : null,
    });
  }
  return out;
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
  return {
    ...c,
    value: c.weightTotal > 0 ? c.predictableWeight / c.weightTotal : null,
    predictable: c.sample - c.surprises,
    onTimeRate: c.delivered > 0 ? c.onTime / c.delivered : null,
    meanLatenessDays: c.lateDeliveries > 0 ? c.latenessDaysTotal / c.lateDeliveries : null,
    fewData: c.sample < FEW_PREDICTABILITY_SAMPLE,
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
