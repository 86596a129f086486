import { sql, type ExpressionBuilder } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { portalUsers } from "./portal-access.server.ts";
import { awaitingAnswer } from "./portal.server.ts";

// Portal life, for the account's KAM: per portal user, when they were invited,
// when they last signed in, and what they did in the portal (each portal action
// records a portal touchpoint authored by them: a confirmation, a dispute, an
// answer to a notice, a survey answer, a new expectation); per account, how
// many deliveries wait for the customer's confirmation and since when.

/** Each portal user of the account (revoked ones too, last), with their portal life. */
export async function listPortalLife(executor: Executor, accountId: string) {
  return portalUsers(executor, accountId)
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
      portalActions(eb).select(sql<number>`count(*)::int`.as("n")).as("actions"),
      latestPortalAction(eb).select("t.occurred_at").as("last_action_at"),
      latestPortalAction(eb).select("t.title_key").as("last_action"),
    ])
    .orderBy("pa.user_id")
    .execute();
}

/** The portal touchpoints `t` the portal user `pa` wrote on their account (each of their portal actions). */
function portalActions(eb: ExpressionBuilder<DB & { pa: DB["portal_access"] }, "pa">) {
  return eb
    .selectFrom("touchpoints as t")
    .whereRef("t.account_id", "=", "pa.account_id")
    .whereRef("t.author_id", "=", "pa.user_id")
    .where("t.source", "=", "portal");
}

/** The portal user's latest portal action. */
function latestPortalAction(eb: ExpressionBuilder<DB & { pa: DB["portal_access"] }, "pa">) {
  return portalActions(eb).orderBy("t.occurred_at", "desc").limit(1);
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
