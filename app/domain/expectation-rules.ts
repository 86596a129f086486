// The expectation ledger's rules: what a delivery may say about its dates, who
// may hold an expectation, and how a due date moves. One set, called by every
// path that writes the ledger: the forms (app/models/expectation-changes.server.ts),
// the portal, the JSON API and the CSV import (app/models/import/expectations.server.ts,
// app/models/api.server.ts). Each rule returns the breaches it finds, each a
// message key at a field; the caller turns them into a form's field errors or
// an API's / import row's reasons.
//
// The rules (tested in tests/unit/expectation-rules.test.ts):
// - Dated outcomes (kept, exceeded, late, partial) need the day it was delivered.
// - No delivery is dated after today (the vendor's calendar date).
// - "kept" is not dated after the due date the expectation had when it was
//   delivered; "late" is not dated on or before it.
// - A withdrawal is not dated before the day the expectation was recorded
//   (created) in Kohtaamo: it cannot have been agreed before there was anything
//   to withdraw. (Predictability counts a withdrawal on the later of its stated
//   day and the day it was recorded, withdrawalCountsOn in predictability.ts,
//   so its stated day never makes it count earlier than it was recorded.) A new
//   expectation an import row or API request brings in already withdrawn is
//   recorded by that same row: there is no earlier record to bound it.
// - A holder is a stakeholder of the same account who has not left. A holder
//   the expectation already has may stay after they leave (the history keeps
//   who held it); a new one may not be someone who left.
// - After creation the due date moves ONLY by a re-plan: a new date that differs
//   from the current one, a reason, and whether (and on which day) the customer
//   was told. An edit that changes the due date or the original due date is
//   refused, on every path, and points at the re-plan.
// - A re-plan is made on a day (today on the forms; a past day through the API
//   or import, to bring in history truthfully): not after today, and not before
//   the re-plan recorded before it. Its new date is not before the day the
//   customer was told of it, or without notice the day it was made (a date
//   already past when it was set is no plan; predictability judges the notice).
// - Notice is given on a day: not after today. Without a day, notice given with
//   the re-plan is taken as given the day the re-plan was made.
// - Only an open expectation is re-planned or delivered. What became of one
//   that is not open (its status, outcome and delivery date) changes only by
//   reopening it on its page first: an import row or API write that would
//   change them is refused; one that repeats them as stored changes nothing.
// - Importance is the weight a promise is judged at: once the expectation has
//   come due for the customer (dueForCustomer is before today) or is resolved,
//   it may be raised but not lowered, on every path.

import { dueForCustomer, type CommitmentDates } from "./commitments.ts";

export const DATED_OUTCOMES = ["kept", "exceeded", "late", "partial"] as const;

export type RuleKey =
  | "deliveryForm.dateRequired"
  | "deliveryForm.inFuture"
  | "deliveryForm.keptAfterDue"
  | "deliveryForm.lateNotAfterDue"
  | "deliveryForm.withdrawnBeforeRecorded"
  | "expectationForm.holderNotOnAccount"
  | "expectationForm.holderLeft"
  | "expectation.notOpen"
  | "expectation.importanceNotLowered"
  | "expectation.dueDateByReplanOnly"
  | "replanForm.sameDate"
  | "replanForm.madeInFuture"
  | "replanForm.beforeLastReplan"
  | "replanForm.newDateBeforeReplan"
  | "replanForm.notifiedInFuture"
  | "replanForm.reasonRequired";

export interface RuleBreach {
  /** The field the breach is about; "" for the record as a whole. */
  field: string;
  key: RuleKey;
  params?: Record<string, string>;
}

export function isDatedOutcome(outcome: string): boolean {
  return (DATED_OUTCOMES as readonly string[]).includes(outcome);
}

export interface DeliveryFacts {
  outcome: string;
  deliveredOn: string | null | undefined;
  /** The due date the expectation has when the delivery is recorded. */
  dueDate: string;
  /** The vendor's calendar date. */
  today: string;
  /**
   * The vendor's calendar date of the day the expectation was recorded
   * (created); null or absent for one the same write creates.
   */
  recordedOn?: string | null;
}

/** What a delivery may say about its dates. */
export function deliveryBreaches({ outcome, deliveredOn, dueDate, today, recordedOn }: DeliveryFacts): RuleBreach[] {
  if (!deliveredOn) return isDatedOutcome(outcome) ? [{ field: "delivered_on", key: "deliveryForm.dateRequired" }] : [];
  if (deliveredOn > today) return [{ field: "delivered_on", key: "deliveryForm.inFuture" }];
  if (outcome === "withdrawn" && recordedOn && deliveredOn < recordedOn) {
    return [{ field: "delivered_on", key: "deliveryForm.withdrawnBeforeRecorded", params: { date: recordedOn } }];
  }
  if (outcome === "kept" && deliveredOn > dueDate) {
    return [{ field: "delivered_on", key: "deliveryForm.keptAfterDue", params: { date: dueDate } }];
  }
  if (outcome === "late" && deliveredOn <= dueDate) {
    return [{ field: "delivered_on", key: "deliveryForm.lateNotAfterDue", params: { date: dueDate } }];
  }
  return [];
}

/**
 * Who may hold the expectation: `holder` is the stakeholder looked up on the
 * expectation's own account (undefined when there is none with that id);
 * `current` is the holder the expectation already has, who may stay.
 */
