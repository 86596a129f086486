// Predictability: of the expectations that came due, the importance-weighted
// share where the customer got what they were told to expect. Business customers
// do not want surprises; this is the number that says how often they got one.
// docs/scoring.md states these rules for readers outside the code.
//
// Decisions (each is tested in tests/unit/predictability.test.ts):
// - The promised date is the date the customer was last properly told: the
//   original due date, moved only by re-plans the customer was notified of
//   before the date they were then expecting (the day notice was given is
//   strictly before it). A re-plan without notice, or with notice given on or
//   after that date, does not move the promise; nor does any later re-plan, so
//   once a promised date has passed with nothing delivered, that surprise stays:
//   no re-plan made afterwards, with or without notice, erases it. Re-plans are
//   read in the order they were made (replannedOn, then the instant recorded).
// - Notice is given on a day: notifiedOn when recorded, else (customer told,
//   no day given) the day of the re-plan instant in `timeZone`.
// - An expectation comes due for the customer on its promised date. It counts in
//   a window when that date lies in it; a disputed delivery counts from the day
//   it was delivered if that is earlier (a dispute of an early delivery counts
//   at once, whatever the due date). An OPEN expectation whose promised date has
//   passed counts in every window that ends after that date, however old it is,
//   until it is resolved. Due today is not late yet. Proposed and declined
//   expectations never count.
// - An open expectation past its promised date is a surprise ('overdue'): the
//   date the customer was told has passed and they do not have what they were
//   promised. Delivered later, it is a 'late_without_notice' surprise: still one.
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
// - Withdrawn (undisputed) is left out of the sample: neither predictable nor a
//   surprise, and counted apart (`withdrawn`) — unless it was withdrawn after
//   its promised date had passed: the customer had already been let down, so
//   it is an 'overdue' surprise. A withdrawal counts on the LATER of its stated
//   day (withdrawnOn, "agreed with the customer on …") and the day Kohtaamo
//   recorded it (withdrawalRecordedOn), as notice counts from the day a re-plan
//   was recorded (notice.ts): a withdrawal typed in after the promised date
//   passed, dated back to before it, is still a surprise. A withdrawal brought
//   in by an import today for a day long ago counts as made today. With neither
//   day known it is left out.
// - A withdrawal after a disputed delivery was taken back is a 'disputed'
//   surprise: the customer disputed a delivery (a 'disputed' surprise), the
//   account manager reopened it (which clears the answer, the history keeps
//   it) and withdrew it. The customer cannot dispute a withdrawal, so nothing
//   says they agreed to it; it counts as the disputed delivery did, on the
//   earlier of that delivery's day and the promised date, and never looks
//   better than the dispute it replaced.
// - Recorded after its date: an expectation recorded in Kohtaamo (created_at,
//   its vendor-calendar day in `timeZone`) on or after its ORIGINAL due date was
//   never a promise the customer tracked in advance, and nothing verifies it;
//   nor was one recorded on or after the day it was delivered (created today,
//   due tomorrow, delivered today: the same padding a day ahead).
//   It counts as predictable only when the customer confirmed the delivery
//   (customer response 'confirmed'); until then a would-be predictable verdict
//   is 'unconfirmed': left out of the sample (and of the on-time rate and
//   lateness) and counted apart (`unconfirmed`), as a withdrawal is. Bad news
//   always counts: its surprises (missed, partial, late, disputed, overdue)
//   count as for any other expectation. Records whose 'created' history names
//   an administrator as creator (a data migration) are exempt; an unknown
//   creator is not. Stored verdict rows follow (judgeExpectations leaves
//   'unconfirmed' out), and a confirmation brings it in at the next scoring.
// - Importance (1–3) is the weight. `value` is null when nothing came due, and
//   `fewData` says when fewer than five expectations did.
// - onTimeRate is plain (unweighted): of the expectations in the window resolved
//   with a delivery (kept, exceeded, late or partial, with a delivery date), the
//   share delivered on or before their ORIGINAL due date.
// - meanLatenessDays is plain: over those deliveries made after their CURRENT due
//   date, the mean number of days after it.
import { diffDays, inWindow, type DateWindow } from "./dates.ts";
import { finishPredictability, combinePredictability } from "./predictability/counts.ts";
import { promisedDate } from "./predictability/promise.ts";
import {
  defaultPredictabilityWindow,
  type ExpectationForScoring,
  type Importance,
  type PredictabilityOptions,
  type PredictabilityResult,
  type Surprise,
  type SurpriseReason,
} from "./predictability/types.ts";
import type { DeliveryOutcome } from "./vocabulary.ts";

