// The figures of a business review's pack: what happened in one account over
// one period, from the ledger and the timeline. Plain rules over rows the model
// reads (app/models/review-pack.server.ts); stored as JSON (frozen) when the
// review is shared or published, so what was presented stays as it was.
//
// Decisions (tested in tests/unit/review-pack.test.ts):
// - Predictability is the account page's own rule (computePredictability over
//   the expectations mapped by toScoringExpectations), with the period as its
//   window and `today` as the day it is judged on: for a period of N months up
//   to today it is the account page's figure for N months, to the decimal.
// - The commitments that came due are split by the same verdicts
//   (judgeExpectations): predictable ones are "kept" (delivered on or before
//   their original date, or kept/exceeded without a delivery day) or "late with
//   notice" (delivered after the original date, within a re-plan announced in
//   time); surprises by their reason: late without notice, still overdue,
//   missed, partial, disputed. The counts add up to the sample.
// - "Made" counts the expectations recorded in the period (proposals the
//   customer made and declined ones excluded: they were never commitments).
// - The trend: predictability of each calendar month of the period (clipped to
//   the period), and of the period of the same length just before it, each with
//   its sample; a month where nothing came due has no value (not 0).
// - NPS is relationshipNps as on the account page, judged at the end of the
//   period (each stakeholder's latest answer within npsMonths before it, no
//   answer after it; someone who left counts with what they said before their
//   leaving counts from, committee-rules.ts); the customer's words are the
//   comments given in the period.
// - Support cases opened in the period; past SLA when resolved after its SLA
//   time, or still open after it at the end of the period (or today, if earlier).
// - Invoices due in the period: disputed, paid late (after the due date),
//   unpaid past due at the judging day.
// - The period's CSAT mean follows the Experience pages' rule (followedCsat):
//   no mean from fewer than EXPERIENCE_MIN_ANSWERS answers, only their count.
//   A pack frozen before that rule is read with it too (readReviewPack).
// - Figures say "not enough data" through `fewData` and null values, never 0.
import { DEFAULT_NOTICE_CONTEST_DAYS } from "./notice.ts";
import { addDays, addMonths, dateOf, diffDays, inWindow, type DateWindow } from "./dates.ts";
import { EXPERIENCE_MIN_ANSWERS, followedCsat } from "./experience.ts";
import { npsStakeholder } from "./committee-leaving.ts";
import { relationshipNps } from "./nps.ts";
import {
  computePredictability,
  judgeExpectations,
  type SurpriseReason,
} from "./predictability.ts";
import { toScoringExpectations, type ExpectationRow, type ReplanRow } from "./scoring.ts";
import { TIME_ZONE, wallTimeToInstant } from "./time.ts";

export const REVIEW_PACK_VERSION = 1;

export interface ReviewExpectationRow extends ExpectationRow {
  title: string;
  source: string;
  /** The day it was recorded, 'YYYY-MM-DD' (in the vendor's zone). */
  created_on: string;
  holder_name: string | null;
}

export interface ReviewPackRows {
  /** Expectations that can count in the period (loadScoredExpectations) and every one recorded in it. */
  expectations: ReviewExpectationRow[];
  replans: ReplanRow[];
  stakeholders: {
    id: string;
    name: string;
    influence: number;
    left_on: string | null;
    /** The vendor's calendar date the leaving was recorded; null or absent when unknown. */
    left_recorded_on?: string | null;
    created_on: string;
    committee_role: string | null;
  }[];
  /** Every survey answer up to the end of the period within the NPS window, and the CSAT answers of the period. */
  surveys: { stakeholder_id: string | null; stakeholder_name: string | null; kind: "nps" | "csat"; score: number; comment: string | null; answered_at: Date | string }[];
  supportCases: { title: string; severity: string; status: string; opened_at: Date | string; sla_due_at: Date | string; resolved_at: Date | string | null }[];
  invoices: { number: string; amount: string | number | null; currency: string; due_date: string; paid_on: string | null; disputed: boolean }[];
}

export interface ReviewPackOptions {
  period: DateWindow;
  /** The day the figures are judged on: the vendor's calendar date. */
  today: string;
  /** The instant they are judged at (within `today`). */
  now: Date;
  npsMonths?: number;
  npsWeighted?: boolean;
  /** Days a customer has to contest a re-plan's notice (notice.ts); the default unless told. */
  noticeContestDays?: number;
}

export interface PredictabilityFigure {
  value: number | null;
  sample: number;
  predictable: number;
  weightTotal: number;
  predictableWeight: number;
  fewData: boolean;
}

