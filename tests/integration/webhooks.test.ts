import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DISABLE_AFTER_MS, FIRST_WEBHOOK_RETRY_MS } from "#app/domain/webhooks.ts";
import { calendarDate } from "#app/domain/time.ts";
import { addDays } from "#app/domain/dates.ts";
import { answerNps, proposeExpectation } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { createTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { recordDelivery, replanExpectation } from "#app/models/expectation-changes.server.ts";
import {
  claimNextDelivery,
  recoverInterruptedDeliveries,
  sendNextWebhook,
  startWebhookWorker,
  WEBHOOK_LEASE_MS,
} from "#app/models/webhook-worker.server.ts";
import {
  createWebhookEndpoint,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookEndpointActive,
  steerWebhookDelivery,
  webhookNoticeCount,
} from "#app/models/webhooks.server.ts";
import { TouchpointCreateForm } from "#app/schemas/touchpoint.ts";
import { db } from "#app/utils/db.server.ts";
import { postWebhook, PrivateTargetError } from "#app/utils/webhook-http.server.ts";
import { decryptWebhookSecret } from "#app/utils/webhook-secrets.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createUser,
} from "#tests/factories/index.ts";
import type { WebhookEvent } from "#app/domain/webhooks.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, sessionCookieFor } from "#tests/setup/requests.ts";

// Webhooks against a real HTTP receiver (node:http on a free port): what a
// change writes to the webhook outbox in its own transaction, what arrives,
// signed as docs/api.md says; failures retried with backoff and logged per
// try; an endpoint failing for a day turned off with a notice; no event lost
// or delivered twice across a restart of the sender.

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let url = "";
const received: Received[] = [];
/** Statuses the receiver answers with, in turn; empty: 200. */
let answers: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = answers.shift() ?? 200;
      res.end(res.statusCode < 300 ? "ok" : "not now");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received.length = 0;
  answers = [];
});

