import { CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { replanExpectation } from "#app/models/expectation-changes.server.ts";
import { ledgerGroupQuery, listLedger } from "#app/models/expectations.server.ts";
import {
  action as detailAction,
  loader as detailLoader,
} from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as ledgerAction, loader as ledgerLoader } from "#app/routes/_app.accounts.$accountId_.expectations._index.tsx";
import { action as newAction, loader as newLoader } from "#app/routes/_app.accounts.$accountId_.expectations.new.tsx";
import { addDays } from "#app/domain/dates.ts";
import type { LedgerGroup } from "#app/schemas/expectation.ts";
import { db } from "#app/utils/db.server.ts";
import {
  confirmNotices,
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf, localeCookieFor } from "#tests/setup/requests.ts";

const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion" });
  const buyer = await createStakeholder(db(), { account_id: account.id, name: "Bea Buyer", committee_role: "economic_buyer" });
  const gone = await createStakeholder(db(), { account_id: account.id, name: "Gus Gone", left_on: "2026-01-31" });
  const review = await createTouchpoint(db(), { account_id: account.id, title: "Quarterly review", kind: "business_review" });
  const elsewhere = await createAccount(db(), { owner_id: otherKam.id, name: "Elsewhere Oy" });
  const stranger = await createStakeholder(db(), { account_id: elsewhere.id, name: "Sam Stranger" });
  const strangerTouchpoint = await createTouchpoint(db(), { account_id: elsewhere.id, title: "Their meeting" });
  return { owner, otherKam, director, account, champion, buyer, gone, review, elsewhere, stranger, strangerTouchpoint };
}