export interface ReviewPack {
  packVersion: number;
  period: DateWindow;
  judgedOn: string;
  commitments: {
    made: number;
    cameDue: number;
    kept: number;
    lateWithNotice: number;
    lateWithoutNotice: number;
    overdue: number;
    missed: number;
    partial: number;
    disputed: number;
    withdrawn: number;
    /**
     * Recorded after their date and not confirmed by the customer: not in
     * cameDue (predictability.ts). Absent from packs frozen before the rule.
     */
    unconfirmed?: number;
    /** The surprises, newest first, with their titles. */
    surprises: { title: string; reason: SurpriseReason; promisedDate: string; daysLate: number | null }[];
  };
  predictability: PredictabilityFigure;
  /** The period of the same length just before this one. */
  previousPredictability: PredictabilityFigure;
  trend: { month: string; from: string; to: string; value: number | null; sample: number }[];
  nps: {
    score: number | null;
    respondents: number;
    promoters: number;
    passives: number;
    detractors: number;
    fewData: boolean;
  };
  csat: { answers: number; mean: number | null };
  /** The customer's own words in the period (survey comments), newest first. */
  words: { name: string | null; kind: "nps" | "csat"; score: number; comment: string; answeredOn: string }[];
  support: {
    opened: number;
    resolved: number;
    pastSla: number;
    stillOpen: number;
    cases: { title: string; severity: string; openedOn: string; resolvedOn: string | null; pastSla: boolean }[];
  };
  invoices: {
    due: number;
    disputed: number;
    paidLate: number;
    unpaid: number;
    list: { number: string; amount: string | null; currency: string; dueDate: string; paidOn: string | null; disputed: boolean }[];
  };
  committee: { name: string; role: string | null; change: "joined" | "left"; on: string }[];
  /** What the customer said they expect, recorded in the period. */
  customerExpectations: { title: string; status: string; dueDate: string; holder: string | null; recordedOn: string }[];
}

const LISTED = 50;

const dayOf = (instant: Date | string) => dateOf(instant, TIME_ZONE);

type ScoredExpectations = ReturnType<typeof toScoringExpectations>;

function figure(expectations: ScoredExpectations, window: DateWindow, today: string): PredictabilityFigure {
  const r = computePredictability(expectations, { today, window, timeZone: TIME_ZONE });
  return {
    value: r.value,
    sample: r.sample,
    predictable: r.predictable,
    weightTotal: r.weightTotal,
    predictableWeight: r.predictableWeight,
    fewData: r.fewData,
  };
}

/** The calendar months of the period, each clipped to it. */
export function periodMonths(period: DateWindow): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let start = `${period.from.slice(0, 7)}-01`;
  while (start <= period.to && out.length < 36) {
    const next = addMonths(start, 1);
    const end = addDays(next, -1);
    out.push({ month: start.slice(0, 7), from: start < period.from ? period.from : start, to: end > period.to ? period.to : end });
    start = next;
  }
  return out;
}

/** The period of the same number of days just before `period`. */
export function previousPeriod(period: DateWindow): DateWindow {
  const days = diffDays(period.from, period.to);
  const to = addDays(period.from, -1);
  return { from: addDays(to, -days), to };
}

/** The last full calendar quarter before `today`'s quarter: a new review's period. */
export function lastFullQuarter(today: string): DateWindow {
  const quarterMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
  const quarterStart = `${today.slice(0, 4)}-${String(quarterMonth).padStart(2, "0")}-01`;
  return { from: addMonths(quarterStart, -3), to: addDays(quarterStart, -1) };
}

/** Commitments that came due in the period, by the predictability verdicts, and those made in it. */
function packCommitments(
  rows: ReviewPackRows,
  expectations: ScoredExpectations,
  { period, today }: ReviewPackOptions,
): ReviewPack["commitments"] {
  const byId = new Map(rows.expectations.map((e) => [e.id, e]));
  const scored = new Map(expectations.map((e) => [e.id, e]));
  const judged = judgeExpectations(expectations, { today, window: period, timeZone: TIME_ZONE });
  const counts = { kept: 0, lateWithNotice: 0, lateWithoutNotice: 0, overdue: 0, missed: 0, partial: 0, disputed: 0 };
  for (const j of judged) {
    if (j.verdict === "predictable") {
      const e = scored.get(j.expectationId)!;
      if (e.deliveredOn !== null && e.deliveredOn > e.originalDueDate) counts.lateWithNotice += 1;
      else counts.kept += 1;
    } else if (j.reason === "late_without_notice") counts.lateWithoutNotice += 1;
    else if (j.reason) counts[j.reason] += 1;
  }
  const full = computePredictability(expectations, { today, window: period, timeZone: TIME_ZONE });
  const made = rows.expectations.filter(
    (e) => inWindow(e.created_on, period) && e.status !== "proposed" && e.status !== "declined",
  ).length;
  return {
    made,
    cameDue: full.sample,
    ...counts,
    withdrawn: full.withdrawn,
    unconfirmed: full.unconfirmed,
    surprises: full.surprises.slice(0, LISTED).map((s) => ({
      title: byId.get(s.expectationId)?.title ?? "",
      reason: s.reason,
      promisedDate: s.promisedDate,
      daysLate: s.daysLate,
    })),
  };
}

