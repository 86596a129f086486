import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest } from "#db/migrator.ts";
import { createMigrator } from "#db/migrator.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { action as ledgerAction, loader as ledgerLoader } from "#app/routes/_app.accounts.$accountId_.expectations._index.tsx";
import { action as accessAction, loader as accessLoader } from "#app/routes/_app.accounts.$accountId_.portal-access.tsx";
import { loader as homeLoader } from "#app/routes/portal._index.tsx";
import { action as commitmentsAction, loader as commitmentsLoader } from "#app/routes/portal.commitments.tsx";
import { action as proposeAction } from "#app/routes/portal.commitments_.new.tsx";
import { action as feedbackAction, loader as feedbackLoader } from "#app/routes/portal.feedback.tsx";
import { action as inviteAction, loader as inviteLoader } from "#app/routes/portal_.invite.$token.tsx";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const PASSWORD = "a long enough portal passphrase";

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam", email: "kaisa@pohjola.example", locale: "en" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Other" });
  const director = await createUser(db(), { role: "director" });
  const admin = await createUser(db(), { role: "admin" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
  const other = await createAccount(db(), { owner_id: otherKam.id, name: "Borealis Secret Ab" });
  const champion = await createStakeholder(db(), {
    account_id: account.id,
    name: "Chris Champion",
    email: "chris@aalto.example",
    stance: "opponent",
    influence: 5,
  });
  const buyer = await createStakeholder(db(), { account_id: account.id, name: "Bea Buyer", committee_role: "economic_buyer", influence: 5 });
  const noEmail = await createStakeholder(db(), { account_id: account.id, name: "Nora Nomail", email: null });
  const foreigner = await createStakeholder(db(), { account_id: other.id, name: "Felix Foreign", email: "felix@borealis.example" });
  return { kam, otherKam, director, admin, account, other, champion, buyer, noEmail, foreigner };
}

type W = Awaited<ReturnType<typeof world>>;

const bodyOf = <T>(res: { value: unknown }) => (res.value as { data: T }).data;

/** A customer of `w.account` signed in through a fresh session. */
async function customerOf(w: W, stakeholderId = w.champion.id) {
  const user = await createPortalUser(db(), w.account.id, stakeholderId);
  return { user, cookie: await sessionCookieFor(user.id) };
}

async function invite(w: W, stakeholderId: string, actorId = w.kam.id) {
  const res = await run(
    accessAction,
    formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "invite", stakeholder_id: stakeholderId }, await sessionCookieFor(actorId)),
    { accountId: w.account.id },
  );
  return res;
}

/** The invitation's token as the person gets it: from the mail queued to them (the KAM who invited never sees the link). */
async function tokenOf(res: { value: unknown }): Promise<string> {
  const { email } = bodyOf<{ invitation: { email: string } }>(res).invitation;
  const mail = await db()
    .selectFrom("outbox_messages")
    .select("text_body")
    .where("to_address", "=", email)
    .where("kind", "=", "portal_invitation")
    .where("status", "!=", "cancelled")
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const match = /\/portal\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body);
  expect(match).not.toBeNull();
  return match![1]!;
}

const accept = (token: string, fields: Record<string, string> = { password: PASSWORD, confirm: PASSWORD }) =>
  run(inviteAction, formRequest(`/portal/invite/${token}`, fields), { token });

const sessionCookieOf = (res: { value: unknown }) =>
  (res.value as Response).headers
    .getSetCookie()
    .find((c) => c.startsWith("kohtaamo_session="))!
    .split(";")[0]!;

async function delivered(accountId: string, overrides: Record<string, unknown> = {}) {
  return createExpectation(db(), {
    account_id: accountId,
    due_date: day(-10),
    status: "resolved",
    outcome: "kept",
    delivered_on: day(-11),
    description: "INTERNAL description: margin is thin",
    delivery_note: "INTERNAL note: shipped from the backup warehouse",
    importance: 3,
    ...overrides,
  });
}

