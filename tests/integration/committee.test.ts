import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import {
  action as detailAction,
  loader as detailLoader,
} from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import {
  action as indexAction,
  loader as indexLoader,
} from "#app/routes/_app.accounts.$accountId_.committee._index.tsx";
import { action as newAction, loader as newLoader } from "#app/routes/_app.accounts.$accountId_.committee.new.tsx";
import { formatters } from "#app/i18n/index.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { db } from "#app/utils/db.server.ts";
import {
  createAccount,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf, localeCookieFor } from "#tests/setup/requests.ts";

const today = calendarDate();

async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  const boss = await createStakeholder(db(), {
    account_id: account.id,
    name: "Dora Decider",
    committee_role: "decision_maker",
    influence: 5,
  });
  const champion = await createStakeholder(db(), {
    account_id: account.id,
    name: "Chris Champion",
    committee_role: "champion",
    influence: 4,
    reports_to_id: boss.id,
  });
  const analyst = await createStakeholder(db(), {
    account_id: account.id,
    name: "Ann Analyst",
    committee_role: "influencer",
    influence: 2,
    reports_to_id: champion.id,
  });
  const elsewhere = await createAccount(db(), { owner_id: otherKam.id, name: "Elsewhere Oy" });
  const stranger = await createStakeholder(db(), { account_id: elsewhere.id, name: "Sam Stranger" });
  return { owner, otherKam, director, account, boss, champion, analyst, elsewhere, stranger };
}

