import { sql, type Selectable, type UpdateObject } from "kysely";
import type { BusinessReviewsTable, DB } from "#db/schema.ts";
import { diffDays } from "#app/domain/dates.ts";
import { canEditAccount, type Actor } from "#app/domain/permissions.ts";
import {
  canMoveReview,
  readReviewPack,
  reviewItemsEditable,
  reviewTextEditable,
  type ReviewPack,
  type ReviewState,
} from "#app/domain/review-pack.ts";
import {
  REVIEW_MAX_DAYS,
  type ReviewCommentInput,
  type ReviewCreateInput,
  type RecordMeetingInput,
  type ReviewItemInput,
  type ReviewTextInput,
} from "#app/schemas/business-review.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { refuseStaleVersion } from "./change-history.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { createExpectation } from "./expectation-changes.server.ts";
import { createTouchpoint } from "./touchpoint-changes.server.ts";
import { computeReviewPack } from "./review-pack.server.ts";
import { reviewComments, reviewItems } from "./business-review-rows.server.ts";
import { lockVersioned, saveNextVersion } from "./versioned-rows.server.ts";

// Business reviews on the staff side: reads scoped by account, writes that
// check the account's write rule (canEditAccount), the review's state and the
// version the editor saw, and write an audit event in the same transaction.
// The caller opens the transaction.

interface Context {
  actor: Actor;
  ip?: string | null;
}

export type ReviewRow = Selectable<BusinessReviewsTable>;

const REVIEWS_LISTED = 200;

export function listReviews(executor: Executor, accountId: string) {
  return executor
    .selectFrom("business_reviews as r")
    .leftJoin("users as u", "u.id", "r.created_by")
    .select(["r.id", "r.title", "r.period_start", "r.period_end", "r.state", "r.published_at", "r.held_at", "r.updated_at", "u.name as created_by_name"])
    .select((eb) =>
      eb
        .selectFrom("business_review_comments as c")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("c.account_id", "=", "r.account_id")
        .whereRef("c.review_id", "=", "r.id")
        .where("c.from_customer", "=", true)
        .as("customer_comments"),
    )
    .where("r.account_id", "=", accountId)
    .orderBy("r.period_end", "desc")
    .orderBy("r.created_at", "desc")
    .limit(REVIEWS_LISTED)
    .execute();
}

/** One review with its items and comments (names of who wrote them), or undefined. */
export async function getReview(executor: Executor, accountId: string, reviewId: string) {
  const review = await executor
    .selectFrom("business_reviews")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("id", "=", reviewId)
    .executeTakeFirst();
  if (!review) return undefined;
  const [items, comments] = await Promise.all([
    reviewItems(executor, accountId, reviewId)
      .leftJoin("users as u", "u.id", "i.created_by")
      .leftJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "i.account_id").onRef("e.id", "=", "i.expectation_id"))
      .select([
        "i.id",
        "i.kind",
        "i.title",
        "i.description",
        "i.due_date",
        "i.importance",
        "i.stakeholder_id",
        "i.from_customer",
        "i.expectation_id",
        "i.created_at",
        "s.name as stakeholder_name",
        "u.name as created_by_name",
        "e.title as expectation_title",
      ])
      .execute(),
    reviewComments(executor, accountId, reviewId)
      .leftJoin("users as u", "u.id", "c.author_id")
      .select(["c.id", "c.item_key", "c.body", "c.from_customer", "c.created_at", "s.name as stakeholder_name", "u.name as author_name"])
      .execute(),
  ]);
  return { review, items, comments };
}
export type ReviewWithParts = NonNullable<Awaited<ReturnType<typeof getReview>>>;

/**
 * The pack a review shows: its stored figures once shared or published (never
 * recomputed: what was presented stays), computed now while it is a draft.
 */
export async function reviewPackOf(
  executor: Executor,
  review: Pick<ReviewRow, "account_id" | "period_start" | "period_end" | "figures">,
  options: { today: string; now: Date },
): Promise<{ pack: ReviewPack | null; frozen: boolean }> {
  if (review.figures !== null) return { pack: readReviewPack(review.figures), frozen: true };
  const pack = await computeReviewPack(executor, review.account_id, { from: review.period_start, to: review.period_end }, options);
  return { pack, frozen: false };
}

async function accountForWrite(trx: Trx, actor: Actor, accountId: string) {
  const account = await accountForRights(trx, accountId);
  if (!canEditAccount(actor, account)) throw new ForbiddenError("Not the account's editor.", "review.notAllowed");
  return account;
}

async function lockReview(trx: Trx, actor: Actor, accountId: string, reviewId: string, version?: number) {
  await accountForWrite(trx, actor, accountId);
  const before = await lockVersioned(trx, "business_reviews", accountId, reviewId);
  if (!before) throw new NotFoundError("review");
  if (version !== undefined) {
    const stored = { entity: "business_review", id: reviewId, version: before.version };
    await refuseStaleVersion(trx, stored, version, () => ({ ...before, figures: null }));
  }
  return before;
}