export * from "./predictability/counts.ts";
export * from "./predictability/promise.ts";
export * from "./predictability/types.ts";

export type ExpectationVerdict =
  | { kind: "not_due" }
  | { kind: "withdrawn" }
  | { kind: "unconfirmed"; promisedDate: string }
  | { kind: "predictable"; promisedDate: string }
  | { kind: "surprise"; reason: SurpriseReason; promisedDate: string; daysLate: number | null };

const isDisputed = (e: Pick<ExpectationForScoring, "customerResponse">) =>
  e.customerResponse === "disputed_partly" || e.customerResponse === "disputed_not_delivered";

/**
 * Whether this is a withdrawal of an expectation whose disputed delivery a
 * reopen took back: no withdrawal "with agreement", but the dispute it
 * replaced (a 'disputed' surprise, counting when the disputed delivery did).
 */
export function withdrawalAfterDispute(e: Pick<ExpectationForScoring, "outcome" | "takenBackDispute">): boolean {
  return e.outcome === "withdrawn" && Boolean(e.takenBackDispute);
}

/**
 * The day a withdrawal counts on for predictability: the later of its stated
 * day and the day it was recorded (either may be unknown); null when neither is known.
 */
export function withdrawalCountsOn(
  e: Pick<ExpectationForScoring, "withdrawnOn" | "withdrawalRecordedOn">,
): string | null {
  const stated = e.withdrawnOn ?? null;
  const recorded = e.withdrawalRecordedOn ?? null;
  if (stated && recorded) return stated > recorded ? stated : recorded;
  return stated ?? recorded;
}

/**
 * Whether the expectation was recorded on or after its original due date, or
 * on or after the day it was delivered, by anyone but an administrator (see
 * the decisions above); false when the day it was recorded is unknown. A
 * promise recorded the day it was kept (due tomorrow, delivered today) was
 * no more tracked in advance than one recorded after its date.
 */
export function recordedAfterItsDate(
  e: Pick<ExpectationForScoring, "recordedOn" | "recordedByAdministrator" | "originalDueDate" | "deliveredOn">,
): boolean {
  if (e.recordedByAdministrator || e.recordedOn == null) return false;
  return e.recordedOn >= e.originalDueDate || (e.deliveredOn != null && e.recordedOn >= e.deliveredOn);
}

/** What one expectation counts as on `today`, apart from any window. */
export function classifyExpectation(e: ExpectationForScoring, today: string, timeZone = "UTC"): ExpectationVerdict {
  const verdict = judgeByDates(e, today, timeZone);
  // Good news recorded after the fact counts only once the customer confirms it; bad news always counts.
  if (verdict.kind === "predictable" && recordedAfterItsDate(e) && e.customerResponse !== "confirmed") {
    return { kind: "unconfirmed", promisedDate: verdict.promisedDate };
  }
  return verdict;
}

