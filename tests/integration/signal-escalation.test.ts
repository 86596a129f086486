import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { acknowledgeSignal, refreshAccountScores, SignalResolvedError } from "#app/models/scores.server.ts";
import { action as accountAction, loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as risksAction, loader as risksLoader } from "#app/routes/_app.risks.tsx";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { takeFlash } from "#app/web/flash.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Account-keyed signals (one per account) keep their key while their evidence
// grows; an acknowledgement covers the escalation levels it saw, and a
// materially worse cause supersedes it with a new, unacknowledged signal.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const DAY = 86_400_000;

type AccountData = Awaited<ReturnType<typeof accountLoader>>;
type RisksData = Awaited<ReturnType<typeof risksLoader>>;

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy" });
  // A decision maker met last week: no contact signal unless a test wants one.
  const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
  await meet(account.id, dm.id, new Date(Date.now() - 7 * DAY));
  return { kam, director, account, dm };
}

async function meet(accountId: string, stakeholderId: string, at: Date) {
  const tp = await createTouchpoint(db(), { account_id: accountId, kind: "meeting", occurred_at: at });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: accountId, touchpoint_id: tp.id, stakeholder_id: stakeholderId, occurred_at: at })
    .execute();
}

const refresh = (accountId: string, now?: Date) =>
  db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, accountId, now));

function signalRows(accountId: string, rule: string) {
  return db()
    .selectFrom("risk_signals")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("rule", "=", rule)
    .orderBy("first_seen_at")
    .execute();
}

async function acknowledgeOnAccountPage(userId: string, accountId: string, signalId: string, note: string) {
  return run(
    accountAction,
    formRequest(`/accounts/${accountId}`, { intent: "acknowledge", signalId, note }, await sessionCookieFor(userId)),
    { accountId },
  );
}

async function deliver(userId: string, accountId: string, expectationId: string, outcome: string) {
  const res = await run(
    detailAction,
    formRequest(
      `/accounts/${accountId}/expectations/${expectationId}`,
      { intent: "deliver", version: "1", outcome, delivered_on: today },
      await sessionCookieFor(userId),
    ),
    { accountId, expectationId },
  );
  expect(statusOf(res)).toBe(302);
}

async function flashOf(res: { value: unknown }) {
  const cookie = (res.value as Response).headers.get("Set-Cookie")!.split(";")[0]!;
  return (await takeFlash(request("/", { cookie }))).flash;
}

