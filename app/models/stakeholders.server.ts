import type { ExpressionBuilder } from "kysely";
import type { DB } from "#db/schema.ts";
import { TWO_WAY_KINDS } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { lastPortalActivity } from "./portal-activity.server.ts";
import { STAKEHOLDER_PROFILE, STAKEHOLDER_PROFILE_OF_S } from "./record-columns.server.ts";

/**
 * The time of our latest two-way contact with stakeholder `s` (up to `until`
 * when given), as `last_two_way_contact`: read per person by
 * touchpoint_stakeholders_contact_idx.
 */
export function lastTwoWayContact(eb: ExpressionBuilder<DB & { s: DB["stakeholders"] }, "s">, until?: Date) {
  return eb
    .selectFrom("touchpoint_stakeholders as ts")
    .innerJoin("touchpoints as t", (j) =>
      j.onRef("t.account_id", "=", "ts.account_id").onRef("t.id", "=", "ts.touchpoint_id"),
    )
    .select("ts.occurred_at")
    .whereRef("ts.account_id", "=", "s.account_id")
    .whereRef("ts.stakeholder_id", "=", "s.id")
    .where("t.kind", "in", TWO_WAY_KINDS)
    .$if(until !== undefined, (qb) => qb.where("ts.occurred_at", "<=", until!))
    .orderBy("ts.occurred_at", "desc")
    .limit(1)
    .as("last_two_way_contact");
}

/**
 * Stakeholder `s`'s latest NPS answer (the caller selects what it needs of
 * survey_responses `r`): read per person by survey_responses' per-person index.
 */
export function latestNpsAnswer(eb: ExpressionBuilder<DB & { s: DB["stakeholders"] }, "s">) {
  return eb
    .selectFrom("survey_responses as r")
    .whereRef("r.account_id", "=", "s.account_id")
    .whereRef("r.stakeholder_id", "=", "s.id")
    .where("r.kind", "=", "nps")
    .orderBy("r.answered_at", "desc")
    .limit(1);
}

/** The buying committee of one account, present members first. */
export function listStakeholders(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders")
    .select([
      "id",
      ...STAKEHOLDER_PROFILE,
      "reports_to_id",
      "left_on",
      "version",
    ])
    .where("account_id", "=", accountId)
    .orderBy((eb) => eb.case().when("left_on", "is", null).then(0).else(1).end())
    .orderBy("influence", "desc")
    .orderBy("name")
    .limit(500)
    .execute();
}

/**
 * The committee page's people: everyone of the account (who left too, the page
 * decides what to show), each with our latest two-way contact and their latest
 * NPS answer from `npsSince` up to `now`. Both come from index-backed lookups
 * per person (touchpoint_stakeholders_contact_idx, survey_responses' per-person index).
 */
export function listCommittee(executor: Executor, accountId: string, options: { npsSince: Date; now: Date }) {
  return executor
    .selectFrom("stakeholders as s")
    .leftJoinLateral(
      (eb) =>
        latestNpsAnswer(eb)
          .select(["r.score as nps_score", "r.answered_at as nps_answered_at"])
          .where("r.answered_at", ">=", options.npsSince)
          .where("r.answered_at", "<=", options.now)
          .as("nps"),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      "s.id",
      ...STAKEHOLDER_PROFILE_OF_S,
      "s.reports_to_id",
      "s.left_on",
      "s.version",
      "nps.nps_score",
      "nps.nps_answered_at",
      lastTwoWayContact(eb, options.now),
      lastPortalActivity,
    ])
    .where("s.account_id", "=", accountId)
    .orderBy((eb) => eb.case().when("s.left_on", "is", null).then(0).else(1).end())
    .orderBy("s.influence", "desc")
    .orderBy("s.name")
    .orderBy("s.id")
    .limit(500)
    .execute();
}

export type CommitteeMember = Awaited<ReturnType<typeof listCommittee>>[number];

/** One stakeholder of one account, with the name of whom they report to. */
export function getStakeholder(executor: Executor, accountId: string, stakeholderId: string) {
  return executor
    .selectFrom("stakeholders as s")
    .leftJoin("stakeholders as m", (j) =>
      j.onRef("m.account_id", "=", "s.account_id").onRef("m.id", "=", "s.reports_to_id"),
    )
    .selectAll("s")
    .select(["m.name as reports_to_name", "m.left_on as reports_to_left_on"])
    .where("s.account_id", "=", accountId)
    .where("s.id", "=", stakeholderId)
    .executeTakeFirst();
}

/** Every reporting link of the account (people who left too): what the loop check walks. */
export function listReportingLinks(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders")
    .select(["id", "name", "committee_role", "reports_to_id", "left_on"])
    .where("account_id", "=", accountId)
    .orderBy("name")
    .orderBy("id")
    .limit(1000)
    .execute();
}
