import { sql } from "kysely";
import {
  advocacyCounts,
  INFLUENTIAL,
  influentialPromoters,
  referenceReadiness,
  type Readiness,
} from "#app/domain/advocacy.ts";
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

/**
 * Promoters with influence across live accounts, or one KAM's (ownerId): the
 * first `limit` in the domain's order (rankPromoters, which SQL gives here),
 * each with its readiness. Each stakeholder's latest NPS answer is read in one
 * ordered pass over the scope's answers, and open surprises are counted for
 * the listed few only (at 5,000 accounts: 23,000 people of influence, 9,000 of
 * them promoters; reading and ranking every one took about a second).
 */
export async function listInfluentialPromoters(executor: Executor, ownerId: string | null, limit = 50) {
  const liveAccounts = executor
    .selectFrom("accounts as a2")
    .select("a2.id")
    .where("a2.archived_at", "is", null)
    .$if(ownerId !== null, (qb) => qb.where("a2.owner_id", "=", ownerId!));
  const top = await executor
    .with("latest", (qc) =>
      qc
        .selectFrom("survey_responses as r")
        .distinctOn(["r.account_id", "r.stakeholder_id"])
        .select(["r.account_id", "r.stakeholder_id", "r.score", "r.answered_at"])
        .where("r.kind", "=", "nps")
        .where("r.account_id", "in", liveAccounts)
        .orderBy("r.account_id")
        .orderBy("r.stakeholder_id")
        .orderBy("r.answered_at", "desc"),
    )
    .selectFrom("latest as l")
    .innerJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "l.account_id").onRef("s.id", "=", "l.stakeholder_id"))
    .select(["s.id", "s.account_id", "l.score", "l.answered_at"])
    .where("l.score", ">=", 9)
    .where("s.influence", ">=", INFLUENTIAL)
    .where("s.left_on", "is", null)
    .orderBy("s.influence", "desc")
    .orderBy("l.score", "desc")
    .orderBy("l.answered_at", "desc")
    .orderBy("s.id")
    .limit(limit)
    .execute();
  if (top.length === 0) return [];
  // The rest of each person's facts; their latest answer is the one they were ranked by.
  const ranked = new Map(top.map((t) => [t.id, t]));
  const rows = await people(executor)
    .where((eb) => eb.or(top.map((p) => eb.and([eb("s.account_id", "=", p.account_id), eb("s.id", "=", p.id)]))))
    .execute();
  return influentialPromoters(
    rows.map((r) => ({ ...toPerson(r), latestNps: ranked.get(r.id)!.score, latestNpsAt: ranked.get(r.id)!.answered_at })),
  );
}
