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
