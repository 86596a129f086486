import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "#db/schema.ts";
import { addDays, addMonths, addMonthsToInstant } from "#app/domain/dates.ts";
import { monthStarts } from "#app/domain/predictability.ts";
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import { TREATED_BADLY_TO } from "#app/domain/experience.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { givenBefore } from "./committee-answers.server.ts";
import { createdByAdmin, takenBackDispute } from "./scored-expectation-columns.server.ts";
import { ratingsWithSubject } from "./experience-rating-rows.server.ts";
import { lastPortalActivity } from "./portal-activity.server.ts";
import { lastTwoWayContact } from "./stakeholders.server.ts";
import { casesWithTouchpoint } from "./support-case-rows.server.ts";

/** The lowest CSAT (1–5) that confirms a favourable staff reading of the same touchpoint. */
const CONFIRMING_CSAT = 4;

/**
 * Adds `confirmed` to a query of touchpoints: whether the customer said the
 * touchpoint went well themselves — they logged it in the portal, or their own
 * CSAT answer about it is 4 or 5 (countedReadings in app/domain/health.ts
 * decides what that means for health).
 *
 * The answer is looked up per touchpoint row by a lateral join. Written as
 * `source = 'portal' OR EXISTS (…)`, PostgreSQL planned the EXISTS as a hash of
 * every CSAT answer of 4 or 5 in the database (97,538 rows at the large bench
 * size, ~120 ms) for the ten touchpoints read, on every rescore.
 */
function withCustomerConfirmation<O>(query: SelectQueryBuilder<DB, "touchpoints", O>) {
  return query
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("survey_responses as r")
          .select(sql.lit(1).as("answered_well"))
          .whereRef("r.account_id", "=", "touchpoints.account_id")
          .whereRef("r.touchpoint_id", "=", "touchpoints.id")
          .where("r.kind", "=", "csat")
          .where("r.score", ">=", CONFIRMING_CSAT)
          .limit(1)
          .as("csat"),
      (join) => join.onTrue(),
    )
    .select((eb) =>
      eb
        .or([eb("touchpoints.source", "=", "portal"), eb("csat.answered_well", "is not", null)])
        .$castTo<boolean>()
        .as("confirmed"),
    );
}

export interface ScoringInputsOptions {
  /** The vendor's calendar date; windows are measured back from it. */
  today: string;
  /** The instant scores are computed for. */
  now: Date;
  /** The windows and limits come from these (defaults unless told). */
  settings?: ScoringSettings;
}

/**
 * Everything the scoring rules need about one account, read in a handful of
 * bounded, index-backed queries (never a scan of the account's whole history):
 * - expectations that can come due in the longest scoring window (predictability,
 *   repeated surprises, 90-day surprises, the trend months) or after it, every
 *   open one whatever its due date (an open one whose promised date has passed
 *   counts however old, and a silent re-plan may have moved its due date far
 *   ahead), and every disputed delivery (a dispute counts whatever the due
 *   date), with their re-plans and the day a withdrawal was recorded;
 * - each stakeholder with the time of our latest two-way contact;
 * - each stakeholder's latest NPS answer within the NPS window;
 * - the latest rated touchpoints (enough for the sentiment factor and the
 *   falling-sentiment rule);
 * - open and waiting support cases; invoices that are troubles today (disputed,
 *   or unpaid too long); and whether the account has any cases or invoices at
 *   all (without any, those health factors have no data);
 * - the customer's proposals still awaiting an answer (the proposal_unanswered rule).
 */
