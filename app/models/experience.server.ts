import { sql, type ExpressionBuilder } from "kysely";
import { addDays, addMonths, type DateWindow } from "#app/domain/dates.ts";
import {
  experienceQuadrants,
  momentsOfTruth,
  TREATED_BADLY_TO,
  TREATED_WELL_FROM,
  type ExperiencePeriod,
  type MomentsResult,
  type Quadrant,
  type QuadrantResult,
} from "#app/domain/experience.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
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

function inScope(eb: ExpressionBuilder<any, any>, scope: ExperienceScope, column: "t.account_id" | "r.account_id" = "t.account_id") {
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

/**
 * The quadrants and the moments of truth over the period, for one account, one
 * KAM's live accounts (ownerId) or every live account (ownerId null).
 */
export async function loadExperience(
  executor: Executor,
  scope: ExperienceScope,
  options: { today: string; months: ExperiencePeriod; now?: Date },
): Promise<ExperienceFigures> {
  const { settings } = await loadScoringSettings(executor);
  const window = experienceWindow(options.today, options.months);
  const { start, end } = bounds(window);
  const now = options.now ?? new Date();
  const answersUntil = bounds({ from: window.from, to: addDays(window.to, settings.experienceFollowDays) }).end;

  const [rated, answers, kinds, flagged] = await Promise.all([
    executor
      .selectFrom("touchpoints as t")
      .select((eb) => [
        "t.id",
        "t.account_id",
        "t.kind",
        "t.occurred_at",
        "t.treatment",
        "t.resolved",
        eb
          .selectFrom("touchpoint_stakeholders as ts")
          .select(sql<string[]>`coalesce(array_agg(ts.stakeholder_id::text), '{}')`.as("ids"))
          .whereRef("ts.account_id", "=", "t.account_id")
          .whereRef("ts.touchpoint_id", "=", "t.id")
          .as("participants"),
      ])
      .where((eb) => inScope(eb, scope))
      .where("t.occurred_at", ">=", start)
      .where("t.occurred_at", "<", end)
      .where((eb) => eb.or([eb("t.treatment", "is not", null), eb("t.resolved", "is not", null)]))
      .execute(),
    executor
      .selectFrom("survey_responses as r")
      .select(["r.id", "r.account_id", "r.stakeholder_id", "r.kind", "r.score", "r.answered_at", "r.touchpoint_id"])
      .where((eb) => inScope(eb, scope, "r.account_id"))
      .where("r.answered_at", ">=", start)
      .where("r.answered_at", "<", answersUntil)
      .where("r.answered_at", "<=", now)
      .execute(),
    executor
      .selectFrom("touchpoints as t")
      .select(["t.kind", sql<number>`count(*)::int`.as("n")])
      .where((eb) => inScope(eb, scope))
      .where("t.occurred_at", ">=", start)
      .where("t.occurred_at", "<", end)
      .groupBy("t.kind")
      .execute(),
    executor
      .selectFrom("touchpoints as t")
      .select(["t.kind", "t.treatment", "t.resolved", "t.moment_of_truth", "t.positive_surprise"])
      .where((eb) => inScope(eb, scope))
      .where("t.occurred_at", ">=", start)
      .where("t.occurred_at", "<", end)
      .where((eb) => momentWhere(eb, "either"))
      .execute(),
  ]);

  const quadrants = experienceQuadrants(
    rated.map((t) => ({
      id: t.id,
      accountId: t.account_id,
      kind: t.kind,
      occurredAt: t.occurred_at,
      treatment: t.treatment,
      resolved: t.resolved,
      participants: t.participants ?? [],
    })),
    answers.map((a) => ({
      id: a.id,
      accountId: a.account_id,
      stakeholderId: a.stakeholder_id,
      kind: a.kind,
      score: a.score,
      answeredAt: a.answered_at,
      touchpointId: a.touchpoint_id,
    })),
    { followDays: settings.experienceFollowDays },
  );
  const moments = momentsOfTruth(
    kinds.map((k) => ({ kind: k.kind, touchpoints: Number(k.n) })),
    flagged.map((t) => ({
      kind: t.kind,
      treatment: t.treatment,
      resolved: t.resolved,
      momentOfTruth: t.moment_of_truth,
      positiveSurprise: t.positive_surprise,
    })),
  );
  return { months: options.months, window, quadrants, moments };
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
