import { sql } from "kysely";
import type { Executor } from "#app/utils/db.server.ts";
import { awaitingAnswer } from "./portal.server.ts";

// Portal life, for the account's KAM: per portal user, when they were invited,
// when they last signed in, and what they did in the portal (each portal action
// records a portal touchpoint authored by them: a confirmation, a dispute, an
// answer to a notice, a survey answer, a new expectation); per account, how
// many deliveries wait for the customer's confirmation and since when.

/** Each portal user of the account (revoked ones too, last), with their portal life. */
export async function listPortalLife(executor: Executor, accountId: string) {
  return executor
    .selectFrom("portal_access as pa")
    .innerJoin("users as u", "u.id", "pa.user_id")
    .innerJoin("stakeholders as s", (j) =>
      j.onRef("s.account_id", "=", "pa.account_id").onRef("s.id", "=", "pa.stakeholder_id"),
    )
    .select((eb) => [
      "pa.user_id",
      "u.name",
      "u.email",
      "s.name as stakeholder_name",
      "pa.created_at as access_since",
      "pa.revoked_at",
      eb
        .selectFrom("portal_invitations as i")
        .select("i.created_at")
        .whereRef("i.account_id", "=", "pa.account_id")
        .whereRef("i.accepted_user_id", "=", "pa.user_id")
        .orderBy("i.created_at", "desc")
        .limit(1)
        .as("invited_at"),
      sql<Date | null>`greatest(
        (select max(se.created_at) from sessions se where se.user_id = pa.user_id),
        (select a.at from audit_events a where a.actor_id = pa.user_id and a.action = 'sign_in' order by a.at desc limit 1)
      )`.as("last_sign_in_at"),
      eb
        .selectFrom("touchpoints as t")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("t.account_id", "=", "pa.account_id")
        .whereRef("t.author_id", "=", "pa.user_id")
        .where("t.source", "=", "portal")
        .as("actions"),
      eb
        .selectFrom("touchpoints as t")
        .select("t.occurred_at")
        .whereRef("t.account_id", "=", "pa.account_id")
        .whereRef("t.author_id", "=", "pa.user_id")
        .where("t.source", "=", "portal")
        .orderBy("t.occurred_at", "desc")
        .limit(1)
        .as("last_action_at"),
      eb
        .selectFrom("touchpoints as t")
        .select("t.title_key")
        .whereRef("t.account_id", "=", "pa.account_id")
        .whereRef("t.author_id", "=", "pa.user_id")
        .where("t.source", "=", "portal")
        .orderBy("t.occurred_at", "desc")
        .limit(1)
        .as("last_action"),
    ])
    .where("pa.account_id", "=", accountId)
    .orderBy((eb) => eb.case().when("pa.revoked_at", "is", null).then(0).else(1).end())
    .orderBy("s.name")
    .orderBy("pa.user_id")
    .limit(500)
    .execute();
}

export type PortalLifeRow = Awaited<ReturnType<typeof listPortalLife>>[number];

/** Deliveries of the last year awaiting the customer's confirmation: how many, and the oldest delivery day. */
export async function awaitingConfirmation(executor: Executor, accountId: string, now: Date = new Date()) {
  const row = await awaitingAnswer(executor, accountId, now)
    .select([
      sql<number>`count(*)::int`.as("count"),
      sql<string | null>`min(coalesce(delivered_on, due_date))::text`.as("oldest"),
    ])
    .executeTakeFirstOrThrow();
  return { count: row.count, oldest: row.count ? row.oldest : null };
}
