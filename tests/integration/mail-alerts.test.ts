import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { listMailPreferences, readUnsubscribeToken, saveMailPreferences, unsubscribeToken } from "#app/models/mail-preferences.server.ts";
import { sendNextOutboxMessage, smtpTransport, type OutboxRunOptions } from "#app/models/outbox-worker.server.ts";
import { answerNps, rateTouchpoint, respondToDelivery } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { markStakeholderLeft } from "#app/models/stakeholder-changes.server.ts";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "#app/routes/unsubscribe.$token.tsx";
import { action as settingsAction, loader as settingsLoader } from "#app/routes/settings.mail.tsx";
import { db } from "#app/utils/db.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";
import { startTestSmtp, type TestSmtp } from "#tests/setup/smtp.ts";

// KAM alerts and the choices that steer them, against a real SMTP server in
// this process: the right mail arrives with both parts in the KAM's language,
// written in the cause's own transaction (rolled back: none); a choice of
// digest or off sends nothing at once; every mail carries a working one-click
// unsubscribe for its kind; user text never breaks a header.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const options = (): OutboxRunOptions => ({ transport: smtpTransport(smtp.url), from: "Kohtaamo <noreply@pohjola.example>" });
async function sendAll() {
  while (await sendNextOutboxMessage(options())) {
    // until nothing is due
  }
}
const messages = () => db().selectFrom("outbox_messages").selectAll().orderBy("created_at").execute();
const today = calendarDate();

