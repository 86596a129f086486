// The calendar: what a member of staff's private feed holds, and how an
// imported .ics event becomes a planned touchpoint. Plain rules; writing and
// reading iCalendar text is the models' (with ical-generator and ical.js).
//
// Feed:
// - each open planned touchpoint they own, at its time (UTC in the file, so
//   every calendar program shows it in its own zone), lasting by kind;
// - each open expectation they own, as an all-day event on its due date;
// - UIDs are stable (the record's id), so a calendar that refreshes the feed
//   updates the event instead of adding a copy; a plan that is recorded or
//   cancelled, or an expectation delivered, leaves the feed.
// Import:
// - an event with a time of day, today or later (a plan is ahead), becomes a
//   planned touchpoint; an all-day event is a due date or a holiday, not a
//   meeting, and is skipped with its reason;
// - an event the account already has (its UID imported before, or one of
//   Kohtaamo's own plans of this account) is not added twice.

import { PLANNED_KINDS, type PlannedKind } from "./planned-touchpoints.ts";

/** How long a planned touchpoint of each kind is shown in a calendar, in minutes. */
export const PLAN_MINUTES: Record<PlannedKind, number> = { meeting: 60, business_review: 90, call: 30 };

/** The feed's own property carrying a plan's kind, so an exported plan imports as the same kind. */
export const KIND_PROPERTY = "X-KOHTAAMO-KIND";

/** The most events one import reads. */
export const MAX_IMPORT_EVENTS = 500;

/** The largest .ics file accepted, in bytes. */
export const MAX_ICS_BYTES = 1_000_000;

const UID_DOMAIN = "kohtaamo";

export function planUid(planId: string): string {
  return `plan-${planId}@${UID_DOMAIN}`;
}

export function expectationUid(expectationId: string): string {
  return `expectation-${expectationId}@${UID_DOMAIN}`;
}

const OWN_UID = /^(plan|expectation)-([0-9a-f-]{36})@kohtaamo$/i;

/** A UID this app's feed wrote: which record it is, or null. */
export function ownUid(uid: string): { kind: "plan" | "expectation"; id: string } | null {
  const match = OWN_UID.exec(uid.trim());
  return match ? { kind: match[1]!.toLowerCase() as "plan" | "expectation", id: match[2]!.toLowerCase() } : null;
}

/** When a planned touchpoint ends in a calendar. */
export function planEnd(start: Date, kind: PlannedKind): Date {
  return new Date(start.getTime() + PLAN_MINUTES[kind] * 60_000);
}

/** The kind an imported event is planned as: the feed's own property when valid, else a meeting. */
export function importedKind(value: string | null | undefined): PlannedKind {
  const v = (value ?? "").trim().toLowerCase();
  return (PLANNED_KINDS as readonly string[]).includes(v) ? (v as PlannedKind) : "meeting";
}

/** The address of an ATTENDEE or ORGANIZER value (`mailto:a@b.fi`, any case), lower-cased; null if it is none. */
export function attendeeAddress(value: string): string | null {
  const v = value.trim().replace(/^mailto:/i, "").trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v) ? v : null;
}

export type ImportSkip = "allDay" | "inPast" | "tooFar" | "noTitle" | "already";

/** Why an event read from a file is not planned, or null when it is. */
export function importSkipReason(
  event: { allDay: boolean; start: Date; title: string; known: boolean },
  refusal: "planInPast" | "planTooFar" | null,
): ImportSkip | null {
  if (event.known) return "already";
  if (event.allDay) return "allDay";
  if (!event.title.trim()) return "noTitle";
  if (refusal === "planInPast") return "inPast";
  if (refusal === "planTooFar") return "tooFar";
  return null;
}