/** Predictability over the period, the period before it, and each month of it. */
function packPredictability(
  expectations: ScoredExpectations,
  { period, today }: ReviewPackOptions,
): Pick<ReviewPack, "predictability" | "previousPredictability" | "trend"> {
  return {
    predictability: figure(expectations, period, today),
    previousPredictability: figure(expectations, previousPeriod(period), today),
    trend: periodMonths(period).map((m) => {
      const f = figure(expectations, { from: m.from, to: m.to }, today);
      return { ...m, value: f.value, sample: f.sample };
    }),
  };
}

/** NPS judged at `judgedAt`; the period's CSAT answers and the customer's words in it. */
function packSurveys(rows: ReviewPackRows, options: ReviewPackOptions, judgedAt: Date): Pick<ReviewPack, "nps" | "csat" | "words"> {
  const { period } = options;
  const npsAnswers = rows.surveys
    .filter((s) => s.kind === "nps" && s.stakeholder_id !== null)
    .map((s) => ({ stakeholderId: s.stakeholder_id!, score: s.score, answeredAt: s.answered_at }));
  const nps = relationshipNps(
    npsAnswers,
    rows.stakeholders.map((s) =>
      npsStakeholder({ id: s.id, influence: s.influence, leftOn: s.left_on, leftRecordedOn: s.left_recorded_on }),
    ),
    { now: judgedAt, months: options.npsMonths ?? 12, weighted: options.npsWeighted ?? false },
  );
  const inPeriod = rows.surveys.filter((s) => inWindow(dayOf(s.answered_at), period));
  const csat = inPeriod.filter((s) => s.kind === "csat");
  const words = inPeriod
    .filter((s) => s.comment && s.comment.trim() !== "")
    .sort((a, b) => new Date(b.answered_at).getTime() - new Date(a.answered_at).getTime())
    .slice(0, LISTED)
    .map((s) => ({ name: s.stakeholder_name, kind: s.kind, score: s.score, comment: s.comment!.trim(), answeredOn: dayOf(s.answered_at) }));
  return {
    nps: {
      score: nps.score,
      respondents: nps.respondents,
      promoters: nps.promoters,
      passives: nps.passives,
      detractors: nps.detractors,
      fewData: nps.fewData,
    },
    csat: followedCsat(csat.map((a) => a.score)),
    words,
  };
}

/** Support cases opened in the period; past SLA when resolved after it, or still open after it at `judgedAt`. */
function packSupport(rows: ReviewPackRows, period: DateWindow, judgedAt: Date): ReviewPack["support"] {
  const cases = rows.supportCases
    .filter((c) => inWindow(dayOf(c.opened_at), period))
    .map((c) => {
      const resolvedAt = c.resolved_at ? new Date(c.resolved_at) : null;
      const sla = new Date(c.sla_due_at).getTime();
      const pastSla = resolvedAt ? resolvedAt.getTime() > sla : judgedAt.getTime() > sla;
      return { title: c.title, severity: c.severity, openedOn: dayOf(c.opened_at), resolvedOn: resolvedAt ? dayOf(resolvedAt) : null, pastSla };
    })
    .sort((a, b) => b.openedOn.localeCompare(a.openedOn));
  return {
    opened: cases.length,
    resolved: cases.filter((c) => c.resolvedOn !== null).length,
    pastSla: cases.filter((c) => c.pastSla).length,
    stillOpen: cases.filter((c) => c.resolvedOn === null).length,
    cases: cases.slice(0, LISTED),
  };
}

/** Invoices due in the period: disputed, paid late, unpaid past due on `judgingDay`. */
function packInvoices(rows: ReviewPackRows, period: DateWindow, judgingDay: string): ReviewPack["invoices"] {
  const invoices = rows.invoices
    .filter((i) => inWindow(i.due_date, period))
    .sort((a, b) => b.due_date.localeCompare(a.due_date));
  return {
    due: invoices.length,
    disputed: invoices.filter((i) => i.disputed).length,
    paidLate: invoices.filter((i) => i.paid_on !== null && i.paid_on > i.due_date).length,
    unpaid: invoices.filter((i) => i.paid_on === null && i.due_date < judgingDay).length,
    list: invoices.slice(0, LISTED).map((i) => ({
      number: i.number,
      amount: i.amount === null ? null : String(i.amount),
      currency: i.currency,
      dueDate: i.due_date,
      paidOn: i.paid_on,
      disputed: i.disputed,
    })),
  };
}