describe("invitations", () => {
  it("takes a stakeholder from invitation to a signed-in portal user, once", async () => {
    const w = await world();
    const res = await invite(w, w.champion.id);
    expect(statusOf(res)).toBe(200);
    const reply = bodyOf<{ invitation: { email: string; name: string; expiresAt: Date } }>(res);
    expect(reply.invitation.email).toBe("chris@aalto.example");
    expect((res.value as { init: { headers: Record<string, string> } }).init.headers["Cache-Control"]).toBe("no-store");
    const token = await tokenOf(res);
    const stored = await db().selectFrom("portal_invitations").selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.expires_at.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const page = await run(inviteLoader, request(`/portal/invite/${token}`), { token });
    expect(statusOf(page)).toBe(200);
    expect(bodyOf<{ state: string; invitation: { name: string; account: string } }>(page)).toMatchObject({
      state: "valid",
      invitation: { name: "Chris Champion", account: "Aalto Freight Oy" },
    });

    const short = await accept(token, { password: "too short", confirm: "too short" });
    expect(statusOf(short)).toBe(400);
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(short).result.error.password?.[0]).toMatch(/at least 12/);
    const mismatch = await accept(token, { password: PASSWORD, confirm: `${PASSWORD}!` });
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(mismatch).result.error.confirm).toEqual(["The passwords do not match."]);
    // The refusal names the field but never sends the passwords back.
    const echoed = bodyOf<{ result: { initialValue?: Record<string, unknown> } }>(mismatch).result.initialValue;
    expect(echoed?.password).toBeUndefined();
    expect(echoed?.confirm).toBeUndefined();

    const done = await accept(token);
    expect(statusOf(done)).toBe(302);
    expect(locationOf(done)).toBe("/portal");
    const home = await run(homeLoader, request("/portal", { cookie: sessionCookieOf(done) }));
    expect(statusOf(home)).toBe(200);
    expect((home.value as { account: { name: string } }).account.name).toBe("Aalto Freight Oy");

    const user = await db().selectFrom("users").selectAll().where("email", "=", "chris@aalto.example").executeTakeFirstOrThrow();
    expect(user.role).toBe("customer");
    expect(user.name).toBe("Chris Champion");
    const access = await db().selectFrom("portal_access").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(access).toMatchObject({ account_id: w.account.id, stakeholder_id: w.champion.id, granted_by: w.kam.id, revoked_at: null });

    // The link works once.
    const again = await accept(token);
    expect(statusOf(again)).toBe(410);
    expect(bodyOf<{ state: string }>(again).state).toBe("used");
    expect(statusOf(await run(inviteLoader, request(`/portal/invite/${token}`), { token }))).toBe(410);
    const audit = await db().selectFrom("audit_events").select("action").where("entity", "=", "portal_invitation").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["invite", "accept"]);
  });

  it("never hands the account's KAM the link: it goes to the person by mail; an administrator gets it to pass on", async () => {
    // The KAM is judged by what the customer answers in the portal: holding the link, they could
    // set a password as the customer and answer for them (NPS 10, confirmed notices).
    const w = await world();
    const byKam = await invite(w, w.champion.id);
    expect(statusOf(byKam)).toBe(200);
    const kamView = bodyOf<{ invitation: { link: string | null; email: string } }>(byKam).invitation;
    expect(kamView).toMatchObject({ link: null, email: "chris@aalto.example" });
    const token = await tokenOf(byKam);
    expect(JSON.stringify(byKam.value)).not.toContain(token);
    // The page the KAM comes back to shows no link either (the token is stored only as its hash).
    const page = await run(accessLoader, request(`/accounts/${w.account.id}/portal-access`, { cookie: await sessionCookieFor(w.kam.id) }), {
      accountId: w.account.id,
    });
    expect(JSON.stringify(page.value)).not.toContain(token);
    expect(await db().selectFrom("outbox_messages").select("to_address").where("kind", "=", "portal_invitation").execute()).toEqual([
      { to_address: "chris@aalto.example" },
    ]);

    // An administrator's invitation (a new one for the same person, replacing the KAM's) shows the link once, with the same mail.
    const byAdmin = await invite(w, w.champion.id, w.admin.id);
    const adminLink = bodyOf<{ invitation: { link: string | null } }>(byAdmin).invitation.link;
    expect(adminLink).toMatch(/\/portal\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect(adminLink!.endsWith(`/portal/invite/${await tokenOf(byAdmin)}`)).toBe(true);
    expect(bodyOf<{ state: string }>(await accept(token)).state).toBe("revoked");
  });

  it("refuses an expired, a replaced, a withdrawn and an unknown link", async () => {
    const w = await world();
    const first = await tokenOf(await invite(w, w.champion.id));
    const second = await tokenOf(await invite(w, w.champion.id));
    expect(bodyOf<{ state: string }>(await accept(first)).state).toBe("revoked");

    await sql`update portal_invitations set created_at = now() - interval '9 days', expires_at = now() - interval '2 days'
      where revoked_at is null`.execute(db());
    const expired = await accept(second);
    expect([statusOf(expired), bodyOf<{ state: string }>(expired).state]).toEqual([410, "expired"]);

    const third = await invite(w, w.buyer.id);
    expect(statusOf(third)).toBe(400); // Bea has no e-mail address
    await db().updateTable("stakeholders").set({ email: "bea@aalto.example" }).where("id", "=", w.buyer.id).execute();
    const token = await tokenOf(await invite(w, w.buyer.id));
    const invitation = await db().selectFrom("portal_invitations").select("id").where("stakeholder_id", "=", w.buyer.id).where("revoked_at", "is", null).executeTakeFirstOrThrow();
    const withdraw = await run(
      accessAction,
      formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "revoke_invitation", invitation_id: invitation.id }, await sessionCookieFor(w.kam.id)),
      { accountId: w.account.id },
    );
    expect(statusOf(withdraw)).toBe(302);
    expect(bodyOf<{ state: string }>(await accept(token)).state).toBe("revoked");

    for (const bad of ["nope", "A".repeat(43), "../../etc/passwd"]) {
      const res = await run(inviteLoader, request(`/portal/invite/x`), { token: bad });
      expect([bad, statusOf(res)]).toEqual([bad, 404]);
    }
    expect(await db().selectFrom("users").select("id").where("role", "=", "customer").execute()).toEqual([]);
  });

  it("lets only the account's KAM or an administrator invite, and refuses staff and taken addresses", async () => {
    const w = await world();
    for (const actor of [w.otherKam, w.director]) {
      const res = await invite(w, w.champion.id, actor.id);
      expect([actor.role, statusOf(res)]).toEqual([actor.role, 403]);
    }
    expect(statusOf(await invite(w, w.champion.id, w.admin.id))).toBe(200);
    // Another account's stakeholder through this account's page: not found.
    expect(statusOf(await invite(w, w.foreigner.id))).toBe(404);

    await db().updateTable("stakeholders").set({ email: "KAISA@pohjola.example" }).where("id", "=", w.buyer.id).execute();
    const staff = await invite(w, w.buyer.id);
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(staff).result.error.stakeholder_id).toEqual([
      "This e-mail address belongs to a member of our staff.",
    ]);
    // A customer already using the portal for another account.
    const elsewhere = await createUser(db(), { role: "customer", email: "chris@aalto.example" });
    await db().insertInto("portal_access").values({ account_id: w.other.id, user_id: elsewhere.id, stakeholder_id: w.foreigner.id }).execute();
    const taken = await invite(w, w.champion.id);
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(taken).result.error.stakeholder_id?.[0]).toMatch(/another account/);

    // Everyone on staff sees who has access; only managers get the forms.
    const seen = await run(accessLoader, request(`/accounts/${w.account.id}/portal-access`, { cookie: await sessionCookieFor(w.director.id) }), {
      accountId: w.account.id,
    });
    expect((seen.value as { canManage: boolean }).canManage).toBe(false);
  });

  it("ends every session at once when access is revoked, and a fresh session is refused too", async () => {
    const w = await world();
    const { user, cookie } = await customerOf(w);
    const secondCookie = await sessionCookieFor(user.id);
    expect(statusOf(await run(homeLoader, request("/portal", { cookie })))).toBe(200);
    const res = await run(
      accessAction,
      formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "revoke", user_id: user.id }, await sessionCookieFor(w.kam.id)),
      { accountId: w.account.id },
    );
    expect(statusOf(res)).toBe(302);
    for (const c of [cookie, secondCookie]) {
      const after = await run(homeLoader, request("/portal", { cookie: c }));
      expect([statusOf(after), locationOf(after)]).toEqual([302, "/login?redirectTo=%2Fportal"]);
    }
    const live = await db().selectFrom("sessions").select("id").where("user_id", "=", user.id).where("revoked_at", "is", null).execute();
    expect(live).toEqual([]);
    const fresh = await run(homeLoader, request("/portal", { cookie: await sessionCookieFor(user.id) }));
    expect(statusOf(fresh)).toBe(403);
    // Revoking someone of another account through this account's page: not found.
    const { user: stranger } = { user: await createPortalUser(db(), w.other.id, w.foreigner.id) };
    const foreign = await run(
      accessAction,
      formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "revoke", user_id: stranger.id }, await sessionCookieFor(w.kam.id)),
      { accountId: w.account.id },
    );
    expect(statusOf(foreign)).toBe(404);
    const strangerAccess = await db().selectFrom("portal_access").select("revoked_at").where("user_id", "=", stranger.id).executeTakeFirstOrThrow();
    expect(strangerAccess.revoked_at).toBeNull();
  });

  it("re-invites a revoked customer: the same user gets access again with a new password", async () => {
    const w = await world();
    const customer = await createUser(db(), { role: "customer", email: "chris@aalto.example" });
    await db()
      .insertInto("portal_access")
      .values({ account_id: w.account.id, user_id: customer.id, stakeholder_id: w.champion.id, revoked_at: new Date() })
      .execute();
    const done = await accept(await tokenOf(await invite(w, w.champion.id)));
    expect(statusOf(done)).toBe(302);
    const access = await db().selectFrom("portal_access").selectAll().execute();
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ user_id: customer.id, revoked_at: null });
  });
});