export function holderBreaches(
  holderId: string | null | undefined,
  holder: { leftOn: string | null } | undefined,
  current: string | null = null,
  field = "holder_stakeholder_id",
): RuleBreach[] {
  if (!holderId || holderId === current) return [];
  if (!holder) return [{ field, key: "expectationForm.holderNotOnAccount" }];
  if (holder.leftOn) return [{ field, key: "expectationForm.holderLeft" }];
  return [];
}

/** An edit may not move the due date (nor rewrite the original one): that is a re-plan. */
export function dueDateEditBreaches(
  stored: { dueDate: string; originalDueDate: string },
  edit: { dueDate?: string | null | undefined; originalDueDate?: string | null | undefined },
): RuleBreach[] {
  const out: RuleBreach[] = [];
  if (edit.dueDate != null && edit.dueDate !== stored.dueDate) {
    out.push({ field: "due_date", key: "expectation.dueDateByReplanOnly", params: { date: stored.dueDate } });
  }
  if (edit.originalDueDate != null && edit.originalDueDate !== stored.originalDueDate) {
    out.push({ field: "original_due_date", key: "expectation.dueDateByReplanOnly", params: { date: stored.dueDate } });
  }
  return out;
}

export interface ReplanFacts {
  status: string;
  currentDueDate: string;
  newDueDate: string;
  reason: string;
  /** The day the re-plan was made. */
  replannedOn: string;
  /** The day the customer was told; null when they were not. */
  notifiedOn: string | null;
  /** The day of the latest re-plan already recorded, if any. */
  lastReplannedOn: string | null;
  today: string;
}

/** Only an open expectation is re-planned or delivered. */
export function notOpenBreaches(status: string, field = ""): RuleBreach[] {
  return status === "open" ? [] : [{ field, key: "expectation.notOpen" }];
}

/** What is stored of an expectation's resolution. */
export interface StoredResolution {
  status: string;
  outcome: string | null;
  deliveredOn: string | null;
}

/** What a write would set of it; a field left undefined is not written (its column not in the file or body). */
export interface ResolutionWrite {
  status?: string;
  outcome?: string | null;
  deliveredOn?: string | null;
}

/**
 * An upsert (import row, API write) may resolve an open expectation, but what
 * became of one that is not open changes only after it is reopened on its
 * page (a change recorded in its history): a write that would change its
 * status, outcome or delivery date is refused; one repeating them is no change.
 */
export function resolutionEditBreaches(stored: StoredResolution, write: ResolutionWrite): RuleBreach[] {
  if (stored.status === "open") return [];
  const changes = <T>(next: T | undefined, now: T) => next !== undefined && (next ?? null) !== now;
  if (changes(write.status, stored.status) || changes(write.outcome, stored.outcome)) {
    return notOpenBreaches(stored.status, "outcome");
  }
  if (changes(write.deliveredOn, stored.deliveredOn)) return notOpenBreaches(stored.status, "delivered_on");
  return [];
}

/**
 * Importance is the weight the promise is judged at. Once the expectation has
 * come due for the customer (the day it is due for them is before `today`, the
 * vendor's calendar date; due today is not yet) or is resolved, it may be
 * raised (that only makes the figure worse) but not lowered. One resolved
 * before and reopened (`everResolved`: its history has a delivery) stays so:
 * reopening an early "missed" to lower it and record it again is no way round.
 * `next` undefined or null: the write leaves the importance as it is.
 */
export function importanceBreaches(
  stored: CommitmentDates & { status: string; importance: number; everResolved?: boolean },
  next: number | null | undefined,
  today: string,
): RuleBreach[] {
  if (next == null || next >= stored.importance) return [];
  if (stored.status !== "resolved" && !stored.everResolved && dueForCustomer(stored) >= today) return [];
  return [{ field: "importance", key: "expectation.importanceNotLowered" }];
}

/** How a due date moves. */
export function replanBreaches(r: ReplanFacts): RuleBreach[] {
  const closed = notOpenBreaches(r.status);
  if (closed.length) return closed;
  const out: RuleBreach[] = [];
  if (r.newDueDate === r.currentDueDate) {
    out.push({ field: "due_date", key: "replanForm.sameDate", params: { date: r.currentDueDate } });
  } else {
    const setOn = r.notifiedOn ?? r.replannedOn;
    if (r.newDueDate < setOn && setOn <= r.today) {
      out.push({ field: "due_date", key: "replanForm.newDateBeforeReplan", params: { date: setOn } });
    }
  }
  if (!r.reason.trim()) out.push({ field: "reason", key: "replanForm.reasonRequired" });
  if (r.replannedOn > r.today) out.push({ field: "replanned_on", key: "replanForm.madeInFuture" });
  else if (r.lastReplannedOn && r.replannedOn < r.lastReplannedOn) {
    out.push({ field: "replanned_on", key: "replanForm.beforeLastReplan", params: { date: r.lastReplannedOn } });
  }
  if (r.notifiedOn && r.notifiedOn > r.today)
    out.push({ field: "customer_notified_on", key: "replanForm.notifiedInFuture" });
  return out;
}

/** The day notice counts from: the day given, else the re-plan's own day when the customer was told. */
export function noticeDay(
  customerNotified: boolean | null,
  notifiedOn: string | null,
  replannedOn: string,
): string | null {
  if (notifiedOn) return notifiedOn;
  return customerNotified ? replannedOn : null;
}
