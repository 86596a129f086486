// Scoring assembly: from the rows a model reads about one account to every
// figure the account shows (health, predictability, NPS, coverage), their
// explanation (ScoreFactors, stored in account_scores.factors) and the risk
// signals that fire. Plain TypeScript over plain rows: the model
// (app/models/scores.server.ts) reads the rows and stores what this returns.
//
// One mapper turns rows into scoring inputs (scoring/rows.ts:
// toScoringExpectations for expectations and their re-plans, toScoringInput for
// the rest); what is stored is in scoring/factors.ts; and the predictability
// view pages read is built in one place (predictabilityView in health-view.ts).
import { daysSinceDecisionMakerContact } from "./brief.ts";
import { npsStakeholder } from "./committee-leaving.ts";
import { committeeCoverage } from "./coverage.ts";
import { addDays, dateOf } from "./dates.ts";
import {
  capHealth,
  computeHealth,
  countedReadings,
  invoiceTrouble,
  isPastSla,
  NEUTRAL_READING,
  type HealthInput,
} from "./health.ts";
import { relationshipNps } from "./nps.ts";
import {
  computePredictability,
  defaultPredictabilityWindow,
  judgeExpectations,
  monthStarts,
} from "./predictability.ts";
import { evaluateRiskSignals, type RiskExpectation, type RiskInput, type RiskSignal } from "./risk-rules.ts";
import { SURPRISES_LISTED, type ScoreFactors } from "./scoring/factors.ts";
import { toScoringInput, type ScoringInput, type ScoringRows } from "./scoring/rows.ts";
import type { ScoringSettings } from "./scoring-settings.ts";
import { TIME_ZONE } from "./time.ts";

export * from "./scoring/factors.ts";
export * from "./scoring/rows.ts";

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
  const { settings, today, now } = options;
  const input = toScoringInput(rows, { today, contestDays: settings.noticeContestDays, timeZone: TIME_ZONE });
  const predictability = predictabilityFigures(input.expectations, today, settings);
  const relationship = relationshipFigures(input, rows, now, settings);
  const { support, invoices } = supportAndInvoices(input, rows, today, now, settings);
  const uncapped = computeHealth(
    healthInput(input, rows, settings, {
      predictability: predictability.result.value,
      ...relationship,
      support,
      invoiceTroubles: invoices?.troubles ?? null,
    }),
    settings,
  );
  const signals = evaluateRiskSignals(riskInput(input, rows, options, uncapped.score), settings, now).map((signal) =>
    withNames(signal, rows),
  );
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
  const { answers, ...npsCounts } = relationship.nps;
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
    coverage: { ...relationship.coverage, engagedDays: settings.coverageEngagedDays },
    decisionMakerContact: { days: relationship.dmDays, limitDays: settings.dmContactDays },
    support,
    invoices,
  };
  return { factors, signals, judged: predictability.judged };
}

/** NPS over the committee, its coverage, and the days since a decision maker was last spoken with. */
function relationshipFigures(input: ScoringInput, rows: ScoringRows, now: Date, settings: ScoringSettings) {
  // Answers given while on the committee keep counting after the person left (committee-rules.ts).
  const nps = relationshipNps(input.npsAnswers, input.stakeholders.map(npsStakeholder), {
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
  return { nps, coverage, dmDays };
}

/** What health is computed from, the figures above given. */
function healthInput(
  input: ScoringInput,
  rows: ScoringRows,
  settings: ScoringSettings,
  figures: {
    predictability: number | null;
    nps: { score: number | null };
    coverage: { ratio: number | null };
    dmDays: number | null;
    support: HealthInput["support"];
    invoiceTroubles: number | null;
  },
): HealthInput {
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
  return {
    predictability: figures.predictability,
    sentiments: sentiments.values,
    nps: figures.nps.score,
    daysSinceDecisionMakerContact: figures.dmDays,
    decisionMakerMapped: active.some((s) => s.committeeRole === "decision_maker"),
    support: figures.support,
    invoiceTroubles: figures.invoiceTroubles,
    // Null without anyone in a key role: no data.
    coverageRatio: figures.coverage.ratio,
    treatments: treatments.values,
    unconfirmed: { sentiment: sentiments.unconfirmed, treatment: treatments.unconfirmed },
  };
}

/** What the risk rules read: the inputs, the rows they need as they are, and health before its cap. */
function riskInput(
  input: ScoringInput,
  rows: ScoringRows,
  { accountId, renewalDate, today }: ScoreAccountOptions,
  healthScore: number | null,
): RiskInput {
  return {
    accountId,
    today,
    expectations: input.expectations,
    stakeholders: input.stakeholders,
    npsAnswers: input.npsAnswers,
    ratedTouchpoints: input.rated,
    openSupportCases: input.openCases,
    invoices: input.invoices,
    renewalDate,
    healthScore,
    treatedTouchpoints: (rows.solvedBadly ?? []).map((t) => ({
      touchpointId: t.id,
      title: t.title,
      occurredAt: t.occurred_at,
      treatment: t.treatment,
      resolved: t.resolved,
    })),
    experienceRatings: (rows.experienceRatings ?? []).map((r) => ({
      id: r.id,
      rating: r.rating,
      ratedAt: r.rated_at,
      subject: r.touchpoint_id
        ? { kind: "touchpoint" as const, id: r.touchpoint_id, title: r.subject_title }
        : { kind: "expectation" as const, id: r.expectation_id!, title: r.subject_title },
    })),
    // Stated on the vendor's calendar date of the instant it was recorded.
    proposals: (rows.proposals ?? []).map((p) => ({
      id: p.id,
      title: p.title,
      dueDate: p.due_date,
      statedOn: dateOf(p.created_at, TIME_ZONE),
    })),
    timeZone: TIME_ZONE,
  };
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
