// Scoring assembly: from the rows a model reads about one account to every
// figure the account shows (health, predictability, NPS, coverage), their
// explanation (ScoreFactors, stored in account_scores.factors) and the risk
// signals that fire. Plain TypeScript over plain rows: the model
// (app/models/scores.server.ts) reads the rows and stores what this returns.
//
// One mapper turns rows into scoring inputs (toScoringExpectations for
// expectations and their re-plans, toScoringInput for the rest), and the
// predictability view pages read is built in one place (predictabilityView in
// health-view.ts).
import { daysSinceDecisionMakerContact, type CommitteeContact } from "./brief.ts";
import { committeeCoverage, type CoverageResult } from "./coverage.ts";
import { addDays, dateOf, type DateWindow } from "./dates.ts";
import {
  capHealth,
  computeHealth,
  countedReadings,
  invoiceTrouble,
  isPastSla,
  NEUTRAL_READING,
  type HealthResult,
} from "./health.ts";
import { NOTICE_ANSWERS, noticeStanding, type NoticeAnswer, type NoticeRule } from "./notice.ts";
import { relationshipNps, type NpsCategory, type NpsResult } from "./nps.ts";
import {
  computePredictability,
  defaultPredictabilityWindow,
  judgeExpectations,
  monthStarts,
  type CustomerResponse,
  type ExpectationStatus,
  type Importance,
  type PredictabilityResult,
  type ReplanForScoring,
  type Surprise,
} from "./predictability.ts";
import { evaluateRiskSignals, type RiskExpectation, type RiskSignal, type RiskStakeholder } from "./risk-rules.ts";
import type { ScoringSettings } from "./scoring-settings.ts";
import { TIME_ZONE } from "./time.ts";
import type { DeliveryOutcome } from "./vocabulary.ts";

/** How many surprises account_scores.factors and the page list (the counts are always complete). */
export const SURPRISES_LISTED = 100;

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
  /** When the outcome was last recorded (the latest 'delivered' change), if known. */
  resolved_at?: Date | string | null;
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
}

export interface StakeholderRow extends CommitteeContact {
  influence: number;
  /** Their latest activity in the customer portal (sign-in, confirmation, dispute, answer). */
  last_portal_activity?: Date | string | null;
}

export interface ScoringRows {
  expectations: ExpectationRow[];
  replans: ReplanRow[];
  stakeholders: StakeholderRow[];
  /** Each stakeholder's latest NPS answer in the NPS window. */
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
  solvedBadly?: { id: string; title: string; treatment: number | null; resolved: string | null; occurred_at: Date | string }[];
}

// ─── What is stored ─────────────────────────────────────────────────────────

export interface StoredSurprise extends Omit<Surprise, "accountId"> {
  title: string;
}

/** The shape of account_scores.factors. Instants are ISO strings. */
export interface ScoreFactors {
  version: 1;
  computedAt: string;
  /** The vendor's calendar date the figures are for. */
  today: string;
  health: HealthResult;
  predictability: Omit<PredictabilityResult, "surprises"> & {
    window: DateWindow;
    /** Newest due date first; at most SURPRISES_LISTED of them (sample − predictable is the full count). */
    surprises: StoredSurprise[];
    /** Surprises among expectations due in the last 90 days (account_scores.surprises_90d). */
    surprises90d: number;
  };
  nps: Omit<NpsResult, "answers"> & {
    months: number;
    answers: { stakeholderId: string; score: number; answeredAt: string; category: NpsCategory; influence: number }[];
  };
  coverage: CoverageResult & { engagedDays: number };
  decisionMakerContact: { days: number | null; limitDays: number };
  /** Null when the account has no support cases on record. */
  support: { open: number; pastSla: number } | null;
  /** Null when the account has no invoices on record. */
  invoices: { troubles: number; disputed: number; overdue: number } | null;
  openSignals: number;
}