type Result = { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
interface Reply {
  intent?: string;
  result: Result;
  conflict?: { version: number; changes: { field: string; value: string }[] };
  role?: {
    stakeholderId: string;
    result: Result;
    conflict?: { version: number; changes: { field: string; value: string }[] };
  };
}
const body = (res: { value: unknown }) => (res.value as { data: Reply }).data;

const committeePath = (accountId: string) => `/accounts/${accountId}/committee`;
const newPath = (accountId: string) => `${committeePath(accountId)}/new`;
const personPath = (accountId: string, id: string) => `${committeePath(accountId)}/${id}`;

const valid = (extra: Record<string, string> = {}) => ({
  name: "Eeva Economic",
  title: "CFO",
  email: "eeva@kestila.example",
  phone: "+358 40 123 4567",
  committee_role: "economic_buyer",
  influence: "4",
  stance: "supporter",
  ...extra,
});

async function add(userId: string, accountId: string, fields: Record<string, string>) {
  return run(newAction, formRequest(newPath(accountId), fields, await sessionCookieFor(userId)), { accountId });
}

async function act(userId: string, accountId: string, stakeholderId: string, fields: Record<string, string>) {
  return run(detailAction, formRequest(personPath(accountId, stakeholderId), fields, await sessionCookieFor(userId)), {
    accountId,
    stakeholderId,
  });
}

async function setRole(userId: string, accountId: string, fields: Record<string, string>, query = "?index") {
  return run(
    indexAction,
    formRequest(`${committeePath(accountId)}${query}`, { intent: "role", ...fields }, await sessionCookieFor(userId)),
    { accountId },
  );
}

interface PageMember {
  id: string;
  name: string;
  committee_role: string | null;
  left_on: string | null;
  last_two_way_contact: Date | string | null;
  nps_score: number | null;
}
interface PageNode {
  id: string;
  managerLeft: { id: string; name: string } | null;
  reports: PageNode[];
}
interface Page {
  members: PageMember[];
  chart: PageNode[];
  gaps: { role: string; kind: string; leftWithoutSuccessor: { id: string; name: string; leftOn: string } | null }[];
  showLeft: boolean;
  leftCount: number;
  canEdit: boolean;
}

async function page(userId: string, accountId: string, query = "") {
  const res = await run(
    indexLoader,
    request(`${committeePath(accountId)}${query}`, { cookie: await sessionCookieFor(userId) }),
    {
      accountId,
    },
  );
  expect(statusOf(res)).toBe(200);
  return res.value as Page;
}

const shape = (nodes: PageNode[], names: Map<string, string>): string =>
  nodes.map((n) => (n.reports.length ? `${names.get(n.id)}(${shape(n.reports, names)})` : names.get(n.id))).join(",");

const row = (id: string) => db().selectFrom("stakeholders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
// Changes only: refused requests are recorded too (tests/integration/refusals.test.ts).
const audits = () =>
  db()
    .selectFrom("audit_events")
    .select(["action", "entity", "entity_id", "actor_id", "account_id", "before", "after"])
    .where("action", "not in", ["access_denied", "access_denied_suppressed"])
    .orderBy("id")
    .execute();

describe("adding a person", () => {
  it("adds them with every field and reports-to, audits it, and shows them on the committee page", async () => {
    const { owner, account, boss } = await world();
    const res = await add(owner.id, account.id, valid({ reports_to_id: boss.id }));
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(committeePath(account.id));
    const saved = await db()
      .selectFrom("stakeholders")
      .selectAll()
      .where("name", "=", "Eeva Economic")
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      account_id: account.id,
      title: "CFO",
      email: "eeva@kestila.example",
      phone: "+358 40 123 4567",
      committee_role: "economic_buyer",
      influence: 4,
      stance: "supporter",
      reports_to_id: boss.id,
      left_on: null,
      version: 1,
    });
    expect((await audits()).map((a) => [a.action, a.entity, a.entity_id, a.actor_id, a.account_id])).toEqual([
      ["create", "stakeholder", saved.id, owner.id, account.id],
    ]);

    const view = await page(owner.id, account.id);
    expect(view.members.map((m) => m.name)).toContain("Eeva Economic");
    const names = new Map(view.members.map((m) => [m.id, m.name]));
    expect(shape(view.chart, names)).toBe("Dora Decider(Chris Champion(Ann Analyst),Eeva Economic)");
  });

  it("takes no role, no e-mail and no phone as none", async () => {
    const { owner, account } = await world();
    const res = await add(owner.id, account.id, {
      name: "Nina None",
      title: "",
      email: "",
      phone: "",
      committee_role: "",
      influence: "1",
      stance: "neutral",
    });
    expect(statusOf(res)).toBe(302);
    const saved = await db()
      .selectFrom("stakeholders")
      .selectAll()
      .where("name", "=", "Nina None")
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      committee_role: null,
      email: null,
      phone: null,
      title: "",
      influence: 1,
      reports_to_id: null,
    });
  });

  it("refuses bad input with a message at each field and keeps what was typed", async () => {
    const { owner, account } = await world();
    const typed = valid({ name: " ", email: "not-an-address", phone: "call me", influence: "7", stance: "enemy" });
    const res = await add(owner.id, account.id, typed);
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(Object.keys(result.error ?? {}).sort()).toEqual(["email", "influence", "name", "phone", "stance"]);
    expect(result.error!.email![0]).toMatch(/e-mail address/);
    expect(result.error!.phone![0]).toMatch(/phone number/);
    expect(result.initialValue).toMatchObject({
      email: "not-an-address",
      phone: "call me",
      influence: "7",
      title: "CFO",
    });
    expect(await db().selectFrom("stakeholders").select("id").where("name", "=", "Eeva Economic").execute()).toEqual(
      [],
    );
    expect(await audits()).toEqual([]);
  });

  it("refuses a manager from another account at the field, keeping the form", async () => {
    const { owner, account, stranger } = await world();
    const res = await add(owner.id, account.id, valid({ reports_to_id: stranger.id }));
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error!.reports_to_id![0]).toMatch(/this account's committee/);
    expect(body(res).result.initialValue).toMatchObject({ name: "Eeva Economic", reports_to_id: stranger.id });
    expect(await audits()).toEqual([]);
  });

  it("refuses a manager who left", async () => {
    const { owner, account } = await world();
    const gone = await createStakeholder(db(), { account_id: account.id, name: "Gus Gone", left_on: "2026-01-31" });
    const res = await add(owner.id, account.id, valid({ reports_to_id: gone.id }));
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error!.reports_to_id![0]).toMatch(/left the customer/);
  });
});

