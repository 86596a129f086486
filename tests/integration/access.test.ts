import { describe, expect, it } from "vitest";
import { loader as appLoader } from "#app/routes/_app.tsx";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { loader as portalLayoutLoader } from "#app/routes/portal.tsx";
import { loader as portalLoader } from "#app/routes/portal._index.tsx";
import { db } from "#app/utils/db.server.ts";
import {
  createAccount,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kalle" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi" });
  const director = await createUser(db(), { role: "director" });
  const mine = await createAccount(db(), { owner_id: kam.id, name: "Alpha Oy" });
  const theirs = await createAccount(db(), { owner_id: otherKam.id, name: "Beta Ab" });
  const champion = await createStakeholder(db(), { account_id: mine.id });
  const otherChampion = await createStakeholder(db(), { account_id: theirs.id });
  const customer = await createPortalUser(db(), mine.id, champion.id);
  await createPortalUser(db(), theirs.id, otherChampion.id);
  await createTouchpoint(db(), {
    account_id: mine.id,
    title: "Shared kickoff",
    shared_with_customer: true,
    sentiment: -2,
    internal_notes: "They are unhappy with pricing",
  });
  await createTouchpoint(db(), { account_id: mine.id, title: "Internal pricing talk", shared_with_customer: false });
  await createTouchpoint(db(), { account_id: theirs.id, title: "Beta secret review", shared_with_customer: true });
  return { kam, otherKam, director, mine, theirs, customer };
}

describe("who sees which accounts", () => {
  it("shows a KAM their own accounts, and a director all of them", async () => {
    const w = await world();
    const kamList = await run(accountsLoader, request("/accounts", { cookie: await sessionCookieFor(w.kam.id) }));
    expect((kamList.value as { accounts: { name: string }[] }).accounts.map((a) => a.name)).toEqual(["Alpha Oy"]);
    const dirList = await run(accountsLoader, request("/accounts", { cookie: await sessionCookieFor(w.director.id) }));
    expect((dirList.value as { accounts: { name: string }[] }).accounts.map((a) => a.name)).toEqual(["Alpha Oy", "Beta Ab"]);
  });

  it("lets a KAM read a colleague's account but not edit it", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const own = await run(accountLoader, request(`/accounts/${w.mine.id}`, { cookie }), { accountId: w.mine.id });
    expect((own.value as { canEdit: boolean }).canEdit).toBe(true);
    const colleague = await run(accountLoader, request(`/accounts/${w.theirs.id}`, { cookie }), { accountId: w.theirs.id });
    expect((colleague.value as { canEdit: boolean }).canEdit).toBe(false);
  });

  it("answers 404 for a missing or malformed account id", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.director.id);
    for (const id of ["00000000-0000-4000-8000-000000000000", "1", "' or 1=1 --", "../etc/passwd"]) {
      const res = await run(accountLoader, request(`/accounts/x`, { cookie }), { accountId: id });
      expect([id, res.thrown, statusOf(res)]).toEqual([id, true, 404]);
    }
  });
});

describe("customers reach only the portal, and only their own account", () => {
  it("refuses a customer every internal loader", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.customer.id);
    for (const [loader, path, params] of [
      [appLoader, "/accounts", {}],
      [accountsLoader, "/accounts", {}],
      [accountLoader, `/accounts/${w.mine.id}`, { accountId: w.mine.id }],
      [accountLoader, `/accounts/${w.theirs.id}`, { accountId: w.theirs.id }],
    ] as const) {
      const res = await run(loader as never, request(path, { cookie }), params);
      expect([path, res.thrown, statusOf(res)]).toEqual([path, true, 403]);
    }
  });

  it("refuses staff the portal", async () => {
    const w = await world();
    for (const user of [w.kam, w.director]) {
      const res = await run(portalLoader, request("/portal", { cookie: await sessionCookieFor(user.id) }));
      expect(statusOf(res)).toBe(403);
    }
  });

  it("shows the customer their account, KAM and shared touchpoints, and nothing internal or foreign", async () => {
    const w = await world();
    const res = await run(portalLoader, request(`/portal?accountId=${w.theirs.id}`, { cookie: await sessionCookieFor(w.customer.id) }));
    const data = res.value as { account: { name: string; kam_name: string }; timeline: { touchpoints: object[] } };
    expect(data.account.name).toBe("Alpha Oy");
    expect(data.account.kam_name).toBe("Kalle");
    expect(data.timeline.touchpoints.map((t) => (t as { title: string }).title)).toEqual(["Shared kickoff"]);
    const serialized = JSON.stringify(data);
    for (const secret of ["Internal pricing talk", "Beta", "unhappy with pricing", "sentiment", "internal_notes"]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it("closes the portal when access is revoked", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.customer.id);
    await db().updateTable("portal_access").set({ revoked_at: new Date() }).where("user_id", "=", w.customer.id).execute();
    for (const loader of [portalLayoutLoader, portalLoader]) {
      const res = await run(loader, request("/portal", { cookie }));
      expect(statusOf(res)).toBe(403);
    }
  });
});
