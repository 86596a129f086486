import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "#app/domain/dates.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import type { ReviewPack } from "#app/domain/review-pack.ts";
import { calendarDate } from "#app/domain/time.ts";
import { getAccountScoresApi } from "#app/models/api-scores.server.ts";
import {
  addProposedItem,
  createReview,
  getReview,
  moveReview,
  recordReviewMeeting,
  reviewPackOf,
  updateReviewText,
} from "#app/models/business-reviews.server.ts";
import { recordDelivery } from "#app/models/expectation-changes.server.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { addCustomerComment, addCustomerItem, getPortalReview } from "#app/models/portal-reviews.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as reviewAction, loader as reviewLoader } from "#app/routes/_app.accounts.$accountId_.reviews.$reviewId.tsx";
import { action as listAction, loader as listLoader } from "#app/routes/_app.accounts.$accountId_.reviews._index.tsx";
import { action as portalReviewAction, loader as portalReviewLoader } from "#app/routes/portal.reviews_.$reviewId.tsx";
import { db, type Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError } from "#app/utils/errors.server.ts";
import { createAccount, createExpectation, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// A business review's pack against the account page: the same figures for the
// same window; published figures frozen against later ledger changes; version
// checks, the write rule and the audit trail.

const today = calendarDate();
const clock = () => ({ today, now: new Date() });

async function world() {
  const kaisa = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const olli = await createUser(db(), { role: "kam", name: "Olli Other" });
  const account = await createAccount(db(), { owner_id: kaisa.id, name: "Acme Oy", external_id: "R-1" });
  const holder = await createStakeholder(db(), { account_id: account.id, name: "Helmi Holder", committee_role: "champion" });
  // Four that came due: kept, kept, missed, and an open one 8 days overdue (importance 3).
  const late = await createExpectation(db(), { account_id: account.id, title: "Late one", importance: 3, due_date: addDays(today, -8) });
  await createExpectation(db(), { account_id: account.id, due_date: addDays(today, -40), status: "resolved", outcome: "kept", delivered_on: addDays(today, -41) });
  await createExpectation(db(), { account_id: account.id, due_date: addDays(today, -70), status: "resolved", outcome: "kept", delivered_on: addDays(today, -70) });
  await createExpectation(db(), { account_id: account.id, title: "Missed one", due_date: addDays(today, -100), status: "resolved", outcome: "missed" });
  // Outside the twelve months: not in the figure.
  await createExpectation(db(), { account_id: account.id, due_date: addMonths(today, -14), status: "resolved", outcome: "missed" });
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, account.id));
  return { kaisa, olli, account, holder, late };
}

const write = <T>(fn: (trx: Trx) => Promise<T>) => db().transaction().execute(fn);

