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
// - A move whose notice still awaits the customer's answer (notice.ts) moves
//   the day once the notice stands, if it was told before that day: the portal
//   says so (awaitedNotice) rather than that the move does not count.
import { diffDays } from "./dates.ts";
import type { NoticeState } from "./notice.ts";
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

/** A re-plan's notice as the portal lists it (app/models/portal-notices.server.ts, listNotices). */
export interface MoveNotice {
  expectationId: string;
  fromDueDate: string | null;
  /** The day the account manager says the customer was told (null: not said, so never before it). */
  toldOn: string | null;
  state: NoticeState;
  standsFrom: string | null;
}

/**
 * The notice that moves the day a commitment is due for the customer once it
 * stands: the commitment's newest notice (`notices` newest first, as listed),
 * still awaiting the customer's answer, of a move from that very day, told
 * before it. Null when there is none: then the move does not count as notice
 * given before that day, whatever is answered.
 */
export function awaitedNotice(c: { id: string; dueForCustomer: string }, notices: readonly MoveNotice[]): MoveNotice | null {
  const newest = notices.find((n) => n.expectationId === c.id);
  if (!newest || newest.state !== "awaiting") return null;
  const toldBefore = newest.toldOn !== null && newest.toldOn < c.dueForCustomer;
  return newest.fromDueDate === c.dueForCustomer && toldBefore ? newest : null;
}
