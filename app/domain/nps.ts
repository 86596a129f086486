// Relationship NPS: what the buying committee would tell others about us, from
// each stakeholder's latest 0–10 answer. Touchpoint satisfaction (CSAT) is separate.
//
// Decisions (tested in tests/unit/nps.test.ts):
// - Each stakeholder counts once, with their latest answer, if that answer is
//   within the last `months` months (default 12) of `now`: answeredAt ≥ now − 12
//   calendar months (UTC), and not after `now`. An older promoter answer is
//   superseded by a newer detractor answer, and vice versa.
// - What a person said while on the buying committee stays the relationship's
//   (docs/scoring.md, app/domain/committee-leaving.ts): someone who has left keeps
//   counting with their latest answer given up to the end of the day their
//   leaving counts from (`leftFrom`: the later of the day stated and the day it
//   was recorded, in the vendor's calendar), for the same window as anyone's.
//   Answers given after that day are not counted: they no longer speak for the
//   customer. So marking a detractor as left, back-dated or not, does not lift
//   the score. Answers from stakeholders not in the list are ignored.
// - Score = % promoters (9–10) − % detractors (0–6), never an average of scores,
//   rounded to an integer (halves away from zero), −100..100; null when nobody answered.
// - Influence weighting (optional): each respondent counts with their influence
//   (1–5) instead of 1 in the percentages. The head counts returned (promoters,
//   passives, detractors, respondents) are always plain counts.
// - fewData: fewer than three respondents.
import { addDays, addMonthsToInstant } from "./dates.ts";
import { startOfDay, TIME_ZONE } from "./time.ts";

export interface NpsAnswer {
  stakeholderId: string;
  /** 0..10 */
  score: number;
  answeredAt: Date | string;
}

export interface NpsStakeholder {
  id: string;
  /** 1..5 */
  influence: number;
  /**
   * 'YYYY-MM-DD', the vendor's calendar: the day their leaving counts from
   * (leavingCountsFrom in committee-leaving.ts); null while on the committee.
   */
  leftFrom: string | null;
}

export type NpsCategory = "promoter" | "passive" | "detractor";

export interface LatestNpsAnswer {
  stakeholderId: string;
  score: number;
  answeredAt: Date;
  category: NpsCategory;
  influence: number;
  /** As the stakeholder's: null while they are on the committee. */
  leftFrom: string | null;
}

export interface NpsResult {
  /** −100..100, an integer; null without respondents. */
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  respondents: number;
  weighted: boolean;
  /** respondents < 3 */
  fewData: boolean;
  /** The answers counted: each stakeholder's latest within the period (for one who left, given before they left). */
  answers: LatestNpsAnswer[];
}

export interface NpsOptions {
  now: Date;
  /** Weight each respondent by influence; false unless told. */
  weighted?: boolean;
  /** How far back answers count; 12 months unless told. */
  months?: number;
}

export const FEW_NPS_RESPONDENTS = 3;

export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

/**
 * Each stakeholder's latest answer within the period, given while they were on
 * the committee (see the decisions above).
 */
export function latestNpsAnswers(
  answers: NpsAnswer[],
  stakeholders: NpsStakeholder[],
  now: Date,
  months = 12,
  timeZone = TIME_ZONE,
): LatestNpsAnswer[] {
  const since = addMonthsToInstant(now, -months).getTime();
  const people = new Map(
    stakeholders.map((s) => [
      s.id,
      { person: s, until: s.leftFrom ? startOfDay(addDays(s.leftFrom, 1), timeZone).getTime() : Infinity },
    ]),
  );
  const latest = new Map<string, { score: number; at: Date }>();
  for (const a of answers) {
    const at = new Date(a.answeredAt);
    const given = people.get(a.stakeholderId);
    if (!given || at.getTime() > now.getTime() || at.getTime() >= given.until) continue;
    const prev = latest.get(a.stakeholderId);
    if (!prev || at.getTime() > prev.at.getTime()) latest.set(a.stakeholderId, { score: a.score, at });
  }
  const result: LatestNpsAnswer[] = [];
  for (const [stakeholderId, { score, at }] of latest) {
    if (at.getTime() < since) continue;
    const { person } = people.get(stakeholderId)!;
    result.push({
      stakeholderId,
      score,
      answeredAt: at,
      category: npsCategory(score),
      influence: person.influence,
      leftFrom: person.leftFrom,
    });
  }
  return result.sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime());
}

export function relationshipNps(answers: NpsAnswer[], stakeholders: NpsStakeholder[], options: NpsOptions): NpsResult {
  const weighted = options.weighted ?? false;
  const counted = latestNpsAnswers(answers, stakeholders, options.now, options.months ?? 12);
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let total = 0;
  let promoterWeight = 0;
  let detractorWeight = 0;
  for (const a of counted) {
    const w = weighted ? a.influence : 1;
    total += w;
    if (a.category === "promoter") {
      promoters += 1;
      promoterWeight += w;
    } else if (a.category === "detractor") {
      detractors += 1;
      detractorWeight += w;
    } else {
      passives += 1;
    }
  }
  const respondents = counted.length;
  return {
    score: total > 0 ? roundHalfAwayFromZero((100 * (promoterWeight - detractorWeight)) / total) : null,
    promoters,
    passives,
    detractors,
    respondents,
    weighted,
    fewData: respondents < FEW_NPS_RESPONDENTS,
    answers: counted,
  };
}

/**
 * Rounded to an integer, halves away from zero (-16.5 is -17, as PostgreSQL's
 * round() does), and never -0: every NPS the product shows is rounded so.
 */
export function roundHalfAwayFromZero(n: number): number {
  const r = Math.sign(n) * Math.round(Math.abs(n));
  return r === 0 ? 0 : r;
}