describe("the review pack", () => {
  it("has the account page's and the scores API's predictability for the same twelve months", async () => {
    const w = await world();
    const period = { from: addMonths(today, -12), to: today };
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Year review", period_start: period.from, period_end: period.to }),
    );
    const { pack } = await reviewPackOf(db(), review, clock());

    const page = await run(accountLoader, request(`/accounts/${w.account.id}`, { cookie: await sessionCookieFor(w.kaisa.id) }), {
      accountId: w.account.id,
    });
    expect(statusOf(page)).toBe(200);
    const view = (page.value as { health: AccountHealthView }).health;
    expect(view.predictability.window).toEqual(period);
    expect(pack!.predictability.value).toBe(view.predictability.value);
    expect(pack!.predictability.sample).toBe(view.predictability.sample);
    const api = await getAccountScoresApi(db(), w.account.id, today);
    expect(pack!.predictability.value).toBe(api.predictability.value);
    // Hand-worked: weights 3 (overdue) + 2 + 2 + 2 (missed); predictable 4 of 9.
    expect(pack!.predictability.value).toBeCloseTo(4 / 9, 10);
    expect(pack!.commitments).toMatchObject({ cameDue: 4, kept: 2, overdue: 1, missed: 1 });
  });

  it("freezes the figures when published: later ledger changes do not alter them", async () => {
    const w = await world();
    const period = { from: addMonths(today, -6), to: today };
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "H2", period_start: period.from, period_end: period.to }),
    );
    const published = await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "published", review.version, clock()));
    expect(published.state).toBe("published");
    const before = (await reviewPackOf(db(), published, clock())).pack as ReviewPack;
    expect(before.commitments.overdue).toBe(1);

    // The overdue one is delivered late, and a new missed one is recorded in the period.
    await write((trx) =>
      recordDelivery(trx, { actor: w.kaisa }, w.account.id, w.late.id, { version: w.late.version, outcome: "late", delivered_on: today, delivery_note: "" }),
    );
    await createExpectation(db(), { account_id: w.account.id, due_date: addDays(today, -3), status: "resolved", outcome: "missed" });

    const stored = (await getReview(db(), w.account.id, review.id))!.review;
    const after = await reviewPackOf(db(), stored, clock());
    expect(after.frozen).toBe(true);
    expect(after.pack).toEqual(before);
    // A draft of the same period follows the ledger.
    const draft = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Draft", period_start: period.from, period_end: period.to }),
    );
    const live = (await reviewPackOf(db(), draft, clock())).pack!;
    expect(live.commitments).toMatchObject({ overdue: 0, lateWithoutNotice: 1, missed: 2 });
  });

  it("checks versions, the state, the write rule, and audits every change", async () => {
    const w = await world();
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Q", period_start: addMonths(today, -3), period_end: today }),
    );
    const text = { intent: "saveText" as const, title: "Q review", summary: "Good quarter", highlights: "" };
    const saved = await write((trx) => updateReviewText(trx, { actor: w.kaisa }, w.account.id, review.id, { ...text, version: review.version }));
    expect(saved.version).toBe(review.version + 1);
    // A second editor with the old version loses the race, visibly.
    await expect(write((trx) => updateReviewText(trx, { actor: w.kaisa }, w.account.id, review.id, { ...text, version: review.version }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    // Another KAM reads but does not write.
    await expect(write((trx) => updateReviewText(trx, { actor: w.olli }, w.account.id, review.id, { ...text, version: saved.version }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await write((trx) => addProposedItem(trx, { actor: w.kaisa }, w.account.id, review.id, { intent: "addItem", title: "Monthly steering", description: "", importance: 2, due_date: addDays(today, 60) }));
    const published = await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "published", saved.version, clock()));
    // Published: the words are kept as presented.
    await expect(write((trx) => updateReviewText(trx, { actor: w.kaisa }, w.account.id, review.id, { ...text, version: published.version }))).rejects.toBeInstanceOf(
      FieldError,
    );
    await expect(write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "shared", published.version, clock()))).rejects.toBeInstanceOf(FieldError);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["entity", "action"])
      .where("account_id", "=", w.account.id)
      .where("entity", "in", ["business_review", "business_review_item"])
      .orderBy("at")
      .execute();
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
      "business_review:create",
      "business_review:update",
      "business_review_item:create",
      "business_review:publish",
    ]);
  });
});