export async function loadScoringInputs(executor: Executor, accountId: string, options: ScoringInputsOptions) {
  const { today, now } = options;
  const settings = options.settings ?? DEFAULT_SCORING_SETTINGS;
  const windowFrom = [
    addMonths(today, -settings.predictabilityMonths),
    addDays(today, -settings.surpriseDays),
    addDays(today, -90),
    // Trends judge every month back to this one (expectation_verdicts).
    monthStarts(today)[0]!,
  ].sort()[0]!;
  const [
    account,
    { expectations, replans },
    stakeholders,
    npsAnswers,
    sentiments,
    cases,
    invoices,
    recorded,
    treatments,
    solvedBadly,
    experienceRatings,
    proposals,
  ] = await Promise.all([
    executor
      .selectFrom("accounts")
      .select(["id", "owner_id", "renewal_date", "archived_at"])
      .where("id", "=", accountId)
      .executeTakeFirst(),
    loadScoredExpectations(executor, accountId, windowFrom),
    listCommitteeContacts(executor, accountId),
    latestNpsAnswers(executor, accountId, addMonthsToInstant(now, -settings.npsMonths), now),
    latestSentiments(executor, accountId, Math.max(settings.sentimentWindow, 3)),
    openSupportCases(executor, accountId),
    invoiceTroubles(executor, accountId, addDays(today, -settings.invoiceOverdueDays)),
    recordedAtAll(executor, accountId),
    latestTreatments(executor, accountId, settings.sentimentWindow, now),
    solvedButTreatedBadly(executor, accountId, addDays(today, -settings.solvedBadlyDays - 1)),
    experienceRatingsSince(executor, accountId, addDays(today, -settings.belowExpectedDays - 1)),
    unansweredProposals(executor, accountId),
  ]);
  return {
    account,
    expectations,
    replans,
    stakeholders,
    npsAnswers,
    sentiments,
    cases,
    invoices,
    hasInvoices: Boolean(recorded.invoices),
    hasSupportCases: Boolean(recorded.support_cases),
    treatments,
    solvedBadly,
    experienceRatings,
    proposals,
  };
}

/**
 * The expectations the customer stated in the portal that are neither accepted
 * nor declined, longest waiting first, on expectations_proposed_idx. Every one
 * of them (the limit only bounds a runaway account, and keeps those waiting longest).
 */
function unansweredProposals(executor: Executor, accountId: string) {
  return executor
    .selectFrom("expectations")
    .select(["id", "title", "due_date", "created_at"])
    .where("account_id", "=", accountId)
    .where("status", "=", sql.lit("proposed"))
    .where("source", "=", "customer")
    .orderBy("created_at")
    .orderBy("id")
    .limit(1000)
    .execute();
}

/**
 * The latest NPS answer per stakeholder within the window (none from the
 * future), given while they were on the committee: for someone who has left,
 * before the end of the day their leaving counts from, the later of the day
 * stated and the day recorded (leavingCountsFrom in app/domain/committee-leaving.ts,
 * which latestNpsAnswers in app/domain/nps.ts applies again).
 */
function latestNpsAnswers(executor: Executor, accountId: string, since: Date, now: Date) {
  return executor
    .selectFrom("survey_responses as r")
    .innerJoin("stakeholders as s", (j) =>
      j.onRef("s.account_id", "=", "r.account_id").onRef("s.id", "=", "r.stakeholder_id"),
    )
    .select(["r.stakeholder_id", "r.score", "r.answered_at"])
    .distinctOn("r.stakeholder_id")
    .where("r.account_id", "=", accountId)
    .where("r.kind", "=", "nps")
    .where("r.answered_at", ">=", since)
    .where("r.answered_at", "<=", now)
    .where((eb) => eb.or([eb("s.left_on", "is", null), eb("r.answered_at", "<", givenBefore)]))
    .orderBy("r.stakeholder_id")
    .orderBy("r.answered_at", "desc")
    .limit(1000)
    .execute();
}

/** An account's `limit` latest touchpoints with a sentiment rating, newest first (by touchpoints_timeline_idx); select what is needed. */
export function latestRated(executor: Executor, accountId: string, limit: number) {
  return executor
    .selectFrom("touchpoints")
    .where("account_id", "=", accountId)
    .where("sentiment", "is not", null)
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
}

/** The latest rated touchpoints, newest first (the sentiment factor and the falling-sentiment rule). */
function latestSentiments(executor: Executor, accountId: string, limit: number) {
  return withCustomerConfirmation(latestRated(executor, accountId, limit))
    .select(["touchpoints.id", "touchpoints.sentiment", "touchpoints.occurred_at"])
    .execute();
}