describe("what the customer sees", () => {
  it("shows commitments with re-plans and delivery, never internal fields or other accounts", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    const kept = await delivered(w.account.id, { title: "Pilot go-live" });
    const open = await createExpectation(db(), { account_id: w.account.id, title: "Monthly report", due_date: day(20), description: "INTERNAL plan B" });
    await db()
      .insertInto("expectation_changes")
      .values({
        account_id: w.account.id,
        expectation_id: open.id,
        kind: "replanned",
        from_due_date: day(10),
        to_due_date: day(20),
        reason: "INTERNAL reason: our subcontractor failed",
        customer_notified: false,
      })
      .execute();
    await createExpectation(db(), { account_id: w.account.id, title: "Quiet internal idea", status: "proposed", source: "internal" });
    await delivered(w.other.id, { title: "Borealis rollout" });
    const res = await run(commitmentsLoader, request("/portal/commitments", { cookie }));
    expect(statusOf(res)).toBe(200);
    const { commitments } = res.value as { commitments: { awaitingAnswer: { id: string }[]; open: { id: string; replans: unknown[] }[] } };
    expect(commitments.awaitingAnswer.map((c) => c.id)).toEqual([kept.id]);
    expect(commitments.open.map((c) => c.id)).toEqual([open.id]);
    expect(commitments.open[0]!.replans).toEqual([{ from_due_date: day(10), to_due_date: day(20), at: expect.any(Date) }]);
    const text = JSON.stringify(res.value);
    for (const secret of ["INTERNAL", "Borealis", "Quiet internal idea", "delivery_note", "description", "owner_id", "customer_notified"]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
  });

  it("counts a commitment re-planned without notice as overdue from the date the customer was told, as its predictability does", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    // Due three days ago; moved 40 days on without telling the customer, who still expected it then.
    const quiet = await createExpectation(db(), { account_id: w.account.id, title: "Moved quietly", original_due_date: day(-3), due_date: day(40) });
    // The same move, told in time: the promise moved with it.
    const told = await createExpectation(db(), {
      account_id: w.account.id,
      title: "Moved with notice",
      original_due_date: day(-3),
      promised_date: day(40),
      due_date: day(40),
    });
    const soon = await createExpectation(db(), { account_id: w.account.id, title: "Due soon", due_date: day(5) });
    const res = await run(commitmentsLoader, request("/portal/commitments", { cookie }));
    expect(statusOf(res)).toBe(200);
    type Listed = { id: string; days_overdue: number; due_for_customer: string; promised_date: string | null };
    const { commitments } = res.value as { commitments: { overdue: Listed[]; open: Listed[] } };
    expect(commitments.overdue.map((c) => [c.id, c.days_overdue, c.due_for_customer])).toEqual([[quiet.id, 3, day(-3)]]);
    // Open ones soonest due for the customer first.
    expect(commitments.open.map((c) => [c.id, c.due_for_customer])).toEqual([
      [soon.id, day(5)],
      [told.id, day(40)],
    ]);
    expect(commitments.open[1]!.promised_date).toBe(day(40));
  });

  it("shows the KAM, contacts, predictability as the KAM sees it, open cases and invoices that are shared", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    const colleague = await createUser(db(), { role: "kam", name: "Pekka Partner", email: "pekka@pohjola.example" });
    const meeting = await createTouchpoint(db(), { account_id: w.account.id, title: "Kickoff", shared_with_customer: true });
    await db().insertInto("touchpoint_users").values({ account_id: w.account.id, touchpoint_id: meeting.id, user_id: colleague.id }).execute();
    const secretMeeting = await createTouchpoint(db(), { account_id: w.account.id, title: "Pricing strategy", shared_with_customer: false });
    await db().insertInto("touchpoint_users").values({ account_id: w.account.id, touchpoint_id: secretMeeting.id, user_id: w.otherKam.id }).execute();
    const sharedCase = await createTouchpoint(db(), { account_id: w.account.id, kind: "support_case", title: "Scanner outage", shared_with_customer: true });
    const hiddenCase = await createTouchpoint(db(), { account_id: w.account.id, kind: "support_case", title: "Hidden escalation", shared_with_customer: false });
    for (const tp of [sharedCase, hiddenCase]) {
      await db()
        .insertInto("touchpoint_support_cases")
        .values({ account_id: w.account.id, touchpoint_id: tp.id, severity: "high", status: "open", opened_at: new Date(), sla_due_at: new Date(Date.now() + 86_400_000) })
        .execute();
    }
    const invoice = await createTouchpoint(db(), { account_id: w.account.id, kind: "invoice", title: "Invoice 7", shared_with_customer: true });
    await db()
      .insertInto("touchpoint_invoices")
      .values({ account_id: w.account.id, touchpoint_id: invoice.id, number: "INV-7", amount: "1200.00", due_date: day(5), dispute_reason: "INTERNAL" })
      .execute();
    await delivered(w.account.id, { outcome: "missed", delivered_on: null });
    await db().transaction().execute(async (trx) => {
      const { refreshAccountScores } = await import("#app/models/scores.server.ts");
      await refreshAccountScores(trx, w.account.id);
    });
    const kamView = await db()
      .selectFrom("account_scores")
      .select(["predictable_weight", "predictability_weight", "predictability_sample"])
      .executeTakeFirstOrThrow();

    const res = await run(homeLoader, request("/portal", { cookie }));
    const home = res.value as {
      account: { kam_name: string; kam_email: string };
      contacts: { name: string }[];
      predictability: { value: number; sample: number };
      cases: { title: string }[];
      invoices: { number: string }[];
      awaiting: number;
    };
    expect(home.account).toMatchObject({ kam_name: "Kaisa Kam", kam_email: "kaisa@pohjola.example" });
    expect(home.contacts.map((c) => c.name)).toEqual(["Pekka Partner"]);
    // As the KAM's account page figures it: the weights divided.
    expect(home.predictability).toMatchObject({
      value: kamView.predictable_weight / kamView.predictability_weight,
      sample: kamView.predictability_sample,
    });
    expect(home.predictability.sample).toBe(1);
    expect(home.cases.map((c) => c.title)).toEqual(["Scanner outage"]);
    expect(home.invoices.map((i) => i.number)).toEqual(["INV-7"]);
    // The shared timeline carries each touchpoint's own invoice or case facts, and only shared touchpoints.
    type Item = { title: string; invoice_number: string | null; invoice_due_date: unknown; case_severity: string | null; case_status: string | null };
    const items = (res.value as { timeline: { touchpoints: Item[] } }).timeline.touchpoints;
    expect(items.map((t) => t.title).sort()).toEqual(["Invoice 7", "Kickoff", "Scanner outage"]);
    expect(items.find((t) => t.title === "Invoice 7")).toMatchObject({ invoice_number: "INV-7", case_severity: null, case_status: null });
    expect(items.find((t) => t.title === "Invoice 7")!.invoice_due_date).not.toBeNull();
    expect(items.find((t) => t.title === "Scanner outage")).toMatchObject({ case_severity: "high", case_status: "open", invoice_number: null });
    expect(items.find((t) => t.title === "Kickoff")).toMatchObject({ invoice_number: null, case_severity: null });
    // The one resolved commitment was missed: not a delivery, so nothing waits for confirmation.
    expect(home.awaiting).toBe(0);
    const text = JSON.stringify(home);
    for (const secret of ["Hidden escalation", "Pricing strategy", "Kirsi Other", "INTERNAL", "opponent", "stance", "health", "Borealis"]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
  });
});