describe("editing a person", () => {
  const edit = (version: number, extra: Record<string, string> = {}) => ({
    intent: "edit",
    version: String(version),
    name: "Chris Champion",
    title: "Head of Operations",
    email: "chris@kestila.example",
    phone: "",
    committee_role: "champion",
    influence: "5",
    stance: "advocate",
    ...extra,
  });

  it("saves the changes with an audit of what changed, and an unchanged save records nothing", async () => {
    const { owner, account, boss, champion } = await world();
    const res = await act(owner.id, account.id, champion.id, edit(1, { reports_to_id: boss.id }));
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(personPath(account.id, champion.id));
    expect(await row(champion.id)).toMatchObject({
      title: "Head of Operations",
      influence: 5,
      stance: "advocate",
      version: 2,
    });
    const [audit] = await audits();
    expect(audit).toMatchObject({
      action: "update",
      entity: "stakeholder",
      entity_id: champion.id,
      actor_id: owner.id,
    });
    expect(audit!.before).toEqual({ title: "Director", email: null, influence: 4, stance: "neutral" });
    expect(audit!.after).toEqual({
      title: "Head of Operations",
      email: "chris@kestila.example",
      influence: 5,
      stance: "advocate",
    });

    expect(statusOf(await act(owner.id, account.id, champion.id, edit(2, { reports_to_id: boss.id })))).toBe(302);
    expect((await row(champion.id)).version).toBe(2);
    expect(await audits()).toHaveLength(1);
  });

  it("refuses a stale version with 409, naming who changed it, keeping the typed values and changing nothing", async () => {
    const { owner, director, account, champion } = await world();
    expect(
      statusOf(
        await act(director.id, account.id, champion.id, edit(1, { title: "Director's title", stance: "skeptic" })),
      ),
    ).toBe(302);

    const stale = await act(owner.id, account.id, champion.id, edit(1, { title: "KAM's title" }));
    expect(statusOf(stale)).toBe(409);
    const reply = body(stale);
    expect(reply.intent).toBe("edit");
    expect(reply.result.error![""]![0]).toMatch(/^Dana Director changed this while you were editing/);
    expect(reply.result.initialValue).toMatchObject({ title: "KAM's title" });
    expect(reply.conflict!.version).toBe(2);
    expect(reply.conflict!.changes).toEqual(
      expect.arrayContaining([
        { field: "Title", value: "Director's title" },
        { field: "Stance toward us", value: "Skeptic" },
      ]),
    );
    expect(await row(champion.id)).toMatchObject({ title: "Director's title", version: 2 });
    expect((await audits()).map((a) => a.actor_id)).toEqual([director.id]);

    // Leaving is refused the same way on a stale version.
    const staleLeave = await act(owner.id, account.id, champion.id, {
      intent: "leave",
      version: "1",
      left_on: today,
      note: "",
    });
    expect(statusOf(staleLeave)).toBe(409);
    expect((await row(champion.id)).left_on).toBeNull();
  });

  it("refuses a reporting loop, directly or further down, and a link to oneself", async () => {
    const { owner, account, boss, champion, analyst } = await world();
    // Dora ← Chris ← Ann: Dora may not report to Ann (nor to Chris).
    const bossEdit = (reportsTo: string) => ({
      intent: "edit",
      version: "1",
      name: "Dora Decider",
      title: "Director",
      committee_role: "decision_maker",
      influence: "5",
      stance: "neutral",
      reports_to_id: reportsTo,
    });
    for (const target of [analyst.id, champion.id]) {
      const res = await act(owner.id, account.id, boss.id, bossEdit(target));
      expect(statusOf(res)).toBe(400);
      expect(body(res).result.error!.reports_to_id![0]).toMatch(/loop/);
    }
    const self = await act(owner.id, account.id, boss.id, bossEdit(boss.id));
    expect(statusOf(self)).toBe(400);
    expect(body(self).result.error!.reports_to_id![0]).toMatch(/themself/);
    expect(await row(boss.id)).toMatchObject({ reports_to_id: null, version: 1 });
    expect(await audits()).toEqual([]);

    // The form offers neither: only people still there and not below her.
    const detail = await run(
      detailLoader,
      request(personPath(account.id, boss.id), { cookie: await sessionCookieFor(owner.id) }),
      {
        accountId: account.id,
        stakeholderId: boss.id,
      },
    );
    expect((detail.value as { managers: { id: string }[] }).managers).toEqual([]);
  });

  it("refuses a manager from another account", async () => {
    const { owner, account, champion, stranger } = await world();
    const res = await act(owner.id, account.id, champion.id, edit(1, { reports_to_id: stranger.id }));
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error!.reports_to_id![0]).toMatch(/this account's committee/);
    expect((await row(champion.id)).version).toBe(1);
  });
});