/** The verification docs/api.md shows a receiver, as written there. */
function verify(
  secret: string,
  headers: http.IncomingHttpHeaders,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers["kohtaamo-timestamp"]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
  const given = String(headers["kohtaamo-signature"] ?? "");
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

async function world(events: WebhookEvent[] = ["touchpoint.logged"]) {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Valmet Logistics Oy", external_id: "C-1" });
  const champion = await createStakeholder(db(), {
    account_id: account.id,
    name: "Pekka Päättäjä",
    external_id: "S-1",
  });
  const endpoint = await db()
    .transaction()
    .execute((trx) => createWebhookEndpoint(trx, { actor: admin }, { url, description: "CRM", events }));
  return { admin, kam, account, champion, endpoint };
}

const meeting = (title: string, stakeholderIds: string[] = []) =>
  TouchpointCreateForm.parse({
    kind: "meeting",
    occurred_at: "2026-11-03T10:00",
    title,
    summary: "Talked",
    internal_notes: "Only for us",
    stakeholder_ids: stakeholderIds,
  });

async function logMeeting(w: Awaited<ReturnType<typeof world>>, title: string) {
  return db()
    .transaction()
    .execute((trx) => createTouchpoint(trx, { actor: w.kam }, w.account.id, meeting(title, [w.champion.id])));
}

const deliveries = () =>
  db().selectFrom("webhook_deliveries").selectAll().orderBy("created_at").orderBy("id").execute();
const attempts = (deliveryId: string) =>
  db()
    .selectFrom("webhook_attempts")
    .select(["attempt", "outcome", "status_code"])
    .where("delivery_id", "=", deliveryId)
    .orderBy("attempt")
    .execute();

describe("webhook events enter the outbox with their cause", () => {
  it("a logged touchpoint is delivered as signed JSON the documented check accepts", async () => {
    const w = await world();
    await logMeeting(w, "Kickoff");
    const [queued] = await deliveries();
    expect(queued).toMatchObject({ event_type: "touchpoint.logged", status: "pending", account_id: w.account.id });

    expect(await sendNextWebhook()).toEqual({ id: queued!.id, outcome: "sent" });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.headers["kohtaamo-event"]).toBe("touchpoint.logged");
    expect(got!.headers["kohtaamo-delivery"]).toBe(queued!.id);
    expect(got!.headers["kohtaamo-event-id"]).toBe(queued!.event_id);
    expect(verify(w.endpoint.secret, got!.headers, got!.body)).toBe(true);
    // A changed body, another secret or an old timestamp fails the check.
    expect(verify(w.endpoint.secret, got!.headers, got!.body.replace("Kickoff", "Kickoff!"))).toBe(false);
    expect(verify("whsec_wrong", got!.headers, got!.body)).toBe(false);
    expect(verify(w.endpoint.secret, got!.headers, got!.body, Math.floor(Date.now() / 1000) + 3600)).toBe(false);

    const payload = JSON.parse(got!.body);
    expect(payload).toMatchObject({
      id: queued!.event_id,
      type: "touchpoint.logged",
      account: { id: w.account.id, external_id: "C-1", name: "Valmet Logistics Oy" },
      data: {
        touchpoint: {
          title: "Kickoff",
          kind: "meeting",
          summary: "Talked",
          stakeholders: [{ external_id: "S-1", name: "Pekka Päättäjä" }],
        },
      },
    });
    expect(got!.body).not.toContain("Only for us"); // internal notes are never sent
    expect(await attempts(queued!.id)).toEqual([{ attempt: 1, outcome: "sent", status_code: 200 }]);
    const endpoint = await db().selectFrom("webhook_endpoints").selectAll().executeTakeFirstOrThrow();
    expect(endpoint.last_success_at).not.toBeNull();
    // The secret is stored encrypted, not in clear.
    expect(endpoint.secret_ciphertext).not.toContain(w.endpoint.secret.slice(6));
    expect(decryptWebhookSecret(endpoint.secret_ciphertext)).toBe(w.endpoint.secret);
  });

  it("a write that is rolled back sends nothing", async () => {
    const w = await world();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await createTouchpoint(trx, { actor: w.kam }, w.account.id, meeting("Never happened"));
          expect(await trx.selectFrom("webhook_deliveries").select("id").execute()).toHaveLength(1);
          throw new Error("a later step failed");
        }),
    ).rejects.toThrow("a later step failed");
    expect(await deliveries()).toEqual([]);
    expect(await sendNextWebhook()).toBeNull();
    expect(received).toEqual([]);
  });

  it("only endpoints that asked for an event get it; none at all costs nothing", async () => {
    const w = await world(["survey.answered"]);
    await logMeeting(w, "Not asked for");
    expect(await deliveries()).toEqual([]);
  });

  it("re-plans, deliveries and the customer's own actions in the portal are events too, signals with them", async () => {
    const w = await world([
      "expectation.replanned",
      "expectation.delivered",
      "expectation.stated",
      "survey.answered",
      "signal.raised",
    ]);
    const today = calendarDate();
    const expectation = await createExpectation(db(), {
      account_id: w.account.id,
      title: "Pilot",
      due_date: addDays(today, 10),
    });
    await db()
      .transaction()
      .execute((trx) =>
        replanExpectation(trx, { actor: w.kam }, w.account.id, expectation.id, {
          version: 1,
          due_date: addDays(today, 20),
          reason: "Supplier late",
          customer_notified: true,
        } as never),
      );
    await db()
      .transaction()
      .execute((trx) =>
        recordDelivery(trx, { actor: w.kam }, w.account.id, expectation.id, {
          version: 2,
          outcome: "kept",
          delivered_on: today,
          delivery_note: "",
        } as never),
      );
    const customer = await createPortalUser(db(), w.account.id, w.champion.id);
    const actor = { userId: customer.id, accountId: w.account.id, stakeholderId: w.champion.id };
    await withPortalWrite(w.account.id, (trx) =>
      proposeExpectation(trx, actor, {
        title: "Weekly status",
        description: "Every Monday",
        category: "communication",
        due_date: addDays(today, 7),
      } as never),
    );
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, actor, { score: 3, comment: "Slow answers" }));

    const types = (await deliveries()).map((d) => d.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        "expectation.replanned",
        "expectation.delivered",
        "expectation.stated",
        "survey.answered",
        "signal.raised",
      ]),
    );
    const byType = Object.fromEntries(
      (await deliveries()).map((d) => [d.event_type, d.payload as { data: Record<string, unknown> }]),
    );
    expect(byType["expectation.replanned"]!.data).toMatchObject({
      replan: { to_due_date: addDays(today, 20), reason: "Supplier late" },
      expectation: { title: "Pilot" },
    });
    expect(byType["expectation.stated"]!.data).toMatchObject({
      expectation: { title: "Weekly status", source: "customer", status: "proposed" },
    });
    expect(byType["survey.answered"]!.data).toMatchObject({
      answer: { kind: "nps", score: 3, stakeholder: { external_id: "S-1" } },
    });
  });

  it("an endpoint whose creator is no longer an administrator gets nothing more", async () => {
    const w = await world();
    await logMeeting(w, "Before");
    await db().updateTable("users").set({ role: "kam" }).where("id", "=", w.admin.id).execute();
    await logMeeting(w, "After");
    expect(await deliveries()).toHaveLength(1); // nothing new written
    expect(await sendNextWebhook()).toBeNull(); // and the waiting one is withdrawn, not sent
    expect((await deliveries())[0]).toMatchObject({ status: "cancelled", last_error: "creator may no longer see it" });
    expect(received).toEqual([]);
  });
});

