// What the customer portal says about a commitment, by one rule set: which
// resolved commitments the customer is asked to confirm or dispute, and when an
// open one is overdue. (Tested in tests/unit/commitments.test.ts.)
//
// - Only a delivery can be confirmed or disputed: a commitment resolved as kept,
//   exceeded, late or partial. A missed or withdrawn one was not delivered, so
//   the portal never asks "Was it delivered as promised?" about it.
// - An open commitment is overdue from the day after its current due date
//   (due today is not late yet), as predictability counts it.
import { diffDays } from "./dates.ts";
import type { DeliveryOutcome } from "./vocabulary.ts";

/** The outcomes that are a delivery the customer may confirm or dispute. */
export const ANSWERABLE_OUTCOMES = ["kept", "exceeded", "late", "partial"] as const satisfies readonly DeliveryOutcome[];

export function isAnswerableDelivery(c: { status: string; outcome: string | null }): boolean {
  return c.status === "resolved" && (ANSWERABLE_OUTCOMES as readonly (string | null)[]).includes(c.outcome);
}

/** Days an open commitment is past its due date on `today` (0 when not overdue or not open). */
export function daysOverdue(c: { status: string; due_date: string }, today: string): number {
  if (c.status !== "open") return 0;
  return Math.max(0, diffDays(c.due_date, today));
}
