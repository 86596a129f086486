import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { replanExpectation } from "#app/models/expectation-changes.server.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { acknowledgeSignal, refreshAccountScores } from "#app/models/scores.server.ts";
import { action as commitmentsAction, loader as commitmentsLoader } from "#app/routes/portal.commitments.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Notice the customer confirms (app/domain/notice.ts) through the portal: the
// KAM's "customer told" counts only once the customer confirms it or the
// contest period (14 days by default) has run without a contest; a contest
// always wins, even late, and raises a signal.

const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
  const other = await createAccount(db(), { owner_id: kam.id, name: "Borealis Ab" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", committee_role: "champion" });
  const buyer = await createStakeholder(db(), { account_id: account.id, name: "Bea Buyer", committee_role: "economic_buyer" });
  const foreigner = await createStakeholder(db(), { account_id: other.id, name: "Felix Foreign" });
  const customer = await createPortalUser(db(), account.id, champion.id);
  const colleague = await createPortalUser(db(), account.id, buyer.id);
  const outsider = await createPortalUser(db(), other.id, foreigner.id);
  // Due five days ago; the KAM says the customer was told ten days ago that it moves to ten days from now.
  const e = await createExpectation(db(), {
    account_id: account.id,
    title: "Pilot rollout",
    due_date: day(-5),
    importance: 3,
    holder_stakeholder_id: champion.id,
  });
  return { kam, account, other, champion, customer, colleague, outsider, e };
}
type W = Awaited<ReturnType<typeof world>>;

async function replan(w: W, input: { notified?: boolean; notifiedOn?: string; replannedOn?: string } = {}) {
  const version = (await db().selectFrom("expectations").select("version").where("id", "=", w.e.id).executeTakeFirstOrThrow()).version;
  await db()
    .transaction()
    .execute((trx) =>
      replanExpectation(trx, { actor: w.kam }, w.account.id, w.e.id, {
        version,
        due_date: day(10),
        reason: "Supplier delay",
        customer_notified: input.notified ?? true,
        customer_notified_on: input.notified === false ? undefined : (input.notifiedOn ?? day(-10)),
        replanned_on: input.replannedOn,
      }),
    );
  return db()
    .selectFrom("expectation_changes")
    .select("id")
    .where("expectation_id", "=", w.e.id)
    .where("kind", "=", "replanned")
    .orderBy("at", "desc")
    .executeTakeFirstOrThrow();
}

async function answer(userId: string, replanId: string, value: "confirmed" | "contested", note = "") {
  const cookie = await sessionCookieFor(userId);
  return run(
    commitmentsAction,
    formRequest("/portal/commitments", { intent: "notice", replan_id: replanId, answer: value, note }, cookie),
    {},
  );
}

/** How the expectation stands in the stored figures: its verdict (none while not due) and promised date. */
async function standing(w: W) {
  const verdict = await db()
    .selectFrom("expectation_verdicts")
    .select(["verdict", "reason", "promised_date"])
    .where("expectation_id", "=", w.e.id)
    .executeTakeFirst();
  const { promised_date } = await db().selectFrom("expectations").select("promised_date").where("id", "=", w.e.id).executeTakeFirstOrThrow();
  return { verdict: verdict ? `${verdict.verdict}:${verdict.reason ?? ""}` : "not_due", promised: promised_date };
}

async function openSignals(w: W) {
  return db()
    .selectFrom("risk_signals")
    .select(["rule", "severity", "evidence_id"])
    .where("account_id", "=", w.account.id)
    .where("rule", "=", "notice_contested")
    .where("resolved_at", "is", null)
    .execute();
}

/** Time passes: the re-plan was recorded (and its notice mailed) `days` days earlier; the scores are refreshed as the daily refresher would. */
async function recordedDaysAgo(w: W, replanId: string, days: number) {
  await sql`update expectation_changes set at = at - make_interval(days => ${days}),
    notice_reached_at = notice_reached_at - make_interval(days => ${days}) where id = ${replanId}::uuid`.execute(db());
  await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id));
}

