import { sql } from "kysely";
import { advocacyCounts } from "#app/domain/advocacy.ts";
import { addDays } from "#app/domain/dates.ts";
import { experienceQuadrants, momentsOfTruth } from "#app/domain/experience.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { experienceWindow } from "#app/domain/experience.ts";
import type { ExperienceScope } from "#app/models/experience.server.ts";
import { COUNT_COLUMNS } from "#app/models/experience-months.server.ts";
import { db } from "#app/utils/db.server.ts";

// The experience figures as the domain makes them in memory (app/domain/experience.ts),
// from the period's rows read plainly: what the stored and summed figures
// (app/models/experience*.server.ts) are held to.

export async function experienceInMemory(
  scope: ExperienceScope,
  options: { today: string; months: number; followDays: number; now: Date },
) {
  const { followDays, now } = options;
  const window = experienceWindow(options.today, options.months);
  const start = sql<Date>`(${window.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}`;
  const end = sql<Date>`(${window.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`;
  const answersEnd = sql<Date>`(${addDays(window.to, followDays)}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`;
  const live = db().selectFrom("accounts").select("id").where("archived_at", "is", null);
  const accounts =
    "accountId" in scope
      ? [scope.accountId]
      : (await (scope.ownerId ? live.where("owner_id", "=", scope.ownerId) : live).execute()).map((a) => a.id);
  if (accounts.length === 0) accounts.push("00000000-0000-0000-0000-000000000000");
  const touchpoints = await db()
    .selectFrom("touchpoints as t")
    .select((eb) => [
      "t.id",
      "t.account_id",
      "t.kind",
      "t.occurred_at",
      "t.treatment",
      "t.resolved",
      "t.moment_of_truth",
      "t.positive_surprise",
      "t.advocacy_polarity",
      eb
        .selectFrom("touchpoint_stakeholders as ts")
        .select(sql<string[]>`coalesce(array_agg(ts.stakeholder_id::text), '{}')`.as("ids"))
        .whereRef("ts.touchpoint_id", "=", "t.id")
        .as("participants"),
    ])
    .where("t.account_id", "in", accounts)
    .where("t.occurred_at", ">=", start)
    .where("t.occurred_at", "<", end)
    .execute();
  const answers = await db()
    .selectFrom("survey_responses as r")
    .selectAll()
    .where("r.account_id", "in", accounts)
    .where("r.answered_at", ">=", start)
    .where("r.answered_at", "<", answersEnd)
    .where("r.answered_at", "<=", now)
    .execute();
  const rated = touchpoints.filter((t) => t.treatment !== null || t.resolved !== null);
  const counts = new Map<string, number>();
  for (const t of touchpoints) counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
  const advocacy = new Map<string, { kind: string; polarity: string | null; n: number }>();
  for (const t of touchpoints) {
    const key = `${t.kind}|${t.advocacy_polarity}`;
    const row = advocacy.get(key) ?? { kind: t.kind, polarity: t.advocacy_polarity, n: 0 };
    row.n += 1;
    advocacy.set(key, row);
  }
  return {
    quadrants: experienceQuadrants(
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
      { followDays },
    ),
    moments: momentsOfTruth(
      [...counts].map(([kind, n]) => ({ kind, touchpoints: n })),
      touchpoints
        .filter((t) => t.moment_of_truth || t.positive_surprise)
        .map((t) => ({
          kind: t.kind,
          treatment: t.treatment,
          resolved: t.resolved,
          momentOfTruth: t.moment_of_truth,
          positiveSurprise: t.positive_surprise,
        })),
    ),
    advocacy: advocacyCounts([...advocacy.values()]),
  };
}

/**
 * Where the portfolio's sums (experience_portfolio_months) differ from the live
 * accounts' stored months added up, in any count: "month kind" of each, none
 * when they agree (a row of zeros counts as no row).
 */
export async function portfolioMonthsDrift(): Promise<string[]> {
  const columns = sql.join(COUNT_COLUMNS.map((c) => sql`sum(${sql.ref(c)})::int as ${sql.ref(c)}`));
  const live = await sql<Record<string, number | string>>`
    select e.month::text as month, e.kind, ${columns} from experience_months e
    join accounts a on a.id = e.account_id and a.archived_at is null group by e.month, e.kind`.execute(db());
  const stored = await sql<Record<string, number | string>>`
    select p.month::text as month, p.kind, ${columns} from experience_portfolio_months p group by p.month, p.kind`.execute(db());
  const byKey = (rows: Record<string, number | string>[]) =>
    new Map(rows.filter((r) => COUNT_COLUMNS.some((c) => r[c] !== 0)).map((r) => [`${r.month} ${r.kind}`, r]));
  const a = byKey(live.rows);
  const b = byKey(stored.rows);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => COUNT_COLUMNS.some((c) => (a.get(key)?.[c] ?? 0) !== (b.get(key)?.[c] ?? 0)))
    .sort();
}