describe("delivery", () => {
  it("a failing receiver is tried again after a backoff, every try logged", async () => {
    const w = await world();
    await logMeeting(w, "Retry me");
    answers = [500, 503];
    const t0 = new Date();
    expect((await sendNextWebhook({ now: () => t0 }))?.outcome).toBe("retry");
    // Not due again before the backoff.
    expect(await sendNextWebhook({ now: () => new Date(t0.getTime() + FIRST_WEBHOOK_RETRY_MS - 1000) })).toBeNull();
    const t1 = new Date(t0.getTime() + FIRST_WEBHOOK_RETRY_MS);
    expect((await sendNextWebhook({ now: () => t1 }))?.outcome).toBe("retry");
    const [d] = await deliveries();
    expect(d!.next_attempt_at.getTime()).toBe(t1.getTime() + 2 * FIRST_WEBHOOK_RETRY_MS);
    expect((await sendNextWebhook({ now: () => new Date(t1.getTime() + 2 * FIRST_WEBHOOK_RETRY_MS) }))?.outcome).toBe(
      "sent",
    );
    expect(await attempts(d!.id)).toEqual([
      { attempt: 1, outcome: "retry", status_code: 500 },
      { attempt: 2, outcome: "retry", status_code: 503 },
      { attempt: 3, outcome: "sent", status_code: 200 },
    ]);
    // Every try carried the same delivery id, so a receiver can drop repeats.
    expect(new Set(received.map((r) => r.headers["kohtaamo-delivery"]))).toEqual(new Set([d!.id]));
    expect(await db().selectFrom("webhook_endpoints").select("failing_since").executeTakeFirstOrThrow()).toEqual({
      failing_since: null,
    });
  });

  it("an answer that cannot change (404) fails the delivery at once", async () => {
    const w = await world();
    await logMeeting(w, "Gone");
    answers = [404];
    expect((await sendNextWebhook())?.outcome).toBe("failed");
    expect((await deliveries())[0]).toMatchObject({ status: "failed" });
  });

  it("an endpoint failing for a day is turned off, audited, and administrators are told", async () => {
    const w = await world();
    await logMeeting(w, "First");
    answers = [500, 500, 500];
    const t0 = new Date();
    await sendNextWebhook({ now: () => t0 });
    const later = new Date(t0.getTime() + DISABLE_AFTER_MS - 60_000);
    await sendNextWebhook({ now: () => later });
    expect(await db().selectFrom("webhook_endpoints").select("status").executeTakeFirstOrThrow()).toEqual({
      status: "active",
    });
    const dayLater = new Date(t0.getTime() + DISABLE_AFTER_MS + 60_000);
    await sendNextWebhook({ now: () => dayLater });
    expect(
      await db().selectFrom("webhook_endpoints").select(["status", "disabled_reason"]).executeTakeFirstOrThrow(),
    ).toEqual({
      status: "disabled",
      disabled_reason: "failing",
    });
    expect(
      await db()
        .selectFrom("audit_events")
        .select("action")
        .where("entity", "=", "webhook_endpoint")
        .where("action", "=", "auto_disable")
        .execute(),
    ).toHaveLength(1);
    expect(await webhookNoticeCount(db(), w.admin)).toBe(1);
    expect(await webhookNoticeCount(db(), w.kam)).toBe(0);
    // And a mail to every active administrator, through the outbox (written by the same transaction).
    const mails = await db().selectFrom("outbox_messages").select(["kind", "recipient_user_id", "subject", "text_body"]).where("kind", "=", "webhook_disabled").execute();
    expect(mails.map((m) => m.recipient_user_id)).toEqual([w.admin.id]);
    expect(mails[0]!.subject).toContain(url);
    expect(mails[0]!.text_body).toContain(`/admin/webhooks/${w.endpoint.id}`);
    // Turned off: its deliveries wait, nothing is sent.
    await logMeeting(w, "While off");
    expect(await sendNextWebhook({ now: () => new Date(dayLater.getTime() + 86_400_000) })).toBeNull();
    // Turned on again: the waiting ones go.
    await db()
      .transaction()
      .execute((trx) => setWebhookEndpointActive(trx, { actor: w.admin }, w.endpoint.id, true));
    expect((await sendNextWebhook({ now: () => new Date(dayLater.getTime() + 86_400_000) }))?.outcome).toBe("sent");
  });

  it("the test event and a new secret: the next request is signed with the new one", async () => {
    const w = await world();
    const secret = await db()
      .transaction()
      .execute((trx) => rotateWebhookSecret(trx, { actor: w.admin }, w.endpoint.id));
    expect(secret).not.toBe(w.endpoint.secret);
    await db()
      .transaction()
      .execute((trx) => sendWebhookTestEvent(trx, { actor: { ...w.admin, name: w.admin.name } }, w.endpoint.id));
    expect((await sendNextWebhook())?.outcome).toBe("sent");
    expect(received[0]!.headers["kohtaamo-event"]).toBe("webhook.test");
    expect(verify(secret, received[0]!.headers, received[0]!.body)).toBe(true);
    expect(verify(w.endpoint.secret, received[0]!.headers, received[0]!.body)).toBe(false);
  });
});

