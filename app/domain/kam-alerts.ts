// When a change to an account alerts its KAM at once — the one rule every
// write path asks (the portal, the forms, the JSON API and the CSV import), so
// a detractor or a key person leaving is news to the KAM however it reached
// Kohtaamo.
//
// - Only news: a change that makes something true that was not (an answer that
//   becomes a detractor's, a person who had not left and now has). An upsert
//   that repeats a stored answer, or a retried import chunk, alerts nobody.
// - Only fresh news: what happened within ALERT_FRESH_DAYS before today. A
//   customer's history brought in from another tool (answers from last year, a
//   champion who left in the spring) raises its signals and scores, but is not
//   an alert to act on today.
// - A person leaving recorded by the KAM by hand is not news to them. Through
//   the API or an import (even the KAM's own token or file) it is: another
//   system brought it, nobody read it row by row.

import { diffDays } from "./dates.ts";
import { isDetractor } from "./inbox.ts";
import { KEY_PERSON_ROLES } from "./vocabulary.ts";

/** How old (in days before today) a detractor's answer or a leaving may be and still alert. */
export const ALERT_FRESH_DAYS = 14;

/** Where a change came from. */
export type AlertChannel = "portal" | "form" | "api" | "import";

export type KeyPersonRole = (typeof KEY_PERSON_ROLES)[number];

/** Whether a day (YYYY-MM-DD) is today or at most ALERT_FRESH_DAYS before it (a day after today is not). */
export function isFreshForAlert(day: string, today: string): boolean {
  const age = diffDays(day, today);
  return age >= 0 && age <= ALERT_FRESH_DAYS;
}

export interface SurveyAnswerState {
  kind: "nps" | "csat";
  score: number;
}

/** A survey answer written (inserted: `before` null): does it alert the KAM as a detractor's? */
export function detractorAlertDue(input: {
  before: SurveyAnswerState | null;
  after: SurveyAnswerState & { answeredOn: string };
  today: string;
}): boolean {
  const { before, after, today } = input;
  if (!isDetractor(after.kind, after.score)) return false;
  if (before && isDetractor(before.kind, before.score)) return false;
  return isFreshForAlert(after.answeredOn, today);
}

/** The role that makes a person's leaving an alert, or null. */
export function keyPersonRole(role: string | null | undefined): KeyPersonRole | null {
  return (KEY_PERSON_ROLES as readonly string[]).includes(role ?? "") ? (role as KeyPersonRole) : null;
}

/** A stakeholder written (inserted: `before` null): does their leaving alert the KAM? */
export function keyPersonLeftAlertDue(input: {
  before: { leftOn: string | null } | null;
  after: { leftOn: string | null; role: string | null };
  channel: AlertChannel;
  /** The one recording it is the account's KAM. */
  byKam: boolean;
  today: string;
}): boolean {
  const { before, after, channel, byKam, today } = input;
  if (!after.leftOn || before?.leftOn) return false;
  if (!keyPersonRole(after.role)) return false;
  if (byKam && channel === "form") return false;
  return isFreshForAlert(after.leftOn, today);
}
