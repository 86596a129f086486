import { describe, expect, it } from "vitest";
import { action as newAction } from "#app/routes/_app.accounts.new.tsx";
import { action as editAction, loader as editLoader } from "#app/routes/_app.accounts.$accountId_.edit.tsx";
import { loader as listLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as portfolioLoader } from "#app/routes/_app.portfolio._index.tsx";
import { loader as risksLoader } from "#app/routes/_app.risks.tsx";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf, localeCookieFor } from "#tests/setup/requests.ts";

const day = (n: number) => addDays(calendarDate(), n);

const valid = {
  intent: "save",
  name: "Kestilä Logistics Oy",
  industry: "logistics",
  tier: "key",
  lifecycle_stage: "adoption",
  relationship_start: "2021-05-01",
  contract_value: "125 000,50",
  currency: "eur",
  renewal_date: "2027-04-30",
};

async function staff() {
  const kam = await createUser(db(), { role: "kam", name: "Kalle Kam" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  return { kam, otherKam, director };
}

// Changes only: refused requests are recorded too (tests/integration/refusals.test.ts).
const audits = () =>
  db()
    .selectFrom("audit_events")
    .select(["action", "entity", "before", "after", "actor_id"])
    .where("action", "not in", ["access_denied", "access_denied_suppressed"])
    .orderBy("id")
    .execute();

describe("creating an account", () => {
  it("creates it for the KAM who asks, parsing Finnish money, and audits it", async () => {
    const { kam, otherKam } = await staff();
    const cookie = await sessionCookieFor(kam.id);
    // A KAM cannot hand the new account to someone else by adding owner_id.
    const res = await run(newAction, formRequest("/accounts/new", { ...valid, owner_id: otherKam.id }, cookie));
    expect(statusOf(res)).toBe(302);
    const account = await db().selectFrom("accounts").selectAll().executeTakeFirstOrThrow();
    expect(locationOf(res)).toBe(`/accounts/${account.id}`);
    expect(account).toMatchObject({
      name: "Kestilä Logistics Oy",
      owner_id: kam.id,
      contract_value: "125000.50",
      currency: "EUR",
      renewal_date: "2027-04-30",
      version: 1,
    });
    const [audit] = await audits();
    expect(audit).toMatchObject({ action: "create", entity: "account", actor_id: kam.id });
    expect((audit!.after as { name: string }).name).toBe("Kestilä Logistics Oy");
  });

  it("explains bad fields next to them, keeps what was typed, and writes nothing", async () => {
    const { kam } = await staff();
    const res = await run(
      newAction,
      formRequest(
        "/accounts/new",
        { ...valid, name: "", contract_value: "lots", renewal_date: "2020-01-01", tier: "platinum" },
        await sessionCookieFor(kam.id),
      ),
    );
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } } }).data;
    expect(result.error.name).toEqual(["This field is required."]);
    expect(result.error.contract_value?.[0]).toMatch(/Enter a number/);
    expect(result.error.tier).toEqual(["Choose one of the options."]);
    expect(result.error.renewal_date).toEqual(["The renewal date must be after the relationship start."]);
    expect(result.initialValue.contract_value).toBe("lots");
    expect(result.initialValue.industry).toBe("logistics");
    expect(await db().selectFrom("accounts").select("id").execute()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it("speaks Finnish to a Finnish user", async () => {
    const { kam } = await staff();
    const req = formRequest("/accounts/new", { ...valid, name: "" }, `${await sessionCookieFor(kam.id)}; ${await localeCookieFor("fi")}`);
    const res = await run(newAction, req);
    const { result } = (res.value as { data: { result: { error: Record<string, string[]> } } }).data;
    expect(result.error.name).toEqual(["Tämä kenttä on pakollinen."]);
  });

  it("lets a director name the owner", async () => {
    const { kam, director } = await staff();
    await run(newAction, formRequest("/accounts/new", { ...valid, owner_id: kam.id }, await sessionCookieFor(director.id)));
    const account = await db().selectFrom("accounts").select("owner_id").executeTakeFirstOrThrow();
    expect(account.owner_id).toBe(kam.id);
  });
});

describe("editing an account", () => {
  it("saves the owner's change, bumps the version and audits only what changed", async () => {
    const { kam } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Old Name Oy" });
    const res = await run(
      editAction,
      formRequest(`/accounts/${account.id}/edit`, { ...valid, version: "1" }, await sessionCookieFor(kam.id)),
      { accountId: account.id },
    );
    expect(statusOf(res)).toBe(302);
    const after = await db().selectFrom("accounts").selectAll().where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(after.name).toBe("Kestilä Logistics Oy");
    expect(after.version).toBe(2);
    const [audit] = await audits();
    expect(audit!.action).toBe("update");
    expect(audit!.before).toMatchObject({ name: "Old Name Oy" });
    expect(audit!.after).toMatchObject({ name: "Kestilä Logistics Oy" });
    expect(Object.keys(audit!.after as object)).not.toContain("owner_id");
  });

  it("refuses a stale version, keeps the typed values and names who changed it", async () => {
    const { kam, director } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Shared Oy" });
    // The director saves first...
    const first = await run(
      editAction,
      formRequest(`/accounts/${account.id}/edit`, { ...valid, name: "Director's name", version: "1" }, await sessionCookieFor(director.id)),
      { accountId: account.id },
    );
    expect(statusOf(first)).toBe(302);
    // ...then the KAM saves what they loaded at version 1.
    const second = await run(
      editAction,
      formRequest(`/accounts/${account.id}/edit`, { ...valid, name: "KAM's name", version: "1" }, await sessionCookieFor(kam.id)),
      { accountId: account.id },
    );
    expect(statusOf(second)).toBe(409);
    const body = (second.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> }; conflict: { version: number; changes: { field: string; value: string }[] } } }).data;
    expect(body.result.error[""]![0]).toMatch(/^Dana Director changed this while you were editing/);
    expect(body.result.initialValue.name).toBe("KAM's name");
    expect(body.conflict.version).toBe(2);
    expect(body.conflict.changes).toContainEqual({ field: "Name", value: "Director's name" });
    const saved = await db().selectFrom("accounts").select(["name", "version"]).where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(saved).toEqual({ name: "Director's name", version: 2 });
  });

  it("refuses another KAM's account, on the page and on save", async () => {
    const { kam, otherKam } = await staff();
    const account = await createAccount(db(), { owner_id: otherKam.id, name: "Theirs Oy" });
    const cookie = await sessionCookieFor(kam.id);
    const page = await run(editLoader, request(`/accounts/${account.id}/edit`, { cookie }), { accountId: account.id });
    expect(statusOf(page)).toBe(403);
    const save = await run(editAction, formRequest(`/accounts/${account.id}/edit`, { ...valid, version: "1" }, cookie), {
      accountId: account.id,
    });
    expect(statusOf(save)).toBe(403);
    const archive = await run(editAction, formRequest(`/accounts/${account.id}/edit`, { intent: "archive", version: "1" }, cookie), {
      accountId: account.id,
    });
    expect(statusOf(archive)).toBe(403);
    const unchanged = await db().selectFrom("accounts").select(["name", "archived_at"]).where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ name: "Theirs Oy", archived_at: null });
    expect(await audits()).toHaveLength(0);
    const refused = await db().selectFrom("audit_events").select(["actor_id", "account_id"]).where("action", "=", "access_denied").execute();
    expect(refused).toEqual(Array(3).fill({ actor_id: kam.id, account_id: account.id }));
  });

  it("lets only a director or admin change the owner", async () => {
    const { kam, otherKam, director } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id });
    const byKam = await run(
      editAction,
      formRequest(`/accounts/${account.id}/edit`, { ...valid, owner_id: otherKam.id, version: "1" }, await sessionCookieFor(kam.id)),
      { accountId: account.id },
    );
    expect(statusOf(byKam)).toBe(403);
    const byDirector = await run(
      editAction,
      formRequest(`/accounts/${account.id}/edit`, { ...valid, owner_id: otherKam.id, version: "1" }, await sessionCookieFor(director.id)),
      { accountId: account.id },
    );
    expect(statusOf(byDirector)).toBe(302);
    const after = await db().selectFrom("accounts").select("owner_id").where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(after.owner_id).toBe(otherKam.id);
    expect((await audits()).map((a) => a.action)).toEqual(["update_owner"]);
  });

  it("archives an account out of the list and restores it (a director's action)", async () => {
    const { kam, director } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Sleepy Oy" });
    const cookie = await sessionCookieFor(kam.id);
    const directorCookie = await sessionCookieFor(director.id);
    const names = async (query = "") =>
      ((await run(listLoader, request(`/accounts${query}`, { cookie }))).value as { accounts: { name: string }[] }).accounts.map((a) => a.name);
    expect(await names()).toEqual(["Sleepy Oy"]);
    await run(editAction, formRequest(`/accounts/${account.id}/edit`, { intent: "archive", version: "1" }, directorCookie), { accountId: account.id });
    expect(await names()).toEqual([]);
    expect(await names("?archived=1")).toEqual(["Sleepy Oy"]);
    await run(editAction, formRequest(`/accounts/${account.id}/edit`, { intent: "restore", version: "2" }, directorCookie), { accountId: account.id });
    expect(await names()).toEqual(["Sleepy Oy"]);
    expect((await audits()).map((a) => a.action)).toEqual(["archive", "restore"]);
  });
});