describe("notice the customer confirms", () => {
  it("the KAM's word waits for the customer; a confirmation counts at once", async () => {
    const w = await world();
    const r = await replan(w);
    // Awaiting: the promise stays the original date, which has passed: overdue.
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });

    const page = await run(commitmentsLoader, request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }), {});
    const notices = (page.value as { notices: { replanId: string; state: string; toldOn: string; toDueDate: string }[] }).notices;
    expect(notices).toEqual([expect.objectContaining({ replanId: r.id, state: "awaiting", toldOn: day(-10), toDueDate: day(10) })]);

    const res = await answer(w.customer.id, r.id, "confirmed");
    expect(statusOf(res)).toBe(302);
    expect(await standing(w)).toEqual({ verdict: "not_due", promised: day(10) });
    const history = await db()
      .selectFrom("expectation_changes")
      .select(["kind", "replan_id", "actor_id"])
      .where("expectation_id", "=", w.e.id)
      .where("kind", "like", "notice_%")
      .execute();
    expect(history).toEqual([{ kind: "notice_confirmed", replan_id: r.id, actor_id: w.customer.id }]);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity_id", "=", w.e.id).where("action", "like", "customer_notice%").execute();
    expect(audit).toEqual([{ action: "customer_notice_confirm", actor_id: w.customer.id }]);
    // Answering again the same way records nothing more.
    expect(statusOf(await answer(w.colleague.id, r.id, "confirmed"))).toBe(302);
    expect(await db().selectFrom("expectation_changes").select("id").where("kind", "=", "notice_confirmed").execute()).toHaveLength(1);
  });

  it("unanswered, it counts once the contest period has run; a later contest still wins and raises a signal", async () => {
    const w = await world();
    const r = await replan(w);
    await recordedDaysAgo(w, r.id, 13);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    await recordedDaysAgo(w, r.id, 1);
    expect(await standing(w)).toEqual({ verdict: "not_due", promised: day(10) });
    expect(await openSignals(w)).toEqual([]);

    // Forty days on, the customer says they were never told: the customer's word is the evidence.
    await recordedDaysAgo(w, r.id, 26);
    const res = await answer(w.customer.id, r.id, "contested", "Nobody called us.");
    expect(statusOf(res)).toBe(302);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    expect(await openSignals(w)).toEqual([{ rule: "notice_contested", severity: "high", evidence_id: w.e.id }]);
    const change = await db().selectFrom("expectation_changes").select(["kind", "reason"]).where("kind", "=", "notice_contested").executeTakeFirstOrThrow();
    expect(change).toEqual({ kind: "notice_contested", reason: "Nobody called us." });

    // The KAM's inbox has it, until the signal is acknowledged.
    const inbox = await gatherInbox(db(), { id: w.kam.id, role: "kam" });
    const items = inbox.filter((i) => i.kind === "notice_contested");
    expect(items).toEqual([
      expect.objectContaining({ sourceId: w.e.id, title: "Pilot rollout", pressing: true, details: expect.objectContaining({ note: "Nobody called us." }) }),
    ]);
    expect(inbox.filter((i) => i.kind === "signal" && i.title === "notice_contested")).toEqual([]);
    const signal = await db().selectFrom("risk_signals").select("id").where("rule", "=", "notice_contested").executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => acknowledgeSignal(trx, { accountId: w.account.id, signalId: signal.id, userId: w.kam.id, note: "Called them" }));
    expect((await gatherInbox(db(), { id: w.kam.id, role: "kam" })).filter((i) => i.kind === "notice_contested")).toEqual([]);
  });

  it("a contest wins over a confirmation, before or after it, by any portal user of the account", async () => {
    const w = await world();
    const r = await replan(w);
    await answer(w.customer.id, r.id, "confirmed");
    expect((await standing(w)).verdict).toBe("not_due");
    expect(statusOf(await answer(w.colleague.id, r.id, "contested"))).toBe(302);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    // Once contested, a confirmation is refused: nobody can take the customer's word back.
    const again = await answer(w.customer.id, r.id, "confirmed");
    expect(statusOf(again)).toBe(400);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
  });

  it("the KAM cannot make a notice count early: back-dated notice and re-plan days wait all the same", async () => {
    const w = await world();
    await replan(w, { notifiedOn: day(-40), replannedOn: day(-40) });
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    // Nor by answering in the customer's place: the portal action is for portal users only.
    const r = await db().selectFrom("expectation_changes").select("id").where("kind", "=", "replanned").executeTakeFirstOrThrow();
    const res = await answer(w.kam.id, r.id, "confirmed").catch((e: unknown) => e);
    expect(statusOf(res as { value: unknown })).not.toBe(302);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
  });

  it("only the account's own portal users answer, and only a notice the KAM claimed", async () => {
    const w = await world();
    const r = await replan(w);
    const outsider = await answer(w.outsider.id, r.id, "confirmed").catch((e: unknown) => e);
    expect(statusOf(outsider as { value: unknown })).toBe(404);
    const page = await run(commitmentsLoader, request("/portal/commitments", { cookie: await sessionCookieFor(w.outsider.id) }), {});
    expect((page.value as { notices: unknown[] }).notices).toEqual([]);

    const silent = await world();
    const s = await replan(silent, { notified: false });
    const refused = await answer(silent.customer.id, s.id, "confirmed").catch((e: unknown) => e);
    expect(statusOf(refused as { value: unknown })).toBe(404);
    expect(await db().selectFrom("expectation_changes").select("id").where("kind", "like", "notice_%").execute()).toEqual([]);
  });

  it("lists the commitment as the customer's figure counts it: overdue while the notice awaits, saying so, and due on the new day once confirmed", async () => {
    type Pending = { movesTo: string; standsOn: string } | null;
    type Listed = { id: string; days_overdue: number; due_for_customer: string; pending_notice: Pending };
    const page = async (w: W) =>
      (
        (await run(commitmentsLoader, request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }), {}))
          .value as { commitments: { overdue: Listed[]; open: Listed[] } }
      ).commitments;
    const row = (c: Listed) => [c.id, c.days_overdue, c.due_for_customer, c.pending_notice];
    // Told ten days before the date (five days ago), recorded today: awaiting the customer's answer for 14 days.
    const w = await world();
    const r = await replan(w);
    const awaiting = await page(w);
    expect(awaiting.overdue.map(row)).toEqual([[w.e.id, 5, day(-5), { movesTo: day(10), standsOn: day(14) }]]);
    // Confirmed: the promise moved with the date, so it is due in ten days, not overdue, with nothing pending.
    expect(statusOf(await answer(w.customer.id, r.id, "confirmed"))).toBe(302);
    const confirmed = await page(w);
    expect(confirmed.overdue).toEqual([]);
    expect(confirmed.open.map(row)).toEqual([[w.e.id, 0, day(10), null]]);

    // Moved without notice: overdue, and no notice to wait for.
    const silent = await world();
    await replan(silent, { notified: false });
    expect((await page(silent)).overdue.map(row)).toEqual([[silent.e.id, 5, day(-5), null]]);

    // "Told" only after the date had passed: even if it stands it cannot move the day, so nothing pending.
    const late = await world();
    await replan(late, { notifiedOn: day(-2) });
    expect((await page(late)).overdue.map(row)).toEqual([[late.e.id, 5, day(-5), null]]);

    // Contested: the move counts as made without notice, for good.
    const contested = await world();
    const c = await replan(contested);
    expect(statusOf(await answer(contested.customer.id, c.id, "contested", "Nobody told us"))).toBe(302);
    expect((await page(contested)).overdue.map(row)).toEqual([[contested.e.id, 5, day(-5), null]]);
  });
});