describe("a restart of the sender", () => {
  it("loses no event and delivers none twice; one cut off mid-send waits for a person", async () => {
    const w = await world();
    for (let i = 1; i <= 8; i++) await logMeeting(w, `Meeting ${i}`);
    // A sender that died right after taking one (its try recorded, the receiver never reached or never answered).
    const taken = await claimNextDelivery(new Date());
    expect(taken).not.toBeNull();

    // The first sender stops after three deliveries.
    let sent = 0;
    let stopping: Promise<void> | null = null;
    const first = startWebhookWorker(60_000, {
      afterSend: () => {
        sent += 1;
        if (sent === 3) stopping = first.stop();
      },
    });
    await vi.waitFor(() => expect(stopping).not.toBeNull(), { timeout: 90_000 });
    await stopping;
    const afterFirst = received.length;
    expect(afterFirst).toBe(3);

    // The next start (on a server: once the lease ran out) puts the cut-off one up for review and sends the rest.
    await recoverInterruptedDeliveries(new Date(Date.now() + WEBHOOK_LEASE_MS + 1000));
    const second = startWebhookWorker(60_000);
    await vi.waitFor(
      async () =>
        expect((await deliveries()).filter((d) => d.status === "pending" || d.status === "sending")).toEqual([]),
      { timeout: 90_000 },
    );
    await second.stop();

    const all = await deliveries();
    expect(all.filter((d) => d.status === "sent")).toHaveLength(7);
    expect(all.find((d) => d.id === taken!.id)).toMatchObject({ status: "review" });
    expect(await attempts(taken!.id)).toEqual([{ attempt: 1, outcome: "interrupted", status_code: null }]);
    const ids = received.map((r) => String(r.headers["kohtaamo-event-id"]));
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);

    // An administrator sends it again: it arrives once, with its delivery id.
    await db()
      .transaction()
      .execute((trx) => steerWebhookDelivery(trx, { actor: w.admin }, w.endpoint.id, taken!.id, "resend"));
    expect(await sendNextWebhook()).toEqual({ id: taken!.id, outcome: "sent" });
    expect(received.filter((r) => r.headers["kohtaamo-delivery"] === taken!.id)).toHaveLength(1);
    expect(new Set(received.map((r) => String(r.headers["kohtaamo-event-id"]))).size).toBe(8);
  });
});

