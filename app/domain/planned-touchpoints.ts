// Planned touchpoints: a meeting, business review or call put on the calendar
// ahead. A plan is not an encounter: it never counts as contact (coverage,
// recency, health, predictability, the portfolio read only logged touchpoints),
// and customers never see it. It is in its owner's inbox from its day on until
// it is recorded (a logged touchpoint linked to it) or cancelled.

import { addDays } from "./dates.ts";
import { calendarDate, instantToWallTime, TIME_ZONE } from "./time.ts";

export const PLANNED_KINDS = ["meeting", "business_review", "call"] as const;
export type PlannedKind = (typeof PLANNED_KINDS)[number];

export const PLANNED_STATES = ["planned", "logged", "cancelled"] as const;
export type PlannedState = (typeof PLANNED_STATES)[number];

/** How far ahead a plan may be put: two years. */
export const MAX_PLAN_DAYS_AHEAD = 731;

export type PlanRefusal = "planInPast" | "planTooFar";

/**
 * A plan is for today or later (in the vendor's time zone: a meeting earlier
 * today may still be planned, then recorded) and at most two years ahead.
 */
export function planTimeRefusal(plannedFor: Date, now: Date): PlanRefusal | null {
  const day = calendarDate(plannedFor);
  const today = calendarDate(now);
  if (day < today) return "planInPast";
  if (day > addDays(today, MAX_PLAN_DAYS_AHEAD)) return "planTooFar";
  return null;
}

/** Whether a plan is in its owner's inbox today: from its day on while it is still planned. */
export function planIsDue(plan: { planned_for: Date | string; state: string }, today: string): boolean {
  return plan.state === "planned" && calendarDate(new Date(plan.planned_for)) <= today;
}

/**
 * When the recorded touchpoint happened, as the log form's wall time: the
 * planned time when it has passed, else now (a logged touchpoint may not be
 * more than an hour ahead; a meeting recorded early happened by now).
 */
export function recordedTimeOf(plannedFor: Date | string, now: Date): string {
  const planned = new Date(plannedFor);
  return instantToWallTime(planned.getTime() <= now.getTime() ? planned : now, TIME_ZONE);
}

/** Only what is still planned can be recorded, changed or cancelled. */
export function planChangeRefusal(state: string): "planNotOpen" | null {
  return state === "planned" ? null : "planNotOpen";
}