type Result = { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
interface Reply {
  intent?: string;
  result: Result;
  conflict?: { version: number; changes: { field: string; value: string }[] };
  proposal?: { id: string; result: Result; conflict?: { version: number; changes: { field: string; value: string }[] } };
}
const body = (res: { value: unknown }) => (res.value as { data: Reply }).data;

const ledgerPath = (accountId: string) => `/accounts/${accountId}/expectations`;
const newPath = (accountId: string) => `/accounts/${accountId}/expectations/new`;
const detailPath = (accountId: string, id: string) => `/accounts/${accountId}/expectations/${id}`;

const valid = (extra: Record<string, string> = {}) => ({
  title: "Pilot go-live in the Vantaa warehouse",
  description: "All three lines running on the new system.",
  category: "delivery",
  source: "contract",
  importance: "3",
  due_date: day(5),
  ...extra,
});

async function record(userId: string, accountId: string, fields: Record<string, string>) {
  return run(newAction, formRequest(newPath(accountId), fields, await sessionCookieFor(userId)), { accountId });
}

async function act(userId: string, accountId: string, expectationId: string, fields: Record<string, string>) {
  return run(detailAction, formRequest(detailPath(accountId, expectationId), fields, await sessionCookieFor(userId)), {
    accountId,
    expectationId,
  });
}

async function ledger(userId: string, accountId: string, query = "") {
  const res = await run(ledgerLoader, request(`${ledgerPath(accountId)}${query}`, { cookie: await sessionCookieFor(userId) }), {
    accountId,
  });
  expect(statusOf(res)).toBe(200);
  return res.value as {
    ledger: { groups: { group: LedgerGroup; items: { id: string; title: string }[] }[]; counts: Record<LedgerGroup, number> };
    filters: Record<string, string | undefined>;
    canEdit: boolean;
  };
}

const titlesIn = (view: Awaited<ReturnType<typeof ledger>>, group: LedgerGroup) =>
  view.ledger.groups.find((g) => g.group === group)?.items.map((i) => i.title) ?? [];

const expectationRow = (id: string) => db().selectFrom("expectations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const history = (id?: string) =>
  db()
    .selectFrom("expectation_changes")
    .selectAll()
    .$if(Boolean(id), (qb) => qb.where("expectation_id", "=", id!))
    .orderBy("at")
    .execute();
// Changes only: refused requests are recorded too (tests/integration/refusals.test.ts).
const audits = () =>
  db()
    .selectFrom("audit_events")
    .select(["action", "entity", "entity_id", "actor_id", "account_id", "before", "after"])
    .where("action", "not in", ["access_denied", "access_denied_suppressed"])
    .orderBy("id")
    .execute();

describe("recording an expectation", () => {
  it("records it with its holder, source touchpoint and owner, and the ledger shows it due soon", async () => {
    const { owner, director, account, champion, review } = await world();
    const res = await record(
      owner.id,
      account.id,
      valid({ holder_stakeholder_id: champion.id, source: "touchpoint", source_touchpoint_id: review.id, owner_id: director.id }),
    );
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(ledgerPath(account.id));
    const saved = await db().selectFrom("expectations").selectAll().executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      title: "Pilot go-live in the Vantaa warehouse",
      category: "delivery",
      importance: 3,
      status: "open",
      outcome: null,
      holder_stakeholder_id: champion.id,
      source: "touchpoint",
      source_touchpoint_id: review.id,
      owner_id: director.id,
      due_date: day(5),
      original_due_date: day(5),
      version: 1,
    });
    const [created] = await history(saved.id);
    expect(created).toMatchObject({ kind: "created", to_due_date: day(5), actor_id: owner.id });
    expect((await audits()).map((a) => [a.action, a.entity, a.entity_id])).toEqual([["create", "expectation", saved.id]]);

    // Two more, one overdue and one far off, land in their own groups.
    await createExpectation(db(), { account_id: account.id, title: "Monthly report", due_date: day(-3) });
    await createExpectation(db(), { account_id: account.id, title: "Renewal proposal", due_date: day(40) });
    await createExpectation(db(), { account_id: account.id, title: "Due today", due_date: today });
    await createExpectation(db(), { account_id: account.id, title: "Due in 14 days", due_date: day(14) });
    const view = await ledger(owner.id, account.id);
    expect(titlesIn(view, "due_soon")).toEqual(["Due today", "Pilot go-live in the Vantaa warehouse", "Due in 14 days"]);
    expect(titlesIn(view, "overdue")).toEqual(["Monthly report"]);
    expect(titlesIn(view, "open")).toEqual(["Renewal proposal"]);
    expect(view.ledger.counts).toMatchObject({ overdue: 1, due_soon: 3, open: 1, resolved: 0, proposed: 0 });
    expect(view.canEdit).toBe(true);
  });

  it("says what is wrong next to each field, keeps what was typed and writes nothing", async () => {
    const { owner, account } = await world();
    const res = await record(
      owner.id,
      account.id,
      valid({ title: "", importance: "7", due_date: "next friday", source: "touchpoint", description: "Keep me" }),
    );
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error!.title).toEqual(["This field is required."]);
    expect(result.error!.importance).toEqual(["Enter 3 or less."]);
    expect(result.error!.due_date).toEqual(["Enter a date as YYYY-MM-DD."]);
    expect(result.error!.source_touchpoint_id).toEqual(["Choose the touchpoint it came from."]);
    expect(result.initialValue).toMatchObject({ description: "Keep me", due_date: "next friday", importance: "7" });
    expect(await db().selectFrom("expectations").select("id").execute()).toHaveLength(0);
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it("refuses another account's stakeholder and touchpoint, a departed holder and a non-staff owner, at their fields", async () => {
    const { owner, account, stranger, strangerTouchpoint, gone } = await world();
    const customer = await createPortalUser(db(), account.id, gone.id);
    const res = await record(
      owner.id,
      account.id,
      valid({
        holder_stakeholder_id: stranger.id,
        source: "touchpoint",
        source_touchpoint_id: strangerTouchpoint.id,
        owner_id: customer.id,
      }),
    );
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error!.holder_stakeholder_id).toEqual(["Choose a person of this account."]);
    expect(result.error!.source_touchpoint_id).toEqual(["Choose one of this account's touchpoints."]);
    expect(result.error!.owner_id).toEqual(["Choose an active member of our staff."]);
    expect(result.initialValue).toMatchObject({ title: "Pilot go-live in the Vantaa warehouse", holder_stakeholder_id: stranger.id });

    const departed = await record(owner.id, account.id, valid({ holder_stakeholder_id: gone.id }));
    expect(body(departed).result.error!.holder_stakeholder_id).toEqual([
      "This person has left the account: choose someone who is still there.",
    ]);
    expect(await db().selectFrom("expectations").select("id").execute()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it("offers the account's present people, active staff and recent touchpoints, defaulting the owner to the KAM", async () => {
    const { owner, account, review, strangerTouchpoint } = await world();
    const res = await run(newLoader, request(`${newPath(account.id)}?touchpoint=${review.id}`, { cookie: await sessionCookieFor(owner.id) }), {
      accountId: account.id,
    });
    const page = res.value as {
      options: { stakeholders: { name: string }[]; users: { name: string }[]; touchpoints: { id: string }[] };
      defaults: Record<string, string>;
    };
    expect(page.options.stakeholders.map((s) => s.name)).toEqual(["Bea Buyer", "Chris Champion"]);
    expect(page.options.users.map((u) => u.name)).toEqual(["Dana Director", "Kirsi Kam", "Olli Owner"]);
    expect(page.options.touchpoints.map((t) => t.id)).toEqual([review.id]);
    expect(page.options.touchpoints.map((t) => t.id)).not.toContain(strangerTouchpoint.id);
    expect(page.defaults).toMatchObject({ owner_id: owner.id, source: "touchpoint", source_touchpoint_id: review.id });
  });
});

describe("editing an expectation", () => {
  it("records which fields changed, never moves the due date, and ignores an unchanged save", async () => {
    const { owner, account, buyer } = await world();
    const e = await createExpectation(db(), { account_id: account.id, title: "Old title", due_date: day(10), owner_id: owner.id });
    const edit = {
      intent: "edit",
      version: "1",
      title: "New title",
      description: "",
      category: "invoicing",
      source: "contract",
      importance: "2",
      holder_stakeholder_id: buyer.id,
      owner_id: owner.id,
      due_date: day(99),
    };
    const res = await act(owner.id, account.id, e.id, edit);
    expect(statusOf(res)).toBe(302);
    const after = await expectationRow(e.id);
    expect(after).toMatchObject({ title: "New title", category: "invoicing", holder_stakeholder_id: buyer.id, due_date: day(10), version: 2 });
    const [change] = await history(e.id);
    expect(change!.kind).toBe("edited");
    expect(change!.details).toEqual({
      changes: {
        title: { from: "Old title", to: "New title" },
        category: { from: "delivery", to: "invoicing" },
        holder_stakeholder_id: { from: null, to: buyer.id },
      },
    });
    // The same values again change nothing and record nothing.
    expect(statusOf(await act(owner.id, account.id, e.id, { ...edit, version: "2" }))).toBe(302);
    expect((await expectationRow(e.id)).version).toBe(2);
    expect(await history(e.id)).toHaveLength(1);
    expect((await audits()).map((a) => a.action)).toEqual(["update"]);
  });
});

describe("re-planning", () => {
  it("moves the due date with and without notice, keeping the original date and the history", async () => {
    const { owner, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: day(10) });

    const first = await act(owner.id, account.id, e.id, {
      intent: "replan",
      version: "1",
      due_date: day(20),
      reason: "Supplier delayed the sensors",
      customer_notified: "on",
    });
    expect(statusOf(first)).toBe(302);
    expect(locationOf(first)).toBe(detailPath(account.id, e.id));
    const second = await act(owner.id, account.id, e.id, {
      intent: "replan",
      version: "2",
      due_date: day(25),
      reason: "Holiday season",
    });
    expect(statusOf(second)).toBe(302);

    const after = await expectationRow(e.id);
    expect(after).toMatchObject({ due_date: day(25), original_due_date: day(10), version: 3, status: "open" });
    const changes = await history(e.id);
    expect(changes.map((c) => [c.kind, c.from_due_date, c.to_due_date, c.reason, c.customer_notified, c.actor_id])).toEqual([
      ["replanned", day(10), day(20), "Supplier delayed the sensors", true, owner.id],
      ["replanned", day(20), day(25), "Holiday season", false, owner.id],
    ]);
    const replans = await audits();
    expect(replans.map((a) => a.action)).toEqual(["replan", "replan"]);
    expect(replans[0]!.before).toMatchObject({ due_date: day(10) });
    expect(replans[0]!.after).toEqual({
      due_date: day(20),
      // Told in time, by the KAM's word alone: the promise moves once the
      // customer confirms it or the contest period runs (app/domain/notice.ts).
      promised_date: day(10),
      replan_reason: "Supplier delayed the sensors",
      customer_notified: true,
      replanned_on: today,
      customer_notified_on: today,
      // No portal user at this account: nobody could see the notice (notice.ts).
      notice_reached: false,
    });
  });

  it("keeps a silent re-plan under Overdue (the date the customer was promised), as predictability does", async () => {
    const { owner, account } = await world();
    const passed = await createExpectation(db(), { account_id: account.id, title: "Passed, moved silently", due_date: day(-10) });
    const passedTold = await createExpectation(db(), { account_id: account.id, title: "Passed, told too late", due_date: day(-10) });
    const soonSilent = await createExpectation(db(), { account_id: account.id, title: "Soon, moved silently", due_date: day(5) });
    const soonTold = await createExpectation(db(), { account_id: account.id, title: "Soon, told in time", due_date: day(5) });
    const replan = (id: string, notified: boolean) =>
      act(owner.id, account.id, id, {
        intent: "replan",
        version: "1",
        due_date: day(40),
        reason: "Supplier delay",
        ...(notified ? { customer_notified: "on" } : {}),
      });
    for (const [e, notified] of [[passed, false], [passedTold, true], [soonSilent, false], [soonTold, true]] as const) {
      expect(statusOf(await replan(e.id, notified))).toBe(302);
    }
    // The customer confirms what they were told (app/domain/notice.ts).
    await confirmNotices(account.id);
    // The promise stays where the customer was last properly told.
    const promised = async (id: string) => (await expectationRow(id)).promised_date;
    expect([await promised(passed.id), await promised(passedTold.id), await promised(soonSilent.id), await promised(soonTold.id)]).toEqual([
      day(-10),
      day(-10),
      day(5),
      day(40),
    ]);

    const view = await ledger(owner.id, account.id);
    // Notice given after the date had passed does not un-surprise it: both passed ones stay overdue.
    expect(titlesIn(view, "overdue").sort()).toEqual(["Passed, moved silently", "Passed, told too late"]);
    expect(titlesIn(view, "due_soon")).toEqual(["Soon, moved silently"]);
    expect(titlesIn(view, "open")).toEqual(["Soon, told in time"]);
    expect(view.ledger.counts).toMatchObject({ overdue: 2, due_soon: 1, open: 1 });
    const row = view.ledger.groups.find((g) => g.group === "overdue")!.items[0] as unknown as { due_date: string; promised_date: string };
    expect(row).toMatchObject({ due_date: day(40), promised_date: day(-10) });
    // The overdue group pages by the same date.
    const page = await listLedger(db(), account.id, { today, group: "overdue", limit: 1 });
    const next = await listLedger(db(), account.id, { today, group: "overdue", limit: 1, cursor: page.groups[0]!.nextCursor! });
    expect([...page.groups[0]!.items, ...next.groups[0]!.items].map((i) => i.title).sort()).toEqual([
      "Passed, moved silently",
      "Passed, told too late",
    ]);
    // Predictability judges the same two as surprises (overdue) and the silent one not yet due.
    const verdicts = await db().selectFrom("expectation_verdicts").select(["expectation_id", "reason"]).where("account_id", "=", account.id).execute();
    expect(verdicts.map((v) => v.expectation_id).sort()).toEqual([passed.id, passedTold.id].sort());
    expect(verdicts.every((v) => v.reason === "overdue")).toBe(true);
  });

  it("refuses the same date and a missing reason at their fields", async () => {
    const { owner, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: "2026-12-01" });
    const same = await act(owner.id, account.id, e.id, { intent: "replan", version: "1", due_date: "2026-12-01", reason: "No change" });
    expect(statusOf(same)).toBe(400);
    expect(body(same).intent).toBe("replan");
    expect(body(same).result.error!.due_date).toEqual(["The new due date must differ from the current one (1 Dec 2026)."]);
    expect(body(same).result.initialValue).toMatchObject({ reason: "No change" });
    const noReason = await act(owner.id, account.id, e.id, { intent: "replan", version: "1", due_date: "2026-12-09", reason: " " });
    expect(body(noReason).result.error!.reason).toEqual(["This field is required."]);
    expect((await expectationRow(e.id)).version).toBe(1);
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });
});

describe("recording the delivery", () => {
  async function attempt(fields: Record<string, string>) {
    const { owner, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: day(-5) });
    const res = await act(owner.id, account.id, e.id, { intent: "deliver", version: "1", ...fields });
    return { res, e, owner, account };
  }

  async function expectNothingWritten(id: string) {
    expect(await expectationRow(id)).toMatchObject({ status: "open", outcome: null, delivered_on: null, version: 1 });
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  }

  it("refuses 'kept' after the due date, suggesting late, and keeps what was typed", async () => {
    const { res, e } = await attempt({ outcome: "kept", delivered_on: today, delivery_note: "All lines live" });
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error!.delivered_on![0]).toMatch(/^This is after the due date \(.+\): record it as late instead\.$/);
    expect(result.initialValue).toMatchObject({ outcome: "kept", delivered_on: today, delivery_note: "All lines live" });
    await expectNothingWritten(e.id);
  });

  it("refuses 'late' on or before the due date", async () => {
    const { res, e } = await attempt({ outcome: "late", delivered_on: day(-5) });
    expect(body(res).result.error!.delivered_on![0]).toMatch(/that was kept, not late/);
    await expectNothingWritten(e.id);
  });

  it("needs a date for dated outcomes", async () => {
    const noDate = await attempt({ outcome: "partial" });
    expect(body(noDate.res).result.error!.delivered_on).toEqual(["Enter the date it was delivered."]);
    await expectNothingWritten(noDate.e.id);
  });

  it("refuses a delivery date in the future", async () => {
    const { res, e } = await attempt({ outcome: "exceeded", delivered_on: day(2) });
    expect(body(res).result.error!.delivered_on).toEqual(["The delivery date cannot be in the future."]);
    await expectNothingWritten(e.id);
  });

  it("asks how a withdrawal was agreed", async () => {
    const { res, e } = await attempt({ outcome: "withdrawn" });
    expect(body(res).result.error!.delivery_note).toEqual(["Say how the withdrawal was agreed with the customer."]);
    await expectNothingWritten(e.id);
  });

  it("records late, missed and withdrawn deliveries with their history", async () => {
    const { res, e, owner, account } = await attempt({ outcome: "late", delivered_on: today, delivery_note: "Two days late" });
    expect(statusOf(res)).toBe(302);
    expect(await expectationRow(e.id)).toMatchObject({
      status: "resolved",
      outcome: "late",
      delivered_on: today,
      delivery_note: "Two days late",
      version: 2,
    });
    const [delivered] = await history(e.id);
    expect(delivered).toMatchObject({ kind: "delivered", reason: "Two days late", actor_id: owner.id });
    expect(delivered!.details).toEqual({ outcome: "late", delivered_on: today, due_date: day(-5) });

    const missed = await createExpectation(db(), { account_id: account.id, due_date: day(-1) });
    expect(statusOf(await act(owner.id, account.id, missed.id, { intent: "deliver", version: "1", outcome: "missed" }))).toBe(302);
    expect(await expectationRow(missed.id)).toMatchObject({ status: "resolved", outcome: "missed", delivered_on: null });

    const withdrawn = await createExpectation(db(), { account_id: account.id, due_date: day(30) });
    const w = await act(owner.id, account.id, withdrawn.id, {
      intent: "deliver",
      version: "1",
      outcome: "withdrawn",
      delivery_note: "Agreed with the customer in the steering group",
    });
    expect(statusOf(w)).toBe(302);
    expect(await expectationRow(withdrawn.id)).toMatchObject({ status: "resolved", outcome: "withdrawn" });

    const kept = await createExpectation(db(), { account_id: account.id, due_date: today });
    expect(
      statusOf(await act(owner.id, account.id, kept.id, { intent: "deliver", version: "1", outcome: "kept", delivered_on: today })),
    ).toBe(302);
    const view = await ledger(owner.id, account.id);
    expect(view.ledger.counts.resolved).toBe(4);
    expect((await audits()).map((a) => a.action)).toEqual(["deliver", "deliver", "deliver", "deliver"]);
  });

  it("speaks Finnish to a Finnish user, with the date in Finnish", async () => {
    const { owner, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: "2026-01-15" });
    const cookie = `${await sessionCookieFor(owner.id)}; ${await localeCookieFor("fi")}`;
    const res = await run(
      detailAction,
      formRequest(detailPath(account.id, e.id), { intent: "deliver", version: "1", outcome: "kept", delivered_on: "2026-01-20" }, cookie),
      { accountId: account.id, expectationId: e.id },
    );
    expect(body(res).result.error!.delivered_on).toEqual(["Tämä on eräpäivän (15.1.2026) jälkeen: kirjaa se myöhästyneeksi."]);
  });
});

