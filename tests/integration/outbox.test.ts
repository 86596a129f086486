import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIRST_RETRY_MS, MAX_SEND_ATTEMPTS } from "#app/domain/outbox.ts";
import { issuePasswordLink } from "#app/models/password-links.server.ts";
import { createInvitation, revokeInvitation } from "#app/models/portal-access.server.ts";
import { enqueueMail, MailRefusedError, steerOutboxMessage } from "#app/models/outbox.server.ts";
import { recoverInterruptedMessages, sendNextOutboxMessage, smtpTransport, type OutboxRunOptions } from "#app/models/outbox-worker.server.ts";
import { createInternalUser } from "#app/models/user-admin.server.ts";
import { db } from "#app/utils/db.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { startTestSmtp, type TestSmtp } from "#tests/setup/smtp.ts";

// The outbox against a real SMTP server in this process: what arrives, in which
// language, with both parts; a write rolled back leaves no mail; failures are
// retried with backoff on an injected clock (no sleeping); a recipient's hourly
// limit; header injection refused.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.refuse.length = 0;
});

const FROM = "Kohtaamo <noreply@pohjola.example>";
const options = (extra: Partial<OutboxRunOptions> = {}): OutboxRunOptions => ({ transport: smtpTransport(smtp.url), from: FROM, ...extra });
const messages = () => db().selectFrom("outbox_messages").selectAll().orderBy("created_at").orderBy("id").execute();
const attempts = (id: string) =>
  db().selectFrom("outbox_attempts").select(["attempt", "outcome"]).where("message_id", "=", id).orderBy("attempt").execute();

async function world(kamLocale: "en" | "fi" = "fi") {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM", locale: kamLocale });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Valmet Logistics Oy" });
  const person = await createStakeholder(db(), { account_id: account.id, name: "Pekka Asiakas", email: "pekka@valmet.example" });
  return { kam, account, person };
}

describe("portal invitations and set-password links", () => {
  it("sends the invitation over SMTP with a text and an HTML part in the inviter's language, the link from APP_URL", async () => {
    const { kam, account, person } = await world("fi");
    const created = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: kam }, account.id, person.id));
    expect(await messages()).toMatchObject([{ kind: "portal_invitation", status: "pending", to_address: "pekka@valmet.example", locale: "fi" }]);

    expect(await sendNextOutboxMessage(options())).toEqual({ id: created.messageId, outcome: "sent" });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    const link = `${appUrl()}/portal/invite/${created.token}`;
    expect(mail.to).toMatchObject({ value: [{ address: "pekka@valmet.example", name: "Pekka Asiakas" }] });
    expect(mail.from).toMatchObject({ value: [{ address: "noreply@pohjola.example", name: "Kohtaamo" }] });
    expect(mail.subject).toBe("Kutsu Pohjola Systemsin asiakasportaaliin (Valmet Logistics Oy)");
    expect(mail.text).toContain("Hei Pekka Asiakas,");
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('lang="fi"');
    expect(mail.messageId).toBe(`<outbox-${created.messageId}@localhost>`);

    // Sent: the one-time link is no longer kept in the outbox; the try is recorded.
    const [row] = await messages();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(row!.text_body).not.toContain(created.token);
    expect(row!.html_body).not.toContain(created.token);
    expect(await attempts(row!.id)).toEqual([{ attempt: 1, outcome: "sent" }]);
    // Nothing more to send.
    expect(await sendNextOutboxMessage(options())).toBeNull();
    expect(smtp.received).toHaveLength(1);
  });

  it("writes the invitation in the language of the customer user who already has the address", async () => {
    const { kam, account, person } = await world("fi");
    await createUser(db(), { role: "customer", email: "pekka@valmet.example", locale: "en" });
    await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: kam }, account.id, person.id));
    await sendNextOutboxMessage(options());
    expect(smtp.received[0]!.subject).toBe("Your invitation to the Pohjola Systems customer portal (Valmet Logistics Oy)");
    expect(smtp.received[0]!.text).toContain("Hello Pekka Asiakas,");
  });

  it("a newer invitation or link withdraws the waiting older mail, and a revoked invitation's mail is not sent", async () => {
    const { kam, account, person } = await world();
    const first = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: kam }, account.id, person.id));
    const second = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: kam }, account.id, person.id));
    const rows = await messages();
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "pending"]);
    expect(rows[0]!.text_body).not.toContain(first.token);
    await db()
      .transaction()
      .execute((trx) => revokeInvitation(trx, { actor: kam }, account.id, second.invitation.id));
    expect((await messages()).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect(await sendNextOutboxMessage(options())).toBeNull();
    expect(smtp.received).toHaveLength(0);
  });

  it("sends a new member of staff their welcome link, and a reset in their own language", async () => {
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const created = await db()
      .transaction()
      .execute((trx) => createInternalUser(trx, { actor: admin }, { name: "Ville Uusi", email: "ville@pohjola.example", role: "kam" }));
    await sendNextOutboxMessage(options());
    expect(smtp.received[0]).toMatchObject({ subject: "Your Kohtaamo user account" });
    expect(smtp.received[0]!.text).toContain(`${appUrl()}/set-password/${created.token}`);
    expect(smtp.received[0]!.html).toContain(`/set-password/${created.token}`);

    await db().updateTable("users").set({ locale: "fi" }).where("id", "=", created.user.id).execute();
    const reset = await db()
      .transaction()
      .execute((trx) => issuePasswordLink(trx, created.user.id, "reset", admin.id));
    await sendNextOutboxMessage(options());
    expect(smtp.received[1]).toMatchObject({ subject: "Aseta uusi salasana Kohtaamoon" });
    expect(smtp.received[1]!.text).toContain(`/set-password/${reset.token}`);
    expect(smtp.received[1]!.text).toContain("Hei Ville Uusi,");
  });
});

