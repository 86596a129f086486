import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createInvitation } from "#app/models/portal-access.server.ts";
import { action as accessAction } from "#app/routes/_app.accounts.$accountId_.portal-access.tsx";
import { action as inviteAction, loader as inviteLoader } from "#app/routes/portal_.invite.$token.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Invitations are limited per client address and per account: looking at or
// accepting a link (per token), and sending them (per member of staff). Past
// ten a minute the answer is 429 with Retry-After and a clear message.

const fromIp = (ip: string) => ({ "X-Kohtaamo-Remote-Addr": ip });
const withHeaders = (req: Request, headers: Record<string, string>) => {
  for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
  return req;
};
type Data = { data: { state?: string | null; result?: { error?: Record<string, string[]> } }; init?: { status?: number; headers?: Record<string, string> } };

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const invitees = await Promise.all(
    Array.from({ length: 12 }, (_, i) => createStakeholder(db(), { account_id: account.id, name: `Invitee ${i}`, email: `invitee${i}@customer.example` })),
  );
  return { kam, account, invitees };
}

describe("invitation limits", () => {
  it("refuses the eleventh guess at a link from one address, with a clear 429 page", async () => {
    for (let i = 0; i < 10; i++) {
      const token = randomBytes(32).toString("base64url");
      const res = await run(inviteLoader, request(`/portal/invite/${token}`, { headers: fromIp("192.0.2.50") }), { token });
      expect(statusOf(res)).toBe(404);
    }
    const token = randomBytes(32).toString("base64url");
    const refused = await run(inviteLoader, request(`/portal/invite/${token}`, { headers: fromIp("192.0.2.50") }), { token });
    expect(statusOf(refused)).toBe(429);
    expect((refused.value as Data).data.state).toBe("throttled");
    expect(Number((refused.value as Data).init?.headers?.["Retry-After"])).toBeGreaterThan(0);
    // Another address is not affected.
    expect(statusOf(await run(inviteLoader, request(`/portal/invite/${token}`, { headers: fromIp("192.0.2.51") }), { token }))).toBe(404);
  });

  it("refuses the eleventh attempt on one link from many addresses, even with a good password", async () => {
    const w = await world();
    const { token } = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: w.kam }, w.account.id, w.invitees[0]!.id));
    for (let i = 0; i < 10; i++) {
      const req = withHeaders(formRequest(`/portal/invite/${token}`, { password: `short ${i}`, confirm: "x" }), fromIp(`10.9.0.${i}`));
      expect(statusOf(await run(inviteAction, req, { token }))).toBe(400);
    }
    const good = withHeaders(formRequest(`/portal/invite/${token}`, { password: "a long enough passphrase", confirm: "a long enough passphrase" }), fromIp("10.9.1.1"));
    const refused = await run(inviteAction, good, { token });
    expect(statusOf(refused)).toBe(429);
    const accepted = await db().selectFrom("portal_invitations").select("accepted_at").executeTakeFirstOrThrow();
    expect(accepted.accepted_at).toBeNull();
  });

  it("checks the password policy when an invitation is accepted", async () => {
    const w = await world();
    const { token } = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: w.kam }, w.account.id, w.invitees[1]!.id));
    const common = await run(inviteAction, formRequest(`/portal/invite/${token}`, { password: "Password2024!", confirm: "Password2024!" }), { token });
    expect(statusOf(common)).toBe(400);
    expect((common.value as Data).data.result?.error?.password?.[0]).toMatch(/too common/);
    const email = await run(inviteAction, formRequest(`/portal/invite/${token}`, { password: "Invitee1@customer.example", confirm: "Invitee1@customer.example" }), { token });
    expect((email.value as Data).data.result?.error?.password).toEqual(["Do not use your e-mail address or your name as your password."]);
    const good = await run(inviteAction, formRequest(`/portal/invite/${token}`, { password: "a long enough passphrase", confirm: "a long enough passphrase" }), { token });
    expect(statusOf(good)).toBe(302);
  });

  it("refuses a KAM's eleventh invitation in a minute, with the message on the form", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const send = (i: number, ip: string) =>
      run(
        accessAction,
        withHeaders(formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "invite", stakeholder_id: w.invitees[i]!.id }, cookie), fromIp(ip)),
        { accountId: w.account.id },
      );
    for (let i = 0; i < 10; i++) expect(statusOf(await send(i, `10.8.0.${i}`))).toBe(200);
    const refused = await send(10, "10.8.1.1");
    expect(statusOf(refused)).toBe(429);
    expect((refused.value as Data).data.result?.error?.[""]?.[0]).toMatch(/Too many invitations in a short time. Try again in \d+ seconds./);
    expect(await db().selectFrom("portal_invitations").select("id").execute()).toHaveLength(10);
  });
});
