// The buying committee's rules that keep the figures honest about people. The
// figures judge the account's manager, who also keeps the committee map, so no
// change to a person may hide an unhappy customer. One set, called by every
// path that writes the committee: the staff forms and the one-click role
// (app/models/stakeholder-changes.server.ts), the JSON API and the CSV import
// (app/models/import/stakeholder-rules.server.ts, which the API's upsert runs
// too). Rules that refuse a write return breaches, each a message key at a
// field; the caller turns them into a form's field errors or an API's / import
// row's reasons. What a leaving does to the figures is committee-leaving.ts
// (re-exported here), which scoring reads.
//
// The rules (tested in tests/unit/committee-rules.test.ts; docs/scoring.md, "The buying committee"):
// - A leaving counts from the later of the day stated and the day recorded;
//   what the person said before it keeps counting; a departed influential
//   detractor keeps its signal for surpriseDays; a detractor's leaving is on
//   the timeline (committee-leaving.ts).
// - Influence is the weight a person's answer is judged at (the influential
//   detractor threshold, highInfluenceFrom 4; NPS when npsInfluenceWeighted
//   is on). While the latest NPS answer that counts for the person (left or
//   not) is a detractor's, their influence may be raised (that can only make
//   the figures worse) but not lowered, on every path. Once that answer is
//   superseded by a passive or promoter answer, or is older than the NPS
//   window, it may be lowered again.
// - The committee role of someone who has left is frozen: it is the role they
//   left in, which key_person_left and coverage read (the role stays empty
//   for them until an active person holds it, e.g. the successor taking it
//   over at the hand-over). No path changes it while they have left, nor in
//   the same write that records their leaving (they leave in the role they
//   hold) or their return (record the return first, then change the role).

import { isDetractorAnswer } from "./committee-leaving.ts";

export * from "./committee-leaving.ts";

/** The message keys of the committee's refusals (app/i18n/messages/committee.ts). */
export type CommitteeRuleKey =
  "committee.influenceNotLowered" | "committee.roleFrozenLeft" | "committee.roleFrozenLeaving";

export interface CommitteeBreach {
  /** The field the breach is about (the form's, the API body's and the import's column alike). */
  field: "influence" | "committee_role";
  key: CommitteeRuleKey;
  params?: Record<string, string | number>;
}

/**
 * A person's influence is not lowered while the latest NPS answer that counts
 * for them (`counted`, latestNpsAnswers) is a detractor's. `next` undefined or
 * null: the write leaves the influence as it is.
 */
export function influenceBreaches(
  stored: { influence: number },
  counted: { score: number } | null | undefined,
  next: number | null | undefined,
): CommitteeBreach[] {
  if (next == null || next >= stored.influence || !counted || !isDetractorAnswer(counted)) return [];
  return [{ field: "influence", key: "committee.influenceNotLowered", params: { score: counted.score } }];
}

/**
 * The committee role changes only while the person is on the committee, both
 * before and after the write. `next.committeeRole` undefined: the write leaves
 * the role as it is; `next.leftOn` undefined: it leaves the leaving as it is.
 */
export function roleBreaches(
  stored: { committeeRole: string | null; leftOn: string | null },
  next: { committeeRole?: string | null | undefined; leftOn?: string | null | undefined },
): CommitteeBreach[] {
  if (next.committeeRole === undefined || (next.committeeRole ?? null) === stored.committeeRole) return [];
  if (stored.leftOn) return [{ field: "committee_role", key: "committee.roleFrozenLeft" }];
  if (next.leftOn) return [{ field: "committee_role", key: "committee.roleFrozenLeaving" }];
  return [];
}
