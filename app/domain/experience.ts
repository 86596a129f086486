import type { DateWindow } from "./dates.ts";
import { roundHalfAwayFromZero } from "./nps.ts";
import { monthStarts } from "./predictability.ts";

// The customer's experience of our encounters, read from what touchpoints record:
// how the customer felt treated (1–5), whether their matter was resolved, and
// whether it was a moment of truth or a positive surprise. The texts Kohtaamo
// grew from (docs/scoring.md, "Experience") say being treated well matters more
// than having the problem solved; these figures let a team see whether that
// holds for its own customers.
//
// Decisions (tested in tests/unit/experience.test.ts; docs/scoring.md, "Experience"):
// - Treated well: treatment 4–5. Treated badly: 1–2. A 3 is neither (a tie
//   between the two) and stays out of the quadrants, counted apart.
// - Resolved: "yes". Not resolved: "no" or "partly" (the customer's matter is
//   still not solved). No value: resolution not recorded, counted apart.
// - A touchpoint is in a quadrant only when both are recorded and the treatment
//   is not 3; the rest are counted by why they are left out.
// - What followed a touchpoint: for each kind of answer (NPS 0–10, CSAT 1–5),
//   the first answer given at the same account on or after the moment the
//   touchpoint happened and at most `followDays` days later, from a person who
//   took part in it — or from anyone at the account when no one from the
//   customer is recorded on it. A CSAT answer given about this very touchpoint
//   counts first, whenever it came; one given about another touchpoint never
//   follows this one. Ties on the instant are broken by the answer's id, so the
//   same data always gives the same figures. One answer may follow several
//   touchpoints (a meeting and a call in the same week, then one NPS answer):
//   it is counted after each.
// - A cell's NPS is % promoters (9–10) − % detractors (0–6) of the answers
//   that followed its touchpoints, rounded to an integer (halves away from
//   zero); its CSAT the mean, one decimal. Under `minAnswers` (5) answers the
//   figure is null, "not enough data": the count of answers is still given.
// - Moments of truth: per kind of touchpoint, how many there were, how many
//   were moments of truth and positive surprises, and how the moments of truth
//   went: treated well / badly, resolved / not. A moment of truth "went badly"
//   when the customer was treated badly or their matter was not resolved at all
//   ("no"; "partly" is not counted as going badly on its own).


/** Treatment at or above this is "treated well". */
export const TREATED_WELL_FROM = 4;
/** Treatment at or below this is "treated badly". */
export const TREATED_BADLY_TO = 2;
/** Below this many answers a cell's NPS or CSAT is "not enough data". */
export const EXPERIENCE_MIN_ANSWERS = 5;
/** The periods the pages offer: this many whole calendar months before the current one, and the current month to date. */
export const EXPERIENCE_PERIODS = [3, 6, 12, 24] as const;
export type ExperiencePeriod = (typeof EXPERIENCE_PERIODS)[number];
export const DEFAULT_EXPERIENCE_PERIOD: ExperiencePeriod = 12;

export const QUADRANTS = ["well_resolved", "well_unresolved", "badly_resolved", "badly_unresolved"] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export type TreatmentClass = "well" | "badly" | "neither";
export type ResolutionClass = "resolved" | "unresolved";

export function treatmentClass(treatment: number | null): TreatmentClass | null {
  if (treatment === null) return null;
  if (treatment >= TREATED_WELL_FROM) return "well";
  if (treatment <= TREATED_BADLY_TO) return "badly";
  return "neither";
}

export function resolutionClass(resolved: string | null): ResolutionClass | null {
  if (resolved === "yes") return "resolved";
  if (resolved === "no" || resolved === "partly") return "unresolved";
  return null;
}

/** The quadrant a touchpoint falls in, or null when it is left out (see the decisions). */
export function quadrantOf(tp: { treatment: number | null; resolved: string | null }): Quadrant | null {
  const t = treatmentClass(tp.treatment);
  const r = resolutionClass(tp.resolved);
  if (t === null || t === "neither" || r === null) return null;
  return `${t}_${r}` as Quadrant;
}

/** The `months` whole months before this one and this month to today (2026-12-06, 3: from 2026-09-01), summable by month. */
export function experienceWindow(today: string, months: number): DateWindow {
  return { from: monthStarts(today, months + 1)[0]!, to: today };
}

