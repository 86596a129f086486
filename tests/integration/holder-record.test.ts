import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { getAccountHealth } from "#app/models/account-health.server.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import { recordDelivery, replanExpectation } from "#app/models/expectation-changes.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as committeeLoader } from "#app/routes/_app.accounts.$accountId_.committee._index.tsx";
import { loader as stakeholderLoader } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { db } from "#app/utils/db.server.ts";
import type { MeetingBrief } from "#app/components/account-brief.tsx";
import { recordSentence } from "#app/components/holder-record.tsx";
import { formatters } from "#app/i18n/index.ts";
import {
  confirmNotices,
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createUser,
} from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Whom did we surprise (issue 14, item 4): expectations held by two people with
// different outcomes, read back through the committee view, the person's page
// and the account brief, all judged as the account's predictability judges them.

const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM" })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const anna = await createStakeholder(db(), {
    account_id: account.id,
    name: "Anna Virtanen",
    committee_role: "decision_maker",
    influence: 5,
  });
  const ben = await createStakeholder(db(), {
    account_id: account.id,
    name: "Ben Berg",
    committee_role: "user",
    influence: 1,
  });
  const resolved = (
    holder: string,
    title: string,
    due: number,
    delivered: number | null,
    outcome: "kept" | "late" | "missed",
  ) =>
    createExpectation(db(), {
      account_id: account.id,
      title,
      holder_stakeholder_id: holder,
      due_date: day(due),
      status: "resolved",
      outcome,
      delivered_on: delivered === null ? null : day(delivered),
    });
  // Anna: 4 promised — 3 kept, 1 late without notice (delivered ten days after the date, never re-planned).
  await resolved(anna.id, "Dashboard", -100, -101, "kept");
  await resolved(anna.id, "Training", -60, -60, "kept");
  await resolved(anna.id, "Price list", -40, -45, "kept");
  const late = await resolved(anna.id, "Root-cause report", -20, -10, "late");
  // Ben: re-planned with notice that stands and delivered on the new date; one missed; one still open.
  const replanned = await createExpectation(db(), {
    account_id: account.id,
    title: "Integration",
    holder_stakeholder_id: ben.id,
    due_date: day(-50),
  });
  await db()
    .transaction()
    .execute(async (trx) => {
      await replanExpectation(trx, { actor: kam }, account.id, replanned.id, {
        version: replanned.version,
        due_date: day(-30),
        reason: "Supplier delay",
        customer_notified: true,
        replanned_on: day(-55),
        customer_notified_on: day(-55),
      });
    });
  await confirmNotices(account.id);
  await db()
    .transaction()
    .execute(async (trx) => {
      const now = await trx
        .selectFrom("expectations")
        .select("version")
        .where("id", "=", replanned.id)
        .executeTakeFirstOrThrow();
      await recordDelivery(trx, { actor: kam }, account.id, replanned.id, {
        version: now.version,
        outcome: "kept",
        delivered_on: day(-31),
        delivery_note: "",
      });
    });
  await resolved(ben.id, "Spare parts", -15, null, "missed");
  await createExpectation(db(), {
    account_id: account.id,
    title: "Next release",
    holder_stakeholder_id: ben.id,
    due_date: day(20),
  });
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, account.id));
  return { kam, account, anna, ben, late, replanned };
}