describe("the portal's list of notices", () => {
  type Listed = { replanId: string; title: string; state: string };
  const listed = async (w: W) =>
    (await run(commitmentsLoader, request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }), {})).value as {
      notices: Listed[];
      settledLeftOut: { listed: number } | null;
    };
  /** `count` re-plans with notice of trivial commitments, written as the model writes them, recorded `daysAgo` days ago (the i-th a minute earlier). */
  async function trivialNotices(w: W, count: number, daysAgo: number, answer?: "notice_confirmed") {
    const expectations = await db()
      .insertInto("expectations")
      .values(Array.from({ length: count }, (_, i) => ({ account_id: w.account.id, title: `Weekly note ${daysAgo}/${i}`, due_date: day(21), original_due_date: day(20), importance: 1 })))
      .returning("id")
      .execute();
    const replans = await db()
      .insertInto("expectation_changes")
      .values(
        expectations.map(({ id }, i) => ({
          account_id: w.account.id,
          expectation_id: id,
          kind: "replanned",
          from_due_date: day(20),
          to_due_date: day(21),
          reason: "Moved",
          customer_notified: true,
          customer_notified_on: day(-daysAgo),
          replanned_on: day(-daysAgo),
          actor_id: w.kam.id,
          at: sql<Date>`now() - make_interval(days => ${daysAgo}, mins => ${i})`,
          // Mailed to the account's portal users as it was recorded.
          notice_reached_at: sql<Date>`now() - make_interval(days => ${daysAgo}, mins => ${i})`,
        })),
      )
      .returning("id")
      .execute();
    if (answer) {
      await db()
        .insertInto("expectation_changes")
        .values(replans.map((r, i) => ({ account_id: w.account.id, expectation_id: expectations[i]!.id, kind: answer, replan_id: r.id, actor_id: w.customer.id })))
        .execute();
    }
    return replans.map((r) => r.id);
  }

  it("lists every notice awaiting the customer's answer, first, however many notices were recorded after it", async () => {
    const w = await world();
    // The one that matters: the KAM says the customer was told ten days before the date; recorded five days ago.
    const key = await replan(w);
    await sql`update expectation_changes set at = at - interval '5 days', notice_reached_at = notice_reached_at - interval '5 days'
      where id = ${key.id}::uuid`.execute(db());
    // A hundred and twenty trivial notices recorded after it, each awaiting an answer too, and a hundred answered ones.
    const flood = await trivialNotices(w, 120, 0);
    await trivialNotices(w, 100, 1, "notice_confirmed");
    const page = await listed(w);
    const awaiting = page.notices.filter((n) => n.state === "awaiting");
    expect(awaiting).toHaveLength(121);
    expect(page.notices.slice(0, 121)).toEqual(awaiting);
    expect(awaiting.map((n) => n.replanId)).toEqual([...flood, key.id]);
    expect(page.notices.find((n) => n.replanId === key.id)).toMatchObject({ title: "Pilot rollout", state: "awaiting" });
    // The answered ones follow, as many as are listed, and none is left out yet.
    expect(page.notices.slice(121).map((n) => n.state)).toEqual(Array(100).fill("confirmed"));
    expect(page.settledLeftOut).toBeNull();
    // So the customer can contest it before it stands.
    expect(statusOf(await answer(w.customer.id, key.id, "contested", "Nobody told us"))).toBe(302);
    expect(await standing(w)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
  });

  it("lists the newest 100 answered or settled notices after the awaiting ones, and says older ones are left out", async () => {
    const w = await world();
    const key = await replan(w);
    const confirmed = await trivialNotices(w, 3, 0, "notice_confirmed");
    // Recorded 30 days ago and never answered: settled ('uncontested') after the 14 contest days.
    const settled = await trivialNotices(w, 101, 30);
    const page = await listed(w);
    expect(page.notices.map((n) => n.replanId)).toEqual([key.id, ...confirmed, ...settled.slice(0, 97)]);
    expect(page.notices.map((n) => n.state)).toEqual(["awaiting", "confirmed", "confirmed", "confirmed", ...Array(97).fill("uncontested")]);
    expect(page.settledLeftOut).toEqual({ listed: 100 });
    // The page says so below the list, in the customer's words.
    const html = await (await handle(request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }))).text();
    const note = /data-testid="portal-section-notices-note">([^<]*)</.exec(html)?.[1];
    expect(note).toBe(
      "Every change still waiting for your answer is listed, and the 100 newest of the others. Older changes you have already answered, or that were settled without an answer, are not shown.",
    );
  });

  it("lists older settled notices after a year's unreachable ones, and says nothing is left out when nothing is", async () => {
    const w = await world();
    // 101 notices nobody could see (no portal user reached), recorded 30 days ago: each waits for a confirmation.
    const unseen = await trivialNotices(w, 101, 30);
    await db().updateTable("expectation_changes").set({ notice_reached_at: null }).where("id", "in", unseen).execute();
    // Three older ones, settled unanswered long ago.
    const settled = await trivialNotices(w, 3, 40);
    const page = await listed(w);
    expect(page.notices.filter((n) => n.state === "unreachable")).toHaveLength(101);
    expect(page.notices.slice(101).map((n) => n.replanId)).toEqual(settled);
    expect(page.settledLeftOut).toBeNull();
  });

  it("says nothing of left-out notices when all are listed", async () => {
    const w = await world();
    await replan(w);
    await trivialNotices(w, 99, 30);
    const page = await listed(w);
    expect(page.notices).toHaveLength(100);
    expect(page.settledLeftOut).toBeNull();
    const html = await (await handle(request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }))).text();
    expect(html.includes('data-count="100"')).toBe(true);
    expect(html.includes("portal-section-notices-note")).toBe(false);
  });
});