describe("the review pages", () => {
  it("create a review from the account's Reviews section, then keep typed input on a bad save", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kaisa.id);
    const url = `/accounts/${w.account.id}/reviews`;
    const list = await run(listLoader, request(url, { cookie }), { accountId: w.account.id });
    expect(statusOf(list)).toBe(200);

    const bad = await run(listAction, formRequest(url, { title: "Q3", period_start: "2026-09-30", period_end: "2026-07-01" }, cookie), { accountId: w.account.id });
    expect(statusOf(bad)).toBe(400);
    expect(JSON.stringify(bad.value)).toContain("Q3");

    const created = await run(listAction, formRequest(url, { title: "Q3 review", period_start: addMonths(today, -3), period_end: today }, cookie), { accountId: w.account.id });
    expect(statusOf(created)).toBe(302);
    const reviewUrl = locationOf(created)!;
    const reviewId = reviewUrl.split("/").pop()!;
    const page = await run(reviewLoader, request(reviewUrl, { cookie }), { accountId: w.account.id, reviewId });
    expect(statusOf(page)).toBe(200);
    const data = page.value as { review: { version: number; state: string }; frozen: boolean; pack: ReviewPack };
    expect(data).toMatchObject({ review: { state: "draft" }, frozen: false });

    const empty = await run(reviewAction, formRequest(reviewUrl, { intent: "addItem", title: "", description: "kept words" }, cookie), { accountId: w.account.id, reviewId });
    expect(statusOf(empty)).toBe(400);
    expect(JSON.stringify(empty.value)).toContain("kept words");

    const stale = await run(reviewAction, formRequest(reviewUrl, { intent: "saveText", version: String(data.review.version + 5), title: "Mine", summary: "typed" }, cookie), { accountId: w.account.id, reviewId });
    expect(statusOf(stale)).toBe(409);
    expect(JSON.stringify(stale.value)).toContain("typed");

    const publish = await run(reviewAction, formRequest(reviewUrl, { intent: "publish", version: String(data.review.version) }, cookie), { accountId: w.account.id, reviewId });
    expect(statusOf(publish)).toBe(302);
    const after = await run(reviewLoader, request(reviewUrl, { cookie }), { accountId: w.account.id, reviewId });
    expect(after.value).toMatchObject({ review: { state: "published" }, frozen: true });
  });
});

describe("once per submission, and the print view", () => {
  it("makes one comment and one item of a form posted twice, on the staff page and in the portal", async () => {
    const w = await world();
    const customer = await createUser(db(), { role: "customer", name: "Helmi Customer" });
    await db().insertInto("portal_access").values({ account_id: w.account.id, user_id: customer.id, stakeholder_id: w.holder.id }).execute();
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Twice", period_start: addMonths(today, -3), period_end: today }),
    );
    await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "shared", review.version, clock()));
    const cookie = await sessionCookieFor(w.kaisa.id);
    const url = `/accounts/${w.account.id}/reviews/${review.id}`;
    const params = { accountId: w.account.id, reviewId: review.id };
    const page = await run(reviewLoader, request(url, { cookie }), params);
    const ids = (page.value as { submissionIds: { comment: string; item: string } }).submissionIds;
    const submissionId = ids.comment;
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);

    const comment = { intent: "comment", item_key: "nps", body: "Posted twice", submission_id: submissionId };
    for (let i = 0; i < 2; i++) expect(statusOf(await run(reviewAction, formRequest(url, comment, cookie), params))).toBe(302);
    const item = { intent: "addItem", title: "Proposed twice", description: "", importance: "2", submission_id: ids.item };
    for (let i = 0; i < 2; i++) expect(statusOf(await run(reviewAction, formRequest(url, item, cookie), params))).toBe(302);
    // A fresh form (a new id) is a new comment.
    const next = ((await run(reviewLoader, request(url, { cookie }), params)).value as { submissionIds: { comment: string } }).submissionIds.comment;
    expect(next).not.toBe(submissionId);
    await run(reviewAction, formRequest(url, { ...comment, body: "Another", submission_id: next }, cookie), params);

    const portalUrl = `/portal/reviews/${review.id}`;
    const portalCookie = await sessionCookieFor(customer.id);
    const portalPage = await run(portalReviewLoader, request(portalUrl, { cookie: portalCookie }), { reviewId: review.id });
    expect(statusOf(portalPage)).toBe(200);
    const portalIds = (portalPage.value as { submissionIds: { comment: string; addExpectation: string } }).submissionIds;
    const theirs = { intent: "comment", item_key: "general", body: "Customer twice", submission_id: portalIds.comment };
    for (let i = 0; i < 2; i++) expect(statusOf(await run(portalReviewAction, formRequest(portalUrl, theirs, portalCookie), { reviewId: review.id }))).toBe(302);
    const expectation = { intent: "addExpectation", title: "Expected twice", description: "", due_date: addDays(today, 30), submission_id: portalIds.addExpectation };
    for (let i = 0; i < 2; i++) expect(statusOf(await run(portalReviewAction, formRequest(portalUrl, expectation, portalCookie), { reviewId: review.id }))).toBe(302);

    const { comments, items } = (await getReview(db(), w.account.id, review.id))!;
    expect(comments.map((c) => c.body).sort()).toEqual(["Another", "Customer twice", "Posted twice"]);
    expect(items.map((i) => i.title).sort()).toEqual(["Expected twice", "Proposed twice"]);
    const audited = await db()
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("entity", "=", "business_review_comment")
      .where("account_id", "=", w.account.id)
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(3);
  });

  it("serves a print view without forms, to the staff and in the portal", async () => {
    const w = await world();
    const customer = await createUser(db(), { role: "customer", name: "Helmi Customer" });
    await db().insertInto("portal_access").values({ account_id: w.account.id, user_id: customer.id, stakeholder_id: w.holder.id }).execute();
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Printed", period_start: addMonths(today, -3), period_end: today }),
    );
    await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "published", review.version, clock()));
    const cookie = await sessionCookieFor(w.kaisa.id);
    const params = { accountId: w.account.id, reviewId: review.id };
    const screen = await run(reviewLoader, request(`/accounts/${w.account.id}/reviews/${review.id}`, { cookie }), params);
    expect(screen.value).toMatchObject({ printView: false, canEdit: true, canEditItems: true });
    const printed = await run(reviewLoader, request(`/accounts/${w.account.id}/reviews/${review.id}?print`, { cookie }), params);
    expect(printed.value).toMatchObject({ printView: true, canEdit: false, canEditText: false, canEditItems: false, submissionIds: undefined });
    expect((printed.value as { pack: ReviewPack | null }).pack).not.toBeNull();
    const portal = await run(portalReviewLoader, request(`/portal/reviews/${review.id}?print`, { cookie: await sessionCookieFor(customer.id) }), { reviewId: review.id });
    expect(portal.value).toMatchObject({ printView: true, open: false });
  });
});

