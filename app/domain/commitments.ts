// What the customer portal says about a commitment, by one rule set: which
// resolved commitments the customer is asked to confirm or dispute, and when an
// open one is overdue. (Tested in tests/unit/commitments.test.ts.)
//
// - Only a delivery can be confirmed or disputed: a commitment resolved as kept,
//   exceeded, late or partial. A missed or withdrawn one was not delivered, so
//   the portal never asks "Was it delivered as promised?" about it.
// - An open commitment is overdue from the day after it is due for the
//   customer (due today is not late yet): its due date, or the date the customer
//   was last properly told (promised_date; the original due date while no
//   re-plan moved the promise) when that is earlier. A re-plan not announced in
//   time does not move it: predictability's surprise and the staff's lists
//   (pressingOn, app/models/expectation-dates.server.ts) count it so. (A date
//   brought forward without notice is due on the earlier day here and in the
//   staff's lists; predictability judges it against the promised day.)
// - A move whose notice still awaits the customer's answer (notice.ts) may move
//   that day once the notice stands: the portal says so (pendingNotice, by the
//   promise's own rule) rather than that the move does not count — and, for a
//   notice nobody could see when it was recorded, that it moves only once the
//   customer confirms it.
import { diffDays } from "./dates.ts";
import { judgeReplans } from "./predictability/promise.ts";
import type { ReplanForScoring } from "./predictability/types.ts";
import type { DeliveryOutcome } from "./vocabulary.ts";

/** The outcomes that are a delivery the customer may confirm or dispute. */
export const ANSWERABLE_OUTCOMES = ["kept", "exceeded", "late", "partial"] as const satisfies readonly DeliveryOutcome[];

export function isAnswerableDelivery(c: { status: string; outcome: string | null }): boolean {
  return c.status === "resolved" && (ANSWERABLE_OUTCOMES as readonly (string | null)[]).includes(c.outcome);
}

export interface CommitmentDates {
  due_date: string;
  original_due_date: string;
  /** The date the customer was last properly told; null while no re-plan moved the promise. */
  promised_date: string | null;
}

/** The day a commitment is due for the customer: the earlier of its due date and the date they were told. */
export function dueForCustomer(c: CommitmentDates): string {
  const told = c.promised_date ?? c.original_due_date;
  return told < c.due_date ? told : c.due_date;
}

/** Days an open commitment is past the day it is due for the customer on `today` (0 when not overdue or not open). */
export function daysOverdue(c: CommitmentDates & { status: string }, today: string): number {
  if (c.status !== "open") return 0;
  return Math.max(0, diffDays(dueForCustomer(c), today));
}

/** Notices of a commitment's moves still awaiting the customer's answer, that would move the day it is due. */
export interface PendingNotice {
  /** Where the promise moves once they stand. */
  movesTo: string;
  /**
   * The day the last of them stands if nobody answers (notice.ts); null when
   * one of them stands only once the customer confirms it (nobody could see it
   * when it was recorded: 'unreachable').
   */
  standsOn: string | null;
}

/** A notice not answered yet: within its contest period, or seen by nobody (it counts only once confirmed). */
const unanswered = (r: ReplanForScoring) => r.noticeState === "awaiting" || r.noticeState === "unreachable";

/**
 * Where the promise of a commitment would be if every notice still awaiting
 * the customer's answer stood (each given on the day the account manager
 * claims), by the promise's own rule (judgeReplans), when that differs from
 * where it is now; null when no awaiting notice would move it (none awaits, or
 * it was told on or after the day the customer was then expecting, or that day
 * had already passed unannounced). A notice nobody could see awaits too, with
 * no day it stands on. `replans` as replanForScoring reads them.
 */
export function pendingNotice(
  originalDueDate: string,
  replans: readonly ReplanForScoring[],
  timeZone: string,
): PendingNotice | null {
  if (!replans.some(unanswered)) return null;
  const now = judgeReplans(originalDueDate, replans, timeZone);
  const stood = judgeReplans(
    originalDueDate,
    replans.map((r) => (unanswered(r) ? { ...r, customerNotified: true, notifiedOn: r.claimedNoticeOn ?? null } : r)),
    timeZone,
  );
  if (stood.promised === now.promised) return null;
  const moving = stood.replans.filter((j) => j.counted && unanswered(j.replan));
  if (moving.some((j) => j.replan.noticeState === "unreachable")) return { movesTo: stood.promised, standsOn: null };
  const standsOn = moving
    .filter((j) => j.replan.noticeStandsFrom)
    .map((j) => j.replan.noticeStandsFrom!)
    .sort()
    .at(-1);
  return standsOn ? { movesTo: stood.promised, standsOn } : null;
}
