import { describe, expect, it } from "vitest";
import {
  acceptInvitation,
  createInvitation,
  findInvitation,
  hashInvitationToken,
  PortalAccessError,
} from "#app/models/portal-access.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";

// The portal's two global rules, kept without a global unique index (so the
// tables can be distributed by account, db/migrations/20261125_1000_…):
// an invitation is found by its token alone, never ambiguously; a customer has
// live portal access to one account at a time.

const PASSWORD = "a long enough portal passphrase";
const meta = { locale: "en" as const };

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const a = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
  const b = await createAccount(db(), { owner_id: kam.id, name: "Borealis Ab" });
  // The same person sits on both customers' committees, with one address.
  const inA = await createStakeholder(db(), { account_id: a.id, name: "Chris", email: "chris@example.com" });
  const inB = await createStakeholder(db(), { account_id: b.id, name: "Chris", email: "chris@example.com" });
  const invite = (accountId: string, stakeholderId: string) =>
    db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: { id: kam.id, role: "kam" } }, accountId, stakeholderId));
  return { kam, a, b, inA, inB, invite };
}

const accept = (token: string) => db().transaction().execute((trx) => acceptInvitation(trx, token, PASSWORD, meta));

const liveAccess = (email: string) =>
  db()
    .selectFrom("portal_access as pa")
    .innerJoin("users as u", "u.id", "pa.user_id")
    .select("pa.account_id")
    .where("u.email", "=", email)
    .where("pa.revoked_at", "is", null)
    .execute();

describe("one live portal account per customer, without a global unique index", () => {
  it("refuses a second account's invitation once the customer has live access to the first", async () => {
    const w = await world();
    const first = await w.invite(w.a.id, w.inA.id);
    // Invited to B too while not yet a portal user: allowed at invitation time.
    const second = await w.invite(w.b.id, w.inB.id);
    await accept(first.token);
    await expect(accept(second.token)).rejects.toSatisfy((e) => e instanceof PortalAccessError && e.code === "otherAccount");
    expect(await liveAccess("chris@example.com")).toEqual([{ account_id: w.a.id }]);
  });

  it("grants one of two acceptances racing for the same customer in two accounts", async () => {
    const w = await world();
    // An existing customer user (no live access now), invited by both accounts.
    await createUser(db(), { role: "customer", email: "chris@example.com" });
    const [ta, tb] = [await w.invite(w.a.id, w.inA.id), await w.invite(w.b.id, w.inB.id)];
    const results = await Promise.allSettled([accept(ta.token), accept(tb.token)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(PortalAccessError);
    expect((refused.reason as PortalAccessError).code).toBe("otherAccount");
    expect(await liveAccess("chris@example.com")).toHaveLength(1);
  });
});

describe("invitation tokens unique per account, found by the token alone", () => {
  it("finds an invitation by its token, and treats a hash held by two accounts as unknown", async () => {
    const w = await world();
    const { token } = await w.invite(w.a.id, w.inA.id);
    expect((await findInvitation(db(), token)).state).toBe("valid");
    // The same hash twice in one account is refused by the index…
    const row = await db().selectFrom("portal_invitations").selectAll().executeTakeFirstOrThrow();
    const copy = { account_id: row.account_id, stakeholder_id: row.stakeholder_id, email: row.email, token_hash: row.token_hash, expires_at: row.expires_at };
    await expect(db().insertInto("portal_invitations").values(copy).execute()).rejects.toSatisfy(
      (e) => (e as { code?: string }).code === "23505",
    );
    // …and in another account (it cannot happen with random tokens) it is never guessed between.
    await db().insertInto("portal_invitations").values({ ...copy, account_id: w.b.id, stakeholder_id: w.inB.id }).execute();
    expect(await findInvitation(db(), token)).toEqual({ state: "unknown", invitation: null });
    expect(hashInvitationToken(token)).toBe(row.token_hash);
  });
});