describe("two people re-linking at once", () => {
  it("never builds a loop between them: one link is saved, the other is refused", async () => {
    const { owner, director, account, analyst } = await world();
    const eve = await createStakeholder(db(), {
      account_id: account.id,
      name: "Eve Evaluator",
      committee_role: "user",
    });
    const relink = (userId: string, id: string, name: string, role: string, managerId: string) =>
      act(userId, account.id, id, {
        intent: "edit",
        version: "1",
        name,
        title: "Director",
        committee_role: role,
        influence: "3",
        stance: "neutral",
        reports_to_id: managerId,
      });
    const results = await Promise.all([
      relink(owner.id, analyst.id, "Ann Analyst", "influencer", eve.id),
      relink(director.id, eve.id, "Eve Evaluator", "user", analyst.id),
    ]);
    expect(results.map(statusOf).sort()).toEqual([302, 400]);
    const loser = results.find((r) => statusOf(r) === 400)!;
    expect(body(loser).result.error!.reports_to_id![0]).toMatch(/loop/);
    const [annNow, eveNow] = await Promise.all([row(analyst.id), row(eve.id)]);
    expect(annNow.reports_to_id === eve.id && eveNow.reports_to_id === analyst.id).toBe(false);
  });
});

describe("setting a role in one click", () => {
  it("sets and clears the role from the table, back to the same view", async () => {
    const { owner, account, analyst } = await world();
    const res = await setRole(
      owner.id,
      account.id,
      { stakeholder_id: analyst.id, committee_role: "user", version: "1" },
      "?left=1&index",
    );
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(`${committeePath(account.id)}?left=1#person-${analyst.id}`);
    expect(await row(analyst.id)).toMatchObject({ committee_role: "user", version: 2 });

    expect(
      statusOf(await setRole(owner.id, account.id, { stakeholder_id: analyst.id, committee_role: "", version: "2" })),
    ).toBe(302);
    expect(await row(analyst.id)).toMatchObject({ committee_role: null, version: 3 });
    const trail = await audits();
    expect(trail.map((a) => [a.action, a.entity_id])).toEqual([
      ["set_role", analyst.id],
      ["set_role", analyst.id],
    ]);
    expect(trail[0]!.after).toEqual({ committee_role: "user" });
  });

  it("refuses a stale version and an unknown role, answering in the row", async () => {
    const { owner, director, account, analyst } = await world();
    expect(
      statusOf(
        await setRole(director.id, account.id, { stakeholder_id: analyst.id, committee_role: "blocker", version: "1" }),
      ),
    ).toBe(302);
    const stale = await setRole(owner.id, account.id, {
      stakeholder_id: analyst.id,
      committee_role: "user",
      version: "1",
    });
    expect(statusOf(stale)).toBe(409);
    expect(body(stale).role).toMatchObject({
      stakeholderId: analyst.id,
      conflict: { version: 2, changes: [{ field: "Role", value: "Blocker" }] },
    });
    const bad = await setRole(owner.id, account.id, {
      stakeholder_id: analyst.id,
      committee_role: "king",
      version: "2",
    });
    expect(statusOf(bad)).toBe(400);
    expect(body(bad).role!.result.error!.committee_role).toBeTruthy();
    expect((await row(analyst.id)).committee_role).toBe("blocker");
  });
});