describe("reopening a delivery", () => {
  it("takes the delivery and the customer's answer back, keeping them in the history", async () => {
    const { owner, account } = await world();
    const e = await createExpectation(db(), {
      account_id: account.id,
      due_date: day(-10),
      status: "resolved",
      outcome: "kept",
      delivered_on: day(-11),
      delivery_note: "Done",
      customer_response: "confirmed",
      customer_comment: "Thanks!",
      customer_responded_at: new Date(),
    });
    const res = await act(owner.id, account.id, e.id, { intent: "reopen", version: "1", reason: "A line failed after go-live" });
    expect(statusOf(res)).toBe(302);
    expect(await expectationRow(e.id)).toMatchObject({
      status: "open",
      outcome: null,
      delivered_on: null,
      delivery_note: "",
      customer_response: null,
      customer_comment: "",
      customer_responded_at: null,
      version: 2,
    });
    const [reopened] = await history(e.id);
    expect(reopened).toMatchObject({ kind: "reopened", reason: "A line failed after go-live" });
    expect(reopened!.details).toMatchObject({ outcome: "kept", delivered_on: day(-11), customer_response: "confirmed" });
    expect((await audits()).map((a) => a.action)).toEqual(["reopen"]);

    // Only a delivered expectation can be reopened.
    const again = await act(owner.id, account.id, e.id, { intent: "reopen", version: "2" });
    expect(statusOf(again)).toBe(400);
    expect(body(again).result.error![""]).toEqual(["This expectation has no delivery to reopen."]);
  });
});

