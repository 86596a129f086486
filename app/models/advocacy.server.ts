import { sql } from "kysely";
import { advocacyCounts, influentialPromoters, referenceReadiness, type Readiness } from "#app/domain/advocacy.ts";
import { ADVOCACY_KINDS } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { latestNpsAnswer } from "./stakeholders.server.ts";

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
      latestNpsAnswer(eb).select("r.score").as("latest_nps"),
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

/** How many of the person's advocacy touchpoints the page lists, newest first. */
export const PERSON_ADVOCACY_NEWEST = 5;

/**
 * One person's reference readiness, for their page, and what was recorded
 * naming them (a reference or referral they gave, word of mouth heard about or
 * from them): counts by kind and polarity, and the newest few.
 */
export async function personAdvocacy(executor: Executor, accountId: string, stakeholderId: string) {
  const named = executor
    .selectFrom("touchpoints as t")
    .where("t.account_id", "=", accountId)
    .where("t.advocacy_stakeholder_id", "=", stakeholderId)
    .where("t.kind", "in", [...ADVOCACY_KINDS]);
  const [row, groups, newest] = await Promise.all([
    people(executor).where("s.account_id", "=", accountId).where("s.id", "=", stakeholderId).executeTakeFirst(),
    named
      .select(["t.kind", "t.advocacy_polarity as polarity", sql<number>`count(*)::int`.as("n")])
      .groupBy(["t.kind", "t.advocacy_polarity"])
      .execute(),
    named
      .select(["t.id", "t.kind", "t.title", "t.occurred_at", "t.advocacy_polarity as polarity", "t.advocacy_source as source"])
      .orderBy("t.occurred_at", "desc")
      .orderBy("t.id", "desc")
      .limit(PERSON_ADVOCACY_NEWEST)
      .execute(),
  ]);
  if (!row) return null;
  const p = toPerson(row);
  return {
    latestNps: p.latestNps,
    openSurprises: p.openSurprises,
    readiness: referenceReadiness(p) as Readiness,
    given: advocacyCounts(groups),
    newest: newest.map((n) => ({ ...n, polarity: n.polarity ?? "positive", source: n.source ?? "" })),
  };
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
