import { sql } from "kysely";
import { influentialPromoters, referenceReadiness, type Readiness } from "#app/domain/advocacy.ts";
import type { Executor } from "#app/utils/db.server.ts";

// Advocacy facts per person: their latest NPS and their open surprises (an
// expectation they hold judged a surprise at the last scoring and still open),
// from which app/domain/advocacy.ts says whether to ask them for a reference.

function people(executor: Executor) {
  return executor
    .selectFrom("stakeholders as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .select((eb) => [
      "s.id",
      "s.account_id",
      "s.name",
      "s.influence",
      sql<string | null>`s.left_on::text`.as("left_on"),
      "a.name as account_name",
      eb
        .selectFrom("survey_responses as r")
        .select("r.score")
        .whereRef("r.account_id", "=", "s.account_id")
        .whereRef("r.stakeholder_id", "=", "s.id")
        .where("r.kind", "=", "nps")
        .orderBy("r.answered_at", "desc")
        .limit(1)
        .as("latest_nps"),
      eb
        .selectFrom("expectation_verdicts as v")
        .innerJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "v.account_id").onRef("e.id", "=", "v.expectation_id"))
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("e.account_id", "=", "s.account_id")
        .whereRef("e.holder_stakeholder_id", "=", "s.id")
        .where("v.verdict", "=", "surprise")
        .where("v.still_open", "=", true)
        .where("e.status", "=", "open")
        .as("open_surprises"),
    ]);
}

function toPerson(r: { id: string; account_id: string; name: string; influence: number; left_on: string | null; account_name: string; latest_nps: number | null; open_surprises: number | null }) {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    name: r.name,
    influence: r.influence,
    leftOn: r.left_on,
    latestNps: r.latest_nps,
    openSurprises: r.open_surprises ?? 0,
  };
}

/** One person's reference readiness, for their page. */
export async function personAdvocacy(executor: Executor, accountId: string, stakeholderId: string) {
  const row = await people(executor).where("s.account_id", "=", accountId).where("s.id", "=", stakeholderId).executeTakeFirst();
  if (!row) return null;
  const p = toPerson(row);
  return { latestNps: p.latestNps, openSurprises: p.openSurprises, readiness: referenceReadiness(p) as Readiness };
}

/** Promoters with influence across live accounts, or one KAM's (ownerId). */
export async function listInfluentialPromoters(executor: Executor, ownerId: string | null, limit = 50) {
  const rows = await people(executor)
    .where("a.archived_at", "is", null)
    .where("s.left_on", "is", null)
    .where("s.influence", ">=", 4)
    .$if(ownerId !== null, (qb) => qb.where("a.owner_id", "=", ownerId!))
    .execute();
  return influentialPromoters(rows.map(toPerson)).slice(0, limit);
}
