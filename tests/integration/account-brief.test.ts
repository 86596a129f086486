import { describe, expect, it } from "vitest";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { keyRoleHolders, openSupportCases, recentSentiments, unpaidOrDisputedInvoices } from "#app/models/brief.server.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import { listCommitteeContacts } from "#app/models/scoring-inputs.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor } from "#tests/setup/requests.ts";

// The account brief's queries against a real database: each answers for its
// own account only, with the rows the brief promises and none it does not.

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const other = await createAccount(db(), { owner_id: kam.id });
  return { kam, account, other };
}

/** A touchpoint of `kind` at `at` that the stakeholder took part in. */
async function meet(accountId: string, stakeholderId: string, kind: string, at: Date) {
  const tp = await createTouchpoint(db(), { account_id: accountId, kind, occurred_at: at });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: accountId, touchpoint_id: tp.id, stakeholder_id: stakeholderId, occurred_at: at })
    .execute();
}

async function supportCase(accountId: string, status: string, slaDueAt: Date, title: string) {
  const tp = await createTouchpoint(db(), { account_id: accountId, kind: "support_case", title, occurred_at: ago(10) });
  await db()
    .insertInto("touchpoint_support_cases")
    .values({
      account_id: accountId,
      touchpoint_id: tp.id,
      status,
      opened_at: ago(10),
      sla_due_at: slaDueAt,
      resolved_at: status === "resolved" || status === "closed" ? ago(1) : null,
    })
    .execute();
  return tp;
}

async function invoice(accountId: string, number: string, facts: { paid_on?: string | null; disputed?: boolean; due: string }) {
  const tp = await createTouchpoint(db(), { account_id: accountId, kind: "invoice", title: number, occurred_at: ago(40) });
  await db()
    .insertInto("touchpoint_invoices")
    .values({
      account_id: accountId,
      touchpoint_id: tp.id,
      number,
      amount: "1234.50",
      due_date: facts.due,
      paid_on: facts.paid_on ?? null,
      disputed: facts.disputed ?? false,
    })
    .execute();
  return tp;
}

