import nodemailer, { type SendMailOptions } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInboundSmtp, type InboundListener } from "#app/models/mail-in-listener.server.ts";
import { captureAddressOf, renewCaptureAddress } from "#app/models/mail-in.server.ts";
import { createWebhookEndpoint } from "#app/models/webhooks.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { action as myWorkAction, loader as myWorkLoader } from "#app/routes/_app.my-work.tsx";
import { gatherInbox, markInboxItemDone } from "#app/models/inbox.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Mail in with real parts: the inbound listener (smtp-server) on a free port,
// mail sent to it by nodemailer over TCP, parsed by mailparser, matched and
// written through the touchpoint model. What arrives is checked in the database.

const DOMAIN = "in.kohtaamo.test";
const MAX_BYTES = 40_000;
let listener: InboundListener;
let limited: InboundListener;

beforeAll(async () => {
  listener = await startInboundSmtp({ port: 0, host: "127.0.0.1", domain: DOMAIN, maxBytes: MAX_BYTES, ratePerHour: 100 });
  limited = await startInboundSmtp({ port: 0, host: "127.0.0.1", domain: DOMAIN, maxBytes: MAX_BYTES, ratePerHour: 2 });
});

afterAll(async () => {
  await listener?.close();
  await limited?.close();
});

function send(mail: SendMailOptions, to: InboundListener = listener) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: to.port, secure: false, ignoreTLS: true });
  return transport.sendMail(mail).finally(() => transport.close());
}

/** A KAM with a capture address, and two accounts of theirs with people. */
async function world() {
  const kam = await createUser(db(), { email: "kaisa.kam@pohjola.example", name: "Kaisa Kam" });
  const other = await createUser(db(), { email: "olli.other@pohjola.example" });
  const capture = await db()
    .transaction()
    .execute((trx) => renewCaptureAddress(trx, { actor: kam }, DOMAIN));
  const kestila = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy" });
  const sisu = await createAccount(db(), { owner_id: kam.id, name: "Sisu Forest Oy" });
  const notMine = await createAccount(db(), { owner_id: other.id, name: "Routa Systems Oy" });
  const anna = await createStakeholder(db(), { account_id: kestila.id, name: "Anna Asiakas", email: "Anna.Asiakas@kestila.example" });
  const ben = await createStakeholder(db(), { account_id: kestila.id, name: "Ben Buyer", email: "ben@kestila.example" });
  const gone = await createStakeholder(db(), { account_id: kestila.id, name: "Gone Person", email: "gone@kestila.example", left_on: "2025-01-01" });
  const sami = await createStakeholder(db(), { account_id: sisu.id, name: "Sami Sisu", email: "sami@sisu.example" });
  const routa = await createStakeholder(db(), { account_id: notMine.id, name: "Riku Routa", email: "riku@routa.example" });
  return { kam, other, capture, kestila, sisu, notMine, anna, ben, gone, sami, routa };
}

const touchpointsOf = (accountId: string) =>
  db().selectFrom("touchpoints").selectAll().where("account_id", "=", accountId).execute();

const participantsOf = async (accountId: string, touchpointId: string) => ({
  stakeholders: (
    await db().selectFrom("touchpoint_stakeholders").select("stakeholder_id").where("account_id", "=", accountId).where("touchpoint_id", "=", touchpointId).execute()
  ).map((r) => r.stakeholder_id).sort(),
  users: (
    await db().selectFrom("touchpoint_users").select("user_id").where("account_id", "=", accountId).where("touchpoint_id", "=", touchpointId).execute()
  ).map((r) => r.user_id),
});