describe("proposals from the customer", () => {
  it("shows them in their own group, and accepts one into the open ledger with the KAM as owner", async () => {
    const { owner, account, champion } = await world();
    const p = await createExpectation(db(), {
      account_id: account.id,
      title: "Weekly status e-mail",
      status: "proposed",
      source: "customer",
      holder_stakeholder_id: champion.id,
      due_date: day(30),
    });
    expect(titlesIn(await ledger(owner.id, account.id), "proposed")).toEqual(["Weekly status e-mail"]);
    const res = await run(
      ledgerAction,
      formRequest(ledgerPath(account.id), { intent: "accept", expectation_id: p.id, version: "1" }, await sessionCookieFor(owner.id)),
      { accountId: account.id },
    );
    expect(statusOf(res)).toBe(302);
    expect(await expectationRow(p.id)).toMatchObject({ status: "open", owner_id: owner.id, version: 2 });
    expect((await history(p.id)).map((c) => [c.kind, c.actor_id])).toEqual([["accepted", owner.id]]);
    expect((await audits()).map((a) => a.action)).toEqual(["accept"]);
    const view = await ledger(owner.id, account.id);
    expect(titlesIn(view, "proposed")).toEqual([]);
    expect(titlesIn(view, "open")).toEqual(["Weekly status e-mail"]);
  });

  it("declines one only with a reason, and keeps the reason in the history", async () => {
    const { owner, account } = await world();
    const p = await createExpectation(db(), { account_id: account.id, status: "proposed", source: "customer" });
    const cookie = await sessionCookieFor(owner.id);
    const noReason = await run(
      ledgerAction,
      formRequest(ledgerPath(account.id), { intent: "decline", expectation_id: p.id, version: "1", reason: "" }, cookie),
      { accountId: account.id },
    );
    expect(statusOf(noReason)).toBe(400);
    expect(body(noReason).proposal).toMatchObject({ id: p.id, result: { error: { reason: ["This field is required."] } } });
    expect(await history()).toHaveLength(0);

    const res = await act(owner.id, account.id, p.id, { intent: "decline", version: "1", reason: "Outside the contract's scope" });
    expect(statusOf(res)).toBe(302);
    expect(await expectationRow(p.id)).toMatchObject({ status: "declined", outcome: null, version: 2 });
    expect((await history(p.id)).map((c) => [c.kind, c.reason])).toEqual([["declined", "Outside the contract's scope"]]);
    expect(titlesIn(await ledger(owner.id, account.id, "?group=declined"), "declined")).toEqual([p.title]);

    // An open expectation is not a proposal.
    const open = await createExpectation(db(), { account_id: account.id });
    const notProposal = await act(owner.id, account.id, open.id, { intent: "accept", version: "1" });
    expect(statusOf(notProposal)).toBe(400);
    expect(body(notProposal).result.error![""]).toEqual(["This expectation is no longer waiting to be accepted."]);
    expect((await audits()).map((a) => a.action)).toEqual(["decline"]);
  });
});