describe("archiving is a director's or an administrator's, not the account's KAM's", () => {
  const editPage = async (accountId: string, userId: string) =>
    (await run(editLoader, request(`/accounts/${accountId}/edit`, { cookie: await sessionCookieFor(userId) }), { accountId })).value as {
      mayArchive: boolean;
    };
  const post = async (accountId: string, userId: string, intent: "archive" | "restore", version: number) =>
    statusOf(
      await run(editAction, formRequest(`/accounts/${accountId}/edit`, { intent, version: String(version) }, await sessionCookieFor(userId)), {
        accountId,
      }),
    );
  const archivedAt = async (accountId: string) =>
    (await db().selectFrom("accounts").select("archived_at").where("id", "=", accountId).executeTakeFirstOrThrow()).archived_at;

  it("shows the archive button to a director and an admin, not to the account's KAM (who may still edit the account)", async () => {
    const { kam, director } = await staff();
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Mine Oy" });
    expect((await editPage(account.id, kam.id)).mayArchive).toBe(false);
    expect((await editPage(account.id, director.id)).mayArchive).toBe(true);
    expect((await editPage(account.id, admin.id)).mayArchive).toBe(true);
    // The page as the browser gets it: the KAM's has the account's form but no archive form.
    const html = async (userId: string) =>
      (await handle(request(`/accounts/${account.id}/edit`, { cookie: await sessionCookieFor(userId) }))).text();
    const kamPage = await html(kam.id);
    expect(kamPage).toContain('value="Mine Oy"');
    expect(kamPage).not.toContain('value="archive"');
    expect(kamPage).not.toContain('id="archive-heading"');
    expect(await html(director.id)).toContain('value="archive"');
  });

  it("refuses the account's KAM archiving or restoring it with the recorded 403, and changes nothing", async () => {
    const { kam, director } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Mine Oy" });
    expect(await post(account.id, kam.id, "archive", 1)).toBe(403);
    expect(await archivedAt(account.id)).toBeNull();
    // Archived by a director, the KAM cannot bring it back either.
    expect(await post(account.id, director.id, "archive", 1)).toBe(302);
    expect(await post(account.id, kam.id, "restore", 2)).toBe(403);
    expect(await archivedAt(account.id)).not.toBeNull();
    expect((await audits()).map((a) => [a.action, a.actor_id])).toEqual([["archive", director.id]]);
    const refused = await db().selectFrom("audit_events").select(["actor_id", "account_id", "after"]).where("action", "=", "access_denied").execute();
    expect(refused).toEqual(
      Array(2).fill({
        actor_id: kam.id,
        account_id: account.id,
        after: expect.objectContaining({ status: 403, reason: "Only a director or an administrator can archive or restore an account." }),
      }),
    );
  });

  it("so a KAM cannot take their own account at risk out of the director's portfolio and risk inbox", async () => {
    const { kam, director } = await staff();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Burning Oy", contract_value: "900000", renewal_date: day(40) } as never);
    await createExpectation(db(), { account_id: account.id, title: "Root-cause report", due_date: day(-30), importance: 3 });
    await db().transaction().execute((trx) => refreshAccountScores(trx, account.id));
    const directorSees = async () => {
      const cookie = await sessionCookieFor(director.id);
      const portfolio = (await run(portfolioLoader, request("/portfolio", { cookie }), {})).value as { totals: { all: { accounts: number } } };
      const risks = (await run(risksLoader, request("/risks", { cookie }), {})).value as { signals: { account_id: string }[] };
      return { accounts: portfolio.totals.all.accounts, signals: risks.signals.filter((s) => s.account_id === account.id).length };
    };
    const before = await directorSees();
    expect(before.accounts).toBe(1);
    expect(before.signals).toBeGreaterThan(0);
    expect(await post(account.id, kam.id, "archive", 1)).toBe(403);
    expect(await directorSees()).toEqual(before);
  });
});