describe("the outbox is transactional", () => {
  it("a rolled-back write leaves no message", async () => {
    const { kam, account, person } = await world();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await createInvitation(trx, { actor: kam }, account.id, person.id);
          expect(await trx.selectFrom("outbox_messages").select("id").execute()).toHaveLength(1);
          throw new Error("the write fails after the mail was written");
        }),
    ).rejects.toThrow("the write fails");
    expect(await messages()).toEqual([]);
    expect(await db().selectFrom("portal_invitations").select("id").execute()).toEqual([]);
    expect(await sendNextOutboxMessage(options())).toBeNull();
    expect(smtp.received).toHaveLength(0);
  });

  it("refuses header injection in the subject, the name and the address, and writes nothing", async () => {
    const content = { subject: "Hello", greeting: "Hi", paragraphs: ["Body"] };
    const base = { kind: "dispute_alert" as const, to: "a@example.com", locale: "en" as const, content };
    await expect(enqueueMail(db(), { ...base, content: { ...content, subject: "Hi\r\nBcc: victim@example.com" } })).rejects.toMatchObject({
      field: "subject",
      problem: "lineBreak",
    });
    await expect(enqueueMail(db(), { ...base, toName: "Eve\nBcc: victim@example.com" })).rejects.toBeInstanceOf(MailRefusedError);
    await expect(enqueueMail(db(), { ...base, to: "a@example.com\r\nBcc: victim@example.com" })).rejects.toMatchObject({ field: "to" });
    await expect(enqueueMail(db(), { ...base, to: "a@example.com, victim@example.com" })).rejects.toMatchObject({ field: "to" });
    expect(await messages()).toEqual([]);
    // The database holds the same line, should anything write past the model.
    await expect(
      sql`insert into outbox_messages (kind, to_address, locale, subject, text_body, html_body) values ('x', 'a@example.com', 'en', ${"A\nB"}, '', '')`.execute(db()),
    ).rejects.toMatchObject({ code: "23514" });
  });
});