describe("the committee section of the account", () => {
  const committeeSection = async (userId: string, accountId: string) => {
    const res = await run(indexLoader, request(committeePath(accountId), { cookie: await sessionCookieFor(userId) }), { accountId });
    expect(statusOf(res)).toBe(200);
    return res.value as Page;
  };

  it("shows the org chart, the table and the gap a departed champion leaves", async () => {
    const { owner, account, champion, analyst } = await world();
    expect(statusOf(await act(owner.id, account.id, champion.id, { intent: "leave", version: "1", left_on: today, note: "" }))).toBe(302);
    const view = await committeeSection(owner.id, account.id);
    expect(view.members.map((m) => m.name)).not.toContain("Chris Champion");
    expect(view.chart.find((n) => n.id === analyst.id)?.managerLeft).toEqual({ id: champion.id, name: "Chris Champion" });
    expect(view.gaps.find((g) => g.role === "champion")).toMatchObject({
      leftWithoutSuccessor: { id: champion.id, name: "Chris Champion", leftOn: today },
    });
  });
});

describe("the timeline entry a departure writes", () => {
  it("is stored by message key, so each reader sees it in their own language", async () => {
    const { owner, account, champion } = await world();
    const cookie = `${await sessionCookieFor(owner.id)}; ${await localeCookieFor("fi")}`;
    const res = await run(
      detailAction,
      formRequest(personPath(account.id, champion.id), { intent: "leave", version: "1", left_on: today, note: "" }, cookie),
      { accountId: account.id, stakeholderId: champion.id },
    );
    expect(statusOf(res)).toBe(302);
    const entry = (await listTimeline(db(), account.id)).touchpoints.find((tp) => tp.kind === "committee_change")!;
    expect(entry).toMatchObject({
      title: "Chris Champion (puolestapuhuja) lähti yrityksestä",
      title_key: "committeeChange.left",
      title_params: { name: "Chris Champion", role: "champion" },
    });
    expect(touchpointTitle(formatters("en"), entry)).toBe("Chris Champion (champion) left");
    expect(touchpointTitle(formatters("fi"), entry)).toBe("Chris Champion (puolestapuhuja) lähti yrityksestä");
    // Rows written before keys were stored keep their text.
    expect(touchpointTitle(formatters("fi"), { title: "Old text", title_key: null })).toBe("Old text");
  });
});

