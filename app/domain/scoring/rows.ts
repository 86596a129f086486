// The one mapper from the rows a model reads about an account (snake_case, as
// in the database) to the inputs the scoring rules take: toScoringExpectations
// for expectations and their re-plans, toScoringInput for the rest. Scoring
// (../scoring.ts), the review pack and the predictability view all map rows here.
import type { CommitteeContact } from "../brief.ts";
import { dateOf } from "../dates.ts";
import { NOTICE_ANSWERS, noticeReach, noticeStanding, type NoticeAnswer, type NoticeRule } from "../notice.ts";
import type { CustomerResponse, ExpectationStatus, Importance, ReplanForScoring } from "../predictability.ts";
import type { RiskExpectation, RiskStakeholder } from "../risk-rules.ts";
import { TIME_ZONE } from "../time.ts";
import type { DeliveryOutcome } from "../vocabulary.ts";

// ─── Rows, as the models read them (snake_case, as in the database) ─────────

export interface ExpectationRow {
  id: string;
  title?: string | null;
  importance: number;
  original_due_date: string;
  due_date: string;
  status: string;
  outcome: string | null;
  delivered_on: string | null;
  customer_response: string | null;
  /**
   * When the outcome was last recorded (the latest 'delivered' change), if
   * known: a withdrawal counts no earlier than this instant's day.
   */
  resolved_at?: Date | string | null;
  /**
   * Of a withdrawn expectation: whether a reopen took back a delivery the
   * customer had disputed (a 'reopened' history entry keeping a dispute), and
   * the earliest such delivery's day. A withdrawal of it counts as that dispute.
   */
  dispute_taken_back?: boolean | null;
  disputed_delivered_on?: string | null;
  /** When it was recorded in Kohtaamo (expectations.created_at), if read. */
  created_at?: Date | string | null;
  /** Its 'created' history row names an administrator as creator; null or absent when unknown. */
  created_by_admin?: boolean | null;
}

/** A 'replanned' row of expectation_changes. */
export interface ReplanRow {
  expectation_id: string;
  from_due_date: string | null;
  to_due_date: string | null;
  at: Date | string;
  customer_notified: boolean | null;
  /** The day the re-plan was made; the day of `at` when absent. */
  replanned_on?: string | null;
  /** The day the customer was told. */
  customer_notified_on?: string | null;
  /** The customer's answers to the notice (expectation_changes 'notice_confirmed' / 'notice_contested'). */
  notice_answers?: readonly { answer: string; at: Date | string }[] | null;
  /** When the notice first reached a live portal user; null when nobody could see it (notice.ts). */
  notice_reached_at: Date | string | null;
  /** Recorded before Kohtaamo kept notice_reached_at: judged from `at`, as before. */
  notice_reach_unknown: boolean | null;
}

export interface StakeholderRow extends CommitteeContact {
  influence: number;
  /** When the leaving was recorded (left_recorded_at); null or absent when unknown. */
  left_recorded_at?: Date | string | null;
  /** Their latest activity in the customer portal (sign-in, confirmation, dispute, answer). */
  last_portal_activity?: Date | string | null;
}

export interface ScoringRows {
  expectations: ExpectationRow[];
  replans: ReplanRow[];
  stakeholders: StakeholderRow[];
  /** Each stakeholder's latest NPS answer in the NPS window (for one who left, given before their leaving counts from). */
  npsAnswers: { stakeholder_id: string; score: number; answered_at: Date }[];
  /** The latest rated touchpoints, newest first. */
  sentiments: {
    id: string;
    sentiment: number | null;
    occurred_at: Date | string;
    /** The customer confirmed the encounter went well (see countedReadings in health.ts). */
    confirmed: boolean;
  }[];
  /** Open and waiting support cases. */
  cases: {
    touchpoint_id: string;
    title: string;
    severity: string;
    sla_due_at: Date | string;
    opened_at: Date | string;
  }[];
  /** Invoices that may be troubles today. */
  invoices: {
    touchpoint_id: string;
    number: string;
    amount: number | string | null;
    due_date: string;
    paid_on: string | null;
    disputed: boolean;
  }[];
  hasInvoices: boolean;
  hasSupportCases: boolean;
  /** Touchpoints where felt treatment was recorded, newest first (health's treatment factor). */
  treatments?: { id: string; treatment: number | null; occurred_at: Date | string; confirmed: boolean }[];
  /** Touchpoints solved but treated badly lately (the solved_treated_badly rule). */
  solvedBadly?: {
    id: string;
    title: string;
    treatment: number | null;
    resolved: string | null;
    occurred_at: Date | string;
  }[];
  /** The customer's proposals not yet accepted or declined (the proposal_unanswered rule), with when each was stated. */
  proposals?: { id: string; title: string | null; due_date: string; created_at: Date | string }[];
  /** The customer's ratings against their expectation lately (the below_expected rule). */
  experienceRatings?: {
    id: string;
    rating: "below" | "as" | "above";
    rated_at: Date | string;
    touchpoint_id: string | null;
    expectation_id: string | null;
    subject_title: string | null;
  }[];
}

// ─── The mapper: rows → scoring inputs ──────────────────────────────────────

/**
 * Expectation rows with their re-plan rows (any order; kept in the order given
 * per expectation). A re-plan counts as notified only as its notice stands on
 * `notice.today` (notice.ts: confirmed, or uncontested past the contest period).
 */
