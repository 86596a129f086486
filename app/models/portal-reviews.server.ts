import { randomUUID } from "node:crypto";
import { readReviewPack, reviewOpenToCustomer } from "#app/domain/review-pack.ts";
import type { PortalReviewItemInput, ReviewCommentInput } from "#app/schemas/business-review.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";
import { auditPortalAction, type PortalActor } from "./portal-actor.server.ts";
import { reviewComments, reviewItems } from "./business-review-rows.server.ts";

// Business reviews in the customer portal. Every function runs inside the
// portal's scope (withPortalScope / withPortalWrite, app/models/portal-scope.server.ts):
// as the portal role, which reads only the scoped account's reviews that are no
// longer drafts, and adds items and comments only while a review is open to the
// customer (the migration's policies hold that even if a check here were
// missed). The account and stakeholder come from the session (PortalActor).

const LISTED = 100;

/** The account's reviews the customer may read, newest period first. */
export function listPortalReviews(trx: Trx, accountId: string) {
  return trx
    .selectFrom("business_reviews")
    .select(["id", "title", "period_start", "period_end", "state", "published_at", "held_at"])
    .where("account_id", "=", accountId)
    .where("state", "<>", "draft")
    .orderBy("period_end", "desc")
    .orderBy("id")
    .limit(LISTED)
    .execute();
}

/** One review as the customer reads it: its stored pack, the items and the comments; undefined when not theirs to read. */
export async function getPortalReview(trx: Trx, accountId: string, reviewId: string) {
  const review = await trx
    .selectFrom("business_reviews")
    .select(["id", "title", "period_start", "period_end", "state", "summary", "highlights", "figures", "figures_on", "published_at", "held_at"])
    .where("account_id", "=", accountId)
    .where("id", "=", reviewId)
    .where("state", "<>", "draft")
    .executeTakeFirst();
  if (!review) return undefined;
  const items = await reviewItems(trx, accountId, reviewId)
    .select(["i.id", "i.kind", "i.title", "i.description", "i.due_date", "i.importance", "i.from_customer", "i.expectation_id", "i.created_at", "s.name as stakeholder_name"])
    .execute();
  const comments = await reviewComments(trx, accountId, reviewId)
    .select(["c.id", "c.item_key", "c.body", "c.from_customer", "c.created_at", "s.name as stakeholder_name"])
    .execute();
  const { figures, ...rest } = review;
  return { review: rest, pack: readReviewPack(figures), items, comments };
}

async function openReview(trx: Trx, actor: PortalActor, reviewId: string) {
  const review = await trx
    .selectFrom("business_reviews")
    .select(["id", "state"])
    .where("account_id", "=", actor.accountId)
    .where("id", "=", reviewId)
    .where("state", "<>", "draft")
    .executeTakeFirst();
  if (!review) throw new NotFoundError("review");
  if (!reviewOpenToCustomer(review.state)) throw new FieldError({ "": { key: "portalReview.closed" } });
  return review;
}

/** The customer's comment on any part of the pack or on an item of the review. */
export async function addCustomerComment(trx: Trx, actor: PortalActor, reviewId: string, input: ReviewCommentInput) {
  await openReview(trx, actor, reviewId);
  if (input.item_key.startsWith("item:")) {
    const item = await trx
      .selectFrom("business_review_items")
      .select("id")
      .where("account_id", "=", actor.accountId)
      .where("review_id", "=", reviewId)
      .where("id", "=", input.item_key.slice(5))
      .executeTakeFirst();
    if (!item) throw new FieldError({ item_key: { key: "review.noSuchItem" } });
  }
  const id = randomUUID();
  // No RETURNING: the portal role reads back only the columns granted to it.
  await trx
    .insertInto("business_review_comments")
    .values({
      account_id: actor.accountId,
      review_id: reviewId,
      id,
      item_key: input.item_key,
      body: input.body,
      author_id: actor.userId,
      stakeholder_id: actor.stakeholderId,
      from_customer: true,
    })
    .execute();
  await auditPortalAction(trx, actor, {
    entity: "business_review_comment",
    entityId: id,
    action: "customer_comment",
    after: { review_id: reviewId, item_key: input.item_key, body: input.body },
  });
  return id;
}

/** An expectation of the customer's for the next period, or an agenda point for the meeting. */
export async function addCustomerItem(trx: Trx, actor: PortalActor, reviewId: string, input: PortalReviewItemInput, today: string) {
  await openReview(trx, actor, reviewId);
  if (input.due_date && input.due_date < today) throw new FieldError({ due_date: { key: "portalPropose.dueInPast" } });
  const id = randomUUID();
  const kind = input.intent === "addExpectation" ? "customer_expectation" : "agenda";
  await trx
    .insertInto("business_review_items")
    .values({
      account_id: actor.accountId,
      review_id: reviewId,
      id,
      kind,
      title: input.title,
      description: input.description,
      due_date: kind === "agenda" ? null : (input.due_date ?? null),
      stakeholder_id: actor.stakeholderId,
      created_by: actor.userId,
      from_customer: true,
    })
    .execute();
  await auditPortalAction(trx, actor, {
    entity: "business_review_item",
    entityId: id,
    action: "customer_add",
    after: { review_id: reviewId, kind, title: input.title, due_date: input.due_date ?? null },
  });
  return id;
}