describe("leaving", () => {
  it("marks a champion as left: a touchpoint on the timeline, the gap on the committee page, their portal access ended", async () => {
    const { owner, account, champion, analyst } = await world();
    const customer = await createPortalUser(db(), account.id, champion.id);
    // An invitation still pending for them goes too.
    const pending = await db()
      .insertInto("portal_invitations")
      .values({
        account_id: account.id,
        stakeholder_id: champion.id,
        email: "chris.other@customer.example",
        token_hash: "pending-invitation-hash",
        expires_at: new Date(Date.now() + 86_400_000),
        created_by: owner.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const yesterday = addDays(today, -1);
    const res = await act(owner.id, account.id, champion.id, {
      intent: "leave",
      version: "1",
      left_on: yesterday,
      note: "Moved to a competitor; Ann covers for now.",
    });
    expect(statusOf(res)).toBe(302);
    expect(await row(champion.id)).toMatchObject({ left_on: yesterday, version: 2 });

    const timeline = await listTimeline(db(), account.id);
    const entry = timeline.touchpoints.find((tp) => tp.kind === "committee_change");
    expect(entry).toMatchObject({
      title: "Chris Champion (champion) left",
      summary: "Moved to a competitor; Ann covers for now.",
      shared_with_customer: false,
    });
    expect(entry!.stakeholders).toEqual([{ id: champion.id, name: "Chris Champion" }]);
    expect(calendarDate(new Date(entry!.occurred_at))).toBe(yesterday);

    const view = await page(owner.id, account.id);
    expect(view.members.map((m) => m.name)).not.toContain("Chris Champion");
    expect(view.leftCount).toBe(1);
    expect(view.gaps.find((g) => g.role === "champion")).toMatchObject({
      kind: "vacant",
      leftWithoutSuccessor: { id: champion.id, name: "Chris Champion", leftOn: yesterday },
    });
    // Ann reported to Chris: she is a root now, with a note that her manager left.
    const ann = view.chart.find((n) => n.id === analyst.id);
    expect(ann?.managerLeft).toEqual({ id: champion.id, name: "Chris Champion" });
    const withLeft = await page(owner.id, account.id, "?left=1");
    expect(withLeft.showLeft).toBe(true);
    expect(withLeft.members.map((m) => m.name)).toContain("Chris Champion");

    const detail = await run(
      detailLoader,
      request(personPath(account.id, champion.id), { cookie: await sessionCookieFor(owner.id) }),
      {
        accountId: account.id,
        stakeholderId: champion.id,
      },
    );
    expect((detail.value as { leavesGap: boolean }).leavesGap).toBe(true);

    const access = await db()
      .selectFrom("portal_access")
      .select("revoked_at")
      .where("user_id", "=", customer.id)
      .executeTakeFirstOrThrow();
    expect(access.revoked_at).not.toBeNull();
    const invitation = await db().selectFrom("portal_invitations").select("revoked_at").where("id", "=", pending.id).executeTakeFirstOrThrow();
    expect(invitation.revoked_at).not.toBeNull();
    expect((await audits()).map((a) => [a.action, a.entity])).toEqual([
      ["create", "touchpoint"],
      ["leave", "stakeholder"],
      ["revoke", "portal_access"],
    ]);
    const leave = (await audits())[1]!;
    expect(leave.after).toMatchObject({
      left_on: yesterday,
      note: "Moved to a competitor; Ann covers for now.",
      touchpoint_id: entry!.id,
    });

    // Marked twice: refused, nothing more written.
    const again = await act(owner.id, account.id, champion.id, {
      intent: "leave",
      version: "2",
      left_on: today,
      note: "",
    });
    expect(statusOf(again)).toBe(400);
    expect(await audits()).toHaveLength(3);
  });

  it("closes the gap once someone else holds the role", async () => {
    const { owner, account, champion, analyst } = await world();
    expect(
      statusOf(
        await act(owner.id, account.id, champion.id, { intent: "leave", version: "1", left_on: today, note: "" }),
      ),
    ).toBe(302);
    expect(
      statusOf(
        await setRole(owner.id, account.id, { stakeholder_id: analyst.id, committee_role: "champion", version: "1" }),
      ),
    ).toBe(302);
    const view = await page(owner.id, account.id);
    expect(view.gaps.find((g) => g.role === "champion")).toMatchObject({
      kind: "unengaged",
      leftWithoutSuccessor: null,
    });
  });

  it("writes no timeline entry when someone without a key role leaves, and refuses a day in the future", async () => {
    const { owner, account, analyst } = await world();
    const future = await act(owner.id, account.id, analyst.id, {
      intent: "leave",
      version: "1",
      left_on: addDays(today, 2),
      note: "",
    });
    expect(statusOf(future)).toBe(400);
    expect(body(future).result.error!.left_on![0]).toMatch(/future/);
    expect(body(future).result.initialValue).toMatchObject({ left_on: addDays(today, 2) });

    expect(
      statusOf(
        await act(owner.id, account.id, analyst.id, { intent: "leave", version: "1", left_on: today, note: "" }),
      ),
    ).toBe(302);
    expect((await listTimeline(db(), account.id)).touchpoints).toEqual([]);
    expect((await audits()).map((a) => a.action)).toEqual(["leave"]);
  });

  it("undoes a mistaken leaving with its timeline entry, and records a real return as its own entry", async () => {
    const { owner, account, boss } = await world();
    expect(
      statusOf(await act(owner.id, account.id, boss.id, { intent: "leave", version: "1", left_on: today, note: "" })),
    ).toBe(302);
    expect((await listTimeline(db(), account.id)).touchpoints.map((tp) => tp.title)).toEqual([
      "Dora Decider (decision maker) left",
    ]);

    expect(statusOf(await act(owner.id, account.id, boss.id, { intent: "rejoin", version: "2", mistake: "on" }))).toBe(
      302,
    );
    expect(await row(boss.id)).toMatchObject({ left_on: null, version: 3 });
    expect((await listTimeline(db(), account.id)).touchpoints).toEqual([]);

    const older = addDays(today, -30);
    expect(
      statusOf(await act(owner.id, account.id, boss.id, { intent: "leave", version: "3", left_on: older, note: "" })),
    ).toBe(302);
    expect(statusOf(await act(owner.id, account.id, boss.id, { intent: "rejoin", version: "4" }))).toBe(302);
    expect((await listTimeline(db(), account.id)).touchpoints.map((tp) => tp.title)).toEqual([
      "Dora Decider (decision maker) is back",
      "Dora Decider (decision maker) left",
    ]);
    expect((await audits()).map((a) => [a.action, a.entity])).toEqual([
      ["create", "touchpoint"],
      ["leave", "stakeholder"],
      ["delete", "touchpoint"],
      ["undo_leave", "stakeholder"],
      ["create", "touchpoint"],
      ["leave", "stakeholder"],
      ["create", "touchpoint"],
      ["rejoin", "stakeholder"],
    ]);
  });
});

describe("the committee page", () => {
  it("shows each person's last two-way contact and latest NPS within the window", async () => {
    const { owner, account, boss, champion } = await world();
    const meeting = await createTouchpoint(db(), {
      account_id: account.id,
      kind: "meeting",
      occurred_at: new Date(Date.now() - 5 * 86_400_000),
    });
    const invoice = await createTouchpoint(db(), { account_id: account.id, kind: "invoice", occurred_at: new Date() });
    await db()
      .insertInto("touchpoint_stakeholders")
      .values([
        {
          account_id: account.id,
          touchpoint_id: meeting.id,
          stakeholder_id: boss.id,
          occurred_at: meeting.occurred_at,
        },
        {
          account_id: account.id,
          touchpoint_id: invoice.id,
          stakeholder_id: champion.id,
          occurred_at: invoice.occurred_at,
        },
      ])
      .execute();
    await db()
      .insertInto("survey_responses")
      .values([
        {
          account_id: account.id,
          stakeholder_id: boss.id,
          kind: "nps",
          score: 3,
          answered_at: new Date(Date.now() - 400 * 86_400_000),
        },
        {
          account_id: account.id,
          stakeholder_id: boss.id,
          kind: "nps",
          score: 9,
          answered_at: new Date(Date.now() - 30 * 86_400_000),
        },
        {
          account_id: account.id,
          stakeholder_id: champion.id,
          kind: "nps",
          score: 6,
          answered_at: new Date(Date.now() - 400 * 86_400_000),
        },
      ])
      .execute();
    const view = await page(owner.id, account.id);
    const dora = view.members.find((m) => m.id === boss.id)!;
    const chris = view.members.find((m) => m.id === champion.id)!;
    expect(new Date(dora.last_two_way_contact!).getTime()).toBe(new Date(meeting.occurred_at).getTime());
    expect(dora.nps_score).toBe(9);
    // An invoice is not a conversation, and an answer older than the window does not count.
    expect(chris.last_two_way_contact).toBeNull();
    expect(chris.nps_score).toBeNull();
    expect(view.gaps.map((g) => [g.role, g.kind])).toEqual([
      ["economic_buyer", "vacant"],
      ["champion", "unengaged"],
      ["user", "vacant"],
    ]);
  });
});

describe("who may do what", () => {
  it("lets another KAM read the committee but change nothing", async () => {
    const { otherKam, account, champion } = await world();
    const cookie = await sessionCookieFor(otherKam.id);
    expect((await page(otherKam.id, account.id)).canEdit).toBe(false);
    const detail = await run(detailLoader, request(personPath(account.id, champion.id), { cookie }), {
      accountId: account.id,
      stakeholderId: champion.id,
    });
    expect(statusOf(detail)).toBe(200);
    expect(detail.value).toMatchObject({ canEdit: false, managers: [] });

    expect(statusOf(await run(newLoader, request(newPath(account.id), { cookie }), { accountId: account.id }))).toBe(
      403,
    );
    expect(statusOf(await add(otherKam.id, account.id, valid()))).toBe(403);
    expect(
      statusOf(
        await act(otherKam.id, account.id, champion.id, {
          intent: "edit",
          version: "1",
          name: "Hijacked",
          influence: "1",
          stance: "opponent",
        }),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await act(otherKam.id, account.id, champion.id, { intent: "leave", version: "1", left_on: today, note: "" }),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await setRole(otherKam.id, account.id, {
          stakeholder_id: champion.id,
          committee_role: "blocker",
          version: "1",
        }),
      ),
    ).toBe(403);
    expect(await row(champion.id)).toMatchObject({
      name: "Chris Champion",
      committee_role: "champion",
      left_on: null,
      version: 1,
    });
    expect(await audits()).toEqual([]);
  });

  it("lets a director change any committee", async () => {
    const { director, account, analyst } = await world();
    expect(statusOf(await add(director.id, account.id, valid()))).toBe(302);
    expect(
      statusOf(
        await setRole(director.id, account.id, { stakeholder_id: analyst.id, committee_role: "user", version: "1" }),
      ),
    ).toBe(302);
    expect((await audits()).map((a) => [a.action, a.actor_id])).toEqual([
      ["create", director.id],
      ["set_role", director.id],
    ]);
  });

  it("never lets a customer in, not even to their own account's committee", async () => {
    const { account, champion } = await world();
    const customer = await createPortalUser(db(), account.id, champion.id);
    const cookie = await sessionCookieFor(customer.id);
    const params = { accountId: account.id, stakeholderId: champion.id };
    expect(statusOf(await run(indexLoader, request(committeePath(account.id), { cookie }), params))).toBe(403);
    expect(statusOf(await run(newLoader, request(newPath(account.id), { cookie }), params))).toBe(403);
    expect(statusOf(await run(detailLoader, request(personPath(account.id, champion.id), { cookie }), params))).toBe(
      403,
    );
    expect(statusOf(await add(customer.id, account.id, valid()))).toBe(403);
    expect(
      statusOf(
        await setRole(customer.id, account.id, {
          stakeholder_id: champion.id,
          committee_role: "blocker",
          version: "1",
        }),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await act(customer.id, account.id, champion.id, { intent: "leave", version: "1", left_on: today, note: "" }),
      ),
    ).toBe(403);
    expect(await audits()).toEqual([]);
  });

  it("answers 404 for another account's person in the URL, and for a bad id", async () => {
    const { owner, director, account, stranger } = await world();
    const detail = await run(
      detailLoader,
      request(personPath(account.id, stranger.id), { cookie: await sessionCookieFor(owner.id) }),
      {
        accountId: account.id,
        stakeholderId: stranger.id,
      },
    );
    expect(statusOf(detail)).toBe(404);
    const write = await act(director.id, account.id, stranger.id, {
      intent: "leave",
      version: "1",
      left_on: today,
      note: "",
    });
    expect(statusOf(write)).toBe(404);
    const role = await setRole(director.id, account.id, {
      stakeholder_id: stranger.id,
      committee_role: "blocker",
      version: "1",
    });
    expect(statusOf(role)).toBe(404);
    const bogus = await run(
      detailLoader,
      request(personPath(account.id, "not-a-uuid"), { cookie: await sessionCookieFor(owner.id) }),
      {
        accountId: account.id,
        stakeholderId: "not-a-uuid",
      },
    );
    expect(statusOf(bogus)).toBe(404);
    expect(await row(stranger.id)).toMatchObject({ left_on: null, committee_role: "champion", version: 1 });
    expect(await audits()).toEqual([]);
  });
});