describe("where a webhook may point", () => {
  it("refuses private-network targets when asked to (production), by address and by name", async () => {
    const options = { timeoutMs: 2000, refusePrivate: true };
    await expect(postWebhook(url, {}, "{}", options)).rejects.toBeInstanceOf(PrivateTargetError);
    await expect(postWebhook(url.replace("127.0.0.1", "localhost"), {}, "{}", options)).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    expect(received).toEqual([]);
    await expect(postWebhook(url, {}, "{}", { ...options, refusePrivate: false })).resolves.toMatchObject({
      status: 200,
    });
  });
});

describe("the administrator's pages", () => {
  it("register an endpoint (its secret shown once), send a test event, and show the notice of a failing endpoint", async () => {
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const cookie = await sessionCookieFor(admin.id);
    const page = await handle(request("/admin/webhooks", { cookie }));
    expect(page.status).toBe(200);
    const submissionId = /name="submission_id" value="([0-9a-f-]{36})"/.exec(await page.text())![1]!;

    const refused = await handle(
      formRequest("/admin/webhooks", { url: "http://hooks.example/x", events: "signal.raised" }, cookie),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("https://");

    const body = new URLSearchParams([
      ["submission_id", submissionId],
      ["intent", "create"],
      ["url", url],
      ["description", "CRM"],
      ["events", "signal.raised"],
      ["events", "touchpoint.logged"],
    ]);
    const created = await handle(
      new Request("http://localhost/admin/webhooks", {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(created.status).toBe(200);
    expect(created.headers.get("Cache-Control")).toContain("no-store");
    const html = await created.text();
    const secret = /whsec_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
    expect(secret).toBeDefined();
    const endpoint = await db().selectFrom("webhook_endpoints").selectAll().executeTakeFirstOrThrow();
    expect(endpoint.events).toEqual(["signal.raised", "touchpoint.logged"]);
    expect(decryptWebhookSecret(endpoint.secret_ciphertext)).toBe(secret);
    // Shown once: not on the list nor on the endpoint's page afterwards.
    expect(await (await handle(request("/admin/webhooks", { cookie }))).text()).not.toContain(secret!);
    const detail = await handle(request(`/admin/webhooks/${endpoint.id}`, { cookie }));
    expect(await detail.text()).not.toContain(secret!);

    const test = await handle(formRequest(`/admin/webhooks/${endpoint.id}`, { intent: "test" }, cookie));
    expect(test.status).toBe(302);
    expect((await sendNextWebhook())?.outcome).toBe("sent");
    expect(verify(secret!, received[0]!.headers, received[0]!.body)).toBe(true);

    await db()
      .updateTable("webhook_endpoints")
      .set({ status: "disabled", disabled_reason: "failing", disabled_at: new Date() })
      .execute();
    const elsewhere = await (await handle(request("/admin/users", { cookie }))).text();
    expect(elsewhere).toContain('data-testid="webhook-notice"');
    expect((await handle(formRequest("/admin/webhooks?index", { intent: "dismiss" }, cookie))).status).toBe(302);
    expect(await (await handle(request("/admin/users", { cookie }))).text()).not.toContain(
      'data-testid="webhook-notice"',
    );
  });
});