export function toScoringExpectations(
  rows: ExpectationRow[],
  replanRows: ReplanRow[],
  notice: NoticeRule,
): RiskExpectation[] {
  const replans = new Map<string, ReplanForScoring[]>();
  for (const r of replanRows) {
    if (!r.from_due_date || !r.to_due_date) continue;
    const list = replans.get(r.expectation_id) ?? [];
    list.push(replanForScoring(r, notice));
    replans.set(r.expectation_id, list);
  }
  return rows.map((e) => ({
    id: e.id,
    title: e.title ?? undefined,
    importance: Math.min(3, Math.max(1, e.importance)) as Importance,
    originalDueDate: e.original_due_date,
    dueDate: e.due_date,
    status: e.status as ExpectationStatus,
    outcome: e.outcome as DeliveryOutcome | null,
    deliveredOn: e.delivered_on,
    customerResponse: e.customer_response as CustomerResponse | null,
    replans: replans.get(e.id) ?? [],
    // A withdrawal counts on the later of its stated day and the day it was
    // recorded (withdrawalCountsOn in predictability.ts): never back-dated.
    withdrawnOn: e.outcome !== "withdrawn" ? null : e.delivered_on,
    withdrawalRecordedOn: e.outcome !== "withdrawn" || !e.resolved_at ? null : dateOf(e.resolved_at, TIME_ZONE),
    // A withdrawal after a disputed delivery was reopened counts as that dispute (withdrawalAfterDispute).
    takenBackDispute: e.dispute_taken_back ? { deliveredOn: e.disputed_delivered_on ?? null } : null,
    // Recorded on or after its date: good news counts once the customer confirms it (recordedAfterItsDate).
    recordedOn: e.created_at ? dateOf(e.created_at, TIME_ZONE) : null,
    recordedByAdministrator: e.created_by_admin === true,
  }));
}

/**
 * One expectation's re-plan rows as its promise is judged (judgeReplans, the
 * stored promised_date): those that set a date, a missing "from" read as the
 * original due date, each notice as it stands on `notice.today`.
 */
export function replansForPromise(originalDueDate: string, rows: readonly ReplanRow[], notice: NoticeRule): ReplanForScoring[] {
  return rows
    .filter((r) => r.to_due_date !== null)
    .map((r) => replanForScoring({ ...r, from_due_date: r.from_due_date ?? originalDueDate }, notice));
}

/** One re-plan row as predictability reads it: notified only when its notice stands (notice.ts). */
export function replanForScoring(r: ReplanRow, notice: NoticeRule): ReplanForScoring {
  const answers = (r.notice_answers ?? []).filter((a): a is { answer: NoticeAnswer; at: Date | string } =>
    (NOTICE_ANSWERS as readonly string[]).includes(a.answer),
  );
  const standing = noticeStanding(
    { customerNotified: r.customer_notified, recordedAt: r.at, reachedAt: noticeReach(r), answers },
    notice,
  );
  const contests = answers.filter((a) => a.answer === "contested").map((a) => dateOf(a.at, notice.timeZone ?? "UTC"));
  return {
    fromDueDate: r.from_due_date ?? "",
    toDueDate: r.to_due_date ?? "",
    at: r.at,
    // The manager's word alone is not notice until it stands.
    customerNotified: r.customer_notified === true ? standing.counts : r.customer_notified,
    replannedOn: r.replanned_on ?? null,
    notifiedOn: standing.counts ? (r.customer_notified_on ?? null) : null,
    claimedNotice: r.customer_notified === true,
    claimedNoticeOn:
      r.customer_notified === true
        ? (r.customer_notified_on ?? r.replanned_on ?? dateOf(r.at, notice.timeZone ?? "UTC"))
        : null,
    noticeState: standing.state,
    noticeStandsFrom: standing.standsFrom,
    contestedOn: contests.sort()[0] ?? null,
  };
}

/** Everything the domain rules take, from the rows. */
export function toScoringInput(rows: ScoringRows, notice: NoticeRule) {
  const expectations = toScoringExpectations(rows.expectations, rows.replans, notice);
  const stakeholders: RiskStakeholder[] = rows.stakeholders.map((s) => ({
    id: s.id,
    name: s.name,
    committeeRole: s.committee_role,
    influence: s.influence,
    leftOn: s.left_on,
    leftRecordedOn: s.left_recorded_at ? dateOf(s.left_recorded_at, TIME_ZONE) : null,
    lastTwoWayContact: s.last_two_way_contact,
  }));
  return {
    expectations,
    stakeholders,
    npsAnswers: rows.npsAnswers.map((a) => ({
      stakeholderId: a.stakeholder_id,
      score: a.score,
      answeredAt: a.answered_at,
    })),
    rated: rows.sentiments
      .filter((t) => t.sentiment !== null)
      .map((t) => ({ touchpointId: t.id, sentiment: t.sentiment!, occurredAt: t.occurred_at })),
    openCases: rows.cases.map((c) => ({
      touchpointId: c.touchpoint_id,
      severity: c.severity,
      openedAt: c.opened_at,
      slaDueAt: c.sla_due_at,
    })),
    invoices: rows.invoices.map((i) => ({
      touchpointId: i.touchpoint_id,
      number: i.number,
      amount: i.amount,
      dueDate: i.due_date,
      paidOn: i.paid_on,
      disputed: i.disputed,
    })),
  };
}

export type ScoringInput = ReturnType<typeof toScoringInput>;
