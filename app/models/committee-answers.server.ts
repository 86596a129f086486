import { sql } from "kysely";
import { npsStakeholder } from "#app/domain/committee-leaving.ts";
import { addMonthsToInstant, dateOf } from "#app/domain/dates.ts";
import { latestNpsAnswers, type LatestNpsAnswer } from "#app/domain/nps.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// The NPS answer that counts for a person of the committee, as relationship
// NPS counts it (app/domain/nps.ts): their latest within the NPS window, and
// for someone who has left, given before the end of the day their leaving
// counts from (app/domain/committee-leaving.ts). The committee's rules read it
// (a detractor's leaving goes on the timeline; their influence is not lowered).

/**
 * The first instant after the day a person's leaving counts from — the later
 * of left_on and the vendor's calendar date of left_recorded_at — in the
 * vendor's zone; `s` is the stakeholders row. An answer before it was given
 * while they were on the committee.
 */
export const givenBefore = sql<Date>`((greatest(s.left_on, (s.left_recorded_at at time zone ${sql.lit(TIME_ZONE)})::date) + 1)::timestamp at time zone ${sql.lit(TIME_ZONE)})`;

/** The answer that counts for each of `people` (by stakeholder id); a person with none is not in the map. */
export async function countedNpsAnswers(
  executor: Executor,
  people: { account_id: string; id: string }[],
  now: Date = new Date(),
): Promise<Map<string, LatestNpsAnswer>> {
  if (!people.length) return new Map();
  const { settings } = await loadScoringSettings(executor);
  const since = addMonthsToInstant(now, -settings.npsMonths);
  const rows = await sql<{
    id: string;
    influence: number;
    left_on: string | null;
    left_recorded_at: Date | null;
    score: number;
    answered_at: Date;
  }>`
    select distinct on (s.id) s.id, s.influence, s.left_on::text as left_on, s.left_recorded_at, r.score, r.answered_at
    from unnest(${people.map((p) => p.account_id)}::uuid[], ${people.map((p) => p.id)}::uuid[]) as k(account_id, id)
    join stakeholders s on s.account_id = k.account_id and s.id = k.id
    join survey_responses r on r.account_id = s.account_id and r.kind = 'nps' and r.stakeholder_id = s.id
    where r.answered_at >= ${since} and r.answered_at <= ${now}
      and (s.left_on is null or r.answered_at < ${givenBefore})
    order by s.id, r.answered_at desc`.execute(executor);
  const counted = latestNpsAnswers(
    rows.rows.map((r) => ({ stakeholderId: r.id, score: r.score, answeredAt: r.answered_at })),
    rows.rows.map((r) =>
      npsStakeholder({
        id: r.id,
        influence: r.influence,
        leftOn: r.left_on,
        leftRecordedOn: r.left_recorded_at ? dateOf(r.left_recorded_at, TIME_ZONE) : null,
      }),
    ),
    now,
    settings.npsMonths,
  );
  return new Map(counted.map((a) => [a.stakeholderId, a]));
}
