import { sql, type ExpressionBuilder, type RawBuilder } from "kysely";
import { advocacyCounts, type AdvocacyCounts } from "#app/domain/advocacy.ts";
import { addDays, addMonths, type DateWindow } from "#app/domain/dates.ts";
import {
  momentsFromCounts,
  quadrantsFromCounts,
  TREATED_BADLY_TO,
  TREATED_WELL_FROM,
  type ExperiencePeriod,
  type MomentsResult,
  type Quadrant,
  type QuadrantResult,
} from "#app/domain/experience.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { ADVOCACY_KINDS } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// The experience figures (app/domain/experience.ts) over an account, a KAM's
// live accounts or the whole portfolio's: the rows are read here, the figures
// made by the domain, so the account page, the portfolio page and the scores
// API show the same numbers. A period is whole days in the vendor's time zone,
// as the timeline's date filter reads them, so a cell's count and the timeline
// it links to list the same touchpoints.

export type ExperienceScope = { accountId: string } | { ownerId: string | null };

export interface ExperienceFigures {
  months: ExperiencePeriod;
  window: DateWindow;
  quadrants: QuadrantResult;
  moments: MomentsResult;
  /** References and referrals given and word of mouth heard over the period, by polarity. */
  advocacy: AdvocacyCounts;
}

/** The period's window: `months` back from today, both days included. */
export function experienceWindow(today: string, months: number): DateWindow {
  return { from: addMonths(today, -months), to: today };
}

/** The first instant of `from` and the first instant after `to`, in the vendor's time zone. */
function bounds(window: DateWindow) {
  return {
    start: sql<Date>`(${window.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}`,
    end: sql<Date>`(${window.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`,
  };
}

/** Touchpoints in a quadrant: the domain's rule (quadrantOf) as SQL. */
export function quadrantWhere(eb: ExpressionBuilder<any, any>, quadrant: Quadrant) {
  const [treated, resolution] = quadrant.split("_") as ["well" | "badly", "resolved" | "unresolved"];
  return eb.and([
    treated === "well" ? eb("t.treatment", ">=", TREATED_WELL_FROM) : eb("t.treatment", "<=", TREATED_BADLY_TO),
    resolution === "resolved" ? eb("t.resolved", "=", "yes") : eb("t.resolved", "in", ["no", "partly"]),
  ]);
}

/** Touchpoints flagged as a moment of truth, a positive surprise, or either. */
export function momentWhere(eb: ExpressionBuilder<any, any>, moment: "truth" | "surprise" | "either") {
  if (moment === "truth") return eb("t.moment_of_truth", "=", true);
  if (moment === "surprise") return eb("t.positive_surprise", "=", true);
  return eb.or([eb("t.moment_of_truth", "=", true), eb("t.positive_surprise", "=", true)]);
}

function inScope(
  eb: ExpressionBuilder<any, any>,
  scope: ExperienceScope,
  column: "t.account_id" | "r.account_id" = "t.account_id",
) {
  if ("accountId" in scope) return eb(sql.ref(column), "=", scope.accountId);
  return eb(
    sql.ref(column),
    "in",
    eb
      .selectFrom("accounts as a")
      .select("a.id")
      .where("a.archived_at", "is", null)
      .$if(scope.ownerId !== null, (qb) => qb.where("a.owner_id", "=", scope.ownerId!)),
  );
}

/** A timestamptz `days` whole days (of 24 hours, as the domain counts them) after `at`. */
const daysAfter = (at: RawBuilder<unknown>, days: number) =>
  sql<Date>`${at} + (${days * 86_400} * interval '1 second')`;

/** What the counting queries share: the scope, the period and the answers that followed a touchpoint. */
interface PeriodQuery {
  inPeriod: (eb: ExpressionBuilder<any, any>) => ReturnType<ExpressionBuilder<any, any>["and"]>;
  start: RawBuilder<Date>;
  answersUntil: RawBuilder<Date>;
  now: Date;
  followDays: number;
}

const well = sql`t.treatment >= ${TREATED_WELL_FROM}`;
const badly = sql`t.treatment <= ${TREATED_BADLY_TO}`;

/** The answer of a kind that followed a touchpoint q (the domain's "what followed"). */
function answersSql(period: PeriodQuery, kind: "nps" | "csat") {
  return sql`select r.score, r.answered_at, r.id from survey_responses r
      where r.account_id = q.account_id and r.kind = ${kind}
        and r.answered_at >= ${period.start} and r.answered_at < ${period.answersUntil} and r.answered_at <= ${period.now}`;
}