/** Open and waiting support cases, with their touchpoint's title. */
function openSupportCases(executor: Executor, accountId: string) {
  return casesWithTouchpoint(executor, accountId)
    .select(["c.touchpoint_id", "t.title", "c.severity", "c.sla_due_at", "c.opened_at"])
    .where("c.status", "in", ["open", "waiting"])
    .orderBy("c.sla_due_at")
    .limit(500)
    .execute();
}

/** Invoices that are troubles today: the first condition is the partial index's, the second invoiceTrouble's. */
function invoiceTroubles(executor: Executor, accountId: string, overdueBefore: string) {
  return executor
    .selectFrom("touchpoint_invoices")
    .select(["touchpoint_id", "number", "amount", "due_date", "paid_on", "disputed"])
    .where("account_id", "=", accountId)
    .where((eb) => eb.or([eb("paid_on", "is", null), eb("disputed", "=", true)]))
    .where((eb) => eb.or([eb("disputed", "=", true), eb("due_date", "<", overdueBefore)]))
    .orderBy("due_date")
    .limit(500)
    .execute();
}

/** Whether the account has any invoices and any support cases on record (without any, those factors have no data). */
function recordedAtAll(executor: Executor, accountId: string) {
  return executor
    .selectNoFrom((eb) => [
      eb
        .exists(eb.selectFrom("touchpoint_invoices").select(sql.lit(1).as("x")).where("account_id", "=", accountId))
        .as("invoices"),
      eb
        .exists(
          eb.selectFrom("touchpoint_support_cases").select(sql.lit(1).as("x")).where("account_id", "=", accountId),
        )
        .as("support_cases"),
    ])
    .executeTakeFirstOrThrow();
}

/** How the customer felt treated, latest first (health's treatment factor). */
function latestTreatments(executor: Executor, accountId: string, limit: number, now: Date) {
  return withCustomerConfirmation(executor.selectFrom("touchpoints"))
    .select(["touchpoints.id", "touchpoints.treatment", "touchpoints.occurred_at"])
    .where("touchpoints.account_id", "=", accountId)
    .where("touchpoints.treatment", "is not", null)
    .where("touchpoints.occurred_at", "<=", now)
    .orderBy("touchpoints.occurred_at", "desc")
    .orderBy("touchpoints.id", "desc")
    .limit(limit)
    .execute();
}

/** Solved but treated badly from `since` on (the solved_treated_badly rule; `since` has a day's margin for the time zone). */
function solvedButTreatedBadly(executor: Executor, accountId: string, since: string) {
  return executor
    .selectFrom("touchpoints")
    .select(["id", "title", "treatment", "resolved", "occurred_at"])
    .where("account_id", "=", accountId)
    .where("resolved", "=", "yes")
    .where("treatment", "<=", TREATED_BADLY_TO)
    .where("occurred_at", ">=", new Date(`${since}T00:00:00Z`))
    .orderBy("occurred_at", "desc")
    .limit(500)
    .execute();
}

/** The customer's ratings against their expectation from `since` on (the below_expected rule; a day's margin as above). */
function experienceRatingsSince(executor: Executor, accountId: string, since: string) {
  return ratingsWithSubject(executor, accountId, new Date(`${since}T00:00:00Z`))
    .select(["r.id", "r.rating", "r.rated_at", "r.touchpoint_id", "r.expectation_id"])
    .limit(500)
    .execute();
}

/**
 * The expectations predictability reads from `windowFrom` on (see
 * scoredExpectation), with their re-plans: for the stored scores and for a
 * window the page asks for.
 */
