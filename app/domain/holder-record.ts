// Whom did we surprise? (issue 14, item 4.) An account's predictability told
// per person of the buying committee: of what was promised to each of them (the
// expectations they hold), how much was kept, late with notice, late without
// notice or otherwise a surprise, and how much is still open; and the account's
// figure weighted by the influence of the people it fell on.
//
// Decisions (each is tested in tests/unit/holder-record.test.ts):
// - No second judgement: every expectation is judged by predictability.ts
//   (classifyExpectation, countsIn) exactly as the account's predictability
//   judges it, over the same window (the account's, 12 months up to today unless
//   told), and a person's figure is computePredictability over what they hold.
//   So the people's samples add up to the account's, less what nobody holds.
// - What a person holds is what the ledger says now: an open expectation handed
//   over to a successor counts for the successor; what was delivered stays with
//   the one it was promised to.
// - Each expectation counted is in exactly one of:
//   kept          judged predictable, delivered by its original due date (or kept
//                 with no delivery date recorded);
//   late with notice  judged predictable, delivered after its original due date:
//                 the customer was told in time of a new date, and it was met;
//   a surprise    judged a surprise, by reason: late without notice, overdue
//                 (its date passed without notice and it is still open, or was
//                 withdrawn only after), missed, partial, disputed;
//   open          still open and not due yet (not in the sample: nothing to judge);
//   withdrawn     withdrawn with agreement in the window (not in the sample, as
//                 for the account);
//   unconfirmed   recorded after its date and delivered as told, but not yet
//                 confirmed by the customer (not in the sample, as for the account).
//   "Promised" is their sum. Proposed and declined expectations were never promised.
// - A person's predictability is shown with its sample and is "not enough data"
//   under the account's rule (fewer than FEW_PREDICTABILITY_SAMPLE came due).
// - People who left stay in the record (what we promised them happened), marked.
// - The influence-weighted roll-up weighs each expectation that came due by its
//   importance (1–3, as the account's figure) times its holder's influence (1–5):
//   value = Σ importance·influence over the predictable ones / Σ importance·influence
//   over all. Beside it the same share unweighted by influence (importance only).
//   When the weighted figure is at least INFLUENCE_LEANING lower, the surprises
//   fell on the people with more influence; at least that much higher, on those
//   with less; else evenly. Under the minimum sample it says "not enough data",
//   and with no surprises there is nothing to lean.
// - Expectations without a holder are left out of the roll-up and counted apart.
// - People are ordered by influence (highest first), then by surprises (most
//   first), then by name and id, so ties always come out the same way.
import type { DateWindow } from "./dates.ts";
import {
  classifyExpectation,
  computePredictability,
  countsIn,
  countsOn,
  defaultPredictabilityWindow,
  FEW_PREDICTABILITY_SAMPLE,
  type ExpectationForScoring,
  type SurpriseReason,
} from "./predictability.ts";

/** An expectation as the record reads it: as predictability judges it, with whom it is held by. */
export interface HeldExpectation extends ExpectationForScoring {
  holderId: string | null;
  title?: string | undefined;
}

export interface RecordPerson {
  id: string;
  name: string;
  /** 1–5 */
  influence: number;
  leftOn: string | null;
}

export const SURPRISE_REASONS = [
  "late_without_notice",
  "overdue",
  "missed",
  "partial",
  "disputed",
] as const satisfies readonly SurpriseReason[];

/** The parts a record is told in, in the order a sentence names them. */
export const RECORD_PARTS = [
  "kept",
  "lateWithNotice",
  ...SURPRISE_REASONS,
  "open",
  "withdrawn",
  "unconfirmed",
] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];

export interface HolderCounts {
  /** Everything below added up. */
  promised: number;
  kept: number;
  lateWithNotice: number;
  /** Judged a surprise, whatever the reason (the sum of bySurpriseReason). */
  surprises: number;
  bySurpriseReason: Record<SurpriseReason, number>;
  /** Open and not due yet. */
  open: number;
  /** Withdrawn with agreement in the window. */
  withdrawn: number;
  /** Recorded after its date, not confirmed by the customer (predictability.ts). */
  unconfirmed: number;
}

export interface HolderPredictability {
  /** Importance-weighted share predictable, 0..1; null when nothing came due. */
  value: number | null;
  /** How many came due (kept + late with notice + surprises). */
  sample: number;
  weightTotal: number;
  predictableWeight: number;
  /** sample < FEW_PREDICTABILITY_SAMPLE: say "not enough data" rather than a figure. */
  fewData: boolean;
}