/** The verdict by the promised date, the outcome and the customer's answer alone. */
function judgeByDates(e: ExpectationForScoring, today: string, timeZone: string): ExpectationVerdict {
  if (e.status === "proposed" || e.status === "declined") return { kind: "not_due" };
  const promised = promisedDate(e, timeZone).date;
  if (e.status === "open" || e.outcome === null) {
    // Open and past the date the customer was told: a surprise, whatever the
    // current due date says (a re-plan after the date does not erase it).
    if (e.status === "open" && promised < today) {
      return { kind: "surprise", reason: "overdue", promisedDate: promised, daysLate: diffDays(promised, today) };
    }
    return { kind: "not_due" };
  }
  if (isDisputed(e) || withdrawalAfterDispute(e)) {
    return { kind: "surprise", reason: "disputed", promisedDate: promised, daysLate: null };
  }
  switch (e.outcome) {
    case "withdrawn": {
      const on = withdrawalCountsOn(e);
      if (on && on > promised) {
        return { kind: "surprise", reason: "overdue", promisedDate: promised, daysLate: diffDays(promised, on) };
      }
      return { kind: "withdrawn" };
    }
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

/**
 * The date an expectation came due for the customer (see the decisions above):
 * its promised date, or the delivery day of a disputed delivery if earlier (for
 * a withdrawal after a dispute, the day of the disputed delivery taken back).
 */
export function countsOn(e: ExpectationForScoring, promised: string): string {
  const disputedOn = withdrawalAfterDispute(e)
    ? (e.takenBackDispute?.deliveredOn ?? null)
    : isDisputed(e)
      ? e.deliveredOn
      : null;
  if (disputedOn && disputedOn < promised) return disputedOn;
  return promised;
}

/** Whether a judged expectation counts in the window: by its countsOn date; open overdue ones in every window after it. */
export function countsIn(e: ExpectationForScoring, verdict: ExpectationVerdict, window: DateWindow): boolean {
  if (verdict.kind === "not_due") return false;
  if (verdict.kind === "withdrawn") return inWindow(e.dueDate, window);
  const on = countsOn(e, verdict.promisedDate);
  if (e.status === "open") return on < window.to;
  return inWindow(on, window);
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
  let unconfirmed = 0;
  let onTime = 0;
  let delivered = 0;
  let lateDeliveries = 0;
  let latenessDaysTotal = 0;
  const surprises: Surprise[] = [];

  for (const e of expectations) {
    const verdict = classifyExpectation(e, today, timeZone);
    if (!countsIn(e, verdict, window)) continue;
    // An unconfirmed after-the-fact record is left out of the delivery figures too.
    const judged = verdict.kind !== "unconfirmed";
    if (judged && e.status === "resolved" && DELIVERED_OUTCOMES.includes(e.outcome) && e.deliveredOn !== null) {
      delivered += 1;
      if (e.deliveredOn <= e.originalDueDate) onTime += 1;
      if (e.deliveredOn > e.dueDate) {
        lateDeliveries += 1;
        latenessDaysTotal += diffDays(e.dueDate, e.deliveredOn);
      }
    }
    switch (verdict.kind) {
      case "not_due":
        break;
      case "withdrawn":
        withdrawn += 1;
        break;
      case "unconfirmed":
        unconfirmed += 1;
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
          countsOn: countsOn(e, verdict.promisedDate),
          deliveredOn: e.deliveredOn,
          outcome: e.outcome,
          customerResponse: e.customerResponse,
          daysLate: verdict.daysLate,
        });
        break;
    }
  }

  return finishPredictability({
    weightTotal,
    predictableWeight,
    predictable,
    surprises,
    withdrawn,
    unconfirmed,
    onTime,
    delivered,
    lateDeliveries,
    latenessDaysTotal,
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

/** How one expectation that came due was judged (see classifyExpectation). */
export interface ExpectationJudgement {
  expectationId: string;
  importance: Importance;
  /** The date it came due for the customer (countsOn), stored as expectation_verdicts.due_date. */
  dueDate: string;
  verdict: "predictable" | "surprise";
  reason: SurpriseReason | null;
  promisedDate: string;
  daysLate: number | null;
  /**
   * Still open (an open overdue surprise): it counts in every window, so in
   * every month, that ends after it came due, until it is resolved.
   */
  open: boolean;
}

/**
 * The expectations due in the window that count in predictability, each with
 * its verdict: what is stored so that months and pooled surprise lists are
 * range and aggregate queries. Withdrawn, unconfirmed (recorded after their
 * date) and not-yet-due ones are left out, as from the sample.
 */
export function judgeExpectations(
  expectations: ExpectationForScoring[],
  options: PredictabilityOptions,
): ExpectationJudgement[] {
  const { today, timeZone = "UTC" } = options;
  const window = options.window ?? defaultPredictabilityWindow(today);
  const out: ExpectationJudgement[] = [];
  for (const e of expectations) {
    const verdict = classifyExpectation(e, today, timeZone);
    if (verdict.kind !== "predictable" && verdict.kind !== "surprise") continue;
    if (!countsIn(e, verdict, window)) continue;
    out.push({
      expectationId: e.id,
      importance: e.importance,
      dueDate: countsOn(e, verdict.promisedDate),
      verdict: verdict.kind,
      reason: verdict.kind === "surprise" ? verdict.reason : null,
      promisedDate: verdict.promisedDate,
      daysLate: verdict.kind === "surprise" ? verdict.daysLate : null,
      open: e.status === "open",
    });
  }
  return out;
}