describe("two people at once", () => {
  it("refuses a stale version with 409, keeps the typed values, names who changed it and changes nothing", async () => {
    const { owner, director, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, title: "Original", due_date: day(10) });
    const edit = {
      intent: "edit",
      version: "1",
      title: "Director's title",
      description: "",
      category: "delivery",
      source: "contract",
      importance: "2",
    };
    expect(statusOf(await act(director.id, account.id, e.id, edit))).toBe(302);

    const stale = await act(owner.id, account.id, e.id, { intent: "replan", version: "1", due_date: day(12), reason: "Typed reason" });
    expect(statusOf(stale)).toBe(409);
    const reply = body(stale);
    expect(reply.intent).toBe("replan");
    expect(reply.result.error![""]![0]).toMatch(/^Dana Director changed this while you were editing/);
    expect(reply.result.initialValue).toMatchObject({ due_date: day(12), reason: "Typed reason" });
    expect(reply.conflict!.version).toBe(2);

    const staleEdit = await act(owner.id, account.id, e.id, { ...edit, title: "KAM's title", category: "invoicing" });
    expect(statusOf(staleEdit)).toBe(409);
    expect(body(staleEdit).conflict!.changes).toEqual([
      { field: "What is expected", value: "Director's title" },
      { field: "Category", value: "Delivery" },
    ]);
    expect(body(staleEdit).result.initialValue).toMatchObject({ title: "KAM's title" });

    expect(await expectationRow(e.id)).toMatchObject({ title: "Director's title", due_date: day(10), version: 2 });
    expect((await history(e.id)).map((c) => c.kind)).toEqual(["edited"]);
    expect((await audits()).map((a) => a.action)).toEqual(["update"]);
  });
});