function followingSql(period: PeriodQuery, kind: "nps" | "csat") {
  return sql`
    ${answersSql(period, kind)}
      and r.answered_at >= q.occurred_at and r.answered_at <= ${daysAfter(sql`q.occurred_at`, period.followDays)}
      ${kind === "csat" ? sql`and r.touchpoint_id is null` : sql``}
      and (not exists (select 1 from touchpoint_stakeholders p where p.account_id = q.account_id and p.touchpoint_id = q.id)
        or r.stakeholder_id in (select p.stakeholder_id from touchpoint_stakeholders p
          where p.account_id = q.account_id and p.touchpoint_id = q.id))
    order by r.answered_at, r.id limit 1`;
}

/** A CSAT answer about the touchpoint itself comes first, whenever it came. */
function csatSql(period: PeriodQuery) {
  return sql`select x.score from (
      (${answersSql(period, "csat")} and r.touchpoint_id = q.id order by r.answered_at, r.id limit 1)
      union all (${followingSql(period, "csat")})
    ) x limit 1`;
}

/**
 * Per quadrant: its touchpoints and the NPS and CSAT answers that followed them.
 * Each touchpoint's answers are read by survey_responses_touchpoint_idx and
 * survey_responses_answered_idx (migration 20261209_1930): without them every
 * lookup walked the account's answers, and the largest account's year ran past
 * the 15 s timeout at xlarge (60 s on a copy of its rows; 0.24 s with them).
 */
function countQuadrantCells(executor: Executor, period: PeriodQuery) {
  return executor
    .selectFrom((eb) =>
      eb
        .selectFrom("touchpoints as t")
        .select([
          "t.id",
          "t.account_id",
          "t.occurred_at",
          sql<Quadrant>`case when ${well} then 'well' else 'badly' end
              || case when t.resolved = 'yes' then '_resolved' else '_unresolved' end`.as("quadrant"),
        ])
        .where(period.inPeriod)
        .where((eb2) =>
          eb2.or([eb2("t.treatment", ">=", TREATED_WELL_FROM), eb2("t.treatment", "<=", TREATED_BADLY_TO)]),
        )
        .where("t.resolved", "is not", null)
        .as("q"),
    )
    .leftJoinLateral(
      () => sql`(${followingSql(period, "nps")})`.as("nps"),
      (j) => j.onTrue(),
    )
    .leftJoinLateral(
      () => sql`(${csatSql(period)})`.as("csat"),
      (j) => j.onTrue(),
    )
    .select([
      "q.quadrant",
      sql<number>`count(*)::int`.as("touchpoints"),
      sql<number>`count(nps.score)::int`.as("nps_answers"),
      sql<number>`count(*) filter (where nps.score >= 9)::int`.as("promoters"),
      sql<number>`count(*) filter (where nps.score <= 6)::int`.as("detractors"),
      sql<number>`count(csat.score)::int`.as("csat_answers"),
      sql<number>`coalesce(sum(csat.score), 0)::int`.as("csat_sum"),
    ])
    .groupBy("q.quadrant")
    .execute();
}

/** The touchpoints of the period no quadrant holds, by why. */
function countLeftOut(executor: Executor, period: PeriodQuery) {
  return executor
    .selectFrom("touchpoints as t")
    .select([
      sql<number>`count(*) filter (where t.treatment is null and t.resolved is not null)::int`.as("no_treatment"),
      sql<number>`count(*) filter (where t.treatment is not null and not (${well}) and not (${badly}))::int`.as(
        "treated_neither",
      ),
      sql<number>`count(*) filter (where (${well} or ${badly}) and t.resolved is null)::int`.as("no_resolution"),
    ])
    .where(period.inPeriod)
    .executeTakeFirstOrThrow();
}

/** Per kind of touchpoint: the moments of truth and positive surprises and how they went. */
function countMoments(executor: Executor, period: PeriodQuery) {
  return executor
    .selectFrom("touchpoints as t")
    .select([
      "t.kind",
      sql<number>`count(*)::int`.as("touchpoints"),
      sql<number>`count(*) filter (where t.moment_of_truth)::int`.as("moments"),
      sql<number>`count(*) filter (where t.positive_surprise)::int`.as("surprises"),
      sql<number>`count(*) filter (where t.moment_of_truth and ${well})::int`.as("treated_well"),
      sql<number>`count(*) filter (where t.moment_of_truth and ${badly})::int`.as("treated_badly"),
      sql<number>`count(*) filter (where t.moment_of_truth and t.resolved = 'yes')::int`.as("resolved"),
      sql<number>`count(*) filter (where t.moment_of_truth and t.resolved in ('no', 'partly'))::int`.as("unresolved"),
      sql<number>`count(*) filter (where t.moment_of_truth and (${badly} or t.resolved = 'no'))::int`.as("went_badly"),
    ])
    .where(period.inPeriod)
    .groupBy("t.kind")
    .execute();
}