describe("mail in", () => {
  it("logs a BCC'd mail as an e-mail touchpoint on the account whose people it names, with them and the KAM as participants", async () => {
    const w = await world();
    const admin = await createUser(db(), { role: "admin" });
    await db()
      .transaction()
      .execute((trx) => createWebhookEndpoint(trx, { actor: admin }, { url: "https://crm.example/hooks", description: "CRM", events: ["touchpoint.logged"] }));
    const info = await send({
      from: `"Kaisa Kam" <${w.kam.email}>`,
      to: `"Anna" <anna.asiakas@kestila.example>`,
      cc: ["ben@kestila.example", "gone@kestila.example", "someone@elsewhere.example"],
      envelope: { from: w.kam.email, to: [w.capture] },
      subject: "Re: Delivery schedule for March",
      text: "Hi Anna,\n\nthe March deliveries are on track.\n\nKaisa",
      attachments: [{ filename: "schedule.pdf", content: Buffer.from("%PDF-1.4 not really") }],
      date: new Date("2026-12-01T10:15:00Z"),
    });
    expect(info.accepted).toEqual([w.capture]);
    expect(info.response).toMatch(/Logged/);

    const [tp, ...more] = await touchpointsOf(w.kestila.id);
    expect(more).toEqual([]);
    expect(tp).toMatchObject({ kind: "email", title: "Delivery schedule for March", author_id: w.kam.id, shared_with_customer: false });
    expect(new Date(tp!.occurred_at).toISOString()).toBe("2026-12-01T10:15:00.000Z");
    expect(tp!.summary).toContain("the March deliveries are on track.");
    expect(tp!.summary).toContain("schedule.pdf");
    expect(tp!.summary).not.toContain("%PDF");
    // The people named who are still at the account; the KAM is the staff side.
    expect(await participantsOf(w.kestila.id, tp!.id)).toEqual({ stakeholders: [w.anna.id, w.ben.id].sort(), users: [w.kam.id] });
    expect(await touchpointsOf(w.sisu.id)).toEqual([]);

    // The same write as the log form: audited as the KAM, scores refreshed, the webhook event in the outbox.
    const audit = await db().selectFrom("audit_events").selectAll().where("entity", "=", "touchpoint").where("entity_id", "=", tp!.id).execute();
    expect(audit.map((a) => [a.action, a.actor_id, a.ip])).toEqual([["create", w.kam.id, "127.0.0.1"]]);
    expect(await db().selectFrom("account_scores").select("account_id").where("account_id", "=", w.kestila.id).executeTakeFirst()).toBeTruthy();
    const events = await db().selectFrom("webhook_deliveries").select(["event_type", "payload"]).execute();
    expect(events.map((e) => e.event_type)).toEqual(["touchpoint.logged"]);

    const mail = await db().selectFrom("captured_mails").selectAll().executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ status: "placed", account_id: w.kestila.id, touchpoint_id: tp!.id, attachment_names: ["schedule.pdf"] });
  });

  it("reads the people of a forwarded mail from the headers quoted in its text", async () => {
    const w = await world();
    await send({
      from: w.kam.email,
      to: w.capture,
      subject: "Fwd: Invoice question",
      text: [
        "FYI",
        "",
        "---------- Forwarded message ---------",
        "Lähettäjä: Sami Sisu <sami@sisu.example>",
        "Date: Mon, 30 Nov 2026 at 9.12",
        `Subject: Invoice question`,
        `To: Kaisa Kam <${w.kam.email}>`,
        "",
        "Why was the invoice sent twice?",
      ].join("\n"),
    });
    const [tp] = await touchpointsOf(w.sisu.id);
    expect(tp).toMatchObject({ kind: "email", title: "Invoice question" });
    expect(tp!.summary).toContain("Why was the invoice sent twice?");
    expect(await participantsOf(w.sisu.id, tp!.id)).toEqual({ stakeholders: [w.sami.id], users: [w.kam.id] });
  });

  it("refuses a sender that is not the capture address's owner, in the envelope or in the From header", async () => {
    const w = await world();
    await expect(
      send({ from: "anna.asiakas@kestila.example", to: w.capture, subject: "Spoof", text: "Log me" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    // The envelope says the KAM, the From header someone else: refused after the data.
    await expect(
      send({ from: "mallory@evil.example", to: "anna.asiakas@kestila.example", envelope: { from: w.kam.email, to: [w.capture] }, subject: "Spoof", text: "Log me" }),
    ).rejects.toMatchObject({ responseCode: 550 });
    // A colleague's own address is not the owner's either.
    await expect(send({ from: w.other.email, to: w.capture, cc: "ben@kestila.example", subject: "Hi", text: "x" })).rejects.toMatchObject({
      responseCode: 550,
    });
    expect(await touchpointsOf(w.kestila.id)).toEqual([]);
    expect(await db().selectFrom("captured_mails").select("id").execute()).toEqual([]);
  });

  it("refuses mail to an address that is not a live capture address", async () => {
    const w = await world();
    await expect(send({ from: w.kam.email, to: `capture+0123456789abcdef01234567@${DOMAIN}`, subject: "x", text: "x" })).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(send({ from: w.kam.email, to: `kaisa@${DOMAIN}`, subject: "x", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
    // A renewed address replaces the old one at once.
    await db()
      .transaction()
      .execute((trx) => renewCaptureAddress(trx, { actor: w.kam }, DOMAIN));
    await expect(send({ from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "x", text: "x" })).rejects.toMatchObject({
      responseCode: 550,
    });
    const renewed = await captureAddressOf(db(), w.kam.id, DOMAIN);
    expect(renewed).not.toBe(w.capture);
    await send({ from: w.kam.email, to: renewed!, cc: "ben@kestila.example", subject: "x", text: "x" });
    expect(await touchpointsOf(w.kestila.id)).toHaveLength(1);
    // A disabled member of staff's address takes nothing.
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", w.kam.id).execute();
    await expect(send({ from: w.kam.email, to: renewed!, cc: "ben@kestila.example", subject: "y", text: "y" })).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it("keeps a mail naming no account's people, or several accounts', waiting in the sender's inbox", async () => {
    const w = await world();
    const none = await send({ from: w.kam.email, to: w.capture, cc: "stranger@elsewhere.example", subject: "Lunch?", text: "Lunch?" });
    expect(none.response).toMatch(/Waiting/);
    await send({ from: w.kam.email, to: ["anna.asiakas@kestila.example", "sami@sisu.example"], bcc: w.capture, subject: "Joint meeting", text: "Both of you" });
    // Someone on another KAM's account does not make it theirs to log.
    await send({ from: w.kam.email, to: "riku@routa.example", bcc: w.capture, subject: "Not my account", text: "x" });
    expect(await touchpointsOf(w.kestila.id)).toEqual([]);
    expect(await touchpointsOf(w.sisu.id)).toEqual([]);
    expect(await touchpointsOf(w.notMine.id)).toEqual([]);
    const waiting = await db().selectFrom("captured_mails").selectAll().orderBy("subject").execute();
    expect(waiting.map((m) => [m.subject, m.status, m.user_id, [...m.candidate_account_ids].sort()])).toEqual([
      ["Joint meeting", "waiting", w.kam.id, [w.kestila.id, w.sisu.id].sort()],
      ["Lunch?", "waiting", w.kam.id, []],
      ["Not my account", "waiting", w.kam.id, []],
    ]);
  });

  it("takes the same mail once, however often it is sent", async () => {
    const w = await world();
    const mail = { from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "Once", text: "Once", messageId: "<once-1@pohjola.example>" };
    await send(mail);
    const again = await send(mail);
    expect(again.response).toMatch(/Already/);
    expect(await touchpointsOf(w.kestila.id)).toHaveLength(1);
  });

  it("refuses a mail over the size limit", async () => {
    const w = await world();
    await expect(
      send({ from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "Big", text: "x".repeat(MAX_BYTES * 2) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await touchpointsOf(w.kestila.id)).toEqual([]);
  });

  it("tells a sender over the hourly limit to try later", async () => {
    const w = await world();
    await send({ from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "1", text: "1" }, limited);
    await send({ from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "2", text: "2" }, limited);
    await expect(send({ from: w.kam.email, to: w.capture, cc: "ben@kestila.example", subject: "3", text: "3" }, limited)).rejects.toMatchObject({
      responseCode: 451,
    });
    expect(await touchpointsOf(w.kestila.id)).toHaveLength(2);
  });
});

describe("placing a waiting mail (My work)", () => {
  type Loaded = { inbox: { key: string; kind: string; sourceId: string; title: string; details: Record<string, unknown> }[]; placeAccounts: { id: string; name: string }[] };

  it("shows it in the sender's inbox, and places it on the chosen account with the people of that account it names", async () => {
    const w = await world();
    await send({ from: w.kam.email, to: ["anna.asiakas@kestila.example", "sami@sisu.example"], bcc: w.capture, subject: "Joint meeting", text: "Both of you" });
    const cookie = await sessionCookieFor(w.kam.id);
    const loaded = (await run(myWorkLoader, request("/my-work", { cookie }))).value as Loaded;
    const item = loaded.inbox.find((i) => i.kind === "captured_mail")!;
    expect(item).toMatchObject({ title: "Joint meeting", details: { from: w.kam.email } });
    expect(String(item.details.candidates).split(",").sort()).toEqual([w.kestila.id, w.sisu.id].sort());
    expect(loaded.placeAccounts.map((a) => a.name).sort()).toEqual(["Kestilä Logistics Oy", "Sisu Forest Oy"]);
    // Nobody else's inbox has it.
    expect((await gatherInbox(db(), w.other)).filter((i) => i.kind === "captured_mail")).toEqual([]);
    // Not done, snoozed or handed over: it is placed or discarded.
    await expect(db().transaction().execute((trx) => markInboxItemDone(trx, { viewer: w.kam }, item.key))).rejects.toBeInstanceOf(NotFoundError);

    // No account chosen: refused beside the field.
    const none = await run(myWorkAction, formRequest("/my-work", { intent: "placeMail", mailId: item.sourceId, accountId: "", version: "1" }, cookie));
    expect(statusOf(none)).toBe(400);
    // Another KAM's account: refused beside the field, nothing written.
    const notMine = await run(myWorkAction, formRequest("/my-work", { intent: "placeMail", mailId: item.sourceId, accountId: w.notMine.id, version: "1" }, cookie));
    expect(statusOf(notMine)).toBe(400);
    expect(await touchpointsOf(w.notMine.id)).toEqual([]);

    const placed = await run(myWorkAction, formRequest("/my-work", { intent: "placeMail", mailId: item.sourceId, accountId: w.sisu.id, version: "1" }, cookie));
    expect(locationOf(placed)).toBe("/my-work");
    const [tp] = await touchpointsOf(w.sisu.id);
    expect(tp).toMatchObject({ kind: "email", title: "Joint meeting", author_id: w.kam.id });
    expect(await participantsOf(w.sisu.id, tp!.id)).toEqual({ stakeholders: [w.sami.id], users: [w.kam.id] });
    expect(await touchpointsOf(w.kestila.id)).toEqual([]);
    const audit = await db().selectFrom("audit_events").select(["entity", "action"]).where("actor_id", "=", w.kam.id).where("entity", "in", ["touchpoint", "captured_mail"]).execute();
    expect(audit.map((a) => `${a.entity}:${a.action}`).sort()).toEqual(["captured_mail:place", "captured_mail:receive", "touchpoint:create"]);
    // It left the inbox; placing it again finds it gone.
    expect((await gatherInbox(db(), w.kam)).filter((i) => i.kind === "captured_mail")).toEqual([]);
    const again = await run(myWorkAction, formRequest("/my-work", { intent: "placeMail", mailId: item.sourceId, accountId: w.sisu.id, version: "1" }, cookie));
    expect(locationOf(again)).toBe("/my-work");
    expect(await touchpointsOf(w.sisu.id)).toHaveLength(1);
  });

  it("discards a mail naming nobody, and only the sender may", async () => {
    const w = await world();
    await send({ from: w.kam.email, to: w.capture, cc: "stranger@elsewhere.example", subject: "Lunch?", text: "Lunch?" });
    const mail = await db().selectFrom("captured_mails").select(["id", "version"]).executeTakeFirstOrThrow();
    const colleague = await run(myWorkAction, formRequest("/my-work", { intent: "discardMail", mailId: mail.id, version: "1" }, await sessionCookieFor(w.other.id)));
    expect(locationOf(colleague)).toBe("/my-work");
    expect((await db().selectFrom("captured_mails").select("status").executeTakeFirstOrThrow()).status).toBe("waiting");
    const own = await run(myWorkAction, formRequest("/my-work", { intent: "discardMail", mailId: mail.id, version: "1" }, await sessionCookieFor(w.kam.id)));
    expect(locationOf(own)).toBe("/my-work");
    expect(await db().selectFrom("captured_mails").select(["status", "text_body"]).executeTakeFirstOrThrow()).toEqual({ status: "discarded", text_body: "" });
    expect((await gatherInbox(db(), w.kam)).filter((i) => i.kind === "captured_mail")).toEqual([]);
    const malformed = await run(myWorkAction, formRequest("/my-work", { intent: "discardMail", mailId: "x", version: "1" }, await sessionCookieFor(w.kam.id)));
    expect(statusOf(malformed)).toBe(400);
  });
});