describe("who may do what", () => {
  it("lets any staff read but only the owning KAM or a director write", async () => {
    const { otherKam, director, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: day(3) });
    const p = await createExpectation(db(), { account_id: account.id, status: "proposed", source: "customer" });
    const cookie = await sessionCookieFor(otherKam.id);

    const view = await ledger(otherKam.id, account.id);
    expect(view.canEdit).toBe(false);
    const page = await run(detailLoader, request(detailPath(account.id, e.id), { cookie }), { accountId: account.id, expectationId: e.id });
    expect(statusOf(page)).toBe(200);
    expect((page.value as { canEdit: boolean; options: unknown }).canEdit).toBe(false);
    expect((page.value as { options: unknown }).options).toBeNull();

    expect(statusOf(await run(newLoader, request(newPath(account.id), { cookie }), { accountId: account.id }))).toBe(403);
    expect(statusOf(await record(otherKam.id, account.id, valid()))).toBe(403);
    expect(statusOf(await act(otherKam.id, account.id, e.id, { intent: "replan", version: "1", due_date: day(9), reason: "Mine now" }))).toBe(
      403,
    );
    expect(
      statusOf(await act(otherKam.id, account.id, e.id, { intent: "deliver", version: "1", outcome: "kept", delivered_on: today })),
    ).toBe(403);
    expect(
      statusOf(
        await run(ledgerAction, formRequest(ledgerPath(account.id), { intent: "accept", expectation_id: p.id, version: "1" }, cookie), {
          accountId: account.id,
        }),
      ),
    ).toBe(403);
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
    expect(await expectationRow(e.id)).toMatchObject({ due_date: day(3), version: 1 });

    expect(statusOf(await record(director.id, account.id, valid()))).toBe(302);
    expect(statusOf(await act(director.id, account.id, e.id, { intent: "replan", version: "1", due_date: day(9), reason: "Covering" }))).toBe(302);
    expect((await audits()).map((a) => [a.action, a.actor_id])).toEqual([
      ["create", director.id],
      ["replan", director.id],
    ]);
  });

  it("never lets a customer in", async () => {
    const { account, champion } = await world();
    const e = await createExpectation(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, champion.id);
    const cookie = await sessionCookieFor(customer.id);
    const page = await run(ledgerLoader, request(ledgerPath(account.id), { cookie }), { accountId: account.id });
    expect(statusOf(page)).toBe(403);
    const detail = await run(detailLoader, request(detailPath(account.id, e.id), { cookie }), { accountId: account.id, expectationId: e.id });
    expect(statusOf(detail)).toBe(403);
  });

  it("answers 404 for another account's expectation in the URL, and touches nothing", async () => {
    const { owner, otherKam, director, account, elsewhere } = await world();
    const theirs = await createExpectation(db(), { account_id: elsewhere.id, due_date: day(3) });
    const proposal = await createExpectation(db(), { account_id: elsewhere.id, status: "proposed", source: "customer" });
    const page = await run(detailLoader, request(detailPath(account.id, theirs.id), { cookie: await sessionCookieFor(owner.id) }), {
      accountId: account.id,
      expectationId: theirs.id,
    });
    expect(statusOf(page)).toBe(404);
    // Even a director, who may write to both accounts, cannot reach it through the wrong account.
    const write = await act(director.id, account.id, theirs.id, { intent: "replan", version: "1", due_date: day(9), reason: "x" });
    expect(statusOf(write)).toBe(404);
    const accept = await run(
      ledgerAction,
      formRequest(ledgerPath(account.id), { intent: "accept", expectation_id: proposal.id, version: "1" }, await sessionCookieFor(director.id)),
      { accountId: account.id },
    );
    expect(statusOf(accept)).toBe(404);
    const bogus = await run(detailLoader, request(detailPath(account.id, "not-a-uuid"), { cookie: await sessionCookieFor(otherKam.id) }), {
      accountId: account.id,
      expectationId: "not-a-uuid",
    });
    expect(statusOf(bogus)).toBe(404);
    expect(await expectationRow(theirs.id)).toMatchObject({ due_date: day(3), version: 1 });
    expect(await expectationRow(proposal.id)).toMatchObject({ status: "proposed", version: 1 });
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });
});

