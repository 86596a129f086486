// What a person leaving the buying committee does to the figures: the part of
// the committee's rules (committee-rules.ts, which re-exports this) that
// scoring reads. Kept apart from the refusals so that scoring, which the
// portal's pages reach too, carries none of the staff forms' messages.
//
// The rules (tested in tests/unit/committee-rules.test.ts; docs/scoring.md, "The buying committee"):
// - A leaving counts from the later of the day it states (left_on) and the day
//   it was recorded in Kohtaamo (the vendor's calendar date; the database keeps
//   the instant, stakeholders.left_recorded_at, whoever writes). Back-dating a
//   leaving moves nothing earlier. Without a record of when it was recorded
//   (people who left before this rule), the stated day alone.
// - What a person said while on the committee stays the relationship's: their
//   NPS answers given up to the end of the day their leaving counts from keep
//   counting for the NPS window as anyone's (nps.ts); answers given after it
//   do not. CSAT never depended on who is still on the committee.
// - influential_detractor keeps firing for someone who has left, for
//   `surpriseDays` (90) after the day their leaving counts from (that day plus
//   90 is the last day), as long as the answer is within the NPS window
//   (risk/people.ts).
// - A leaving is written to the timeline (a system entry, kind
//   committee_change) when the person holds a key role (decision maker,
//   champion) or the latest answer that counts for them is a detractor's (0–6):
//   the director sees it, whoever recorded it and on whichever path.

import { addDays } from "./dates.ts";
import { keyPersonRole, type KeyPersonRole } from "./kam-alerts.ts";
import { npsCategory, type NpsStakeholder } from "./nps.ts";

/** The day ('YYYY-MM-DD') a leaving counts from: the later of the day stated and the day recorded; null while on the committee. */
export function leavingCountsFrom(leftOn: string | null, recordedOn: string | null | undefined): string | null {
  if (!leftOn) return null;
  return recordedOn && recordedOn > leftOn ? recordedOn : leftOn;
}

/** A committee member as relationship NPS reads them. */
export function npsStakeholder(s: {
  id: string;
  influence: number;
  leftOn: string | null;
  leftRecordedOn?: string | null | undefined;
}): NpsStakeholder {
  return { id: s.id, influence: s.influence, leftFrom: leavingCountsFrom(s.leftOn, s.leftRecordedOn) };
}

export function isDetractorAnswer(answer: { score: number } | null | undefined): boolean {
  return answer != null && npsCategory(answer.score) === "detractor";
}

/**
 * Whether a person who has left still counts as an influential detractor on
 * `today`: up to and including `days` days after the day their leaving counts from.
 */
export function departedDetractorCounts(leftFrom: string, today: string, days: number): boolean {
  return today <= addDays(leftFrom, days);
}

/** Why a leaving goes on the timeline, or null: a detractor's (with their score) before a key role alone. */
export type LeavingEntry =
  { kind: "detractor"; score: number; role: string | null } | { kind: "key_role"; role: KeyPersonRole } | null;

/**
 * What the timeline says of a person leaving: `counted` is the latest NPS
 * answer that counts for them (latestNpsAnswers), null when none does.
 */
export function leavingEntry(role: string | null, counted: { score: number } | null | undefined): LeavingEntry {
  if (counted && isDetractorAnswer(counted)) return { kind: "detractor", score: counted.score, role };
  const key = keyPersonRole(role);
  return key ? { kind: "key_role", role: key } : null;
}