/**
 * Writes a locked review's changes as its next version, and the audit event of
 * them (`action`; `before` and `after` say what the event keeps of each side,
 * the whole row unless told).
 */
async function saveReview(
  trx: Trx,
  { actor, ip }: Context,
  before: ReviewRow,
  changes: UpdateObject<DB, "business_reviews">,
  audit: { action: string; before?: Record<string, unknown>; after?: (after: ReviewRow) => Record<string, unknown> },
) {
  const after = await saveNextVersion(trx, "business_reviews", before, changes);
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: before.account_id,
    entity: "business_review",
    entityId: before.id,
    action: audit.action,
    before: audit.before ?? before,
    after: audit.after ? audit.after(after) : after,
    ip,
  });
  return after;
}

function checkPeriod(input: { period_start: string; period_end: string }) {
  if (diffDays(input.period_start, input.period_end) > REVIEW_MAX_DAYS) {
    throw new FieldError({ period_end: { key: "review.periodTooLong" } });
  }
}

export async function createReview(trx: Trx, { actor, ip }: Context, accountId: string, input: ReviewCreateInput) {
  await accountForWrite(trx, actor, accountId);
  checkPeriod(input);
  const created = await trx
    .insertInto("business_reviews")
    .values({ account_id: accountId, title: input.title, period_start: input.period_start, period_end: input.period_end, created_by: actor.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, accountId, entity: "business_review", entityId: created.id, action: "create", after: created, ip });
  return created;
}

/** The KAM's words: title, summary, highlights; until the pack is published. */
export async function updateReviewText(trx: Trx, context: Context, accountId: string, reviewId: string, input: ReviewTextInput) {
  const before = await lockReview(trx, context.actor, accountId, reviewId, input.version);
  if (!reviewTextEditable(before.state)) throw new FieldError({ "": { key: "review.textFrozen" } });
  const { title, summary, highlights } = input;
  return saveReview(trx, context, before, { title, summary, highlights }, { action: "update" });
}

/**
 * Shares the review with the customer's portal users, or publishes it. Either
 * stores the figures as they are today; publishing freezes them for good (a
 * shared review is refreshed when it is published).
 */
export async function moveReview(
  trx: Trx,
  context: Context,
  accountId: string,
  reviewId: string,
  to: "shared" | "published",
  version: number,
  clock: { today: string; now: Date },
) {
  const { actor } = context;
  const before = await lockReview(trx, actor, accountId, reviewId, version);
  if (!canMoveReview(before.state, to)) throw new FieldError({ "": { key: "review.cannotMove" } });
  const pack = await computeReviewPack(trx, accountId, { from: before.period_start, to: before.period_end }, clock);
  const changes = {
    state: to,
    // A JS object, not a JSON string (postgres.js would store a string as a JSON string).
    figures: pack as unknown as Record<string, unknown>,
    figures_on: clock.today,
    shared_at: before.shared_at ?? clock.now,
    ...(to === "published" ? { published_at: clock.now, published_by: actor.id } : {}),
  };
  return saveReview(trx, context, before, changes, {
    action: to === "published" ? "publish" : "share",
    before: { state: before.state },
    after: (after) => ({ state: after.state, figures_on: after.figures_on }),
  });
}

/** A commitment proposed for the next period; until the meeting is recorded. */
export async function addProposedItem(trx: Trx, { actor, ip }: Context, accountId: string, reviewId: string, input: ReviewItemInput) {
  const review = await lockReview(trx, actor, accountId, reviewId);
  if (!reviewItemsEditable(review.state)) throw new FieldError({ "": { key: "review.itemsFrozen" } });
  const item = await trx
    .insertInto("business_review_items")
    .values({
      account_id: accountId,
      review_id: reviewId,
      kind: "proposed",
      title: input.title,
      description: input.description,
      due_date: input.due_date ?? null,
      importance: input.importance,
      created_by: actor.id,
      from_customer: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, accountId, entity: "business_review_item", entityId: item.id, action: "create", after: item, ip });
  return item;
}

/** Removes a proposed commitment that was not yet agreed; the customer's own items stay (they are theirs). */
export async function removeProposedItem(trx: Trx, { actor, ip }: Context, accountId: string, reviewId: string, itemId: string) {
  const review = await lockReview(trx, actor, accountId, reviewId);
  if (!reviewItemsEditable(review.state)) throw new FieldError({ "": { key: "review.itemsFrozen" } });
  const removed = await trx
    .deleteFrom("business_review_items")
    .where("account_id", "=", accountId)
    .where("review_id", "=", reviewId)
    .where("id", "=", itemId)
    .where("kind", "=", "proposed")
    .where("expectation_id", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!removed) throw new NotFoundError("review_item");
  await writeAudit(trx, { actorId: actor.id, accountId, entity: "business_review_item", entityId: itemId, action: "delete", before: removed, ip });
}