describe("history and audit", () => {
  it("leaves exactly one history row and one audit row per write, shown on the page with who and when", async () => {
    const { owner, director, account } = await world();
    expect(statusOf(await record(owner.id, account.id, valid({ due_date: day(-2) })))).toBe(302);
    const e = await db().selectFrom("expectations").selectAll().executeTakeFirstOrThrow();
    const steps: [string, Record<string, string>][] = [
      // Due two days ago: its importance (3) is no longer lowered (app/domain/expectation-rules.ts); the rest changes.
      ["edited", { intent: "edit", version: "1", title: "Renamed", description: "", category: "outcome", source: "internal", importance: "3" }],
      // A re-plan's new date is never before the day it is made (app/domain/expectation-rules.ts).
      ["replanned", { intent: "replan", version: "2", due_date: today, reason: "Waiting for their IT" }],
      ["delivered", { intent: "deliver", version: "3", outcome: "kept", delivered_on: today }],
      ["reopened", { intent: "reopen", version: "4", reason: "Recorded too early" }],
      ["delivered", { intent: "deliver", version: "5", outcome: "partial", delivered_on: today }],
    ];
    let writes = 1;
    for (const [kind, fields] of steps) {
      const res = await act(director.id, account.id, e.id, fields);
      expect(statusOf(res), kind).toBe(302);
      writes += 1;
      expect(await history(e.id)).toHaveLength(writes);
      expect(await audits()).toHaveLength(writes);
      expect((await history(e.id)).at(-1)!.kind).toBe(kind);
    }
    const page = await run(detailLoader, request(detailPath(account.id, e.id), { cookie: await sessionCookieFor(owner.id) }), {
      accountId: account.id,
      expectationId: e.id,
    });
    const { expectation } = page.value as {
      expectation: { original_due_date: string; history: { kind: string; actor_name: string | null; at: Date }[] };
    };
    expect(expectation.original_due_date).toBe(day(-2));
    expect(expectation.history.map((h) => [h.kind, h.actor_name])).toEqual([
      ["created", "Olli Owner"],
      ["edited", "Dana Director"],
      ["replanned", "Dana Director"],
      ["delivered", "Dana Director"],
      ["reopened", "Dana Director"],
      ["delivered", "Dana Director"],
    ]);
    expect(expectation.history.every((h) => h.at instanceof Date)).toBe(true);
    expect((await audits()).map((a) => a.action)).toEqual(["create", "update", "replan", "deliver", "reopen", "deliver"]);
  });

  it("writes the change, its history and its audit in one transaction: a failure after leaves none of them", async () => {
    const { owner, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, due_date: day(10) });
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await replanExpectation(trx, { actor: owner }, account.id, e.id, {
            version: 1,
            due_date: day(20),
            reason: "Rolled back",
            customer_notified: true,
          });
          // Inside the transaction the write is there...
          expect(await trx.selectFrom("expectation_changes").select("id").execute()).toHaveLength(1);
          expect(await trx.selectFrom("audit_events").select("id").execute()).toHaveLength(1);
          throw new Error("something failed later in the same transaction");
        }),
    ).rejects.toThrow("something failed later");
    // ...and after the rollback none of it is.
    expect(await expectationRow(e.id)).toMatchObject({ due_date: day(10), version: 1 });
    expect(await history()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });
});