describe("the review with the customer, and after the meeting", () => {
  it("lets the customer comment and add expectations in the portal; the KAM records the meeting and the ledger gets them", async () => {
    const w = await world();
    const customer = await createUser(db(), { role: "customer", name: "Helmi Customer" });
    await db().insertInto("portal_access").values({ account_id: w.account.id, user_id: customer.id, stakeholder_id: w.holder.id }).execute();
    const actor = { userId: customer.id, accountId: w.account.id, stakeholderId: w.holder.id };
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Q4", period_start: addMonths(today, -3), period_end: today }),
    );
    // A draft is not the customer's to read or add to.
    expect(await withPortalScope(w.account.id, (trx) => getPortalReview(trx, w.account.id, review.id))).toBeUndefined();
    await expect(
      withPortalScope(w.account.id, (trx) => addCustomerComment(trx, actor, review.id, { intent: "comment", item_key: "general", body: "Early" })),
    ).rejects.toThrow();

    const proposed = await write((trx) =>
      addProposedItem(trx, { actor: w.kaisa }, w.account.id, review.id, { intent: "addItem", title: "Quarterly roadmap call", description: "", importance: 3, due_date: addDays(today, 90) }),
    );
    const published = await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "published", review.version, clock()));
    await withPortalScope(w.account.id, (trx) =>
      addCustomerComment(trx, actor, review.id, { intent: "comment", item_key: "predictability", body: "The missed one hurt us" }),
    );
    for (const title of ["Faster invoicing fixes", "Named backup contact"]) {
      await withPortalScope(w.account.id, (trx) =>
        addCustomerItem(trx, actor, review.id, { intent: "addExpectation", title, description: "", due_date: addDays(today, 60) }, today),
      );
    }
    await withPortalScope(w.account.id, (trx) => addCustomerItem(trx, actor, review.id, { intent: "addAgenda", title: "Pricing 2027", description: "" }, today));
    const seen = await withPortalScope(w.account.id, (trx) => getPortalReview(trx, w.account.id, review.id));
    expect(seen!.items.map((i) => i.kind).sort()).toEqual(["agenda", "customer_expectation", "customer_expectation", "proposed"]);
    expect(seen!.pack?.predictability.sample).toBe(3);

    // The KAM's inbox has the comment.
    const inbox = await gatherInbox(db(), { id: w.kaisa.id, role: "kam" });
    expect(inbox.filter((i) => i.kind === "review_comment").map((i) => i.title)).toEqual(["The missed one hurt us"]);

    const { review: withItems, items } = (await getReview(db(), w.account.id, review.id))!;
    const customerItems = items.filter((i) => i.kind === "customer_expectation");
    const recorded = await write((trx) =>
      recordReviewMeeting(trx, { actor: w.kaisa }, w.account.id, review.id, {
        version: withItems.version,
        occurred_at: new Date(Date.now() - 3_600_000),
        summary: "Went through the pack",
        stakeholder_ids: [w.holder.id],
        user_ids: [w.kaisa.id],
        agreed: [
          ...customerItems.map((i) => ({ itemId: i.id, due_date: addDays(today, 45), holder_stakeholder_id: undefined, category: "delivery" as const })),
          { itemId: proposed.id, due_date: addDays(today, 90), holder_stakeholder_id: w.holder.id, category: "outcome" as const },
        ],
      }),
    );
    expect(recorded.review.state).toBe("held");
    const ledger = await db()
      .selectFrom("expectations")
      .select(["title", "holder_stakeholder_id", "source", "source_touchpoint_id", "status", "due_date"])
      .where("id", "in", recorded.expectationIds)
      .orderBy("title")
      .execute();
    expect(ledger).toEqual([
      { title: "Faster invoicing fixes", holder_stakeholder_id: w.holder.id, source: "touchpoint", source_touchpoint_id: recorded.touchpointId, status: "open", due_date: addDays(today, 45) },
      { title: "Named backup contact", holder_stakeholder_id: w.holder.id, source: "touchpoint", source_touchpoint_id: recorded.touchpointId, status: "open", due_date: addDays(today, 45) },
      { title: "Quarterly roadmap call", holder_stakeholder_id: w.holder.id, source: "touchpoint", source_touchpoint_id: recorded.touchpointId, status: "open", due_date: addDays(today, 90) },
    ]);
    const meeting = await db().selectFrom("touchpoints").select(["kind", "shared_with_customer"]).where("id", "=", recorded.touchpointId).executeTakeFirstOrThrow();
    expect(meeting).toEqual({ kind: "business_review", shared_with_customer: true });
    // Held: the customer reads it but adds nothing more; the comment leaves the inbox.
    await expect(
      withPortalScope(w.account.id, (trx) => addCustomerItem(trx, actor, review.id, { intent: "addAgenda", title: "Late", description: "" }, today)),
    ).rejects.toBeInstanceOf(FieldError);
    expect((await gatherInbox(db(), { id: w.kaisa.id, role: "kam" })).filter((i) => i.kind === "review_comment")).toEqual([]);
    void published;
  });

  it("records nothing when one agreed item is refused: one transaction", async () => {
    const w = await world();
    const review = await write((trx) =>
      createReview(trx, { actor: w.kaisa }, w.account.id, { title: "Q", period_start: addMonths(today, -3), period_end: today }),
    );
    const item = await write((trx) =>
      addProposedItem(trx, { actor: w.kaisa }, w.account.id, review.id, { intent: "addItem", title: "No holder", description: "", importance: 2, due_date: addDays(today, 30) }),
    );
    const published = await write((trx) => moveReview(trx, { actor: w.kaisa }, w.account.id, review.id, "published", review.version, clock()));
    await expect(
      write((trx) =>
        recordReviewMeeting(trx, { actor: w.kaisa }, w.account.id, review.id, {
          version: published.version,
          occurred_at: new Date(),
          summary: "",
          stakeholder_ids: [],
          user_ids: [],
          agreed: [{ itemId: item.id, due_date: addDays(today, 30), holder_stakeholder_id: undefined, category: "delivery" }],
        }),
      ),
    ).rejects.toMatchObject({ fieldErrors: { [`holder_${item.id}`]: { key: "review.holderRequired" } } });
    expect((await getReview(db(), w.account.id, review.id))!.review.state).toBe("published");
    expect(await db().selectFrom("touchpoints").select("id").where("account_id", "=", w.account.id).where("kind", "=", "business_review").execute()).toEqual([]);
  });
});