describe("the account brief's queries", () => {
  it("lists open and waiting support cases of this account, soonest SLA first, flagging those past it", async () => {
    const { account, other } = await world();
    const late = await supportCase(account.id, "open", ago(1), "Late case");
    const waiting = await supportCase(account.id, "waiting", new Date(Date.now() + DAY), "Waiting case");
    await supportCase(account.id, "resolved", ago(2), "Resolved case");
    await supportCase(account.id, "closed", ago(2), "Closed case");
    await supportCase(other.id, "open", ago(3), "Someone else's case");
    const cases = await openSupportCases(db(), account.id);
    expect(cases.map((c) => [c.id, c.title, c.status, c.past_sla])).toEqual([
      [late.id, "Late case", "open", true],
      [waiting.id, "Waiting case", "waiting", false],
    ]);
  });

  it("lists unpaid or disputed invoices of this account by due date, and no settled one", async () => {
    const { account, other } = await world();
    const unpaid = await invoice(account.id, "INV-1", { due: "2026-01-15" });
    const disputedPaid = await invoice(account.id, "INV-2", { due: "2026-01-01", paid_on: "2026-01-10", disputed: true });
    await invoice(account.id, "INV-3", { due: "2025-12-01", paid_on: "2025-12-01" });
    await invoice(other.id, "INV-4", { due: "2025-11-01" });
    const rows = await unpaidOrDisputedInvoices(db(), account.id);
    expect(rows.map((r) => [r.id, r.number, r.amount, r.paid_on, r.disputed])).toEqual([
      [disputedPaid.id, "INV-2", "1234.50", "2026-01-10", true],
      [unpaid.id, "INV-1", "1234.50", null, false],
    ]);
  });

  it("reads the latest sentiments newest first, skipping unrated touchpoints, and calls the trend from them", async () => {
    const { account, other } = await world();
    // Older ratings were good, recent ones bad: falling.
    const ratings = [2, 2, 1, 2, -1, -2, -1, -2];
    for (const [i, sentiment] of ratings.entries()) {
      await createTouchpoint(db(), { account_id: account.id, sentiment, occurred_at: ago(80 - i * 10) });
    }
    await createTouchpoint(db(), { account_id: account.id, sentiment: null, occurred_at: ago(1) });
    await createTouchpoint(db(), { account_id: other.id, sentiment: 2, occurred_at: ago(1) });
    const newestFirst = await recentSentiments(db(), account.id);
    expect(newestFirst).toEqual([...ratings].reverse());
    expect(await recentSentiments(db(), account.id, 3)).toEqual([-2, -1, -2]);
    expect(sentimentTrend(newestFirst)).toMatchObject({ direction: "down", recent: -1.5, earlier: 1.8, sample: 8 });
  });

  it("finds the last two-way contact per key role, ignoring one-way kinds, people who left and other accounts", async () => {
    const { kam, account, other } = await world();
    const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
    const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", committee_role: "champion" });
    const oldChampion = await createStakeholder(db(), {
      account_id: account.id,
      name: "Old Champion",
      committee_role: "champion",
      left_on: "2026-01-01",
    });
    const stranger = await createStakeholder(db(), { account_id: other.id, name: "Sam Stranger", committee_role: "user" });
    await meet(account.id, dm.id, "meeting", ago(20));
    await meet(account.id, dm.id, "call", ago(12));
    await meet(account.id, dm.id, "invoice", ago(2)); // one-way: not a contact
    await meet(account.id, champion.id, "email", ago(40));
    await meet(account.id, oldChampion.id, "meeting", ago(1)); // left: not the role's holder
    await meet(other.id, stranger.id, "meeting", ago(1));

    const contacts = await listCommitteeContacts(db(), account.id);
    expect(contacts.map((c) => c.name).sort()).toEqual(["Chris Champion", "Dora Decider", "Old Champion"]);
    const byRole = Object.fromEntries(lastContactByKeyRole(contacts).map((r) => [r.role, r]));
    expect(byRole.decision_maker).toMatchObject({ person: { id: dm.id, name: "Dora Decider" } });
    expect(Math.round((Date.now() - byRole.decision_maker!.lastContact!.getTime()) / DAY)).toBe(12);
    expect(byRole.champion).toMatchObject({ person: { id: champion.id } });
    expect(Math.round((Date.now() - byRole.champion!.lastContact!.getTime()) / DAY)).toBe(40);
    expect(byRole.economic_buyer).toEqual({ role: "economic_buyer", person: null, lastContact: null });
    expect(byRole.user).toEqual({ role: "user", person: null, lastContact: null });
    expect(daysSinceDecisionMakerContact(contacts, new Date())).toBe(12);

    // The account page's brief is built from the same queries.
    const page = await run(accountLoader, request(`/accounts/${account.id}`, { cookie: await sessionCookieFor(kam.id) }), {
      accountId: account.id,
    });
    const brief = (page.value as { brief: { dmDays: number; keyContacts: { role: string; person: { name: string } | null }[] } }).brief;
    expect(brief.dmDays).toBe(12);
    expect(brief.keyContacts.find((k) => k.role === "champion")?.person?.name).toBe("Chris Champion");
  });

  it("gives the page the key contacts the whole committee gives: present holders of key roles, most influence first", async () => {
    const { account, other } = await world();
    const now = new Date();
    const person = (name: string, committee_role: string, influence: number, left_on: string | null = null) =>
      createStakeholder(db(), { account_id: account.id, name, committee_role, influence, left_on });
    await person("Quiet User High", "user", 4);
    await person("Quiet User Low", "user", 2);
    await person("Bea Champion", "champion", 3);
    await person("Aki Champion", "champion", 3);
    const leftDm = await person("Left Decider", "decision_maker", 5, "2026-01-01");
    const dm = await person("Dora Decider", "decision_maker", 1);
    const influencer = await person("Ilkka Influencer", "influencer", 5);
    await meet(account.id, dm.id, "call", ago(30));
    await meet(account.id, dm.id, "meeting", new Date(now.getTime() + 2 * DAY)); // after now: not yet a contact
    await meet(account.id, leftDm.id, "meeting", ago(1)); // left: holds no role
    await meet(account.id, influencer.id, "meeting", ago(1)); // not a key role
    await createStakeholder(db(), { account_id: other.id, name: "Sam Stranger", committee_role: "decision_maker", influence: 5 });

    const holders = await keyRoleHolders(db(), account.id, now);
    // Nobody without contact wins a role over the one listed first: the committee's order (influence, then name).
    expect(holders.map((h) => h.name)).toEqual(["Quiet User High", "Aki Champion", "Bea Champion", "Quiet User Low", "Dora Decider"]);
    const committee = await loadCommitteeView(db(), account.id, { now });
    expect(lastContactByKeyRole(holders)).toEqual(lastContactByKeyRole(committee.members));
    const byRole = Object.fromEntries(lastContactByKeyRole(holders).map((r) => [r.role, r]));
    expect(byRole.user!.person?.name).toBe("Quiet User High");
    expect(byRole.champion!.person?.name).toBe("Aki Champion");
    expect(byRole.decision_maker!.person?.id).toBe(dm.id);
    expect(Math.round((now.getTime() - byRole.decision_maker!.lastContact!.getTime()) / DAY)).toBe(30);
    expect(byRole.economic_buyer!.person).toBeNull();
    expect(daysSinceDecisionMakerContact(holders, now)).toBe(daysSinceDecisionMakerContact(committee.members, now));
  });
});