describe("what the customer does", () => {
  it("confirms one delivery and disputes another: the dispute is a surprise and raises a signal for the KAM", async () => {
    const w = await world();
    const { user, cookie } = await customerOf(w);
    const good = await delivered(w.account.id, { title: "Warehouse integration" });
    const bad = await delivered(w.account.id, { title: "Driver app rollout" });
    const respond = (e: { id: string; version: number }, fields: Record<string, string>) =>
      run(commitmentsAction, formRequest("/portal/commitments", { expectation_id: e.id, version: String(e.version), ...fields }, cookie));

    expect(statusOf(await respond(good, { response: "confirmed" }))).toBe(302);
    const noComment = await respond(bad, { response: "disputed_partly" });
    expect(statusOf(noComment)).toBe(400);
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(noComment).result.error.comment).toEqual(["Tell us what is missing."]);
    const disputed = await respond(bad, { response: "disputed_not_delivered", comment: "The app never reached our drivers." });
    expect([statusOf(disputed), locationOf(disputed)]).toEqual([302, "/portal/commitments"]);

    const rows = await db().selectFrom("expectations").select(["id", "customer_response", "customer_comment", "version"]).orderBy("title").execute();
    expect(rows).toEqual([
      { id: bad.id, customer_response: "disputed_not_delivered", customer_comment: "The app never reached our drivers.", version: 2 },
      { id: good.id, customer_response: "confirmed", customer_comment: "", version: 2 },
    ]);
    const changes = await db().selectFrom("expectation_changes").select(["expectation_id", "kind", "actor_id"]).orderBy("at").execute();
    expect(changes).toEqual([
      { expectation_id: good.id, kind: "confirmed", actor_id: user.id },
      { expectation_id: bad.id, kind: "disputed", actor_id: user.id },
    ]);
    const touchpoints = await db()
      .selectFrom("touchpoints as t")
      .innerJoin("touchpoint_stakeholders as ts", "ts.touchpoint_id", "t.id")
      .select(["t.kind", "t.source", "t.title", "t.shared_with_customer", "t.author_id", "ts.stakeholder_id"])
      .orderBy("t.recorded_at")
      .execute();
    expect(touchpoints).toEqual([
      { kind: "delivery", source: "portal", title: "Customer confirmed the delivery: Warehouse integration", shared_with_customer: false, author_id: user.id, stakeholder_id: w.champion.id },
      { kind: "delivery", source: "portal", title: "Customer disputed the delivery (not delivered): Driver app rollout", shared_with_customer: false, author_id: user.id, stakeholder_id: w.champion.id },
    ]);
    // Stored by key too: each reader sees them in their language, linked to the commitment.
    const keyed = await db().selectFrom("touchpoints").select(["title_key", "title_params"]).orderBy("recorded_at").execute();
    expect(keyed).toEqual([
      { title_key: "portalTouchpoint.confirmed", title_params: { title: "Warehouse integration", expectation_id: good.id } },
      { title_key: "portalTouchpoint.disputed_not_delivered", title_params: { title: "Driver app rollout", expectation_id: bad.id } },
    ]);
    expect(touchpointTitle(formatters("fi"), { ...keyed[1]!, title: "stored" })).toBe("Asiakas kiisti toimituksen (ei toimitettu): Driver app rollout");

    const scores = await db().selectFrom("account_scores").select(["predictability", "predictability_sample"]).executeTakeFirstOrThrow();
    expect(scores).toEqual({ predictability: "0.5000", predictability_sample: 2 });
    const signals = await db().selectFrom("risk_signals").select(["rule", "severity", "evidence_id"]).where("resolved_at", "is", null).where("rule", "=", "delivery_disputed").execute();
    expect(signals).toEqual([{ rule: "delivery_disputed", severity: "high", evidence_id: bad.id }]);
  });

  it("refuses a stale answer, an open commitment and another account's commitment, changing nothing", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    const mine = await delivered(w.account.id);
    const open = await createExpectation(db(), { account_id: w.account.id });
    const theirs = await delivered(w.other.id, { title: "Borealis rollout" });
    const post = (id: string, version: number) =>
      run(commitmentsAction, formRequest("/portal/commitments", { expectation_id: id, version: String(version), response: "disputed_partly", comment: "x" }, cookie));
    const stale = await post(mine.id, mine.version + 5);
    expect(statusOf(stale)).toBe(409);
    expect(bodyOf<{ result: { initialValue: Record<string, string> } }>(stale).result.initialValue.comment).toBe("x");
    expect(statusOf(await post(open.id, open.version))).toBe(400);
    const foreign = await post(theirs.id, theirs.version);
    expect([foreign.thrown, statusOf(foreign)]).toEqual([true, 404]);
    const unchanged = await db().selectFrom("expectations").select("customer_response").execute();
    expect(unchanged.every((r) => r.customer_response === null)).toBe(true);
    expect(await db().selectFrom("touchpoints").select("id").execute()).toEqual([]);
  });

  it("states an expectation that reaches the KAM's ledger as a proposal held by the customer, to accept", async () => {
    const w = await world();
    const { user, cookie } = await customerOf(w);
    const past = await run(proposeAction, formRequest("/portal/commitments/new", { title: "Too late", category: "delivery", due_date: day(-1) }, cookie));
    expect(statusOf(past)).toBe(400);
    const res = await run(
      proposeAction,
      formRequest("/portal/commitments/new", { title: "Weekly status e-mail", description: "Every Monday", category: "communication", due_date: day(14) }, cookie),
    );
    expect(statusOf(res)).toBe(302);
    const kamCookie = await sessionCookieFor(w.kam.id);
    const ledger = await run(ledgerLoader, request(`/accounts/${w.account.id}/expectations`, { cookie: kamCookie }), { accountId: w.account.id });
    const groups = (ledger.value as { ledger: { groups: { group: string; items: { id: string; title: string; holder_name: string; source: string; version: number }[] }[] } }).ledger.groups;
    const proposed = groups.find((g) => g.group === "proposed")!.items;
    expect(proposed).toMatchObject([{ title: "Weekly status e-mail", holder_name: "Chris Champion", source: "customer" }]);
    const accepted = await run(
      ledgerAction,
      formRequest(`/accounts/${w.account.id}/expectations`, { intent: "accept", expectation_id: proposed[0]!.id, version: String(proposed[0]!.version) }, kamCookie),
      { accountId: w.account.id },
    );
    expect(statusOf(accepted)).toBe(302);
    const row = await db().selectFrom("expectations").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "open", holder_stakeholder_id: w.champion.id, source: "customer", owner_id: w.kam.id, description: "Every Monday" });
    const kinds = await db().selectFrom("expectation_changes").select(["kind", "actor_id"]).orderBy("at").execute();
    expect(kinds).toEqual([
      { kind: "created", actor_id: user.id },
      { kind: "accepted", actor_id: w.kam.id },
    ]);
    const tp = await db().selectFrom("touchpoints").select(["source", "title"]).executeTakeFirstOrThrow();
    expect(tp).toEqual({ source: "portal", title: "Customer stated an expectation: Weekly status e-mail" });
  });

  it("takes one NPS answer per person per 90 days, with a clear message otherwise", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    const answer = (score: string) => run(feedbackAction, formRequest("/portal/feedback", { intent: "nps", score, comment: "Reliable people" }, cookie));
    expect(statusOf(await answer("11"))).toBe(400);
    expect(statusOf(await answer("9"))).toBe(302);
    const again = await answer("3");
    expect(statusOf(again)).toBe(400);
    expect(bodyOf<{ result: { error: Record<string, string[]> } }>(again).result.error[""]?.[0]).toMatch(/already answered in the last 90 days/);
    const page = await run(feedbackLoader, request("/portal/feedback", { cookie }));
    expect((page.value as { nps: { score: number; canAnswer: boolean } }).nps).toMatchObject({ score: 9, canAnswer: false });

    await db().updateTable("survey_responses").set({ answered_at: new Date(Date.now() - 91 * 86_400_000) }).execute();
    expect(statusOf(await answer("3"))).toBe(302);
    const answers = await db().selectFrom("survey_responses").select(["kind", "score", "stakeholder_id"]).orderBy("answered_at").execute();
    expect(answers).toEqual([
      { kind: "nps", score: 9, stakeholder_id: w.champion.id },
      { kind: "nps", score: 3, stakeholder_id: w.champion.id },
    ]);
    const scores = await db().selectFrom("account_scores").select(["nps", "nps_respondents"]).executeTakeFirstOrThrow();
    expect(scores).toEqual({ nps: -100, nps_respondents: 1 });
    const surveys = await db().selectFrom("touchpoints").select(["kind", "title"]).where("kind", "=", "survey").orderBy("recorded_at").execute();
    expect(surveys.map((s) => s.title)).toEqual(["Recommendation (NPS) answer: 9/10", "Recommendation (NPS) answer: 3/10"]);
    // Another person of the same account has their own 90 days.
    const { cookie: buyerCookie } = await customerOf(w, w.buyer.id);
    const buyer = await run(feedbackAction, formRequest("/portal/feedback", { intent: "nps", score: "8" }, buyerCookie));
    expect(statusOf(buyer)).toBe(302);
  });

  it("rates only shared touchpoints of the customer's own account, once", async () => {
    const w = await world();
    const { cookie } = await customerOf(w);
    const shared = await createTouchpoint(db(), { account_id: w.account.id, title: "Training day", kind: "training", shared_with_customer: true });
    const internal = await createTouchpoint(db(), { account_id: w.account.id, title: "Internal", shared_with_customer: false });
    const foreign = await createTouchpoint(db(), { account_id: w.other.id, title: "Borealis review", shared_with_customer: true });
    const rate = (id: string) => run(feedbackAction, formRequest("/portal/feedback", { intent: "csat", touchpoint_id: id, score: "4" }, cookie));
    expect(statusOf(await rate(shared.id))).toBe(302);
    expect(statusOf(await rate(shared.id))).toBe(400);
    for (const id of [internal.id, foreign.id, "00000000-0000-4000-8000-000000000000"]) expect([id, statusOf(await rate(id))]).toEqual([id, 404]);
    expect(statusOf(await rate("not-a-uuid"))).toBe(400);
    const rows = await db().selectFrom("survey_responses").select(["kind", "score", "touchpoint_id"]).execute();
    expect(rows).toEqual([{ kind: "csat", score: 4, touchpoint_id: shared.id }]);
    const page = await run(feedbackLoader, request("/portal/feedback", { cookie }));
    expect((page.value as { touchpoints: { id: string; my_score: number | null }[] }).touchpoints).toEqual([
      expect.objectContaining({ id: shared.id, my_score: 4 }),
    ]);
  });
});

