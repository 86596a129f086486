import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { countAwaitingAnswer, listCommitments } from "#app/models/portal.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { action as commitmentsAction, loader as commitmentsLoader } from "#app/routes/portal.commitments.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The portal's list of deliveries (listCommitments): every delivery still
// awaiting the customer's answer is listed, oldest delivery first, however many
// there are; then the newest settled ones (answered, or closed without a
// delivery) up to 200, the page saying when older ones are left out. A flood
// of trivial deliveries used to push a real one off the list (the newest 200
// resolved were read), so the customer could not dispute it.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const rule = { today, contestDays: 14, timeZone: TIME_ZONE };

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Crowd Logistics Oy" });
  const holder = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
  const customer = await createPortalUser(db(), account.id, holder.id);
  return { kam, account, holder, customer };
}
type W = Awaited<ReturnType<typeof world>>;

/** `count` trivial resolved commitments due (and delivered, when delivered) `daysAgo` days ago, the i-th with title `${prefix} i`. */
async function trivial(w: W, count: number, daysAgo: number, over: { outcome?: string; customer_response?: string; prefix?: string } = {}) {
  const outcome = over.outcome ?? "kept";
  const rows = await db()
    .insertInto("expectations")
    .values(
      Array.from({ length: count }, (_, i) => ({
        account_id: w.account.id,
        title: `${over.prefix ?? "Weekly note"} ${i}`,
        importance: 1,
        original_due_date: day(-daysAgo),
        due_date: day(-daysAgo),
        status: "resolved",
        outcome,
        delivered_on: outcome === "missed" ? null : day(-daysAgo),
        customer_response: over.customer_response ?? null,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

const realDelivery = (w: W) =>
  createExpectation(db(), {
    account_id: w.account.id,
    title: "Real delivery to dispute",
    importance: 3,
    due_date: day(-40),
    status: "resolved",
    outcome: "kept",
    delivered_on: day(-40),
    holder_stakeholder_id: w.holder.id,
  });

type Listed = { id: string; title: string; customer_response: string | null };
interface Page {
  commitments: { awaitingAnswer: Listed[]; answered: Listed[]; notDelivered: Listed[]; settledLeftOut: { listed: number } | null };
}
const page = async (w: W) =>
  (await run(commitmentsLoader, request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }), {})).value as Page;
const html = async (w: W) =>
  (await handle(request("/portal/commitments", { cookie: await sessionCookieFor(w.customer.id) }))).text();

describe("the portal's list of deliveries", () => {
  it("lists every delivery awaiting the customer's answer, oldest first, however many newer ones were delivered", async () => {
    const w = await world();
    const real = await realDelivery(w);
    // Two hundred trivial deliveries since, each awaiting an answer too, and two hundred answered ones.
    const flood = await trivial(w, 200, 1);
    await trivial(w, 200, 2, { customer_response: "confirmed", prefix: "Answered note" });

    // The model, in the portal's scope: all 201 awaiting ones, the real one first; as many as the count says.
    const listed = await withPortalScope(w.account.id, async (trx) => ({
      list: await listCommitments(trx, w.account.id, rule),
      count: await countAwaitingAnswer(trx, w.account.id),
    }));
    expect(listed.count).toBe(201);
    expect(listed.list.awaitingAnswer).toHaveLength(201);
    expect(listed.list.awaitingAnswer[0]).toMatchObject({ id: real.id, title: "Real delivery to dispute", holder_name: "Dora Decider" });
    expect(new Set(listed.list.awaitingAnswer.slice(1).map((e) => e.id))).toEqual(new Set(flood));
    // The answered ones follow in their own list, newest first, all 200 of them: none left out yet.
    expect(listed.list.answered).toHaveLength(200);
    expect(listed.list.settledLeftOut).toBe(false);

    // The page's loader lists the same, and the customer can dispute the real one.
    const p = await page(w);
    expect(p.commitments.awaitingAnswer.map((e) => e.id)).toEqual(listed.list.awaitingAnswer.map((e) => e.id));
    expect(p.commitments.settledLeftOut).toBeNull();
    const cookie = await sessionCookieFor(w.customer.id);
    const fields = { expectation_id: real.id, version: String(real.version), response: "disputed_not_delivered", comment: "We never got it" };
    expect(statusOf(await run(commitmentsAction, formRequest("/portal/commitments", fields, cookie), {}))).toBe(302);
    const stored = await db().selectFrom("expectations").select("customer_response").where("id", "=", real.id).executeTakeFirstOrThrow();
    expect(stored.customer_response).toBe("disputed_not_delivered");
    // Answered, it is settled: older than the 200 answered since, it is the one left out, and the page says so.
    const after = await page(w);
    expect(after.commitments.awaitingAnswer).toHaveLength(200);
    expect(after.commitments.answered.map((e) => e.id)).not.toContain(real.id);
    expect(after.commitments.settledLeftOut).toEqual({ listed: 200 });
  });

  it("lists the awaiting ones by delivery day, oldest first", async () => {
    const w = await world();
    const recent = await trivial(w, 1, 3, { prefix: "Recent" });
    const old = await trivial(w, 1, 300, { prefix: "Old" });
    const middle = await trivial(w, 1, 60, { prefix: "Middle" });
    expect((await page(w)).commitments.awaitingAnswer.map((e) => e.id)).toEqual([...old, ...middle, ...recent]);
  });

  it("lists the newest 200 settled deliveries after the awaiting ones, and says older ones are left out", async () => {
    const w = await world();
    const real = await realDelivery(w);
    const answered = await trivial(w, 150, 5, { customer_response: "confirmed", prefix: "Answered" });
    const missed = await trivial(w, 50, 10, { outcome: "missed", prefix: "Missed" });
    // One more settled, older than all of those: the 201st, left out.
    const oldest = await trivial(w, 1, 100, { customer_response: "confirmed", prefix: "Oldest answered" });
    const p = await page(w);
    expect(p.commitments.awaitingAnswer.map((e) => e.id)).toEqual([real.id]);
    expect(new Set(p.commitments.answered.map((e) => e.id))).toEqual(new Set(answered));
    expect(new Set(p.commitments.notDelivered.map((e) => e.id))).toEqual(new Set(missed));
    expect(p.commitments.answered.map((e) => e.id)).not.toContain(oldest[0]);
    expect(p.commitments.settledLeftOut).toEqual({ listed: 200 });
    // The page says so below the delivered ones, in the customer's words.
    const note = /data-testid="portal-section-answered-note">([^<]*)</.exec(await html(w))?.[1];
    expect(note).toBe(
      "Every delivery still waiting for your confirmation is listed above, and the 200 newest of the others. Older deliveries you have already answered, and older commitments closed without a delivery, are not shown.",
    );
  });

  it("says nothing of left-out deliveries when all are listed", async () => {
    const w = await world();
    await realDelivery(w);
    await trivial(w, 200, 5, { customer_response: "confirmed" });
    const p = await page(w);
    expect(p.commitments.answered).toHaveLength(200);
    expect(p.commitments.settledLeftOut).toBeNull();
    const text = await html(w);
    expect(text.includes('data-testid="portal-section-answered" data-count="200"')).toBe(true);
    expect(text.includes("portal-section-answered-note")).toBe(false);
  });
});
