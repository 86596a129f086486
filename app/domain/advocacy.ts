import { ADVOCACY_KINDS, type AdvocacyKind, type Polarity } from "./vocabulary.ts";

// Positive surprises and advocacy (issue 14, items 6 and 7).
//
// The effect of a planned positive surprise: for the person it was for, the
// answer they gave last before it and the first one after it, for NPS and for
// CSAT separately (the scales differ). No answer after it: not enough data to
// tell. An answer given at the very moment of the surprise counts as before
// (it cannot have been moved by it).

export type AnswerKind = "nps" | "csat";

export interface Answer {
  kind: AnswerKind;
  score: number;
  answeredAt: Date | string;
}

export interface KindEffect {
  before: number | null;
  after: number | null;
  /** after − before when both are known. */
  change: number | null;
}

export interface SurpriseEffect {
  nps: KindEffect;
  csat: KindEffect;
  /** At least one answer came after the surprise. */
  enoughData: boolean;
}

/** A planned surprise that was recorded, with each person it was for and its effect on them. */
export interface SurpriseOutcome {
  planId: string;
  title: string;
  touchpointId: string;
  occurredAt: string;
  people: { id: string; name: string; effect: SurpriseEffect }[];
}

function effectFor(kind: AnswerKind, at: number, answers: readonly Answer[]): KindEffect {
  let before: { t: number; score: number } | null = null;
  let after: { t: number; score: number } | null = null;
  for (const a of answers) {
    if (a.kind !== kind) continue;
    const t = new Date(a.answeredAt).getTime();
    if (t <= at) {
      if (!before || t > before.t) before = { t, score: a.score };
    } else if (!after || t < after.t) {
      after = { t, score: a.score };
    }
  }
  return {
    before: before?.score ?? null,
    after: after?.score ?? null,
    change: before && after ? after.score - before.score : null,
  };
}

/** One person's answers around a surprise that happened at `occurredAt`. */
export function surpriseEffect(occurredAt: Date | string, answers: readonly Answer[]): SurpriseEffect {
  const at = new Date(occurredAt).getTime();
  const nps = effectFor("nps", at, answers);
  const csat = effectFor("csat", at, answers);
  return { nps, csat, enoughData: nps.after !== null || csat.after !== null };
}

// ─── Reference readiness ────────────────────────────────────────────────────
//
// Whether to ask a person to be a reference (or for a referral), from their
// latest NPS, their influence and whether they hold an open surprise (an
// expectation of theirs past the date they were told, still not delivered):
// - who left the customer speaks for it no more: 'left';
// - no NPS answer: 'unknown' (ask how they feel first);
// - an open surprise: 'not_now', whatever their score — asking someone we are
//   letting down right now spends the relationship (the app warns);
// - a promoter (9–10): 'ready';
// - otherwise (0–8): 'not_ready'.
// Promoters with influence (ready, influence 4–5) are the ones a director
// looks for across the portfolio, most influential first, then by score, then
// by name (ties are broken so the order is stable).

export type Readiness = "ready" | "not_now" | "not_ready" | "unknown" | "left";

export interface AdvocacyPerson {
  leftOn: string | null;
  influence: number;
  latestNps: number | null;
  openSurprises: number;
}

export function referenceReadiness(p: AdvocacyPerson): Readiness {
  if (p.leftOn !== null) return "left";
  if (p.latestNps === null) return "unknown";
  if (p.openSurprises > 0) return "not_now";
  return p.latestNps >= 9 ? "ready" : "not_ready";
}

/** Influence from which a promoter counts as one with influence. */
export const INFLUENTIAL = 4;

/**
 * Promoters with influence: present people with a latest NPS of 9–10 and
 * influence 4–5, including those held back by an open surprise (shown as
 * "not now"), most influential first, then the higher score, then by name.
 */
/** When the person's latest NPS answer was given, as a sortable number (ms); none sorts last. */
const answeredMs = (at: Date | string | null | undefined) => (at ? new Date(at).getTime() : -Infinity);

/**
 * The present promoters (latest NPS 9–10) of influence 4–5, most influential
 * first, then by score, then the freshest answer first (a 10 given last week
 * says more about asking now than one given two years ago); ties by id.
 * Readiness plays no part in the order, so a caller may rank many and judge
 * readiness for the first few; the order is plain enough for SQL to give
 * (listInfluentialPromoters reads the first few in it).
 */
export function rankPromoters<
  T extends Pick<AdvocacyPerson, "leftOn" | "latestNps" | "influence"> & { latestNpsAt?: Date | string | null; id: string },
>(people: readonly T[]): T[] {
  return people
    .filter((p) => p.leftOn === null && p.latestNps !== null && p.latestNps >= 9 && p.influence >= INFLUENTIAL)
    .sort(
      (a, b) =>
        b.influence - a.influence ||
        (b.latestNps ?? 0) - (a.latestNps ?? 0) ||
        answeredMs(b.latestNpsAt) - answeredMs(a.latestNpsAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** The ranked promoters (rankPromoters), each with whether to ask them for a reference now. */
export function influentialPromoters<T extends AdvocacyPerson & { latestNpsAt?: Date | string | null; id: string }>(people: readonly T[]): (T & { readiness: Readiness })[] {
  return rankPromoters(people).map((p) => ({ ...p, readiness: referenceReadiness(p) }));
}

export function isAdvocacyKind(kind: string): kind is AdvocacyKind {
  return (ADVOCACY_KINDS as readonly string[]).includes(kind);
}

// ─── Advocacy counts (a stakeholder's, the portfolio's) ─────────────────────

/** Per kind, how many were positive and how many negative. */
export type AdvocacyCounts = Record<AdvocacyKind, Record<Polarity, number>>;

export function noAdvocacy(): AdvocacyCounts {
  return {
    reference_given: { positive: 0, negative: 0 },
    referral_given: { positive: 0, negative: 0 },
    word_of_mouth: { positive: 0, negative: 0 },
  };
}

/** Counts from grouped rows (kind, polarity, n), as SQL gives them; rows of other kinds are ignored. */
export function advocacyCounts(rows: readonly { kind: string; polarity: string | null; n: number }[]): AdvocacyCounts {
  const counts = noAdvocacy();
  for (const r of rows) {
    if (!isAdvocacyKind(r.kind) || (r.polarity !== "positive" && r.polarity !== "negative")) continue;
    counts[r.kind][r.polarity] += Number(r.n);
  }
  return counts;
}