export type PromiseVerdict = "kept" | "late_with_notice" | "surprise" | "open" | "withdrawn" | "unconfirmed";

/** One promise to a person, with how it is counted. */
export interface PromiseLine {
  expectationId: string;
  title: string;
  dueDate: string;
  /** The date the customer was last properly told. */
  promisedDate: string;
  deliveredOn: string | null;
  importance: number;
  verdict: PromiseVerdict;
  /** Set for a surprise. */
  reason: SurpriseReason | null;
  daysLate: number | null;
}

export interface HolderRecord {
  person: RecordPerson;
  counts: HolderCounts;
  predictability: HolderPredictability;
  /** Newest first (by the date each came due, then the due date); open ones first of all. */
  promises: PromiseLine[];
}

export type Leaning = "not_enough_data" | "no_surprises" | "most_influential" | "less_influential" | "even";

export interface InfluenceRollup {
  /** Σ importance·influence predictable / Σ importance·influence, over what came due with a holder. */
  value: number | null;
  /** The same share weighted by importance only. */
  plainValue: number | null;
  /** Expectations with a holder that came due. */
  sample: number;
  fewData: boolean;
  surprises: number;
  /** People of influence HIGH_INFLUENCE or more: the surprises they hold, and how many of the sample. */
  highInfluence: { surprises: number; sample: number };
  leaning: Leaning;
  /** Expectations that came due with no holder: left out of the roll-up. */
  unheld: number;
}

export interface HolderRecords {
  window: DateWindow;
  people: HolderRecord[];
  rollup: InfluenceRollup;
}

/** Influence from which a person counts as one of those who matter most (4–5 of 1–5). */
export const HIGH_INFLUENCE = 4;
/** How far (as a share, 0..1) the influence-weighted figure must sit from the plain one to say where surprises fell. */
export const INFLUENCE_LEANING = 0.05;

export interface HolderRecordOptions {
  /** The vendor's calendar date, 'YYYY-MM-DD'. */
  today: string;
  /** Defaults to the 12 months up to today (the account's default window). */
  window?: DateWindow;
  timeZone?: string;
}

function emptyCounts(): HolderCounts {
  return {
    promised: 0,
    kept: 0,
    lateWithNotice: 0,
    surprises: 0,
    bySurpriseReason: { late_without_notice: 0, overdue: 0, missed: 0, partial: 0, disputed: 0 },
    open: 0,
    withdrawn: 0,
    unconfirmed: 0,
  };
}

/** How one held expectation counts in the window, or null when it does not. */
export function promiseLine(
  e: HeldExpectation,
  today: string,
  window: DateWindow,
  timeZone = "UTC",
): PromiseLine | null {
  const verdict = classifyExpectation(e, today, timeZone);
  const base = {
    expectationId: e.id,
    title: e.title ?? "",
    dueDate: e.dueDate,
    deliveredOn: e.deliveredOn,
    importance: e.importance,
    reason: null,
    daysLate: null,
  };
  switch (verdict.kind) {
    case "not_due":
      // Open and not due yet: promised, nothing to judge. (Proposed and declined were never promised.)
      return e.status === "open" ? { ...base, promisedDate: e.dueDate, verdict: "open" } : null;
    case "withdrawn":
      return countsIn(e, verdict, window) ? { ...base, promisedDate: e.dueDate, verdict: "withdrawn" } : null;
    case "unconfirmed":
      return countsIn(e, verdict, window)
        ? { ...base, promisedDate: verdict.promisedDate, verdict: "unconfirmed" }
        : null;
    case "predictable":
      if (!countsIn(e, verdict, window)) return null;
      return {
        ...base,
        promisedDate: verdict.promisedDate,
        verdict: e.deliveredOn !== null && e.deliveredOn > e.originalDueDate ? "late_with_notice" : "kept",
      };
    case "surprise":
      if (!countsIn(e, verdict, window)) return null;
      return {
        ...base,
        promisedDate: verdict.promisedDate,
        verdict: "surprise",
        reason: verdict.reason,
        daysLate: verdict.daysLate,
      };
  }
}

/** The count each verdict adds one to (a surprise also to its reason's). */
const COUNTED_AS = {
  kept: "kept",
  late_with_notice: "lateWithNotice",
  surprise: "surprises",
  open: "open",
  withdrawn: "withdrawn",
  unconfirmed: "unconfirmed",
} as const satisfies Record<PromiseVerdict, keyof HolderCounts>;

