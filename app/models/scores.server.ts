import type { Insertable } from "kysely";
import type { AccountScoresTable } from "#db/schema.ts";
import { daysSinceDecisionMakerContact } from "#app/domain/brief.ts";
import { committeeCoverage, type CoverageResult } from "#app/domain/coverage.ts";
import { addDays, dateOf, type DateWindow } from "#app/domain/dates.ts";
import { computeHealth, invoiceTrouble, isPastSla, type HealthBand, type HealthFactor } from "#app/domain/health.ts";
import { relationshipNps, type NpsCategory, type NpsResult } from "#app/domain/nps.ts";
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
} from "#app/domain/predictability.ts";
import {
  evaluateRiskSignals,
  type RiskExpectation,
  type RiskSignal,
  type RiskStakeholder,
} from "#app/domain/risk-rules.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { calendarDate, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { storeVerdicts } from "./expectation-verdicts.server.ts";
import { storeSignals } from "./risk-signals.server.ts";
import { loadScoringInputs, type ScoringInputs } from "./scoring-inputs.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

export { acknowledgeSignal, SignalResolvedError, type AcknowledgeInput } from "./risk-signals.server.ts";
export {
  loadScoringSettings,
  saveScoringSettings,
  SCORING_SETTINGS_KEY,
  type StoredScoringSettings,
} from "./scoring-settings.server.ts";

// Scores are kept current: every write that can change an account's figures
// calls refreshAccountScores in its own transaction, so the next page shows
// them (account_scores, health_snapshots, risk_signals, expectation_verdicts). Time alone changes some (an expectation falls overdue, contact ages):
// the refresher (score-refresher.server.ts) rescores accounts not yet scored
// today. account_scores.factors keeps the whole explanation (ScoreFactors), so
// pages render it without recomputing.

/** How many surprises account_scores.factors lists (the counts are always complete). */
const SURPRISES_LISTED = 100;
const RESCORE_BATCH = 200;

export interface StoredSurprise extends Omit<Surprise, "accountId"> {
  title: string;
}