/** A comment of ours on any part of the pack (the customer's come from the portal). */
export async function addStaffComment(trx: Trx, { actor, ip }: Context, accountId: string, reviewId: string, input: ReviewCommentInput) {
  const review = await lockReview(trx, actor, accountId, reviewId);
  await checkItemTarget(trx, accountId, reviewId, input.item_key);
  const comment = await trx
    .insertInto("business_review_comments")
    .values({ account_id: accountId, review_id: review.id, item_key: input.item_key, body: input.body, author_id: actor.id, from_customer: false })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, accountId, entity: "business_review_comment", entityId: comment.id, action: "create", after: comment, ip });
  return comment;
}

/** A comment on an item must name an item of this very review. */
export async function checkItemTarget(executor: Executor, accountId: string, reviewId: string, key: string) {
  if (!key.startsWith("item:")) return;
  const item = await executor
    .selectFrom("business_review_items")
    .select("id")
    .where("account_id", "=", accountId)
    .where("review_id", "=", reviewId)
    .where("id", "=", key.slice(5))
    .executeTakeFirst();
  if (!item) throw new FieldError({ item_key: { key: "review.noSuchItem" } });
}

/**
 * After the meeting, in one step (the caller's transaction): the review
 * becomes a business-review touchpoint with its participants from both sides
 * (shared with the customer), and each agreed item enters the ledger through
 * the ledger's own createExpectation (every rule of a new expectation applies),
 * held by the customer — the item's author, or the holder chosen — with the
 * meeting as its source. The review is then held: kept as presented.
 * A refusal at any item rolls everything back; its message names the item.
 */
export async function recordReviewMeeting(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  reviewId: string,
  input: Omit<RecordMeetingInput, "intent">,
) {
  const before = await lockReview(trx, actor, accountId, reviewId, input.version);
  if (!canMoveReview(before.state, "held")) throw new FieldError({ "": { key: "review.recordNeedsPublished" } });
  const account = await trx.selectFrom("accounts").select("owner_id").where("id", "=", accountId).executeTakeFirstOrThrow();
  const ids = [...new Set(input.agreed.map((a) => a.itemId))];
  const items = ids.length
    ? await trx
        .selectFrom("business_review_items")
        .selectAll()
        .where("account_id", "=", accountId)
        .where("review_id", "=", reviewId)
        .where("id", "in", ids)
        .execute()
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const a of input.agreed) {
    const item = byId.get(a.itemId);
    if (!item || item.kind === "agenda" || item.expectation_id) throw new FieldError({ [`agreed_${a.itemId}`]: { key: "review.noSuchItem" } });
  }
  const meeting = await createTouchpoint(trx, { actor, ip }, accountId, {
    kind: "business_review",
    occurred_at: input.occurred_at,
    title: before.title,
    summary: input.summary,
    internal_notes: "",
    stakeholder_ids: input.stakeholder_ids,
    user_ids: input.user_ids,
    emotion_tags: [],
    moment_of_truth: false,
    positive_surprise: false,
    shared_with_customer: true,
  });
  const created: string[] = [];
  for (const a of input.agreed) {
    const item = byId.get(a.itemId)!;
    const holder = a.holder_stakeholder_id ?? item.stakeholder_id ?? undefined;
    if (!holder) throw new FieldError({ [`holder_${item.id}`]: { key: "review.holderRequired" } });
    let expectation;
    try {
      expectation = await createExpectation(trx, { actor, ip }, accountId, {
        title: item.title,
        description: item.description,
        category: a.category,
        holder_stakeholder_id: holder,
        source: "touchpoint",
        source_touchpoint_id: meeting.id,
        importance: item.importance,
        owner_id: account.owner_id,
        due_date: a.due_date,
      });
    } catch (error) {
      // The ledger's message, at this item's field.
      if (error instanceof FieldError) {
        const first = Object.entries(error.fieldErrors)[0]!;
        const field = first[0] === "holder_stakeholder_id" ? `holder_${item.id}` : first[0] === "due_date" ? `due_${item.id}` : `agreed_${item.id}`;
        throw new FieldError({ [field]: first[1] });
      }
      throw error;
    }
    await trx
      .updateTable("business_review_items")
      .set({ expectation_id: expectation.id, due_date: a.due_date })
      .where("account_id", "=", accountId)
      .where("id", "=", item.id)
      .execute();
    created.push(expectation.id);
  }
  const after = await saveReview(
    trx,
    { actor, ip },
    before,
    { state: "held", held_at: sql`now()`, meeting_touchpoint_id: meeting.id },
    {
      action: "record_meeting",
      before: { state: before.state },
      after: (row) => ({ state: row.state, meeting_touchpoint_id: meeting.id, expectations: created }),
    },
  );
  return { review: after, touchpointId: meeting.id, expectationIds: created };
}

export type { ReviewState };