/** The period chooser's value from a URL, or the default. */
export function parseExperiencePeriod(value: string | null | undefined): ExperiencePeriod {
  const n = Number(value);
  return (EXPERIENCE_PERIODS as readonly number[]).includes(n) ? (n as ExperiencePeriod) : DEFAULT_EXPERIENCE_PERIOD;
}

export interface ExperienceTouchpoint {
  id: string;
  accountId: string;
  kind: string;
  occurredAt: Date | string;
  /** 1..5, null when not recorded. */
  treatment: number | null;
  /** "yes" | "partly" | "no", null when not recorded. */
  resolved: string | null;
  momentOfTruth?: boolean;
  positiveSurprise?: boolean;
  /** The customer's people who took part. */
  participants: string[];
}

export interface ExperienceAnswer {
  id: string;
  accountId: string;
  stakeholderId: string;
  kind: "nps" | "csat";
  score: number;
  answeredAt: Date | string;
  /** The touchpoint a CSAT answer was given about, if any. */
  touchpointId: string | null;
}

export interface ExperienceOptions {
  /** How many days after a touchpoint an answer still follows it. */
  followDays: number;
  /** Fewer answers than this: the figure is null ("not enough data"). */
  minAnswers?: number;
}

export interface FollowedNps {
  /** −100..100; null when fewer than minAnswers answers followed. */
  score: number | null;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface FollowedCsat {
  /** 1..5, one decimal; null when fewer than minAnswers answers followed. */
  mean: number | null;
  answers: number;
}

export interface QuadrantCell {
  quadrant: Quadrant;
  touchpoints: number;
  nps: FollowedNps;
  csat: FollowedCsat;
}

export interface QuadrantResult {
  cells: Record<Quadrant, QuadrantCell>;
  /** Touchpoints in a quadrant. */
  classified: number;
  /** Touchpoints left out of the quadrants, by why. */
  leftOut: {
    /** Treatment 3: neither well nor badly. */
    treatedNeither: number;
    /** Treatment recorded, resolution not. */
    noResolution: number;
    /** Resolution recorded, treatment not. */
    noTreatment: number;
  };
  followDays: number;
  minAnswers: number;
}

const DAY_MS = 86_400_000;
const ms = (v: Date | string) => new Date(v).getTime();

/** Answers grouped by account and kind, oldest first (ties by id). */
function indexAnswers(answers: ExperienceAnswer[]): Map<string, ExperienceAnswer[]> {
  const byKey = new Map<string, ExperienceAnswer[]>();
  for (const a of answers) {
    const key = `${a.accountId}|${a.kind}`;
    const list = byKey.get(key) ?? [];
    list.push(a);
    byKey.set(key, list);
  }
  for (const list of byKey.values())
    list.sort((a, b) => ms(a.answeredAt) - ms(b.answeredAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return byKey;
}

/** The first index whose answer is at or after `at` (the list is oldest first). */
function firstAtOrAfter(list: ExperienceAnswer[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms(list[mid]!.answeredAt) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The answer of this kind that followed the touchpoint (see the decisions), or null. */
function followingAnswer(
  tp: ExperienceTouchpoint,
  kind: "nps" | "csat",
  index: Map<string, ExperienceAnswer[]>,
  followDays: number,
): ExperienceAnswer | null {
  const list = index.get(`${tp.accountId}|${kind}`);
  if (!list) return null;
  if (kind === "csat") {
    const about = list.find((a) => a.touchpointId === tp.id);
    if (about) return about;
  }
  const from = ms(tp.occurredAt);
  const until = from + followDays * DAY_MS;
  const people = new Set(tp.participants);
  for (let i = firstAtOrAfter(list, from); i < list.length; i += 1) {
    const a = list[i]!;
    if (ms(a.answeredAt) > until) break;
    if (kind === "csat" && a.touchpointId !== null) continue;
    if (people.size > 0 && !people.has(a.stakeholderId)) continue;
    return a;
  }
  return null;
}

export function followedNps(scores: number[], minAnswers = EXPERIENCE_MIN_ANSWERS): FollowedNps {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return followedNpsFromCounts({ answers: scores.length, promoters, detractors }, minAnswers);
}

/** The same from counts (as SQL gives them): answers, promoters (9–10), detractors (0–6). */
export function followedNpsFromCounts(
  c: { answers: number; promoters: number; detractors: number },
  minAnswers = EXPERIENCE_MIN_ANSWERS,
): FollowedNps {
  const { answers, promoters, detractors } = c;
  const score =
    answers === 0 || answers < minAnswers ? null : roundHalfAwayFromZero((100 * (promoters - detractors)) / answers);
  return { score, answers, promoters, passives: answers - promoters - detractors, detractors };
}

export function followedCsat(scores: number[], minAnswers = EXPERIENCE_MIN_ANSWERS): FollowedCsat {
  return followedCsatFromSum({ answers: scores.length, sum: scores.reduce((a, b) => a + b, 0) }, minAnswers);
}

/** The same from the count and the sum of the scores (as SQL gives them). */
export function followedCsatFromSum(c: { answers: number; sum: number }, minAnswers = EXPERIENCE_MIN_ANSWERS): FollowedCsat {
  const { answers, sum } = c;
  if (answers === 0 || answers < minAnswers) return { mean: null, answers };
  return { mean: Math.round((sum / answers) * 10) / 10, answers };
}

/** What SQL counts per quadrant: its touchpoints and the answers that followed them. */
export interface QuadrantCounts {
  touchpoints: number;
  npsAnswers: number;
  promoters: number;
  detractors: number;
  csatAnswers: number;
  csatSum: number;
}

/** The quadrants from counts (app/models/experience.server.ts counts them in SQL by the rules above). */
export function quadrantsFromCounts(
  counts: Partial<Record<Quadrant, QuadrantCounts>>,
  leftOut: QuadrantResult["leftOut"],
  options: ExperienceOptions,
): QuadrantResult {
  const minAnswers = options.minAnswers ?? EXPERIENCE_MIN_ANSWERS;
  const none: QuadrantCounts = { touchpoints: 0, npsAnswers: 0, promoters: 0, detractors: 0, csatAnswers: 0, csatSum: 0 };
  const cells = Object.fromEntries(
    QUADRANTS.map((q) => {
      const c = counts[q] ?? none;
      return [
        q,
        {
          quadrant: q,
          touchpoints: c.touchpoints,
          nps: followedNpsFromCounts({ answers: c.npsAnswers, promoters: c.promoters, detractors: c.detractors }, minAnswers),
          csat: followedCsatFromSum({ answers: c.csatAnswers, sum: c.csatSum }, minAnswers),
        },
      ];
    }),
  ) as Record<Quadrant, QuadrantCell>;
  const classified = QUADRANTS.reduce((n, q) => n + cells[q].touchpoints, 0);
  return { cells, classified, leftOut, followDays: options.followDays, minAnswers };
}

/**
 * The four quadrants (treated well / badly × resolved / not) over the given
 * touchpoints (the caller picks the period), each with the NPS and CSAT that
 * followed its touchpoints. `answers` must reach `followDays` past the period.
 */
export function experienceQuadrants(
  touchpoints: ExperienceTouchpoint[],
  answers: ExperienceAnswer[],
  options: ExperienceOptions,
): QuadrantResult {
  const minAnswers = options.minAnswers ?? EXPERIENCE_MIN_ANSWERS;
  const index = indexAnswers(answers);
  const scores: Record<Quadrant, { nps: number[]; csat: number[]; touchpoints: number }> = {
    well_resolved: { nps: [], csat: [], touchpoints: 0 },
    well_unresolved: { nps: [], csat: [], touchpoints: 0 },
    badly_resolved: { nps: [], csat: [], touchpoints: 0 },
    badly_unresolved: { nps: [], csat: [], touchpoints: 0 },
  };
  const leftOut = { treatedNeither: 0, noResolution: 0, noTreatment: 0 };
  let classified = 0;
  for (const tp of touchpoints) {
    const t = treatmentClass(tp.treatment);
    const r = resolutionClass(tp.resolved);
    if (t === null && r === null) continue;
    if (t === null) {
      leftOut.noTreatment += 1;
      continue;
    }
    if (t === "neither") {
      leftOut.treatedNeither += 1;
      continue;
    }
    if (r === null) {
      leftOut.noResolution += 1;
      continue;
    }
    const cell = scores[`${t}_${r}`];
    cell.touchpoints += 1;
    classified += 1;
    const nps = followingAnswer(tp, "nps", index, options.followDays);
    if (nps) cell.nps.push(nps.score);
    const csat = followingAnswer(tp, "csat", index, options.followDays);
    if (csat) cell.csat.push(csat.score);
  }
  const cells = Object.fromEntries(
    QUADRANTS.map((q) => [
      q,
      {
        quadrant: q,
        touchpoints: scores[q].touchpoints,
        nps: followedNps(scores[q].nps, minAnswers),
        csat: followedCsat(scores[q].csat, minAnswers),
      },
    ]),
  ) as Record<Quadrant, QuadrantCell>;
  return { cells, classified, leftOut, followDays: options.followDays, minAnswers };
}

// ─── Moments of truth ───────────────────────────────────────────────────────

/** Touchpoints, moments of truth and positive surprises, and how the moments of truth went. */
export interface MomentCounts {
  touchpoints: number;
  momentsOfTruth: number;
  positiveSurprises: number;
  treatedWell: number;
  treatedBadly: number;
  resolved: number;
  unresolved: number;
  /** Moments of truth treated badly or not resolved at all. */
  wentBadly: number;
}

/** One kind's counts (`touchpoints`: every touchpoint of the kind in the period). */
export interface KindMoments extends MomentCounts {
  kind: string;
}

export interface MomentsResult extends MomentCounts {
  /** Kinds with at least one touchpoint, most moments of truth first (ties: the higher share, then the kind's name). */
  byKind: KindMoments[];
}

/** Whether a moment of truth went badly (see the decisions). */
export function wentBadly(tp: { treatment: number | null; resolved: string | null }): boolean {
  return treatmentClass(tp.treatment) === "badly" || tp.resolved === "no";
}

/**
 * Moments of truth per kind. `counts` are every touchpoint of each kind in the
 * period (the denominators); `flagged` the period's touchpoints marked as a
 * moment of truth or a positive surprise.
 */
export function momentsOfTruth(
  counts: { kind: string; touchpoints: number }[],
  flagged: Pick<ExperienceTouchpoint, "kind" | "treatment" | "resolved" | "momentOfTruth" | "positiveSurprise">[],
): MomentsResult {
  const empty = (kind: string): KindMoments => ({
    kind,
    touchpoints: 0,
    momentsOfTruth: 0,
    positiveSurprises: 0,
    treatedWell: 0,
    treatedBadly: 0,
    resolved: 0,
    unresolved: 0,
    wentBadly: 0,
  });
  const byKind = new Map<string, KindMoments>();
  const row = (kind: string) => {
    const existing = byKind.get(kind);
    if (existing) return existing;
    const created = empty(kind);
    byKind.set(kind, created);
    return created;
  };
  for (const c of counts) row(c.kind).touchpoints += c.touchpoints;
  for (const tp of flagged) {
    const r = row(tp.kind);
    if (tp.positiveSurprise) r.positiveSurprises += 1;
    if (!tp.momentOfTruth) continue;
    r.momentsOfTruth += 1;
    const t = treatmentClass(tp.treatment);
    if (t === "well") r.treatedWell += 1;
    if (t === "badly") r.treatedBadly += 1;
    const res = resolutionClass(tp.resolved);
    if (res === "resolved") r.resolved += 1;
    if (res === "unresolved") r.unresolved += 1;
    if (wentBadly(tp)) r.wentBadly += 1;
  }
  return momentsFromCounts([...byKind.values()]);
}

/**
 * Moments of truth from per-kind counts (as SQL gives them, or as momentsOfTruth
 * makes them): kinds with anything in them, most moments of truth first, and the totals.
 */
export function momentsFromCounts(kinds: KindMoments[]): MomentsResult {
  const rows = kinds.filter((r) => r.touchpoints > 0 || r.momentsOfTruth > 0 || r.positiveSurprises > 0);
  const share = (r: KindMoments) => (r.touchpoints > 0 ? r.momentsOfTruth / r.touchpoints : 0);
  rows.sort(
    (a, b) =>
      b.momentsOfTruth - a.momentsOfTruth || share(b) - share(a) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
  );
  const sum = (key: keyof Omit<KindMoments, "kind">) => rows.reduce((n, r) => n + r[key], 0);
  return {
    touchpoints: sum("touchpoints"),
    momentsOfTruth: sum("momentsOfTruth"),
    positiveSurprises: sum("positiveSurprises"),
    treatedWell: sum("treatedWell"),
    treatedBadly: sum("treatedBadly"),
    resolved: sum("resolved"),
    unresolved: sum("unresolved"),
    wentBadly: sum("wentBadly"),
    byKind: rows,
  };
}

// ─── The "solved but treated badly" signal's input ──────────────────────────

/** Touchpoints solved but treated badly (quadrant badly_resolved) among those given. */
export function solvedButTreatedBadly<T extends { treatment: number | null; resolved: string | null }>(touchpoints: T[]): T[] {
  return touchpoints.filter((tp) => quadrantOf(tp) === "badly_resolved");
}