/** References, referrals and word of mouth over the period, by kind and polarity. */
function countAdvocacy(executor: Executor, period: PeriodQuery) {
  return executor
    .selectFrom("touchpoints as t")
    .select(["t.kind", "t.advocacy_polarity as polarity", sql<number>`count(*)::int`.as("n")])
    .where(period.inPeriod)
    .where("t.kind", "in", [...ADVOCACY_KINDS])
    .groupBy(["t.kind", "t.advocacy_polarity"])
    .execute();
}

/**
 * The quadrants, the moments of truth and the advocacy over the period, for one
 * account, one KAM's live accounts (ownerId) or every live account (ownerId
 * null), counted in SQL by the domain's rules (app/domain/experience.ts says
 * them; tests/integration/experience-sql.test.ts holds the two together).
 */
export async function loadExperience(
  executor: Executor,
  scope: ExperienceScope,
  options: { today: string; months: ExperiencePeriod; now?: Date },
): Promise<ExperienceFigures> {
  const { settings } = await loadScoringSettings(executor);
  const window = experienceWindow(options.today, options.months);
  const { start, end } = bounds(window);
  const followDays = settings.experienceFollowDays;
  const period: PeriodQuery = {
    inPeriod: (eb) => eb.and([inScope(eb, scope), eb("t.occurred_at", ">=", start), eb("t.occurred_at", "<", end)]),
    start,
    answersUntil: bounds({ from: window.from, to: addDays(window.to, followDays) }).end,
    now: options.now ?? new Date(),
    followDays,
  };

  const [cells, leftOut, kinds, advocacy] = await Promise.all([
    countQuadrantCells(executor, period),
    countLeftOut(executor, period),
    countMoments(executor, period),
    countAdvocacy(executor, period),
  ]);

  const quadrants = quadrantsFromCounts(
    Object.fromEntries(
      cells.map((c) => [
        c.quadrant,
        {
          touchpoints: c.touchpoints,
          npsAnswers: c.nps_answers,
          promoters: c.promoters,
          detractors: c.detractors,
          csatAnswers: c.csat_answers,
          csatSum: c.csat_sum,
        },
      ]),
    ),
    { treatedNeither: leftOut.treated_neither, noResolution: leftOut.no_resolution, noTreatment: leftOut.no_treatment },
    { followDays },
  );
  const moments = momentsFromCounts(
    kinds.map((k) => ({
      kind: k.kind,
      touchpoints: k.touchpoints,
      momentsOfTruth: k.moments,
      positiveSurprises: k.surprises,
      treatedWell: k.treated_well,
      treatedBadly: k.treated_badly,
      resolved: k.resolved,
      unresolved: k.unresolved,
      wentBadly: k.went_badly,
    })),
  );
  return { months: options.months, window, quadrants, moments, advocacy: advocacyCounts(advocacy) };
}

export const EXPERIENCE_LIST_SIZE = 50;

/**
 * The touchpoints behind a cell of a pooled view (a KAM's or the portfolio's):
 * a quadrant, or the moments of truth of one kind; newest first, at most 50,
 * with their account. (An account's cells link to its own timeline instead.)
 */
export async function listExperienceTouchpoints(
  executor: Executor,
  scope: { ownerId: string | null },
  filter: { window: DateWindow; quadrant?: Quadrant; moment?: "truth" | "surprise"; kind?: string },
) {
  const { start, end } = bounds(filter.window);
  return executor
    .selectFrom("touchpoints as t")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select([
      "t.id",
      "t.account_id",
      "a.name as account_name",
      "t.kind",
      "t.title",
      "t.title_key",
      "t.title_params",
      "t.occurred_at",
      "t.treatment",
      "t.resolved",
      "t.moment_of_truth",
      "t.positive_surprise",
    ])
    .where((eb) => inScope(eb, scope))
    .where("t.occurred_at", ">=", start)
    .where("t.occurred_at", "<", end)
    .$if(filter.quadrant !== undefined, (qb) => qb.where((eb) => quadrantWhere(eb, filter.quadrant!)))
    .$if(filter.moment !== undefined, (qb) => qb.where((eb) => momentWhere(eb, filter.moment!)))
    .$if(filter.kind !== undefined, (qb) => qb.where("t.kind", "=", filter.kind!))
    .orderBy("t.occurred_at", "desc")
    .orderBy("t.id", "desc")
    .limit(EXPERIENCE_LIST_SIZE)
    .execute();
}

export type ExperienceTouchpointRow = Awaited<ReturnType<typeof listExperienceTouchpoints>>[number];