/** Who joined the committee and who left it in the period, newest first. */
function packCommittee(rows: ReviewPackRows, period: DateWindow): ReviewPack["committee"] {
  return [
    ...rows.stakeholders
      .filter((s) => inWindow(s.created_on, period))
      .map((s) => ({ name: s.name, role: s.committee_role, change: "joined" as const, on: s.created_on })),
    ...rows.stakeholders
      .filter((s) => s.left_on !== null && inWindow(s.left_on, period))
      .map((s) => ({ name: s.name, role: s.committee_role, change: "left" as const, on: s.left_on! })),
  ]
    .sort((a, b) => b.on.localeCompare(a.on))
    .slice(0, LISTED);
}

/** What the customer said they expect, recorded in the period, newest first. */
function packCustomerExpectations(rows: ReviewPackRows, period: DateWindow): ReviewPack["customerExpectations"] {
  return rows.expectations
    .filter((e) => e.source === "customer" && inWindow(e.created_on, period))
    .sort((a, b) => b.created_on.localeCompare(a.created_on))
    .slice(0, LISTED)
    .map((e) => ({ title: e.title, status: e.status, dueDate: e.due_date, holder: e.holder_name, recordedOn: e.created_on }));
}

export function buildReviewPack(rows: ReviewPackRows, options: ReviewPackOptions): ReviewPack {
  const { period, today } = options;
  const expectations = toScoringExpectations(rows.expectations, rows.replans, {
    today,
    contestDays: options.noticeContestDays ?? DEFAULT_NOTICE_CONTEST_DAYS,
    timeZone: TIME_ZONE,
  });
  // Judged at the end of the period, or today when the period runs on past it.
  const judgedAt = period.to < today ? endOfDay(period.to) : options.now;
  const judgingDay = period.to < today ? period.to : today;
  return {
    packVersion: REVIEW_PACK_VERSION,
    period,
    judgedOn: today,
    commitments: packCommitments(rows, expectations, options),
    ...packPredictability(expectations, options),
    ...packSurveys(rows, options, judgedAt),
    support: packSupport(rows, period, judgedAt),
    invoices: packInvoices(rows, period, judgingDay),
    committee: packCommittee(rows, period),
    customerExpectations: packCustomerExpectations(rows, period),
  };
}

/** The last minute of the vendor's calendar day. */
function endOfDay(date: string): Date {
  return new Date(wallTimeToInstant(`${date}T23:59`, TIME_ZONE).getTime() + 59_999);
}

/** A stored pack as the page shows it; null when it is not one (a newer or damaged shape). */
export function readReviewPack(value: unknown): ReviewPack | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<ReviewPack>;
  if (v.packVersion !== REVIEW_PACK_VERSION || !v.period || !v.commitments || !v.predictability) return null;
  const pack = v as ReviewPack;
  // Packs frozen before the CSAT rule kept a mean of one or two answers: their count stays, the mean is not shown.
  if (pack.csat && pack.csat.answers < EXPERIENCE_MIN_ANSWERS && pack.csat.mean !== null) {
    return { ...pack, csat: { answers: pack.csat.answers, mean: null } };
  }
  return pack;
}

// ─── The review's life ──────────────────────────────────────────────────────

export const REVIEW_STATES = ["draft", "shared", "published", "held"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The KAM's words (title, summary, highlights) change until the pack is published. */
export function reviewTextEditable(state: ReviewState): boolean {
  return state === "draft" || state === "shared";
}

/** Proposed commitments are added or removed until the meeting is recorded. */
export function reviewItemsEditable(state: ReviewState): boolean {
  return state !== "held";
}

/** The customer reads a review once it is shared, and adds to it until the meeting is recorded. */
export function reviewVisibleToCustomer(state: ReviewState): boolean {
  return state !== "draft";
}
export function reviewOpenToCustomer(state: ReviewState): boolean {
  return state === "shared" || state === "published";
}

/** Which moves are allowed from a state. */
export function canMoveReview(from: ReviewState, to: "shared" | "published" | "held"): boolean {
  if (to === "shared") return from === "draft";
  if (to === "published") return from === "draft" || from === "shared";
  return from === "published";
}

/** A comment's target in the pack: a section, or an item of the review. */
export const REVIEW_SECTIONS = [
  "summary",
  "highlights",
  "commitments",
  "predictability",
  "nps",
  "support",
  "invoices",
  "committee",
  "customer_expectations",
  "general",
] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];

export function isReviewCommentTarget(key: string): boolean {
  return (REVIEW_SECTIONS as readonly string[]).includes(key) || /^item:[0-9a-f-]{36}$/.test(key);
}
