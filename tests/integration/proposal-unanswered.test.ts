import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { acknowledgeSignal, refreshAccountScores } from "#app/models/scores.server.ts";
import { action as ledgerAction } from "#app/routes/_app.accounts.$accountId_.expectations._index.tsx";
import { action as proposeAction } from "#app/routes/portal.commitments_.new.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// An expectation the customer states in the portal (status 'proposed') that
// the KAM neither accepts nor declines is judged: the signal
// proposal_unanswered (app/domain/risk/ledger.ts) once 14 days have passed
// since it was stated (Medium), or its date has passed (High). It reaches the
// KAM's inbox, the risk pages and the account page like any signal, a
// director's inbox once High and unacknowledged, and ends when the proposal is
// accepted or declined. Time passing is written as the stored instants moving back.

const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa Kam" })), role: "kam" as const };
  const director = { ...(await createUser(db(), { role: "director", name: "Dora Director" })), role: "director" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Asked Logistics Oy" });
  const holder = await createStakeholder(db(), { account_id: account.id, name: "Paula Pilot", committee_role: "champion" });
  const customer = await createPortalUser(db(), account.id, holder.id);
  return { kam, director, account, holder, customer };
}
type W = Awaited<ReturnType<typeof world>>;

/** The customer states an expectation on the portal's form; its id. */
async function propose(w: W, title: string, dueDate: string) {
  const fields = { title, category: "delivery", due_date: dueDate };
  const res = await run(proposeAction, formRequest("/portal/commitments/new", fields, await sessionCookieFor(w.customer.id)), {});
  expect(statusOf(res)).toBe(302);
  const row = await db().selectFrom("expectations").select(["id", "status", "source"]).where("title", "=", title).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: "proposed", source: "customer" });
  return row.id;
}

const rescore = (w: W) => db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id));

/** Time passes: it was stated `days` days ago (and, when given, asked for by `dueDate`); the daily refresh rescored. */
async function statedDaysAgo(w: W, id: string, days: number, dueDate?: string) {
  await sql`update expectations set created_at = now() - make_interval(days => ${days}) where id = ${id}::uuid`.execute(db());
  if (dueDate) await db().updateTable("expectations").set({ due_date: dueDate, original_due_date: dueDate }).where("id", "=", id).execute();
  await rescore(w);
}

async function signals(w: W) {
  return db()
    .selectFrom("risk_signals")
    .select(["id", "rule", "severity", "evidence_id", "params", "acknowledged_at", "escalated_from"])
    .where("account_id", "=", w.account.id)
    .where("resolved_at", "is", null)
    .orderBy("rule")
    .execute();
}
const unanswered = async (w: W) => (await signals(w)).filter((s) => s.rule === "proposal_unanswered");
const page = async (path: string, userId: string) => (await handle(request(path, { cookie: await sessionCookieFor(userId) }))).text();
const keysOf = async (user: { id: string; role: "kam" | "director" }) =>
  (await gatherInbox(db(), user)).map((i) => `${i.kind}:${i.sourceId}`);

