import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { handoverView } from "#app/models/handover.server.ts";
import { listCommitments } from "#app/models/portal.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { markStakeholderLeft } from "#app/models/stakeholder-changes.server.ts";
import { handOverToSuccessor } from "#app/models/stakeholder-handover.server.ts";
import {
  action as stakeholderAction,
  loader as stakeholderLoader,
} from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { loader as logLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { db } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import {
  createAccount,
  createExpectation,
  createStakeholder,
  createTouchpoint,
  createUser,
  linkStakeholder,
} from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Successor handover: a key person leaves, a successor is named, and in one
// audited transaction their open expectations move to the successor (the
// portal shows the new holder), the successor's page shows the predecessor's
// record, and the first meeting with the successor is a moment of truth.

const today = calendarDate();

async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM" })), role: "kam" as const };
  const colleague = { ...(await createUser(db(), { role: "kam" })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const anna = await createStakeholder(db(), {
    account_id: account.id,
    name: "Anna Aho",
    committee_role: "champion",
    influence: 5,
  });
  const ben = await createStakeholder(db(), {
    account_id: account.id,
    name: "Ben Berg",
    committee_role: "user",
    influence: 3,
  });
  const open1 = await createExpectation(db(), {
    account_id: account.id,
    title: "Root-cause report",
    holder_stakeholder_id: anna.id,
    due_date: addDays(today, 10),
  });
  const proposed = await createExpectation(db(), {
    account_id: account.id,
    title: "Training day",
    holder_stakeholder_id: anna.id,
    status: "proposed",
  });
  const kept = await createExpectation(db(), {
    account_id: account.id,
    title: "Dashboard",
    holder_stakeholder_id: anna.id,
    due_date: addDays(today, -30),
    status: "resolved",
    outcome: "kept",
    delivered_on: addDays(today, -31),
  });
  const others = await createExpectation(db(), {
    account_id: account.id,
    title: "Ben's own",
    holder_stakeholder_id: ben.id,
  });
  return { kam, colleague, account, anna, ben, open1, proposed, kept, others };
}

async function leave(w: Awaited<ReturnType<typeof world>>) {
  return db()
    .transaction()
    .execute((trx) =>
      markStakeholderLeft(trx, { actor: w.kam }, w.account.id, w.anna.id, { version: 1, left_on: today, note: "" }),
    );
}

describe("successor handover", () => {
  it("moves the open expectations, the role and plans the first meeting as a moment of truth, in one audited transaction", async () => {
    const w = await world();
    const { stakeholder } = await leave(w);
    const cookie = await sessionCookieFor(w.kam.id);

    // The page offers the handover, counting what would move.
    const page = (
      await run(stakeholderLoader, request(`/accounts/${w.account.id}/committee/${w.anna.id}`, { cookie }), {
        accountId: w.account.id,
        stakeholderId: w.anna.id,
      })
    ).value as { openHeld: number; successors: { name: string }[] };
    expect(page.openHeld).toBe(2);
    expect(page.successors.map((s) => s.name)).toEqual(["Ben Berg"]);

    const meetingAt = `${addDays(today, 3)}T10:00`;
    const res = await run(
      stakeholderAction,
      formRequest(
        `/accounts/${w.account.id}/committee/${w.anna.id}`,
        {
          intent: "handover",
          version: String(stakeholder.version),
          successor_id: w.ben.id,
          take_role: "on",
          first_meeting_at: meetingAt,
        },
        cookie,
      ),
      { accountId: w.account.id, stakeholderId: w.anna.id },
    );
    expect(statusOf(res)).toBe(302);

    const holders = await db()
      .selectFrom("expectations")
      .select(["title", "holder_stakeholder_id", "version"])
      .where("account_id", "=", w.account.id)
      .orderBy("title")
      .execute();
    expect(Object.fromEntries(holders.map((h) => [h.title, h.holder_stakeholder_id]))).toEqual({
      "Ben's own": w.ben.id,
      Dashboard: w.anna.id, // how it went stays with her
      "Root-cause report": w.ben.id,
      "Training day": w.ben.id,
    });
    const anna = await db()
      .selectFrom("stakeholders")
      .selectAll()
      .where("id", "=", w.anna.id)
      .executeTakeFirstOrThrow();
    expect(anna.successor_id).toBe(w.ben.id);
    const ben = await db().selectFrom("stakeholders").selectAll().where("id", "=", w.ben.id).executeTakeFirstOrThrow();
    expect(ben.committee_role).toBe("champion");

    // Each move is in the expectation's history and the audit, and the handover itself is audited.
    const changes = await db()
      .selectFrom("expectation_changes")
      .select(["expectation_id", "kind", "details"])
      .where("kind", "=", "edited")
      .execute();
    expect(changes.map((c) => c.expectation_id).sort()).toEqual([w.open1.id, w.proposed.id].sort());
    const audits = await db()
      .selectFrom("audit_events")
      .select(["entity", "entity_id", "action"])
      .where("action", "=", "handover")
      .execute();
    expect(audits.map((a) => a.entity_id).sort()).toEqual([w.anna.id, w.open1.id, w.proposed.id].sort());

    // The first meeting is planned, flagged a moment of truth; the log form starts that way.
    const plan = await db()
      .selectFrom("planned_touchpoints")
      .selectAll()
      .where("account_id", "=", w.account.id)
      .executeTakeFirstOrThrow();
    expect(plan).toMatchObject({
      moment_of_truth: true,
      stakeholder_ids: [w.ben.id],
      owner_id: w.kam.id,
      kind: "meeting",
    });
    const log = (
      await run(logLoader, request(`/accounts/${w.account.id}/touchpoints/new?plan=${plan.id}`, { cookie }), {
        accountId: w.account.id,
      })
    ).value as { defaults: unknown };
    expect(log.defaults).toMatchObject({ moment_of_truth: true, stakeholder_ids: [w.ben.id] });
    const items = await gatherInbox(db(), w.kam, { now: new Date(Date.now() + 4 * 86_400_000) });
    expect(items.some((i) => i.sourceId === plan.id)).toBe(true);

    // The customer sees the new holder in the portal.
    const portal = await withPortalScope(w.account.id, (trx) => listCommitments(trx, w.account.id, { today, contestDays: 14, timeZone: TIME_ZONE }));
    expect(portal.open.find((e) => e.title === "Root-cause report")?.holder_name).toBe("Ben Berg");
    // What was delivered to her stays hers.
    expect(portal.awaitingAnswer.find((e) => e.title === "Dashboard")?.holder_name).toBe("Anna Aho");

    // The successor's page: whom they took over from, the record, and the first meeting still to have.
    const view = await handoverView(db(), w.account.id, w.ben.id);
    expect(view.predecessors).toHaveLength(1);
    expect(view.predecessors[0]).toMatchObject({
      name: "Anna Aho",
      record: { promised: 3, kept: 1, notKept: 0, surprises: 0, handedOver: 2 },
      firstMeetingPending: true,
    });
    expect((await handoverView(db(), w.account.id, w.anna.id)).successor).toMatchObject({
      id: w.ben.id,
      name: "Ben Berg",
    });

    // An email with the successor after the handover is no meeting: the prompt stays (only the newest
    // touchpoint of a meeting kind is read).
    const email = await createTouchpoint(db(), {
      account_id: w.account.id,
      kind: "email",
      occurred_at: new Date(Date.now() + 2000),
    });
    await linkStakeholder(db(), email, w.ben.id);
    expect((await handoverView(db(), w.account.id, w.ben.id)).predecessors[0]!.firstMeetingPending).toBe(true);

    // A meeting with the successor after the handover: the prompt goes.
    const tp = await createTouchpoint(db(), {
      account_id: w.account.id,
      kind: "meeting",
      occurred_at: new Date(Date.now() + 1000),
    });
    await linkStakeholder(db(), tp, w.ben.id);
    expect((await handoverView(db(), w.account.id, w.ben.id)).predecessors[0]!.firstMeetingPending).toBe(false);

    // A link starts the log form with the person, as a moment of truth.
    const preset = (
      await run(logLoader, request(`/accounts/${w.account.id}/touchpoints/new?with=${w.ben.id}&moment=1`, { cookie }), {
        accountId: w.account.id,
      })
    ).value as { defaults: unknown };
    expect(preset.defaults).toMatchObject({ moment_of_truth: true, stakeholder_ids: [w.ben.id], kind: "meeting" });
  });

  it("refuses someone still there, a second handover and a successor who left, changing nothing", async () => {
    const w = await world();
    const tryHandover = (version: number, successor = w.ben.id) =>
      db()
        .transaction()
        .execute((trx) =>
          handOverToSuccessor(trx, { actor: w.kam }, w.account.id, w.anna.id, {
            version,
            successor_id: successor,
            take_role: false,
          }),
        );
    await expect(tryHandover(1)).rejects.toBeInstanceOf(FieldError);
    const { stakeholder } = await leave(w);
    // A stranger from another account is not found on this one.
    const other = await createAccount(db(), { owner_id: w.kam.id });
    const stranger = await createStakeholder(db(), { account_id: other.id });
    await expect(tryHandover(stakeholder.version, stranger.id)).rejects.toBeInstanceOf(FieldError);
    await expect(tryHandover(stakeholder.version, w.anna.id)).rejects.toBeInstanceOf(FieldError);
    const done = await tryHandover(stakeholder.version);
    expect(done.moved).toHaveLength(2);
    await expect(tryHandover(done.stakeholder.version)).rejects.toBeInstanceOf(FieldError);
    const plans = await db()
      .selectFrom("planned_touchpoints")
      .select("id")
      .where("account_id", "=", w.account.id)
      .execute();
    expect(plans).toEqual([]);
  });

  it("is refused to a colleague who may not edit the account", async () => {
    const w = await world();
    const { stakeholder } = await leave(w);
    const res = await run(
      stakeholderAction,
      formRequest(
        `/accounts/${w.account.id}/committee/${w.anna.id}`,
        { intent: "handover", version: String(stakeholder.version), successor_id: w.ben.id },
        await sessionCookieFor(w.colleague.id),
      ),
      { accountId: w.account.id, stakeholderId: w.anna.id },
    );
    expect(statusOf(res)).toBe(403);
    const anna = await db()
      .selectFrom("stakeholders")
      .select("successor_id")
      .where("id", "=", w.anna.id)
      .executeTakeFirstOrThrow();
    expect(anna.successor_id).toBeNull();
  });
});
