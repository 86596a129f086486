// The promised date: the date the customer was last properly told, and how
// each re-plan moved it or not (the decisions are in ../predictability.ts).
import { dateOf } from "../dates.ts";
import type { ExpectationForScoring, ReplanForScoring } from "./types.ts";

/**
 * The date the customer was last properly told: the original due date, moved by
 * each re-plan that was notified before the date the customer was then expecting.
 */
export function promisedDate(
  e: Pick<ExpectationForScoring, "originalDueDate" | "replans">,
  timeZone = "UTC",
): { date: string; announcedReplans: number } {
  const judged = judgeReplans(e.originalDueDate, e.replans, timeZone);
  return { date: judged.promised, announcedReplans: judged.replans.filter((r) => r.counted).length };
}

/** One re-plan as the promise reads it. */
export interface JudgedReplan<R extends ReplanForScoring = ReplanForScoring> {
  replan: R;
  /** The day it was made. */
  day: string;
  /** The date the customer was expecting when it was made. */
  expected: string;
  /** The day the customer was told; null when they were not. */
  notice: string | null;
  /** Whether it moved the promise (notice before `expected`, and no unannounced date had passed). */
  counted: boolean;
}

/**
 * The re-plans in the order they were made, each with the date the customer
 * was then expecting and whether it moved the promise (see the decisions above);
 * `promised` is where the promise ends.
 */
export function judgeReplans<R extends ReplanForScoring>(
  originalDueDate: string,
  replans: readonly R[],
  timeZone = "UTC",
): { promised: string; replans: JudgedReplan<R>[] } {
  const ordered = replans
    .map((r) => ({ r, day: r.replannedOn ?? dateOf(r.at, timeZone), time: new Date(r.at).getTime() }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.time - b.time);
  let expected = originalDueDate;
  let passed = false;
  const out: JudgedReplan<R>[] = [];
  for (const { r, day } of ordered) {
    const notice = r.customerNotified === false ? null : (r.notifiedOn ?? (r.customerNotified === true ? day : null));
    // Notice counts only before the date the customer was then expecting; once
    // that date has passed unannounced, nothing later moves the promise.
    const counted = !passed && notice !== null && notice < expected;
    out.push({ replan: r, day, expected, notice, counted });
    if (counted) expected = r.toDueDate;
    else if (day >= expected) passed = true;
  }
  return { promised: expected, replans: out };
}