describe("whom did we surprise", () => {
  it("the committee view gives each holder's record and the influence-weighted roll-up, agreeing with the account's predictability", async () => {
    const w = await world();
    const view = await loadCommitteeView(db(), w.account.id, { recordsFor: today });
    const records = view.records!;
    expect(records.months).toBe(12);
    expect(records.byPerson[w.anna.id]!.counts).toMatchObject({
      promised: 4,
      kept: 3,
      lateWithNotice: 0,
      surprises: 1,
      bySurpriseReason: { late_without_notice: 1, overdue: 0, missed: 0, partial: 0, disputed: 0 },
      open: 0,
    });
    expect(records.byPerson[w.anna.id]!.predictability).toMatchObject({ value: 0.75, sample: 4, fewData: true });
    expect(records.byPerson[w.ben.id]!.counts).toMatchObject({
      promised: 3,
      kept: 0,
      lateWithNotice: 1,
      surprises: 1,
      bySurpriseReason: { missed: 1 },
      open: 1,
    });
    expect(records.byPerson[w.ben.id]!.predictability).toMatchObject({ value: 0.5, sample: 2, fewData: true });
    // Importance 2 each. Plain: 4 of 6. Weighted: (5·6 + 1·2) / (5·8 + 1·4) = 32/44 — higher: surprises fell on less influence.
    expect(records.rollup).toMatchObject({
      sample: 6,
      surprises: 2,
      fewData: false,
      leaning: "less_influential",
      unheld: 0,
    });
    expect(records.rollup.plainValue).toBeCloseTo(4 / 6, 10);
    expect(records.rollup.value).toBeCloseTo(32 / 44, 10);
    expect(records.rollup.highInfluence).toEqual({ surprises: 1, sample: 4 });

    // The people's samples add up to the account's own (every expectation here has a holder).
    const health = await getAccountHealth(db(), w.account.id, { today });
    expect(health.predictability.sample).toBe(6);
    expect(health.predictability.predictable).toBe(4);

    // The committee page's loader carries it.
    const cookie = await sessionCookieFor(w.kam.id);
    const page = (
      await run(committeeLoader, request(`/accounts/${w.account.id}/committee`, { cookie }), {
        accountId: w.account.id,
      })
    ).value as { records: typeof records };
    expect(page.records.byPerson[w.anna.id]!.counts.promised).toBe(4);
    expect(page.records.rollup.leaning).toBe("less_influential");
  });

  it("the person's page lists what was promised to them with each verdict, linked by expectation", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    type Page = {
      record: {
        months: number;
        counts: { promised: number };
        promises: {
          expectationId: string;
          title: string;
          verdict: string;
          reason: string | null;
          daysLate: number | null;
        }[];
      };
    };
    const page = async (stakeholderId: string) =>
      (
        await run(stakeholderLoader, request(`/accounts/${w.account.id}/committee/${stakeholderId}`, { cookie }), {
          accountId: w.account.id,
          stakeholderId,
        })
      ).value as Page;
    const anna = (await page(w.anna.id)).record;
    expect(anna.counts.promised).toBe(4);
    expect(anna.promises.map((p) => [p.title, p.verdict, p.reason, p.daysLate])).toEqual([
      ["Root-cause report", "surprise", "late_without_notice", 10],
      ["Price list", "kept", null, null],
      ["Training", "kept", null, null],
      ["Dashboard", "kept", null, null],
    ]);
    expect(anna.promises[0]!.expectationId).toBe(w.late.id);
    const ben = (await page(w.ben.id)).record;
    expect(ben.promises.map((p) => [p.title, p.verdict, p.reason])).toEqual([
      ["Next release", "open", null],
      ["Spare parts", "surprise", "missed"],
      ["Integration", "late_with_notice", null],
    ]);
    expect(ben.promises.find((p) => p.title === "Integration")!.expectationId).toBe(w.replanned.id);
  });

  it("the account brief gives the record of each person attending the next planned meeting, in both languages", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    type Brief = { brief: { meeting: MeetingBrief | null } };
    const brief = async () =>
      (
        (await run(accountLoader, request(`/accounts/${w.account.id}`, { cookie }), { accountId: w.account.id }))
          .value as Brief
      ).brief;
    expect((await brief()).meeting).toBeNull();

    const plan = (title: string, days: number, people: string[], state: "planned" | "cancelled" = "planned") =>
      db()
        .insertInto("planned_touchpoints")
        .values({
          account_id: w.account.id,
          kind: "meeting",
          title,
          planned_for: new Date(Date.now() + days * 86_400_000),
          stakeholder_ids: people,
          owner_id: w.kam.id,
          state,
          cancelled_at: state === "cancelled" ? new Date() : null,
        })
        .execute();
    await plan("Quarterly review", 9, [w.ben.id]);
    await plan("Steering group", 2, [w.anna.id, w.ben.id]);
    await plan("Cancelled call", 1, [w.anna.id], "cancelled");
    const meeting = (await brief()).meeting!;
    expect(meeting.title).toBe("Steering group");
    expect(meeting.months).toBe(12);
    expect(meeting.attendees.map((a) => [a.name, a.counts.promised, a.counts.kept, a.counts.surprises])).toEqual([
      ["Anna Virtanen", 4, 3, 1],
      ["Ben Berg", 3, 0, 1],
    ]);
    const anna = meeting.attendees[0]!;
    expect(recordSentence(formatters("en").t, anna.name, anna.counts, meeting.months)).toBe(
      "Promised Anna Virtanen 4 things in the last 12 months: 3 kept, 1 late without notice.",
    );
    expect(recordSentence(formatters("fi").t, anna.name, anna.counts, meeting.months)).toBe(
      "Anna Virtanen: luvattu 4 asiaa viimeisten 12 kuukauden aikana: 3 toteutui, 1 myöhästyi ilman ennakkoilmoitusta.",
    );
    const ben = meeting.attendees[1]!;
    expect(recordSentence(formatters("en").t, ben.name, ben.counts, meeting.months)).toBe(
      "Promised Ben Berg 3 things in the last 12 months: 1 late with notice, 1 missed, 1 still open.",
    );
  });

  it("someone who left keeps their record", async () => {
    const w = await world();
    await db()
      .updateTable("stakeholders")
      .set({ left_on: day(-5) })
      .where("id", "=", w.anna.id)
      .execute();
    const view = await loadCommitteeView(db(), w.account.id, { recordsFor: today });
    expect(view.records!.byPerson[w.anna.id]!.counts.promised).toBe(4);
    expect(view.records!.leftWithRecord).toBe(1);
    expect(view.records!.rollup.sample).toBe(6);
  });

  it("a portal user reaches none of it", async () => {
    const w = await world();
    const customer = await createPortalUser(db(), w.account.id, w.ben.id);
    const cookie = await sessionCookieFor(customer.id);
    const params = { accountId: w.account.id, stakeholderId: w.anna.id };
    for (const [loader, path] of [
      [committeeLoader, `/accounts/${w.account.id}/committee`],
      [stakeholderLoader, `/accounts/${w.account.id}/committee/${w.anna.id}`],
      [accountLoader, `/accounts/${w.account.id}`],
    ] as const) {
      const result = await run(loader, request(path, { cookie }), params);
      expect([302, 403]).toContain(statusOf(result));
      expect(JSON.stringify(result.value)).not.toContain("Root-cause report");
    }
  });
});