/** The shape of account_scores.factors. Instants are ISO strings. */
export interface ScoreFactors {
  version: 1;
  computedAt: string;
  /** The vendor's calendar date the figures are for. */
  today: string;
  health: { score: number | null; band: HealthBand | null; factors: HealthFactor[] };
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

export interface AccountScoreSummary {
  health: number | null;
  band: HealthBand | null;
  predictability: number | null;
  nps: number | null;
  openSignals: number;
}

/**
 * Recomputes an account's health, predictability, NPS, coverage and risk
 * signals inside the transaction that changed it: upserts account_scores and
 * today's health_snapshots row, and reconciles risk_signals. Locks the account
 * row (FOR NO KEY UPDATE, so inserts referencing it still proceed) to keep
 * concurrent refreshes of one account in order. Returns null when there is no
 * such account.
 */
export async function refreshAccountScores(
  trx: Trx,
  accountId: string,
  now: Date = new Date(),
): Promise<AccountScoreSummary | null> {
  const account = await trx
    .selectFrom("accounts")
    .select(["id", "renewal_date"])
    .where("id", "=", accountId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!account) return null;
  const today = calendarDate(now);
  const { settings } = await loadScoringSettings(trx);
  const inputs = await loadScoringInputs(trx, accountId, { today, now, settings });
  const scored = score(accountId, inputs, account.renewal_date, settings, today, now);
  const openSignals = await storeSignals(trx, accountId, scored.signals, now);
  await storeVerdicts(trx, accountId, scored.judged);
  const factors: ScoreFactors = { ...scored.factors, openSignals };

  const { health, predictability, nps, coverage } = factors;
  const figures = {
    health: health.score === null ? null : health.score.toFixed(1),
    band: health.band,
    predictability: predictability.value === null ? null : predictability.value.toFixed(4),
    predictability_sample: predictability.sample,
    surprises_90d: predictability.surprises90d,
    nps: nps.score,
    nps_respondents: nps.respondents,
  };
  const row = {
    ...figures,
    computed_at: now,
    coverage: coverage.ratio.toFixed(4),
    single_threaded: coverage.singleThreaded,
    open_signals: openSignals,
    // The counts pooled figures (a KAM's, the portfolio's) are summed from.
    predictability_weight: predictability.weightTotal,
    predictable_weight: predictability.predictableWeight,
    predictability_surprises: predictability.sample - predictability.predictable,
    predictability_delivered: predictability.delivered,
    predictability_on_time: predictability.onTime,
    predictability_late: predictability.lateDeliveries,
    predictability_late_days: predictability.latenessDaysTotal,
    // jsonb takes the object itself (db/schema.ts types json columns loosely).
    factors: factors as unknown as Insertable<AccountScoresTable>["factors"],
  };
  await trx
    .insertInto("account_scores")
    .values({ account_id: accountId, ...row })
    .onConflict((oc) => oc.column("account_id").doUpdateSet(row))
    .execute();
  await trx
    .insertInto("health_snapshots")
    .values({ account_id: accountId, day: today, ...figures })
    .onConflict((oc) => oc.columns(["account_id", "day"]).doUpdateSet(figures))
    .execute();
  return {
    health: health.score,
    band: health.band,
    predictability: predictability.value,
    nps: nps.score,
    openSignals,
  };
}

/** The domain rules over the loaded rows: figures, their explanation, and the signals that fire. */
function score(
  accountId: string,
  inputs: ScoringInputs,
  renewalDate: string | null,
  settings: ScoringSettings,
  today: string,
  now: Date,
) {
  const replans = new Map<string, ReplanForScoring[]>();
  for (const r of inputs.replans) {
    if (!r.from_due_date || !r.to_due_date) continue;
    const list = replans.get(r.expectation_id) ?? [];
    list.push({
      fromDueDate: r.from_due_date,
      toDueDate: r.to_due_date,
      at: r.at,
      customerNotified: r.customer_notified,
      replannedOn: r.replanned_on,
      notifiedOn: r.customer_notified_on,
    });
    replans.set(r.expectation_id, list);
  }
  const expectations: RiskExpectation[] = inputs.expectations.map((e) => ({
    id: e.id,
    title: e.title,
    importance: Math.min(3, Math.max(1, e.importance)) as Importance,
    originalDueDate: e.original_due_date,
    dueDate: e.due_date,
    status: e.status as ExpectationStatus,
    outcome: e.outcome as DeliveryOutcome | null,
    deliveredOn: e.delivered_on,
    customerResponse: e.customer_response as CustomerResponse | null,
    replans: replans.get(e.id) ?? [],
    withdrawnOn: e.outcome === "withdrawn" && e.resolved_at ? dateOf(e.resolved_at, TIME_ZONE) : null,
  }));
  const titles = new Map(expectations.map((e) => [e.id, e.title ?? ""]));
  const stakeholders: RiskStakeholder[] = inputs.stakeholders.map((s) => ({
    id: s.id,
    name: s.name,
    committeeRole: s.committee_role,
    influence: s.influence,
    leftOn: s.left_on,
    lastTwoWayContact: s.last_two_way_contact,
  }));
  const names = new Map(stakeholders.map((s) => [s.id, s.name ?? ""]));
  const caseTitles = new Map(inputs.cases.map((c) => [c.touchpoint_id, c.title]));
  const people = stakeholders.map((s) => ({ id: s.id, influence: s.influence, active: s.leftOn === null }));
  const npsAnswers = inputs.npsAnswers.map((a) => ({
    stakeholderId: a.stakeholder_id,
    score: a.score,
    answeredAt: a.answered_at,
  }));
  const rated = inputs.sentiments.map((t) => ({
    touchpointId: t.id,
    sentiment: t.sentiment!,
    occurredAt: t.occurred_at,
  }));
  const openCases = inputs.cases.map((c) => ({
    touchpointId: c.touchpoint_id,
    severity: c.severity,
    openedAt: c.opened_at,
    slaDueAt: c.sla_due_at,
  }));
  const invoices = inputs.invoices.map((i) => ({
    touchpointId: i.touchpoint_id,
    number: i.number,
    amount: i.amount,
    dueDate: i.due_date,
    paidOn: i.paid_on,
    disputed: i.disputed,
  }));

  const window = defaultPredictabilityWindow(today, settings.predictabilityMonths);
  const predictability = computePredictability(expectations, { today, window, timeZone: TIME_ZONE });
  // Every expectation judged over the predictability window and the trend
  // months, whichever reaches further back (stored in expectation_verdicts).
  const judgedFrom = [window.from, monthStarts(today)[0]!].sort()[0]!;
  const judged = judgeExpectations(expectations, { today, window: { from: judgedFrom, to: today }, timeZone: TIME_ZONE });
  const surprises90d = computePredictability(expectations, {
    today,
    window: { from: addDays(today, -90), to: today },
    timeZone: TIME_ZONE,
  }).surprises.length;
  const nps = relationshipNps(npsAnswers, people, {
    now,
    weighted: settings.npsInfluenceWeighted,
    months: settings.npsMonths,
  });
  const coverage = committeeCoverage(
    stakeholders.map((s) => ({
      id: s.id,
      committeeRole: s.committeeRole,
      active: s.leftOn === null,
      lastTwoWayContact: s.lastTwoWayContact,
    })),
    { now, engagedDays: settings.coverageEngagedDays },
  );
  const dmDays = daysSinceDecisionMakerContact(inputs.stakeholders, now);
  const support = inputs.hasSupportCases
    ? { open: openCases.length, pastSla: openCases.filter((c) => isPastSla(c, now)).length }
    : null;
  const troubles = invoices.map((i) => invoiceTrouble(i, today, settings.invoiceOverdueDays)).filter((t) => t !== null);
  const invoiceSummary = inputs.hasInvoices
    ? {
        troubles: troubles.length,
        disputed: troubles.filter((t) => t.reason === "disputed").length,
        overdue: troubles.filter((t) => t.reason === "overdue").length,
      }
    : null;
  const health = computeHealth(
    {
      predictability: predictability.value,
      sentiments: rated.map((r) => r.sentiment),
      nps: nps.score,
      daysSinceDecisionMakerContact: dmDays,
      support,
      invoiceTroubles: invoiceSummary?.troubles ?? null,
      coverageRatio: coverage.ratio,
    },
    settings,
  );
  const signals = evaluateRiskSignals(
    {
      accountId,
      today,
      expectations,
      stakeholders,
      npsAnswers,
      ratedTouchpoints: rated,
      openSupportCases: openCases,
      invoices,
      renewalDate,
      healthScore: health.score,
      timeZone: TIME_ZONE,
    },
    settings,
    now,
  ).map((signal) => withNames(signal, names, caseTitles));

  const { surprises, ...counts } = predictability;
  const { answers, ...npsCounts } = nps;
  const factors: Omit<ScoreFactors, "openSignals"> = {
    version: 1,
    computedAt: now.toISOString(),
    today,
    health,
    predictability: {
      ...counts,
      window,
      surprises: surprises.slice(0, SURPRISES_LISTED).map((s) => ({ ...s, title: titles.get(s.expectationId) ?? "" })),
      surprises90d,
    },
    nps: {
      ...npsCounts,
      months: settings.npsMonths,
      answers: answers.map((a) => ({ ...a, answeredAt: a.answeredAt.toISOString() })),
    },
    coverage: { ...coverage, engagedDays: settings.coverageEngagedDays },
    decisionMakerContact: { days: dmDays, limitDays: settings.dmContactDays },
    support,
    invoices: invoiceSummary,
  };
  return { factors, signals, judged };
}

/**
 * Names what a signal's reason speaks of, so pages can word it without a
 * lookup: the stakeholder's name (stakeholder evidence), the support case's title.
 */
function withNames(signal: RiskSignal, names: Map<string, string>, caseTitles: Map<string, string>): RiskSignal {
  const params = { ...signal.params };
  if (signal.evidence.kind === "stakeholder" && params.name == null)
    params.name = names.get(signal.evidence.id) ?? null;
  if (signal.rule === "support_past_sla") params.title = caseTitles.get(signal.evidence.id) ?? null;
  return { ...signal, params };
}

export interface RescoreOptions {
  /** Stops between accounts once aborted (shutdown). */
  signal?: AbortSignal;
}

/**
 * Rescores every account that is not archived, in pages of 200 by id, each
 * account in its own transaction (so requests interleave on PGlite's single
 * connection). After an administrator changes the settings, and for the seed.
 * Returns how many accounts were scored.
 */
export function rescoreAllAccounts(executor: Executor, now: Date = new Date(), options: RescoreOptions = {}) {
  return rescore(executor, now, null, options);
}

/**
 * Rescores the accounts (not archived) whose scores were last computed before
 * the start of today in the vendor's time zone, or before the scoring settings
 * were last saved, or never: time alone moves some figures (overdue
 * expectations, days since contact), and a settings change moves them all.
 */
export async function rescoreStaleAccounts(executor: Executor, now: Date = new Date(), options: RescoreOptions = {}) {
  const startOfToday = wallTimeToInstant(`${calendarDate(now)}T00:00`, TIME_ZONE);
  const { updatedAt } = await loadScoringSettings(executor);
  const staleBefore = updatedAt && updatedAt > startOfToday ? updatedAt : startOfToday;
  return rescore(executor, now, staleBefore, options);
}

async function rescore(executor: Executor, now: Date, staleBefore: Date | null, { signal }: RescoreOptions) {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await executor
      .selectFrom("accounts as a")
      .select("a.id")
      .where("a.archived_at", "is", null)
      .$if(after !== null, (qb) => qb.where("a.id", ">", after!))
      .$if(staleBefore !== null, (qb) =>
        qb.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("account_scores as s")
                .select("s.account_id")
                .whereRef("s.account_id", "=", "a.id")
                .where("s.computed_at", ">=", staleBefore!),
            ),
          ),
        ),
      )
      .orderBy("a.id")
      .limit(RESCORE_BATCH)
      .execute();
    for (const { id } of page) {
      if (signal?.aborted) return count;
      await inTransaction(executor, (trx) => refreshAccountScores(trx, id, now));
      count += 1;
    }
    if (page.length < RESCORE_BATCH) return count;
    after = page[page.length - 1]!.id;
  }
}

function inTransaction<T>(executor: Executor, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return executor.isTransaction ? fn(executor as Trx) : executor.transaction().execute(fn);
}