describe("row-level security", () => {
  it("returns only the scoped account's rows when the application filter is left out", async () => {
    const w = await world();
    await delivered(w.account.id, { title: "Ours" });
    await delivered(w.other.id, { title: "Theirs" });
    await createTouchpoint(db(), { account_id: w.account.id, title: "Our shared", shared_with_customer: true });
    await createTouchpoint(db(), { account_id: w.account.id, title: "Our internal", shared_with_customer: false });
    await createTouchpoint(db(), { account_id: w.other.id, title: "Their shared", shared_with_customer: true });

    // No where on account_id: row-level security alone decides.
    const seen = await withPortalScope(w.account.id, async (trx) => ({
      expectations: (await trx.selectFrom("expectations").select(["title", "account_id"]).execute()).map((r) => r.title),
      touchpoints: (await trx.selectFrom("touchpoints").select("title").execute()).map((r) => r.title),
      accounts: (await trx.selectFrom("accounts").select("name").execute()).map((r) => r.name),
      stakeholders: (await trx.selectFrom("stakeholders").select("name").orderBy("name").execute()).map((r) => r.name),
      users: (await trx.selectFrom("users").select("name").execute()).map((r) => r.name),
    }));
    expect(seen).toEqual({
      expectations: ["Ours"],
      touchpoints: ["Our shared"],
      accounts: ["Aalto Freight Oy"],
      stakeholders: ["Bea Buyer", "Chris Champion", "Nora Nomail"],
      users: ["Kaisa Kam"],
    });
    // Everything the application itself reads is untouched outside the scope.
    expect(await db().selectFrom("expectations").select("id").execute()).toHaveLength(2);
  });

  it("shows invoice and case facts only of shared touchpoints when the application filter is left out", async () => {
    const w = await world();
    const facts = async (accountId: string, title: string, shared: boolean) => {
      const invoice = await createTouchpoint(db(), { account_id: accountId, kind: "invoice", title, shared_with_customer: shared });
      await db()
        .insertInto("touchpoint_invoices")
        .values({ account_id: accountId, touchpoint_id: invoice.id, number: title, amount: "10.00", due_date: day(5) })
        .execute();
      const supportCase = await createTouchpoint(db(), { account_id: accountId, kind: "support_case", title, shared_with_customer: shared });
      await db()
        .insertInto("touchpoint_support_cases")
        .values({ account_id: accountId, touchpoint_id: supportCase.id, severity: "low", status: "open", opened_at: new Date(), sla_due_at: new Date() })
        .execute();
      return { invoice: invoice.id, supportCase: supportCase.id };
    };
    const shared = await facts(w.account.id, "OURS-SHARED", true);
    await facts(w.account.id, "OURS-INTERNAL", false);
    await facts(w.other.id, "THEIRS-SHARED", true);

    // No where at all: the policies alone decide (portal_shared_only, migration 20261210_1000_portal_open_facts).
    const seen = await withPortalScope(w.account.id, async (trx) => ({
      invoices: (await trx.selectFrom("touchpoint_invoices").select(["number", "touchpoint_id"]).execute()),
      cases: (await trx.selectFrom("touchpoint_support_cases").select("touchpoint_id").execute()).map((r) => r.touchpoint_id),
    }));
    expect(seen).toEqual({ invoices: [{ number: "OURS-SHARED", touchpoint_id: shared.invoice }], cases: [shared.supportCase] });
    expect(await db().selectFrom("touchpoint_invoices").select("number").execute()).toHaveLength(3);
  });

  it("refuses internal columns and tables, foreign writes, and everything without a scope", async () => {
    const w = await world();
    await delivered(w.account.id);
    const denied = async (fn: Parameters<typeof withPortalScope>[1]) => {
      const error = await withPortalScope(w.account.id, fn).then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
      return error?.code ?? "allowed";
    };
    expect(await denied((trx) => trx.selectFrom("touchpoints").select("internal_notes").execute())).toBe("42501");
    expect(await denied((trx) => trx.selectFrom("expectations").select("delivery_note").execute())).toBe("42501");
    expect(await denied((trx) => trx.selectFrom("stakeholders").select("stance").execute())).toBe("42501");
    expect(await denied((trx) => trx.selectFrom("sessions").select("token_hash").execute())).toBe("42501");
    expect(await denied((trx) => trx.selectFrom("risk_signals").select("rule").execute())).toBe("42501");
    // Predictability from its weights only: the stored value rounded to four places is not the portal's (20261213_0920).
    expect(await denied((trx) => trx.selectFrom("account_scores").select("predictability").execute())).toBe("42501");
    expect(await denied((trx) => trx.selectFrom("account_scores").select(["predictable_weight", "predictability_weight"]).execute())).toBe("allowed");
    expect(await denied((trx) => trx.selectFrom("users").select("password_hash").execute())).toBe("42501");
    expect(
      await denied((trx) =>
        trx
          .insertInto("survey_responses")
          .values({ account_id: w.other.id, stakeholder_id: w.foreigner.id, kind: "nps", score: 0 })
          .execute(),
      ),
    ).toBe("42501");
    expect(
      await denied((trx) => trx.updateTable("expectations").set({ customer_response: "disputed_partly" }).where("account_id", "=", w.other.id).execute()),
    ).toBe("allowed"); // allowed to run, but it touches nothing:
    expect(await db().selectFrom("expectations").select("customer_response").where("account_id", "=", w.other.id).execute()).toEqual([]);

    // The role without an account set sees nothing at all.
    const unscoped = await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL ROLE kohtaamo_portal`.execute(trx);
        return trx.selectFrom("expectations").select("id").execute();
      });
    expect(unscoped).toEqual([]);
    // And neither the scope nor the role outlives its transaction.
    expect(await db().selectFrom("portal_scopes").select("xact").execute()).toEqual([]);
    const after = await sql<{ role: string }>`select current_user as role`.execute(db());
    expect(after.rows[0]!.role).not.toBe("kohtaamo_portal");
  });

  it("migrates the portal down and up again", async () => {
    const migrator = createMigrator(db());
    const down = await migrator.migrateTo("20261123_1100_portfolio_indexes");
    expect(down.error).toBeUndefined();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_policies where policyname like 'portal_%'`.execute(db());
    expect(rows[0]!.n).toBe(0);
    await migrateToLatest(db());
    const again = await sql<{ n: number }>`select count(*)::int as n from pg_policies where policyname like 'portal_%'`.execute(db());
    expect(again.rows[0]!.n).toBeGreaterThan(15);
  });
});
