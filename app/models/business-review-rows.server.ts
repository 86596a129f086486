import type { Executor } from "#app/utils/db.server.ts";

// A review's items and comments as the staff page (business-reviews.server.ts)
// and the portal (portal-reviews.server.ts) read them, each choosing its own
// columns. A module of its own, so the portal's pages do not reach the staff
// side's writes and their messages.

/**
 * The items `i` of a review in the order they were added (at most 500), with
 * the person they name `s`. Callers choose the columns: the portal only those
 * its role may read (app/models/portal-reviews.server.ts).
 */
export function reviewItems(executor: Executor, accountId: string, reviewId: string) {
  return executor
    .selectFrom("business_review_items as i")
    .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "i.account_id").onRef("s.id", "=", "i.stakeholder_id"))
    .where("i.account_id", "=", accountId)
    .where("i.review_id", "=", reviewId)
    .orderBy("i.created_at")
    .orderBy("i.id")
    .limit(500);
}

/** The comments `c` on a review in the order they were written (at most 1000), with the customer's person `s`; columns as reviewItems. */
export function reviewComments(executor: Executor, accountId: string, reviewId: string) {
  return executor
    .selectFrom("business_review_comments as c")
    .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "c.account_id").onRef("s.id", "=", "c.stakeholder_id"))
    .where("c.account_id", "=", accountId)
    .where("c.review_id", "=", reviewId)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .limit(1000);
}