function countLines(lines: readonly PromiseLine[]): HolderCounts {
  const c = emptyCounts();
  for (const l of lines) {
    c.promised += 1;
    c[COUNTED_AS[l.verdict]] += 1;
    if (l.verdict === "surprise") c.bySurpriseReason[l.reason!] += 1;
  }
  return c;
}

const lineOrder = (held: Map<string, HeldExpectation>) => (a: PromiseLine, b: PromiseLine) => {
  const openA = a.verdict === "open" ? 0 : 1;
  const openB = b.verdict === "open" ? 0 : 1;
  if (openA !== openB) return openA - openB;
  if (openA === 0) return a.dueDate.localeCompare(b.dueDate) || a.expectationId.localeCompare(b.expectationId);
  const on = (l: PromiseLine) => {
    const e = held.get(l.expectationId)!;
    return l.verdict === "withdrawn" ? e.dueDate : countsOn(e, l.promisedDate);
  };
  return (
    on(b).localeCompare(on(a)) || b.dueDate.localeCompare(a.dueDate) || a.expectationId.localeCompare(b.expectationId)
  );
};

/** Each person's record over the window, and the influence-weighted roll-up of the account. */
export function holderRecords(
  people: readonly RecordPerson[],
  expectations: readonly HeldExpectation[],
  options: HolderRecordOptions,
): HolderRecords {
  const { today, timeZone = "UTC" } = options;
  const window = options.window ?? defaultPredictabilityWindow(today);
  const byHolder = new Map<string, HeldExpectation[]>();
  let unheld = 0;
  for (const e of expectations) {
    if (e.holderId === null) {
      const v = classifyExpectation(e, today, timeZone);
      if ((v.kind === "predictable" || v.kind === "surprise") && countsIn(e, v, window)) unheld += 1;
      continue;
    }
    const list = byHolder.get(e.holderId) ?? [];
    list.push(e);
    byHolder.set(e.holderId, list);
  }

  const records: HolderRecord[] = people.map((person) => {
    const held = byHolder.get(person.id) ?? [];
    const lines = held
      .map((e) => promiseLine(e, today, window, timeZone))
      .filter((l): l is PromiseLine => l !== null)
      .sort(lineOrder(new Map(held.map((e) => [e.id, e]))));
    // The figure itself is the account's computation over what they hold.
    const p = computePredictability(held, { today, window, timeZone });
    return {
      person,
      counts: countLines(lines),
      predictability: {
        value: p.value,
        sample: p.sample,
        weightTotal: p.weightTotal,
        predictableWeight: p.predictableWeight,
        fewData: p.fewData,
      },
      promises: lines,
    };
  });
  records.sort(
    (a, b) =>
      b.person.influence - a.person.influence ||
      b.counts.surprises - a.counts.surprises ||
      a.person.name.localeCompare(b.person.name) ||
      a.person.id.localeCompare(b.person.id),
  );
  return { window, people: records, rollup: influenceRollup(records, unheld) };
}

/** The account's figure with each expectation weighted by its importance times its holder's influence. */
export function influenceRollup(records: readonly HolderRecord[], unheld = 0): InfluenceRollup {
  let weighted = 0;
  let weightedPredictable = 0;
  let plain = 0;
  let plainPredictable = 0;
  let sample = 0;
  let surprises = 0;
  const high = { surprises: 0, sample: 0 };
  for (const r of records) {
    const influence = Math.min(5, Math.max(1, r.person.influence));
    const p = r.predictability;
    weighted += influence * p.weightTotal;
    weightedPredictable += influence * p.predictableWeight;
    plain += p.weightTotal;
    plainPredictable += p.predictableWeight;
    sample += p.sample;
    surprises += r.counts.surprises;
    if (influence >= HIGH_INFLUENCE) {
      high.surprises += r.counts.surprises;
      high.sample += p.sample;
    }
  }
  const value = weighted > 0 ? weightedPredictable / weighted : null;
  const plainValue = plain > 0 ? plainPredictable / plain : null;
  const fewData = sample < FEW_PREDICTABILITY_SAMPLE;
  let leaning: Leaning;
  if (fewData || value === null || plainValue === null) leaning = "not_enough_data";
  else if (surprises === 0) leaning = "no_surprises";
  // A small tolerance so that a difference of exactly INFLUENCE_LEANING is not lost to rounding.
  else if (plainValue - value >= INFLUENCE_LEANING - 1e-9) leaning = "most_influential";
  else if (value - plainValue >= INFLUENCE_LEANING - 1e-9) leaning = "less_influential";
  else leaning = "even";
  return { value, plainValue, sample, fewData, surprises, highInfluence: high, leaning, unheld };
}