describe("ledger filters", () => {
  it("filters by group, category, holder and owner from the URL, dropping a bad filter", async () => {
    const { owner, director, account, champion, buyer } = await world();
    await createExpectation(db(), { account_id: account.id, title: "A", category: "invoicing", holder_stakeholder_id: champion.id, owner_id: owner.id, due_date: day(-1) });
    await createExpectation(db(), { account_id: account.id, title: "B", category: "delivery", holder_stakeholder_id: buyer.id, owner_id: director.id, due_date: day(3) });
    await createExpectation(db(), { account_id: account.id, title: "C", category: "invoicing", holder_stakeholder_id: buyer.id, owner_id: owner.id, due_date: day(60) });
    await createExpectation(db(), {
      account_id: account.id,
      title: "D",
      category: "communication",
      owner_id: director.id,
      due_date: day(-30),
      status: "resolved",
      outcome: "kept",
      delivered_on: day(-31),
    });
    const all = (v: Awaited<ReturnType<typeof ledger>>) => v.ledger.groups.flatMap((g) => g.items.map((i) => i.title)).sort();

    expect(all(await ledger(owner.id, account.id))).toEqual(["A", "B", "C", "D"]);
    expect(all(await ledger(owner.id, account.id, "?category=invoicing"))).toEqual(["A", "C"]);
    expect(all(await ledger(owner.id, account.id, `?holder=${buyer.id}`))).toEqual(["B", "C"]);
    expect(all(await ledger(owner.id, account.id, `?owner=${director.id}`))).toEqual(["B", "D"]);
    expect(all(await ledger(owner.id, account.id, `?category=invoicing&owner=${owner.id}&holder=${buyer.id}`))).toEqual(["C"]);
    const overdue = await ledger(owner.id, account.id, "?group=overdue");
    expect(overdue.ledger.groups.map((g) => g.group)).toEqual(["overdue"]);
    expect(all(overdue)).toEqual(["A"]);
    expect(all(await ledger(owner.id, account.id, "?group=resolved"))).toEqual(["D"]);
    // A hand-edited bad value drops that filter only.
    const bad = await ledger(owner.id, account.id, "?category=bogus&owner=not-a-uuid&group=open");
    expect(bad.filters).toMatchObject({ group: "open", category: undefined, owner: undefined });
    expect(all(bad)).toEqual(["C"]);
    // Counts follow the filters.
    expect((await ledger(owner.id, account.id, "?category=invoicing")).ledger.counts).toMatchObject({ overdue: 1, open: 1, due_soon: 0, resolved: 0 });
  });

  it("pages through a long group with keyset cursors", async () => {
    const { account } = await world();
    for (let i = 1; i <= 5; i++) await createExpectation(db(), { account_id: account.id, title: `Late ${i}`, due_date: day(-i) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLedger(db(), account.id, { today, group: "overdue", cursor, limit: 2 });
      const group = page.groups[0]!;
      seen.push(...group.items.map((i) => i.title));
      cursor = group.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["Late 5", "Late 4", "Late 3", "Late 2", "Late 1"]);
  });

  it("reads only the account's slice of the table, and the long groups in expectations_due_idx order", async () => {
    const { owner, account } = await world();
    // This account has years of history (3,000 expectations); twenty others have 1,000 each.
    const others = [];
    for (let i = 0; i < 20; i++) others.push(await createAccount(db(), { owner_id: owner.id }));
    for (const [a, count] of [[account, 3000], ...others.map((o) => [o, 1000] as const)] as const) {
      await sql`
        insert into expectations (account_id, title, original_due_date, due_date, status, outcome, delivered_on, owner_id)
        select ${a.id}::uuid, 'E' || i, date '2018-01-01' + i, date '2018-01-01' + i, s.status,
               case when s.status = 'resolved' then 'kept' end,
               case when s.status = 'resolved' then date '2018-01-01' + i end,
               ${owner.id}::uuid
        from generate_series(1, ${count}::int) as i,
             lateral (select case when i % 20 = 0 then 'proposed' when i % 20 = 1 then 'declined'
                                  when i % 3 = 0 then 'resolved' else 'open' end as status) as s`.execute(db());
    }
    await sql`analyze expectations`.execute(db());
    type PlanNode = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: PlanNode[] };
    const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
    for (const group of ["proposed", "overdue", "due_soon", "open", "resolved", "declined"] as const) {
      const compiled = ledgerGroupQuery(db(), account.id, group, { today: "2024-01-01", limit: 50 }).compile();
      const { rows } = await db().executeQuery<{ "QUERY PLAN": unknown }>(
        CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
      );
      const plan = (rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
      // Every group reads only this account's slice of the table, through an index on account_id.
      const scans = nodes(plan).filter((n) => n["Relation Name"] === "expectations");
      expect(scans.map((n) => n["Node Type"]), group).not.toContain("Seq Scan");
      // (Proposed ones have their own partial index on account_id since migration 20261209_1945.)
      expect(JSON.stringify(plan), group).toMatch(
        /"Index Name":"expectations_(due_idx|open_due_idx|open_pressing_idx|proposed_idx|disputed_idx|pkey)"/,
      );
      // Overdue and resolved grow with the years: they walk expectations_due_idx (overdue: the
      // open-only expectations_open_pressing_idx on the pressing date) in order and stop at the limit, with no sort.
      // (The other groups are bounded ranges or rare statuses: the planner may gather their few
      // rows and sort them.)
      if (group === "overdue" || group === "resolved") {
        expect(scans.map((n) => `${n["Node Type"]}:${n["Index Name"]}`), group).toEqual([
          expect.stringMatching(group === "overdue" ? /^Index Scan:expectations_open_pressing_idx$/ : /^Index Scan:expectations_due_idx$/),
        ]);
        const sorts = nodes(plan).filter((n) => n["Node Type"] === "Sort" && nodes(n).some((m) => m["Relation Name"] === "expectations"));
        expect(sorts, group).toEqual([]);
      }
    }
  });
});