describe("a customer's stated expectation left unanswered", () => {
  it("raises Medium after 14 days and High once its date passed, reaches the KAM, the risk pages and a director, and ends when accepted", async () => {
    const w = await world();
    const id = await propose(w, "Monthly delivery report", day(30));
    expect(await unanswered(w)).toEqual([]);
    await statedDaysAgo(w, id, 13);
    expect(await unanswered(w)).toEqual([]);

    // Fourteen days without an answer: Medium, saying so.
    await statedDaysAgo(w, id, 14);
    const [medium] = await unanswered(w);
    expect(medium).toMatchObject({
      severity: "medium",
      evidence_id: id,
      params: { title: "Monthly delivery report", statedOn: day(-14), dueDate: day(30), daysWaiting: 14, answerDays: 14, daysPastDue: 0 },
    });
    // In the KAM's inbox (beside the proposal itself), on the account page and in the risk inbox.
    expect(await keysOf(w.kam)).toEqual(expect.arrayContaining([`signal:${medium!.id}`, `customer_expectation:${id}`]));
    const accountPage = await page(`/accounts/${w.account.id}`, w.kam.id);
    expect(accountPage).toContain("Customer&#x27;s expectation unanswered");
    expect(accountPage).toContain("has had no answer for 14 days: accept it or decline it with a reason.");
    expect(await page("/risks", w.director.id)).toContain("Customer&#x27;s expectation unanswered");

    // The KAM acknowledges it and still does not answer; the date the customer asked for passes.
    await db().transaction().execute((trx) => acknowledgeSignal(trx, { accountId: w.account.id, signalId: medium!.id, userId: w.kam.id, note: "Asking the team" }));
    await statedDaysAgo(w, id, 45, day(-1));
    const [high] = await unanswered(w);
    // Raised anew, High and unacknowledged, in place of the acknowledged Medium.
    expect(high).toMatchObject({ severity: "high", acknowledged_at: null, escalated_from: medium!.id, params: { daysPastDue: 1, daysWaiting: 45 } });
    expect(await page(`/accounts/${w.account.id}`, w.kam.id)).toContain("that date passed 1 day ago and they still have no answer.");
    // Left unacknowledged past the inbox's escalation days (3), it reaches a director.
    await sql`update risk_signals set first_seen_at = now() - interval '4 days' where id = ${high!.id}::uuid`.execute(db());
    expect(await keysOf(w.director)).toContain(`signal_escalation:${high!.id}`);

    // The KAM accepts it: the signal ends; the promise, its date passed, is now simply overdue.
    const version = (await db().selectFrom("expectations").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
    const accept = formRequest(`/accounts/${w.account.id}/expectations`, { intent: "accept", expectation_id: id, version: String(version) }, await sessionCookieFor(w.kam.id));
    expect(statusOf(await run(ledgerAction, accept, { accountId: w.account.id }))).toBe(302);
    expect(await unanswered(w)).toEqual([]);
    expect((await signals(w)).filter((s) => s.evidence_id === id).map((s) => [s.rule, s.severity])).toEqual([["expectation_overdue", "medium"]]);
    expect(await keysOf(w.director)).not.toContain(`signal_escalation:${high!.id}`);
  });

  it("ends when the KAM declines it with a reason", async () => {
    const w = await world();
    const id = await propose(w, "Weekly call", day(40));
    await statedDaysAgo(w, id, 20);
    expect((await unanswered(w)).map((s) => [s.severity, s.evidence_id])).toEqual([["medium", id]]);
    const fields = { intent: "decline", expectation_id: id, version: "1", reason: "Not in the contract; we said so on the phone" };
    const res = await run(ledgerAction, formRequest(`/accounts/${w.account.id}/expectations`, fields, await sessionCookieFor(w.kam.id)), { accountId: w.account.id });
    expect(statusOf(res)).toBe(302);
    expect((await signals(w)).filter((s) => s.evidence_id === id)).toEqual([]);
  });

  it("judges the review's case, a stated expectation 60 days past its date, at once; an internal draft waits on nobody", async () => {
    const w = await world();
    const stated = await createExpectation(db(), { account_id: w.account.id, title: "Stated by customer", importance: 3, due_date: day(-60), status: "proposed", source: "customer", holder_stakeholder_id: w.holder.id });
    const draft = await createExpectation(db(), { account_id: w.account.id, title: "Internal idea", due_date: day(-60), status: "proposed", source: "internal" });
    await sql`update expectations set created_at = now() - interval '90 days' where id = ${draft.id}::uuid`.execute(db());
    await rescore(w);
    expect((await unanswered(w)).map((s) => [s.severity, s.evidence_id, (s.params as { daysPastDue: number }).daysPastDue])).toEqual([["high", stated.id, 60]]);
  });
});