async function world(kamLocale: "en" | "fi" = "fi") {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example", locale: kamLocale })), role: "kam" as const };
  const director = { ...(await createUser(db(), { role: "director", name: "Dora Director" })), role: "director" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const person = await createStakeholder(db(), { account_id: account.id, name: "Pirkko Portal" });
  const customer = await createPortalUser(db(), account.id, person.id);
  const actor = { userId: customer.id, accountId: account.id, stakeholderId: person.id };
  const delivered = await createExpectation(db(), {
    account_id: account.id,
    title: "Driver app",
    due_date: addDays(today, -3),
    status: "resolved",
    outcome: "kept",
    delivered_on: addDays(today, -4),
  });
  return { kam, director, account, person, customer, actor, delivered };
}

const dispute = (w: Awaited<ReturnType<typeof world>>, comment = "Never arrived") =>
  withPortalWrite(w.account.id, (trx) =>
    respondToDelivery(trx, w.actor, { expectation_id: w.delivered.id, version: w.delivered.version, response: "disputed_not_delivered", comment }),
  );

describe("KAM alerts", () => {
  it("a dispute mails the account's KAM at once, in their language, both parts, links from APP_URL, with a one-click unsubscribe", async () => {
    const w = await world("fi");
    await dispute(w);
    await sendAll();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: "kaisa@pohjola.example" }] });
    expect(mail.subject).toBe("Toimitus kiistetty: Driver app (Kestilä Oy)");
    expect(mail.text).toContain("Hei Kaisa KAM,");
    expect(mail.text).toContain("Pirkko Portal (Kestilä Oy) kertoo, että ”Driver app” jäi toimittamatta.");
    expect(mail.text).toContain("Never arrived");
    const link = `${appUrl()}/accounts/${w.account.id}/expectations/${w.delivered.id}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('lang="fi"');
    const unsubscribe = `${appUrl()}/unsubscribe/${unsubscribeToken(w.kam.id, "dispute_alert")}`;
    expect(mail.text).toContain(unsubscribe);
    expect(mail.html).toContain(unsubscribe);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "").replace(/\r?\n\s+/g, "");
    expect(header("list-unsubscribe")).toBe(`<${unsubscribe}>`);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("a detractor's NPS (≤ 6) and CSAT (≤ 2) alert the KAM in English when that is their language; promoters do not", async () => {
    const w = await world("en");
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, w.actor, { score: 6, comment: "Slow answers" }));
    const meeting = await createTouchpoint(db(), { account_id: w.account.id, title: "Kick-off", shared_with_customer: true, occurred_at: new Date(Date.now() - 86_400_000) });
    const other = await createTouchpoint(db(), { account_id: w.account.id, title: "Review", shared_with_customer: true, occurred_at: new Date(Date.now() - 86_400_000) });
    await withPortalWrite(w.account.id, (trx) => rateTouchpoint(trx, w.actor, { touchpoint_id: meeting.id, score: 2, comment: "" }));
    await withPortalWrite(w.account.id, (trx) => rateTouchpoint(trx, w.actor, { touchpoint_id: other.id, score: 3, comment: "" }));
    await sendAll();
    expect(smtp.received.map((m) => m.subject)).toEqual(["Detractor: NPS 6 from Kestilä Oy", "Low satisfaction: 2/5 from Kestilä Oy"]);
    expect(smtp.received[0]!.text).toContain("Hello Kaisa KAM,");
    expect(smtp.received[0]!.text).toContain("Slow answers");
    expect(smtp.received[1]!.text).toContain("rated “Kick-off” 2 out of 5");
    for (const m of smtp.received) expect(m.html).toContain('lang="en"');
  });

  it("a decision maker or champion marked as left by someone else alerts the KAM; the KAM's own marking does not", async () => {
    const w = await world("en");
    const champion = await createStakeholder(db(), { account_id: w.account.id, name: "Cecilia Champion", committee_role: "champion" });
    const maker = await createStakeholder(db(), { account_id: w.account.id, name: "Matti Maker", committee_role: "decision_maker" });
    await db()
      .transaction()
      .execute((trx) => markStakeholderLeft(trx, { actor: w.director }, w.account.id, champion.id, { version: champion.version, left_on: today, note: "Moved to a competitor" }));
    await db()
      .transaction()
      .execute((trx) => markStakeholderLeft(trx, { actor: w.kam }, w.account.id, maker.id, { version: maker.version, left_on: today, note: "" }));
    await sendAll();
    expect(smtp.received.map((m) => m.subject)).toEqual(["Cecilia Champion (Champion) has left Kestilä Oy"]);
    expect(smtp.received[0]!.text).toContain("Moved to a competitor");
    expect(smtp.received[0]!.text).toContain(`${appUrl()}/accounts/${w.account.id}/committee`);
  });

  it("a portal write rolled back leaves no alert", async () => {
    const w = await world();
    await expect(
      withPortalWrite(w.account.id, async (trx) => {
        await respondToDelivery(trx, w.actor, { expectation_id: w.delivered.id, version: w.delivered.version, response: "disputed_partly", comment: "Half" });
        throw new Error("the write fails");
      }),
    ).rejects.toThrow("the write fails");
    expect(await messages()).toEqual([]);
    await sendAll();
    expect(smtp.received).toHaveLength(0);
  });

  it("user text in a subject stays on one line: a name with CR/LF cannot add a header or a recipient", async () => {
    const w = await world("en");
    await db().updateTable("accounts").set({ name: "Evil Oy\r\nBcc: victim@example.com" }).where("id", "=", w.account.id).execute();
    await db().updateTable("expectations").set({ title: "App\nBcc: victim2@example.com" }).where("id", "=", w.delivered.id).execute();
    await dispute(w);
    const [row] = await messages();
    expect(row!.subject).not.toMatch(/[\r\n]/);
    await sendAll();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe("Delivery disputed: App Bcc: victim2@example.com (Evil Oy Bcc: victim@example.com)");
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.to).toMatchObject({ value: [{ address: "kaisa@pohjola.example" }] });
  });
});

describe("choices per kind", () => {
  it("off sends nothing; digest sends nothing at once; other kinds are not affected", async () => {
    const w = await world("en");
    await db()
      .transaction()
      .execute((trx) => saveMailPreferences(trx, { user: w.kam }, { dispute_alert: "off", detractor_alert: "digest" }));
    await dispute(w);
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, w.actor, { score: 1, comment: "" }));
    expect(await messages()).toEqual([]);
    const champion = await createStakeholder(db(), { account_id: w.account.id, name: "Cecilia Champion", committee_role: "champion" });
    await db()
      .transaction()
      .execute((trx) => markStakeholderLeft(trx, { actor: w.director }, w.account.id, champion.id, { version: champion.version, left_on: today, note: "" }));
    await sendAll();
    expect(smtp.received.map((m) => m.subject)).toEqual(["Cecilia Champion (Champion) has left Kestilä Oy"]);
  });

  it("lists only the kinds of one's role, with defaults, and refuses a choice not offered", async () => {
    const w = await world();
    expect((await listMailPreferences(db(), w.kam)).map((p) => [p.kind, p.choice])).toEqual([
      ["dispute_alert", "immediate"],
      ["detractor_alert", "immediate"],
      ["key_person_left", "immediate"],
      ["notice_contested", "immediate"],
      ["kam_digest", "immediate"],
    ]);
    expect((await listMailPreferences(db(), w.customer)).map((p) => p.kind)).toEqual(["deliveries_awaiting", "replan_notice", "expectation_answer"]);
    await expect(
      db()
        .transaction()
        .execute((trx) => saveMailPreferences(trx, { user: w.customer }, { replan_notice: "digest" })),
    ).rejects.toMatchObject({ name: "FieldError" });
  });

  it("the mail settings page shows and saves one's own choices (staff and customer), audited", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.customer.id);
    expect(statusOf(await run(settingsLoader, request("/settings/mail", { cookie })))).toBe(200);
    const saved = await run(settingsAction, formRequest("/settings/mail", { replan_notice: "off", deliveries_awaiting: "immediate" }, cookie));
    expect(await statusOf(saved)).toBe(302);
    expect((await listMailPreferences(db(), w.customer)).find((p) => p.kind === "replan_notice")!.choice).toBe("off");
    const audit = await db().selectFrom("audit_events").select(["action", "after"]).where("entity", "=", "mail_preferences").execute();
    expect(audit).toMatchObject([{ action: "update", after: { replan_notice: "off" } }]);
    expect(statusOf(await run(settingsAction, formRequest("/settings/mail", { replan_notice: "sometimes" }, cookie)))).toBe(400);
    expect(statusOf(await run(settingsLoader, request("/settings/mail")))).toBe(302);
  });
});

describe("one-click unsubscribe", () => {
  it("GET asks, POST turns that kind off for that person without signing in; a forged or altered token is refused", async () => {
    const w = await world();
    const token = unsubscribeToken(w.kam.id, "dispute_alert");
    expect(readUnsubscribeToken(token)).toEqual({ userId: w.kam.id, kind: "dispute_alert" });
    const params = { token };
    expect(statusOf(await run(unsubscribeLoader, request(`/unsubscribe/${token}`), params))).toBe(200);
    expect((await listMailPreferences(db(), w.kam)).find((p) => p.kind === "dispute_alert")!.choice).toBe("immediate");
    // RFC 8058: the mail program posts List-Unsubscribe=One-Click.
    expect(statusOf(await run(unsubscribeAction, formRequest(`/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" }), params))).toBe(200);
    expect((await listMailPreferences(db(), w.kam)).find((p) => p.kind === "dispute_alert")!.choice).toBe("off");
    expect((await listMailPreferences(db(), w.kam)).find((p) => p.kind === "detractor_alert")!.choice).toBe("immediate");
    await dispute(w);
    expect(await messages()).toEqual([]);

    // Another kind or another person under the same signature: refused, nothing changes.
    const other = token.replace("dispute_alert", "detractor_alert");
    const someoneElse = token.replace(w.kam.id, w.director.id);
    for (const bad of [other, someoneElse, "nonsense", `${token}x`]) {
      expect(readUnsubscribeToken(bad)).toBeNull();
      expect(statusOf(await run(unsubscribeAction, formRequest(`/unsubscribe/${bad}`, {}), { token: bad }))).toBe(404);
    }
    expect((await listMailPreferences(db(), w.kam)).find((p) => p.kind === "detractor_alert")!.choice).toBe("immediate");
  });
});