export async function loadScoredExpectations(executor: Executor, accountId: string, windowFrom: string) {
  const [expectations, replans] = await Promise.all([
    executor
      .selectFrom("expectations")
      .select([
        "id",
        "title",
        "importance",
        "original_due_date",
        "due_date",
        "status",
        "outcome",
        "delivered_on",
        "customer_response",
        "customer_responded_at",
        "holder_stakeholder_id",
        "created_at",
      ])
      .select(createdByAdmin)
      .select((eb) =>
        eb
          .selectFrom("expectation_changes as c")
          .select((c) => c.fn.max("c.at").as("at"))
          .whereRef("c.account_id", "=", "expectations.account_id")
          .whereRef("c.expectation_id", "=", "expectations.id")
          .where("c.kind", "=", "delivered")
          .as("resolved_at"),
      )
      .select(takenBackDispute())
      .where("account_id", "=", accountId)
      .where((eb) => scoredExpectation(eb, windowFrom))
      .orderBy("due_date", "desc")
      .orderBy("id")
      .limit(5000)
      .execute(),
    replansOf(executor, accountId)
      .innerJoin("expectations as e", (j) =>
        j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"),
      )
      .where((eb) => scoredExpectation(eb, windowFrom, "e."))
      .orderBy("c.at")
      .limit(20000)
      .execute(),
  ]);
  return { expectations, replans };
}


/**
 * An account's re-plans (expectation_changes `c` of kind 'replanned'): what
 * judging them needs (app/domain/predictability.ts, notice.ts), with the
 * customer's answers to their notice.
 */
export function replansOf(executor: Executor, accountId: string) {
  return executor
    .selectFrom("expectation_changes as c")
    .select([
      "c.id",
      "c.expectation_id",
      "c.from_due_date",
      "c.to_due_date",
      "c.at",
      "c.customer_notified",
      "c.replanned_on",
      "c.customer_notified_on",
      "c.notice_reached_at",
      "c.notice_reach_unknown",
    ])
    .select((eb) => noticeAnswers(eb, "c"))
    .where("c.account_id", "=", accountId)
    .where("c.kind", "=", "replanned");
}

/**
 * The customer's answers to a re-plan's notice (notice.ts), as
 * `notice_answers`: the rows of kind 'notice_confirmed' / 'notice_contested'
 * naming the re-plan. `alias` is the re-plan's expectation_changes alias.
 */
export function noticeAnswers(eb: ExpressionBuilder<any, any>, alias: string) {
  return jsonArrayFrom(
    eb
      .selectFrom("expectation_changes as na")
      .select([
        sql<string>`case na.kind when 'notice_confirmed' then 'confirmed' else 'contested' end`.as("answer"),
        "na.at",
      ])
      .where("na.account_id", "=", sql.ref(`${alias}.account_id`))
      .where("na.replan_id", "=", sql.ref(`${alias}.id`))
      .where("na.kind", "in", ["notice_confirmed", "notice_contested"]),
  ).as("notice_answers");
}

/**
 * The expectations scoring reads (see loadScoringInputs): open ones of any due
 * date, disputed deliveries of any due date, and resolved ones due, originally
 * due or delivered from `windowFrom` on.
 */
function scoredExpectation(eb: ExpressionBuilder<DB, any>, windowFrom: string, prefix: "" | "e." = "") {
  const col = (name: string) => sql.ref(`${prefix}${name}`);
  return eb.or([
    eb(col("status"), "=", "open"),
    eb.and([
      eb(col("status"), "=", "resolved"),
      eb.or([
        eb(col("due_date"), ">=", windowFrom),
        eb(col("original_due_date"), ">=", windowFrom),
        eb(col("delivered_on"), ">=", windowFrom),
        eb(col("customer_response"), "in", ["disputed_partly", "disputed_not_delivered"]),
      ]),
    ]),
  ]);
}

/** Each stakeholder with the time of our latest two-way contact with them, and of their latest portal activity. */
export function listCommitteeContacts(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders as s")
    .select((eb) => [
      "s.id",
      "s.name",
      "s.committee_role",
      "s.influence",
      "s.stance",
      "s.left_on",
      "s.left_recorded_at",
      lastTwoWayContact(eb),
      lastPortalActivity,
    ])
    .where("s.account_id", "=", accountId)
    .limit(1000)
    .execute();
}

export type ScoringInputs = Awaited<ReturnType<typeof loadScoringInputs>>;