describe("account-keyed signals that get worse", () => {
  it("re-raises repeated surprises when a third surprise comes after two were acknowledged", async () => {
    const { kam, director, account } = await world();
    const e1 = await createExpectation(db(), { account_id: account.id, title: "Delivery 1", due_date: day(-30), status: "open" });
    const e2 = await createExpectation(db(), { account_id: account.id, title: "Delivery 2", due_date: day(-20), status: "open" });
    // Both missed: the signal fires with two surprises.
    await deliver(kam.id, account.id, e1.id, "missed");
    await deliver(kam.id, account.id, e2.id, "missed");
    const [first] = await signalRows(account.id, "repeated_surprises");
    expect(first).toMatchObject({ resolved_at: null, acknowledged_at: null, escalation: [2] });
    expect(first!.params).toMatchObject({ count: 2 });

    const ack = await acknowledgeOnAccountPage(kam.id, account.id, first!.id, "Agreed a recovery plan with them");
    expect(statusOf(ack)).toBe(302);
    const acked = (await signalRows(account.id, "repeated_surprises"))[0]!;
    expect(acked).toMatchObject({ ack_note: "Agreed a recovery plan with them", ack_escalation: [2], resolved_at: null });

    // Seen again at the same level: the acknowledgement stays.
    await refresh(account.id);
    expect(await signalRows(account.id, "repeated_surprises")).toEqual([expect.objectContaining({ id: first!.id, resolved_at: null })]);
    expect((await signalRows(account.id, "repeated_surprises"))[0]!.acknowledged_at).not.toBeNull();

    // A third surprise: a new expectation, due yesterday, missed.
    const e4 = await createExpectation(db(), { account_id: account.id, title: "Delivery 4", due_date: day(-1), status: "open" });
    await deliver(kam.id, account.id, e4.id, "missed");

    const rows = await signalRows(account.id, "repeated_surprises");
    expect(rows).toHaveLength(2);
    const [old, raised] = rows as [(typeof rows)[number], (typeof rows)[number]];
    // The acknowledged one is closed with its note kept; the new one is open, unacknowledged, and says where it came from.
    expect(old).toMatchObject({ id: first!.id, ack_note: "Agreed a recovery plan with them" });
    expect(old.resolved_at).not.toBeNull();
    expect(raised).toMatchObject({ resolved_at: null, acknowledged_at: null, escalated_from: first!.id, escalation: [3] });
    expect(raised.params).toMatchObject({ count: 3 });

    // It is back among the unacknowledged in the risk inbox and on the account page, marked as worse.
    const inbox = await run(risksLoader, request("/risks?ack=no", { cookie: await sessionCookieFor(director.id) }));
    const listed = (inbox.value as RisksData).signals.find((s) => s.id === raised.id);
    expect(listed).toMatchObject({ acknowledged_at: null, escalated_from: first!.id });
    const page = await run(accountLoader, request(`/accounts/${account.id}`, { cookie: await sessionCookieFor(kam.id) }), {
      accountId: account.id,
    });
    const shown = (page.value as AccountData).health.signals.find((s) => s.rule === "repeated_surprises");
    expect(shown).toMatchObject({ id: raised.id, escalated: true, acknowledgedAt: null });
  });

  it("re-raises no decision-maker contact when the gap crosses the next threshold, not before", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const dm = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker" });
    const now = Date.now();
    await meet(account.id, dm.id, new Date(now - 61 * DAY));
    await refresh(account.id, new Date(now));
    const [first] = await signalRows(account.id, "no_dm_contact");
    expect(first).toMatchObject({ escalation: [1, 0], resolved_at: null });
    await db()
      .transaction()
      .execute((trx) => acknowledgeSignal(trx, { accountId: account.id, signalId: first!.id, userId: kam.id, note: "Meeting booked" }));

    // 100 days without contact: still the first threshold, the acknowledgement holds.
    await refresh(account.id, new Date(now + 39 * DAY));
    let rows = await signalRows(account.id, "no_dm_contact");
    expect(rows.map((r) => [r.id, r.resolved_at, r.escalation])).toEqual([[first!.id, null, [1, 0]]]);
    expect(rows[0]!.params).toMatchObject({ days: 100 });

    // 121 days: twice the limit, worse than acknowledged.
    await refresh(account.id, new Date(now + 60 * DAY));
    rows = await signalRows(account.id, "no_dm_contact");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.resolved_at).not.toBeNull();
    expect(rows[1]).toMatchObject({ resolved_at: null, acknowledged_at: null, escalated_from: first!.id, escalation: [2, 0] });
  });

  it("brings an acknowledgement given before levels were kept up to date instead of re-raising it", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    await refresh(account.id); // no decision maker at all: no_dm_contact fires
    const [signal] = await signalRows(account.id, "no_dm_contact");
    // As an acknowledgement stored before this feature: no levels.
    await db()
      .updateTable("risk_signals")
      .set({ acknowledged_at: new Date(), acknowledged_by: kam.id, ack_escalation: null, escalation: [] })
      .where("id", "=", signal!.id)
      .execute();
    await refresh(account.id);
    const rows = await signalRows(account.id, "no_dm_contact");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: signal!.id, resolved_at: null, escalation: [1, 1], ack_escalation: [1, 1] });
    expect(rows[0]!.acknowledged_at).not.toBeNull();
  });
});

describe("acknowledging a signal that has ended", () => {
  it("is refused by the model, on the account page and in the risk inbox, and nothing is written", async () => {
    const { kam, director, account } = await world();
    const e = await createExpectation(db(), { account_id: account.id, title: "Pilot", due_date: day(-3), status: "open" });
    await refresh(account.id);
    const [overdue] = await signalRows(account.id, "expectation_overdue");
    expect(overdue!.resolved_at).toBeNull();
    // Delivered: the overdue signal ends.
    await deliver(kam.id, account.id, e.id, "late");
    expect((await signalRows(account.id, "expectation_overdue"))[0]!.resolved_at).not.toBeNull();

    await expect(
      db()
        .transaction()
        .execute((trx) => acknowledgeSignal(trx, { accountId: account.id, signalId: overdue!.id, userId: kam.id, note: "Too late" })),
    ).rejects.toBeInstanceOf(SignalResolvedError);

    const onPage = await acknowledgeOnAccountPage(kam.id, account.id, overdue!.id, "Too late");
    expect(statusOf(onPage)).toBe(302);
    expect(locationOf(onPage)).toBe(`/accounts/${account.id}#risk-signals`);
    expect(await flashOf(onPage)).toMatchObject({ kind: "error", message: expect.stringMatching(/already ended/) });

    const inInbox = await run(
      risksAction,
      formRequest("/risks", { intent: "acknowledge", accountId: account.id, signalId: overdue!.id, note: "Too late" }, await sessionCookieFor(director.id)),
    );
    expect(statusOf(inInbox)).toBe(302);
    expect(await flashOf(inInbox)).toMatchObject({ kind: "error" });

    const after = (await signalRows(account.id, "expectation_overdue"))[0]!;
    expect([after.acknowledged_at, after.acknowledged_by, after.ack_note]).toEqual([null, null, ""]);
    const audit = await db().selectFrom("audit_events").select("id").where("entity", "=", "risk_signal").execute();
    expect(audit).toEqual([]);
  });
});