describe("retries", () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 5, 12, 0, 0) + ms);

  async function oneMessage(now: Date) {
    return enqueueMail(
      db(),
      { kind: "dispute_alert", to: "kam@pohjola.example", locale: "en", content: { subject: "Dispute", greeting: "Hi", paragraphs: ["x"] } },
      now,
    );
  }

  it("a refused try is tried again after a growing wait, each try recorded, and the mail arrives once", async () => {
    const id = await oneMessage(at(0));
    smtp.refuse.push(451, 451);
    expect(await sendNextOutboxMessage(options({ now: () => at(0) }))).toEqual({ id, outcome: "retry" });
    let row = (await messages())[0]!;
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.next_attempt_at).toEqual(at(FIRST_RETRY_MS));
    // Not due before its time.
    expect(await sendNextOutboxMessage(options({ now: () => at(FIRST_RETRY_MS - 1) }))).toBeNull();
    expect(await sendNextOutboxMessage(options({ now: () => at(FIRST_RETRY_MS) }))).toEqual({ id, outcome: "retry" });
    row = (await messages())[0]!;
    expect(row.next_attempt_at).toEqual(at(FIRST_RETRY_MS + 2 * FIRST_RETRY_MS));
    expect(await sendNextOutboxMessage(options({ now: () => at(3 * FIRST_RETRY_MS) }))).toEqual({ id, outcome: "sent" });
    expect(await attempts(id)).toEqual([
      { attempt: 1, outcome: "retry" },
      { attempt: 2, outcome: "retry" },
      { attempt: 3, outcome: "sent" },
    ]);
    expect(smtp.received).toHaveLength(1);
  });

  it("a permanent refusal fails at once; an unreachable server fails after the last try", async () => {
    const refused = await oneMessage(at(0));
    smtp.refuse.push(550);
    expect(await sendNextOutboxMessage(options({ now: () => at(0) }))).toEqual({ id: refused, outcome: "failed" });
    expect((await messages())[0]).toMatchObject({ status: "failed", attempts: 1 });

    await db().deleteFrom("outbox_messages").execute();
    const unreachable = await oneMessage(at(0));
    const closed = await startTestSmtp();
    await closed.close();
    let clock = 0;
    for (let i = 1; i <= MAX_SEND_ATTEMPTS; i++) {
      const result = await sendNextOutboxMessage({ transport: smtpTransport(closed.url), from: FROM, now: () => at(clock) });
      expect(result).toEqual({ id: unreachable, outcome: i < MAX_SEND_ATTEMPTS ? "retry" : "failed" });
      clock += 2 * 60 * 60_000;
    }
    expect((await messages())[0]).toMatchObject({ status: "failed", attempts: MAX_SEND_ATTEMPTS });
    expect((await messages())[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);
  });

  it("holds a recipient to their hourly limit; others are not held up", async () => {
    const now = at(10);
    for (let i = 0; i < 3; i++) {
      await enqueueMail(db(), { kind: "dispute_alert", to: "busy@pohjola.example", locale: "en", content: { subject: `M${i}`, greeting: "Hi", paragraphs: ["x"] } }, at(i));
    }
    await enqueueMail(db(), { kind: "dispute_alert", to: "other@pohjola.example", locale: "en", content: { subject: "Other", greeting: "Hi", paragraphs: ["x"] } }, at(3));
    const run = options({ now: () => now, ratePerHour: 2 });
    while (await sendNextOutboxMessage(run)) {
      // until nothing is due
    }
    expect(smtp.received.map((m) => m.subject).sort()).toEqual(["M0", "M1", "Other"]);
    const held = (await messages()).find((m) => m.subject === "M2")!;
    expect(held).toMatchObject({ status: "pending", attempts: 0, last_error: "rate limit" });
    expect(held.next_attempt_at).toEqual(new Date(now.getTime() + 60 * 60_000));
    expect(await sendNextOutboxMessage(options({ now: () => new Date(now.getTime() + 60 * 60_000), ratePerHour: 2 }))).toMatchObject({
      outcome: "sent",
    });
  });
});

describe("a message taken but never confirmed", () => {
  it("is put up for review, never sent again by itself, and an administrator can send it again", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const id = await enqueueMail(db(), {
      kind: "dispute_alert",
      to: "kam@pohjola.example",
      locale: "en",
      content: { subject: "Dispute", greeting: "Hi", paragraphs: ["x"] },
    });
    // The worker stops right after taking it (an exception standing in for a crash; the real kill is in outbox-crash.test.ts).
    await expect(
      sendNextOutboxMessage(
        options({
          afterClaim: () => {
            throw new Error("worker stopped");
          },
        }),
      ),
    ).rejects.toThrow("worker stopped");
    expect((await messages())[0]).toMatchObject({ status: "sending" });
    const later = new Date(Date.now() + 60 * 60_000);
    expect(await recoverInterruptedMessages(later)).toBe(1);
    expect((await messages())[0]).toMatchObject({ status: "review", last_error: "interrupted" });
    expect(await attempts(id)).toEqual([{ attempt: 1, outcome: "interrupted" }]);
    expect(await sendNextOutboxMessage(options({ now: () => later }))).toBeNull();
    expect(smtp.received).toHaveLength(0);

    await db()
      .transaction()
      .execute((trx) => steerOutboxMessage(trx, { actor: admin }, id, "resend", later));
    expect(await sendNextOutboxMessage(options({ now: () => later }))).toEqual({ id, outcome: "sent" });
    expect(smtp.received).toHaveLength(1);
    const audit = await db().selectFrom("audit_events").select(["entity", "action"]).where("entity", "=", "outbox_message").execute();
    expect(audit).toEqual([{ entity: "outbox_message", action: "resend" }]);
  });
});
