import { daysBefore } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The rows behind customer ratings, shared by the rating writes and lists
// (experience-ratings.server.ts), the portal's readers and actions
// (portal.server.ts, portal-actions.server.ts) and the below_expected risk
// rule's inputs (scoring-inputs.server.ts). A module of its own, so a page that
// only reads them does not reach the portal's rating action and its messages.

/** How far back the portal offers deliveries and touchpoints to rate. */
export const RATEABLE_DAYS = 90;
const RATEABLE_KINDS_EXCLUDED = ["invoice", "survey", "committee_change"] as const;

/** The account's touchpoints the customer may rate: shared with them, and not an invoice, a survey or a committee change. */
export function rateableTouchpoints(executor: Executor, accountId: string) {
  return executor
    .selectFrom("touchpoints")
    .where("account_id", "=", accountId)
    .where("shared_with_customer", "=", true)
    .where("kind", "not in", RATEABLE_KINDS_EXCLUDED);
}

/** The rateable touchpoints of the last RATEABLE_DAYS days until `now`, newest first (the portal offers 20). */
export function recentRateableTouchpoints(executor: Executor, accountId: string, now: Date) {
  return rateableTouchpoints(executor, accountId)
    .select(["id", "kind", "title", "occurred_at"])
    .where("occurred_at", ">=", daysBefore(now, RATEABLE_DAYS))
    .where("occurred_at", "<=", now)
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(20)
    .execute();
}

/**
 * The account's ratings `r` from `since` on, newest first, each with the title
 * of what was rated (`subject_title`: the touchpoint's or the delivery's).
 * Callers choose the other columns and how many.
 */
export function ratingsWithSubject(executor: Executor, accountId: string, since: Date) {
  return executor
    .selectFrom("experience_ratings as r")
    .leftJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "r.account_id").onRef("t.id", "=", "r.touchpoint_id"))
    .leftJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "r.account_id").onRef("e.id", "=", "r.expectation_id"))
    .select((eb) => eb.fn.coalesce("t.title", "e.title").as("subject_title"))
    .where("r.account_id", "=", accountId)
    .where("r.rated_at", ">=", since)
    .orderBy("r.rated_at", "desc");
}
