import { sql, type ExpressionBuilder } from "kysely";
import { advocacyCounts, type AdvocacyCounts } from "#app/domain/advocacy.ts";
import type { DateWindow } from "#app/domain/dates.ts";
import { monthStarts } from "#app/domain/predictability.ts";
import {
  experienceWindow,
  momentsFromCounts,
  QUADRANTS,
  quadrantsFromCounts,
  TREATED_BADLY_TO,
  TREATED_WELL_FROM,
  type ExperiencePeriod,
  type MomentsResult,
  type Quadrant,
  type QuadrantCounts,
  type QuadrantResult,
} from "#app/domain/experience.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { cellCounts, refreshExperienceMonths, scopeAccounts, sumExperienceMonths } from "./experience-months.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// The experience figures (app/domain/experience.ts) over an account, a KAM's
// live accounts or the whole portfolio's: the rows are read here, the figures
// made by the domain, so the account page, the portfolio page and the scores
// API show the same numbers. A period is whole calendar months (the current one
// up to today) in the vendor's time zone, read as whole days as the timeline's
// date filter reads them, so a cell's count and the timeline it links to list
// the same touchpoints.

export type ExperienceScope = { accountId: string } | { ownerId: string | null };

export interface ExperienceFigures {
  months: ExperiencePeriod;
  window: DateWindow;
  quadrants: QuadrantResult;
  moments: MomentsResult;
  /** References and referrals given and word of mouth heard over the period, by polarity. */
  advocacy: AdvocacyCounts;
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

/**
 * The quadrants, the moments of truth and the advocacy over the period, for one
 * account, one KAM's live accounts (ownerId) or every live account (ownerId
 * null), summed from the stored month figures (experience-months.server.ts)
 * after the scope's stale months are counted again, so they are never older
 * than the last committed write. Counted by the domain's rules
 * (app/domain/experience.ts); tests/integration/experience-sql.test.ts and
 * experience-months.test.ts hold the two together.
 */
export async function loadExperience(
  executor: Executor,
  scope: ExperienceScope,
  options: { today: string; months: ExperiencePeriod; now?: Date },
): Promise<ExperienceFigures> {
  const { settings } = await loadScoringSettings(executor);
  const followDays = settings.experienceFollowDays;
  const window = experienceWindow(options.today, options.months);
  await refreshExperienceMonths(executor, { scope, followDays, now: options.now });
  const kinds = await sumExperienceMonths(executor, scope, window.from, monthStarts(window.to, 1)[0]!);

  const cells: Partial<Record<Quadrant, QuadrantCounts>> = {};
  for (const q of QUADRANTS) {
    const sum = { touchpoints: 0, npsAnswers: 0, promoters: 0, detractors: 0, csatAnswers: 0, csatSum: 0 };
    for (const row of kinds) {
      const c = cellCounts(row, q);
      for (const k of Object.keys(sum) as (keyof QuadrantCounts)[]) sum[k] += c[k];
    }
    cells[q] = sum;
  }
  const total = (column: string) => kinds.reduce((n, row) => n + (row[column] ?? 0), 0);
  const quadrants = quadrantsFromCounts(
    cells,
    { treatedNeither: total("treated_neither"), noResolution: total("no_resolution"), noTreatment: total("no_treatment") },
    { followDays },
  );
  const moments = momentsFromCounts(
    kinds.map((k) => ({
      kind: k.kind,
      touchpoints: k.touchpoints!,
      momentsOfTruth: k.moments!,
      positiveSurprises: k.surprises!,
      treatedWell: k.moments_well!,
      treatedBadly: k.moments_badly!,
      resolved: k.moments_resolved!,
      unresolved: k.moments_unresolved!,
      wentBadly: k.moments_went_badly!,
    })),
  );
  const advocacy = advocacyCounts(
    kinds.flatMap((k) => [
      { kind: k.kind, polarity: "positive", n: k.advocacy_positive! },
      { kind: k.kind, polarity: "negative", n: k.advocacy_negative! },
    ]),
  );
  return { months: options.months, window, quadrants, moments, advocacy };
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
    .where(scopeAccounts(scope, sql.ref("t.account_id")))
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