/** account_scores.factors as stored, or null when it is not a ScoreFactors (never computed). */
export function readScoreFactors(value: unknown): ScoreFactors | null {
  return value && typeof value === "object" && !Array.isArray(value) && (value as { version?: unknown }).version === 1
    ? (value as ScoreFactors)
    : null;
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
    // A withdrawal is dated by its delivery day, else by the day it was recorded (predictability.ts).
    withdrawnOn:
      e.outcome !== "withdrawn" ? null : (e.delivered_on ?? (e.resolved_at ? dateOf(e.resolved_at, TIME_ZONE) : null)),
  }));
}

/** One re-plan row as predictability reads it: notified only when its notice stands (notice.ts). */
export function replanForScoring(r: ReplanRow, notice: NoticeRule): ReplanForScoring {
  const answers = (r.notice_answers ?? []).filter((a): a is { answer: NoticeAnswer; at: Date | string } =>
    (NOTICE_ANSWERS as readonly string[]).includes(a.answer),
  );
  const standing = noticeStanding({ customerNotified: r.customer_notified, recordedAt: r.at, answers }, notice);
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
      r.customer_notified === true ? (r.customer_notified_on ?? r.replanned_on ?? dateOf(r.at, notice.timeZone ?? "UTC")) : null,
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

// ─── Scoring ────────────────────────────────────────────────────────────────

export interface ScoreAccountOptions {
  accountId: string;
  renewalDate: string | null;
  settings: ScoringSettings;
  /** The vendor's calendar date the figures are for. */
  today: string;
  now: Date;
}

/** The predictability figures: over the default window, every verdict stored, and the 90-day surprises. */
function predictabilityFigures(expectations: RiskExpectation[], today: string, settings: ScoringSettings) {
  const window = defaultPredictabilityWindow(today, settings.predictabilityMonths);
  const result = computePredictability(expectations, { today, window, timeZone: TIME_ZONE });
  // Every expectation judged over the predictability window and the trend
  // months, whichever reaches further back (stored in expectation_verdicts).
  const judgedFrom = [window.from, monthStarts(today)[0]!].sort()[0]!;
  const judged = judgeExpectations(expectations, {
    today,
    window: { from: judgedFrom, to: today },
    timeZone: TIME_ZONE,
  });
  const surprises90d = computePredictability(expectations, {
    today,
    window: { from: addDays(today, -90), to: today },
    timeZone: TIME_ZONE,
  }).surprises.length;
  return { window, result, judged, surprises90d };
}

/** Open support cases (null without any case on record) and invoice troubles (null without any invoice). */
function supportAndInvoices(
  input: ScoringInput,
  rows: ScoringRows,
  today: string,
  now: Date,
  settings: ScoringSettings,
) {
  const support = rows.hasSupportCases
    ? { open: input.openCases.length, pastSla: input.openCases.filter((c) => isPastSla(c, now)).length }
    : null;
  const troubles = input.invoices
    .map((i) => invoiceTrouble(i, today, settings.invoiceOverdueDays))
    .filter((t) => t !== null);
  const invoices = rows.hasInvoices
    ? {
        troubles: troubles.length,
        disputed: troubles.filter((t) => t.reason === "disputed").length,
        overdue: troubles.filter((t) => t.reason === "overdue").length,
      }
    : null;
  return { support, invoices };
}

/** The domain rules over the loaded rows: figures, their explanation, and the signals that fire. */
export function scoreAccount(rows: ScoringRows, options: ScoreAccountOptions) {
  const { accountId, renewalDate, settings, today, now } = options;
  const input = toScoringInput(rows, { today, contestDays: settings.noticeContestDays, timeZone: TIME_ZONE });
  const predictability = predictabilityFigures(input.expectations, today, settings);
  const people = input.stakeholders.map((s) => ({ id: s.id, influence: s.influence, active: s.leftOn === null }));
  const nps = relationshipNps(input.npsAnswers, people, {
    now,
    weighted: settings.npsInfluenceWeighted,
    months: settings.npsMonths,
  });
  const coverage = committeeCoverage(
    input.stakeholders.map((s) => ({
      id: s.id,
      committeeRole: s.committeeRole,
      active: s.leftOn === null,
      lastTwoWayContact: s.lastTwoWayContact,
      lastPortalActivity: rows.stakeholders.find((r) => r.id === s.id)?.last_portal_activity ?? null,
    })),
    { now, engagedDays: settings.coverageEngagedDays },
  );
  const dmDays = daysSinceDecisionMakerContact(rows.stakeholders, now);
  const { support, invoices } = supportAndInvoices(input, rows, today, now, settings);
  const active = input.stakeholders.filter((s) => s.leftOn === null);
  // Staff readings count against interest only (countedReadings): a favourable
  // one the customer did not confirm counts as neutral.
  const sentiments = countedReadings(
    rows.sentiments
      .flatMap((r) => (r.sentiment === null ? [] : [{ value: r.sentiment, confirmed: r.confirmed }]))
      .slice(0, settings.sentimentWindow),
    NEUTRAL_READING.sentiment,
  );
  const treatments = countedReadings(
    (rows.treatments ?? [])
      .flatMap((r) => (r.treatment === null ? [] : [{ value: r.treatment, confirmed: r.confirmed }]))
      .slice(0, settings.sentimentWindow),
    NEUTRAL_READING.treatment,
  );
  const uncapped = computeHealth(
    {
      predictability: predictability.result.value,
      sentiments: sentiments.values,
      nps: nps.score,
      daysSinceDecisionMakerContact: dmDays,
      decisionMakerMapped: active.some((s) => s.committeeRole === "decision_maker"),
      support,
      invoiceTroubles: invoices?.troubles ?? null,
      // Null without anyone in a key role: no data.
      coverageRatio: coverage.ratio,
      treatments: treatments.values,
      unconfirmed: { sentiment: sentiments.unconfirmed, treatment: treatments.unconfirmed },
    },
    settings,
  );
  const signals = evaluateRiskSignals(
    {
      accountId,
      today,
      expectations: input.expectations,
      stakeholders: input.stakeholders,
      npsAnswers: input.npsAnswers,
      ratedTouchpoints: input.rated,
      openSupportCases: input.openCases,
      invoices: input.invoices,
      renewalDate,
      healthScore: uncapped.score,
      treatedTouchpoints: (rows.solvedBadly ?? []).map((t) => ({
        touchpointId: t.id,
        title: t.title,
        occurredAt: t.occurred_at,
        treatment: t.treatment,
        resolved: t.resolved,
      })),
      timeZone: TIME_ZONE,
    },
    settings,
    now,
  ).map((signal) => withNames(signal, rows));
  const health = capHealth(
    uncapped,
    {
      highSignalRules: signals.filter((x) => x.severity === "high").map((x) => x.rule),
      predictability: predictability.result.value,
    },
    settings,
  );

  const titles = new Map(input.expectations.map((e) => [e.id, e.title ?? ""]));
  const { surprises, ...counts } = predictability.result;
  const { answers, ...npsCounts } = nps;
  const factors: Omit<ScoreFactors, "openSignals"> = {
    version: 1,
    computedAt: now.toISOString(),
    today,
    health,
    predictability: {
      ...counts,
      window: predictability.window,
      surprises: surprises.slice(0, SURPRISES_LISTED).map((s) => ({ ...s, title: titles.get(s.expectationId) ?? "" })),
      surprises90d: predictability.surprises90d,
    },
    nps: {
      ...npsCounts,
      months: settings.npsMonths,
      answers: answers.map((a) => ({ ...a, answeredAt: a.answeredAt.toISOString() })),
    },
    coverage: { ...coverage, engagedDays: settings.coverageEngagedDays },
    decisionMakerContact: { days: dmDays, limitDays: settings.dmContactDays },
    support,
    invoices,
  };
  return { factors, signals, judged: predictability.judged };
}

/**
 * Names what a signal's reason speaks of, so pages can word it without a
 * lookup: the stakeholder's name (stakeholder evidence), the support case's title.
 */
function withNames(signal: RiskSignal, rows: ScoringRows): RiskSignal {
  const params = { ...signal.params };
  if (signal.evidence.kind === "stakeholder" && params.name == null)
    params.name = rows.stakeholders.find((s) => s.id === signal.evidence.id)?.name ?? null;
  if (signal.rule === "support_past_sla")
    params.title = rows.cases.find((c) => c.touchpoint_id === signal.evidence.id)?.title ?? null;
  return { ...signal, params };
}
