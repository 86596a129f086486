import { describe, expect, it } from "vitest";
import { quickLogTarget } from "#app/components/quick-log.tsx";
import { LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { createTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { action as editAction, loader as editLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.$touchpointId.tsx";
import { action as newAction, loader as newLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { action as logAction, loader as logLoader } from "#app/routes/_app.log.tsx";
import { TouchpointCreateForm } from "#app/schemas/touchpoint.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { locationOf, request, run, sessionCookieFor, statusOf, localeCookieFor } from "#tests/setup/requests.ts";

type Fields = Record<string, string | string[]>;

/** A form post as a browser sends it: repeated names for checked checkboxes. */
function post(path: string, fields: Fields, cookie: string): Request {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return request(path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

interface Reply {
  result: { status?: string; error?: Record<string, string[]>; initialValue?: Record<string, unknown> };
  conflict?: { version: number; changes: { field: string; value: string }[] };
  caseResult?: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> };
  confirmDelete?: boolean;
}
const body = (res: { value: unknown }) => (res.value as { data: Reply }).data;

async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const author = await createUser(db(), { role: "kam", name: "Aino Author" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion" });
  const buyer = await createStakeholder(db(), {
    account_id: account.id,
    name: "Bea Buyer",
    committee_role: "economic_buyer",
  });
  const elsewhere = await createAccount(db(), { owner_id: otherKam.id, name: "Elsewhere Oy" });
  const stranger = await createStakeholder(db(), { account_id: elsewhere.id, name: "Sam Stranger" });
  return { owner, author, otherKam, director, account, champion, buyer, elsewhere, stranger };
}

const meeting = (extra: Fields = {}): Fields => ({
  intent: "create",
  kind: "meeting",
  occurred_at: "2026-11-03T14:15",
  title: "Quarterly check-in",
  ...extra,
});

const newPath = (accountId: string) => `/accounts/${accountId}/touchpoints/new`;
const editPath = (accountId: string, id: string) => `/accounts/${accountId}/touchpoints/${id}`;

async function logAs(userId: string, accountId: string, fields: Fields) {
  return run(newAction, post(newPath(accountId), fields, await sessionCookieFor(userId)), { accountId });
}

async function onlyTouchpoint() {
  return db().selectFrom("touchpoints").selectAll().executeTakeFirstOrThrow();
}

// Changes only: refused requests are recorded too (tests/integration/refusals.test.ts).
const audits = () =>
  db()
    .selectFrom("audit_events")
    .select(["action", "entity", "entity_id", "actor_id", "account_id", "before", "after"])
    .where("action", "not in", ["access_denied", "access_denied_suppressed"])
    .orderBy("id")
    .execute();

const counts = async () => {
  const count = async (table: "touchpoints" | "touchpoint_stakeholders" | "touchpoint_users" | "touchpoint_invoices" | "touchpoint_support_cases" | "audit_events") =>
    (await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
  return {
    touchpoints: Number(await count("touchpoints")),
    stakeholders: Number(await count("touchpoint_stakeholders")),
    users: Number(await count("touchpoint_users")),
    invoices: Number(await count("touchpoint_invoices")),
    cases: Number(await count("touchpoint_support_cases")),
    audits: Number(await count("audit_events")),
  };
};

const factsFor = (kind: string): Fields =>
  kind === "invoice"
    ? {
        invoice_number: "INV-2026-0042",
        invoice_amount: "1 234,50",
        invoice_currency: "eur",
        invoice_due_date: "2026-12-01",
        invoice_paid_on: "2026-11-20",
      }
    : kind === "support_case"
      ? {
          case_severity: "high",
          case_status: "open",
          case_opened_at: "2026-11-03T09:00",
          case_sla_hours: "8",
        }
      : ["reference_given", "referral_given", "word_of_mouth"].includes(kind)
        ? { advocacy_polarity: "positive", advocacy_source: "Vaara Metals Oy" }
        : {};

describe("logging a touchpoint", () => {
  it("logs every loggable kind, and each shows on the timeline with its facts and participants", async () => {
    const { owner, account, champion, buyer } = await world();
    for (const [i, kind] of LOGGABLE_TOUCHPOINT_KINDS.entries()) {
      const res = await logAs(
        owner.id,
        account.id,
        meeting({
          kind,
          title: `A ${kind}`,
          occurred_at: `2026-11-${String(i + 1).padStart(2, "0")}T10:30`,
          stakeholder_ids: [champion.id, buyer.id],
          user_ids: [owner.id],
          ...factsFor(kind),
        }),
      );
      expect([kind, statusOf(res)]).toEqual([kind, 302]);
      expect(locationOf(res)).toBe(`/accounts/${account.id}`);
      expect((res.value as Response).headers.get("Set-Cookie")).toMatch(/^kohtaamo_flash=/);
    }
    const { touchpoints } = await listTimeline(db(), account.id, { limit: 50 });
    expect(touchpoints.map((t) => t.kind).sort()).toEqual([...LOGGABLE_TOUCHPOINT_KINDS].sort());
    for (const [i, kind] of LOGGABLE_TOUCHPOINT_KINDS.entries()) {
      const entry = touchpoints.find((t) => t.kind === kind)!;
      expect(entry.title).toBe(`A ${kind}`);
      // 10:30 in Helsinki in November (UTC+2).
      expect(new Date(entry.occurred_at).toISOString()).toBe(`2026-11-${String(i + 1).padStart(2, "0")}T08:30:00.000Z`);
      expect(entry.author_name).toBe("Olli Owner");
      expect(entry.stakeholders.map((s) => s.name)).toEqual(["Bea Buyer", "Chris Champion"]);
      expect(entry.internal_participants.map((u) => u.name)).toEqual(["Olli Owner"]);
      if (kind === "invoice") {
        expect(entry).toMatchObject({
          invoice_number: "INV-2026-0042",
          invoice_amount: "1234.50",
          invoice_currency: "EUR",
          invoice_due_date: "2026-12-01",
          invoice_paid_on: "2026-11-20",
          invoice_disputed: false,
        });
      } else {
        expect(entry.invoice_number).toBeNull();
      }
      if (kind === "support_case") {
        expect(entry).toMatchObject({ case_severity: "high", case_status: "open", case_resolved_at: null });
        // Opened 09:00 Helsinki = 07:00Z; SLA 8 h later.
        expect(new Date(entry.case_sla_due_at!).toISOString()).toBe("2026-11-03T15:00:00.000Z");
      } else {
        expect(entry.case_status).toBeNull();
      }
    }
    // The denormalized contact rows carry the touchpoint's time.
    const contacts = await db()
      .selectFrom("touchpoint_stakeholders as ts")
      .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "ts.account_id").onRef("t.id", "=", "ts.touchpoint_id"))
      .select(["ts.occurred_at as contact_at", "t.occurred_at"])
      .execute();
    expect(contacts).toHaveLength(LOGGABLE_TOUCHPOINT_KINDS.length * 2);
    for (const c of contacts) expect(new Date(c.contact_at).getTime()).toBe(new Date(c.occurred_at).getTime());
    const log = await audits();
    expect(log).toHaveLength(LOGGABLE_TOUCHPOINT_KINDS.length);
    expect(log.every((a) => a.action === "create" && a.entity === "touchpoint" && a.actor_id === owner.id && a.account_id === account.id)).toBe(true);
    const invoiceAudit = log.find((a) => (a.after as { kind: string }).kind === "invoice")!;
    expect((invoiceAudit.after as { invoice: { number: string } }).invoice.number).toBe("INV-2026-0042");
  });

  it("records the experience, notes and sharing, and reads the time as Helsinki wall time across DST", async () => {
    const { owner, account } = await world();
    const res = await logAs(
      owner.id,
      account.id,
      meeting({
        // Clocks went back at 04:00 on 25 October 2026: 03:30 came twice; the first is meant.
        occurred_at: "2026-10-25T03:30",
        summary: "Walked through the new routes.",
        internal_notes: "They hinted at a competitor.",
        sentiment: "-2",
        treatment: "4",
        resolved: "partly",
        emotion_tags: ["frustrated", "valued"],
        moment_of_truth: "on",
        positive_surprise: "on",
        shared_with_customer: "on",
      }),
    );
    expect(statusOf(res)).toBe(302);
    const tp = await onlyTouchpoint();
    expect(tp).toMatchObject({
      kind: "meeting",
      source: "internal",
      author_id: owner.id,
      summary: "Walked through the new routes.",
      internal_notes: "They hinted at a competitor.",
      sentiment: -2,
      treatment: 4,
      resolved: "partly",
      emotion_tags: ["frustrated", "valued"],
      moment_of_truth: true,
      positive_surprise: true,
      shared_with_customer: true,
      version: 1,
    });
    expect(new Date(tp.occurred_at).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("offers the account's present people and active staff, a meeting now and the author taking part", async () => {
    const { owner, account, champion, buyer, director } = await world();
    await createStakeholder(db(), { account_id: account.id, name: "Lea Left", left_on: "2026-01-31" });
    await createUser(db(), { role: "kam", name: "Disabled Dan", disabled_at: new Date() });
    await createUser(db(), { role: "customer", name: "Customer Cecilia" });
    const res = await run(newLoader, request(newPath(account.id), { cookie: await sessionCookieFor(owner.id) }), {
      accountId: account.id,
    });
    const loaded = res.value as {
      options: { stakeholders: { id: string; name: string }[]; users: { id: string; name: string }[] };
      defaults: { kind: string; occurred_at: string; user_ids: string[]; invoice_currency: string };
    };
    expect(loaded.options.stakeholders.map((s) => s.id)).toEqual([buyer.id, champion.id]);
    expect(loaded.options.users.map((u) => u.name)).toEqual(["Aino Author", "Dana Director", "Kirsi Kam", "Olli Owner"]);
    expect(loaded.options.users.map((u) => u.id)).toContain(director.id);
    expect(loaded.defaults.kind).toBe("meeting");
    expect(loaded.defaults.user_ids).toEqual([owner.id]);
    expect(loaded.defaults.invoice_currency).toBe("EUR");
    // "Now" as a Helsinki wall time, to the minute.
    const parsed = TouchpointCreateForm.parse({ kind: "call", title: "x", occurred_at: loaded.defaults.occurred_at });
    expect(Math.abs(parsed.occurred_at.getTime() - Date.now())).toBeLessThan(61_000);
  });

  it("puts errors at their fields, keeps what was typed and writes nothing", async () => {
    const { owner, account } = await world();
    const res = await logAs(
      owner.id,
      account.id,
      meeting({
        kind: "invoice",
        title: "November invoice",
        occurred_at: "2099-01-01T10:00",
        invoice_number: "",
        invoice_amount: "lots",
        invoice_due_date: "",
        summary: "Sent by e-mail",
      }),
    );
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error!.invoice_number).toEqual(["This field is required."]);
    expect(result.error!.invoice_amount![0]).toMatch(/^Enter a number/);
    expect(result.error!.invoice_due_date).toEqual(["This field is required."]);
    expect(result.error!.occurred_at).toEqual(["This is more than an hour from now. Log what has already happened."]);
    expect(result.error!.title).toBeUndefined();
    expect(result.initialValue).toMatchObject({ title: "November invoice", invoice_amount: "lots", summary: "Sent by e-mail" });
    expect(await counts()).toMatchObject({ touchpoints: 0, invoices: 0, audits: 0 });
  });

  it("checks a support case's SLA and resolution times, and ignores the facts of other kinds", async () => {
    const { owner, account } = await world();
    const bad = await logAs(
      owner.id,
      account.id,
      meeting({
        kind: "support_case",
        title: "Portal down",
        case_severity: "critical",
        case_status: "resolved",
        case_opened_at: "2026-11-03T09:00",
        case_resolved_at: "2026-11-02T09:00",
        case_sla_hours: "0",
      }),
    );
    expect(statusOf(bad)).toBe(400);
    expect(body(bad).result.error).toEqual({
      case_sla_hours: ["Enter hours from 0.25 to 8760, such as 8 or 0.5."],
      case_resolved_at: ["A case cannot be resolved before it was opened."],
    });
    // A meeting with leftover invoice fields (all fieldsets are on the page without JavaScript).
    const ok = await logAs(owner.id, account.id, meeting({ invoice_number: "X-1", invoice_amount: "lots" }));
    expect(statusOf(ok)).toBe(302);
    expect(await counts()).toMatchObject({ touchpoints: 1, invoices: 0 });
  });

  it("resolves a case logged as resolved at the time of saving when no time is given", async () => {
    const { owner, account } = await world();
    const before = Date.now();
    await logAs(owner.id, account.id, meeting({ ...factsFor("support_case"), kind: "support_case", case_status: "closed", case_sla_hours: "4,5" }));
    const sc = await db().selectFrom("touchpoint_support_cases").selectAll().executeTakeFirstOrThrow();
    expect(sc.status).toBe("closed");
    expect(new Date(sc.resolved_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(sc.sla_due_at).getTime() - new Date(sc.opened_at).getTime()).toBe(4.5 * 3_600_000);
  });

  it("refuses a stakeholder of another account or a non-staff user at the field, writing nothing", async () => {
    const { owner, account, champion, stranger } = await world();
    const customer = await createUser(db(), { role: "customer", name: "Customer Cecilia" });
    const res = await logAs(
      owner.id,
      account.id,
      meeting({ stakeholder_ids: [champion.id, stranger.id], user_ids: [owner.id, customer.id], summary: "typed" }),
    );
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error).toEqual({
      stakeholder_ids: ["Choose people of this account only."],
      user_ids: ["Choose active members of our staff only."],
    });
    expect(result.initialValue).toMatchObject({ title: "Quarterly check-in", summary: "typed", stakeholder_ids: [champion.id, stranger.id] });
    expect(await counts()).toMatchObject({ touchpoints: 0, stakeholders: 0, users: 0, audits: 0 });
  });

  it("speaks Finnish to a Finnish user", async () => {
    const { owner, account, stranger } = await world();
    const cookie = `${await sessionCookieFor(owner.id)}; ${await localeCookieFor("fi")}`;
    const res = await run(newAction, post(newPath(account.id), meeting({ title: "", stakeholder_ids: [stranger.id] }), cookie), {
      accountId: account.id,
    });
    expect(body(res).result.error!.title).toEqual(["Tämä kenttä on pakollinen."]);
    const res2 = await run(newAction, post(newPath(account.id), meeting({ stakeholder_ids: [stranger.id] }), cookie), {
      accountId: account.id,
    });
    expect(body(res2).result.error!.stakeholder_ids).toEqual(["Valitse vain tämän asiakkaan henkilöitä."]);
  });

  it("answers 404 for an account that does not exist", async () => {
    const { owner } = await world();
    const missing = "1b4e28ba-2fa1-4d2a-8b3c-9d0f6a1e2c3b";
    const res = await logAs(owner.id, missing, meeting());
    expect(statusOf(res)).toBe(404);
    expect(await counts()).toMatchObject({ touchpoints: 0, audits: 0 });
  });

  it("writes the touchpoint and its audit row in the caller's transaction: a later failure leaves neither", async () => {
    const { owner, account, champion } = await world();
    const input = TouchpointCreateForm.parse({
      kind: "invoice",
      occurred_at: "2026-11-03T10:00",
      title: "Rolled back",
      stakeholder_ids: [champion.id],
      invoice_number: "R-1",
      invoice_amount: "10",
      invoice_due_date: "2026-12-01",
    });
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await createTouchpoint(trx, { actor: owner, ip: null }, account.id, input);
          expect(await trx.selectFrom("audit_events").select("action").execute()).toEqual([{ action: "create" }]);
          throw new Error("something later in the same transaction failed");
        }),
    ).rejects.toThrow("something later");
    expect(await counts()).toEqual({ touchpoints: 0, stakeholders: 0, users: 0, invoices: 0, cases: 0, audits: 0 });
  });
});

describe("editing a touchpoint", () => {
  async function logged(as: { id: string }, accountId: string, fields: Fields = {}) {
    const res = await logAs(as.id, accountId, meeting(fields));
    expect(statusOf(res)).toBe(302);
    return onlyTouchpoint();
  }

  const edit = async (userId: string, accountId: string, id: string, fields: Fields) =>
    run(editAction, post(editPath(accountId, id), { intent: "update", ...fields }, await sessionCookieFor(userId)), {
      accountId,
      touchpointId: id,
    });

  it("saves a change, bumps the version and audits only what changed", async () => {
    const { owner, account, champion } = await world();
    const tp = await logged(owner, account.id, { stakeholder_ids: [champion.id], user_ids: [owner.id] });
    const res = await edit(owner.id, account.id, tp.id, {
      ...meeting({ title: "Renamed check-in", stakeholder_ids: [champion.id], user_ids: [owner.id] }),
      version: "1",
    });
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(`/accounts/${account.id}`);
    const after = await onlyTouchpoint();
    expect(after).toMatchObject({ title: "Renamed check-in", version: 2 });
    const [, update] = await audits();
    expect(update).toMatchObject({ action: "update", entity: "touchpoint", entity_id: tp.id, actor_id: owner.id });
    expect(update!.before).toEqual({ title: "Quarterly check-in" });
    expect(update!.after).toEqual({ title: "Renamed check-in" });
  });

  it("moves the participants' contact time with the touchpoint and keeps participants in step", async () => {
    const { owner, author, account, champion, buyer } = await world();
    const tp = await logged(owner, account.id, { stakeholder_ids: [champion.id, buyer.id], user_ids: [owner.id] });
    const res = await edit(owner.id, account.id, tp.id, {
      ...meeting({ occurred_at: "2026-11-01T08:00", stakeholder_ids: [champion.id], user_ids: [author.id] }),
      version: "1",
    });
    expect(statusOf(res)).toBe(302);
    const contacts = await db().selectFrom("touchpoint_stakeholders").selectAll().execute();
    expect(contacts.map((c) => [c.stakeholder_id, new Date(c.occurred_at).toISOString()])).toEqual([
      [champion.id, "2026-11-01T06:00:00.000Z"],
    ]);
    const { touchpoints } = await listTimeline(db(), account.id);
    expect(touchpoints[0]!.stakeholders.map((s) => s.name)).toEqual(["Chris Champion"]);
    expect(touchpoints[0]!.internal_participants.map((u) => u.name)).toEqual(["Aino Author"]);
    const update = (await audits())[1]!;
    expect((update.before as { stakeholder_ids: string[] }).stakeholder_ids.sort()).toEqual([champion.id, buyer.id].sort());
    expect((update.after as { stakeholder_ids: string[] }).stakeholder_ids).toEqual([champion.id]);

    // A later save that leaves the people alone still moves their contact time.
    await edit(owner.id, account.id, tp.id, {
      ...meeting({ occurred_at: "2026-11-02T08:00", stakeholder_ids: [champion.id], user_ids: [author.id] }),
      version: "2",
    });
    const [moved] = await db().selectFrom("touchpoint_stakeholders").select("occurred_at").execute();
    expect(new Date(moved!.occurred_at).toISOString()).toBe("2026-11-02T06:00:00.000Z");
  });

  it("keeps the stored instant when the minute shown is saved unchanged", async () => {
    const { owner, account, champion } = await world();
    const tp = await logged(owner, account.id, { stakeholder_ids: [champion.id] });
    // A time with seconds, as an import would write it.
    await db().updateTable("touchpoints").set({ occurred_at: new Date("2026-11-03T12:15:42Z") }).where("id", "=", tp.id).execute();
    await edit(owner.id, account.id, tp.id, { ...meeting({ title: "Only the title", stakeholder_ids: [champion.id] }), version: "1" });
    const after = await onlyTouchpoint();
    expect(new Date(after.occurred_at).toISOString()).toBe("2026-11-03T12:15:42.000Z");
  });

  it("changes kind into a support case with its facts, but an invoice stays an invoice (touchpoint-fact-rules.ts)", async () => {
    const { owner, account } = await world();
    const call = await logged(owner, account.id, { kind: "call" });
    const becomes = await edit(owner.id, account.id, call.id, {
      ...meeting({ kind: "support_case", ...factsFor("support_case") }),
      version: "1",
    });
    expect(statusOf(becomes)).toBe(302);
    expect(await counts()).toMatchObject({ invoices: 0, cases: 1 });
    const [entry] = (await listTimeline(db(), account.id)).touchpoints;
    expect(entry).toMatchObject({ kind: "support_case", case_severity: "high", invoice_number: null });

    await logged(owner, account.id, { kind: "invoice", ...factsFor("invoice") });
    const tp = await db().selectFrom("touchpoints").select("id").where("kind", "=", "invoice").executeTakeFirstOrThrow();
    const res = await edit(owner.id, account.id, tp.id, {
      ...meeting({ kind: "support_case", ...factsFor("support_case") }),
      version: "1",
    });
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error).toEqual({ kind: [expect.stringMatching(/^An invoice stays an invoice/)] });
    expect(await counts()).toMatchObject({ invoices: 1, cases: 1 });
  });

  it("refuses a stale version with 409, keeps the typed values, names who changed it and changes nothing", async () => {
    const { owner, director, account, champion } = await world();
    const invoice = { kind: "invoice", ...factsFor("invoice") };
    const tp = await logged(owner, account.id, invoice);
    const first = await edit(director.id, account.id, tp.id, {
      ...meeting({ ...invoice, title: "Director's title", stakeholder_ids: [champion.id] }),
      version: "1",
    });
    expect(statusOf(first)).toBe(302);
    const second = await edit(owner.id, account.id, tp.id, {
      ...meeting({ ...invoice, title: "Owner's title", summary: "typed by the owner" }),
      version: "1",
    });
    expect(statusOf(second)).toBe(409);
    const reply = body(second);
    expect(reply.result.error![""]![0]).toMatch(/^Dana Director changed this while you were editing/);
    expect(reply.result.initialValue).toMatchObject({ title: "Owner's title", summary: "typed by the owner", invoice_amount: "1 234,50" });
    expect(reply.conflict!.version).toBe(2);
    // What differs from what the owner sent; the same amount typed another way and other kinds' fields do not.
    expect(reply.conflict!.changes).toEqual([
      { field: "Title", value: "Director's title" },
      { field: "Summary", value: "—" },
      { field: "Who took part", value: "Chris Champion" },
    ]);
    const saved = await onlyTouchpoint();
    expect(saved).toMatchObject({ title: "Director's title", summary: "", version: 2 });
    expect((await audits()).map((a) => a.action)).toEqual(["create", "update"]);
  });

  it("lets the author, the owning KAM and a director edit, and refuses another KAM (403)", async () => {
    const { owner, author, otherKam, director, account } = await world();
    // Logged by its author while the account was theirs; the account has another owner since.
    await db().updateTable("accounts").set({ owner_id: author.id }).where("id", "=", account.id).execute();
    const tp = await logged(author, account.id);
    await db().updateTable("accounts").set({ owner_id: owner.id }).where("id", "=", account.id).execute();
    expect(tp.author_id).toBe(author.id);
    const page = async (userId: string) =>
      statusOf(
        await run(editLoader, request(editPath(account.id, tp.id), { cookie: await sessionCookieFor(userId) }), {
          accountId: account.id,
          touchpointId: tp.id,
        }),
      );
    expect(await page(author.id)).toBe(200);
    expect(await page(owner.id)).toBe(200);
    expect(await page(director.id)).toBe(200);
    expect(await page(otherKam.id)).toBe(403);

    let version = 1;
    for (const who of [author, owner, director]) {
      const res = await edit(who.id, account.id, tp.id, { ...meeting({ title: `By ${who.name}` }), version: String(version++) });
      expect([who.name, statusOf(res)]).toEqual([who.name, 302]);
    }
    const cookie = await sessionCookieFor(otherKam.id);
    const params = { accountId: account.id, touchpointId: tp.id };
    const refused = [
      await edit(otherKam.id, account.id, tp.id, { ...meeting({ title: "Hijacked" }), version: "4" }),
      await run(editAction, post(editPath(account.id, tp.id), { intent: "delete", confirm: "yes", version: "4" }, cookie), params),
    ];
    expect(refused.map(statusOf)).toEqual([403, 403]);
    expect(await onlyTouchpoint()).toMatchObject({ title: "By Dana Director", version: 4 });
    expect((await audits()).map((a) => a.actor_id)).toEqual([author.id, author.id, owner.id, director.id]);
  });

  it("answers 404 for a touchpoint looked up under another account", async () => {
    const { owner, account, elsewhere } = await world();
    const tp = await logged(owner, account.id);
    const res = await run(
      editLoader,
      request(editPath(elsewhere.id, tp.id), { cookie: await sessionCookieFor(owner.id) }),
      { accountId: elsewhere.id, touchpointId: tp.id },
    );
    expect(statusOf(res)).toBe(404);
    const save = await edit(owner.id, elsewhere.id, tp.id, { ...meeting({ title: "Cross-account" }), version: "1" });
    expect(statusOf(save)).toBe(404);
    expect((await onlyTouchpoint()).title).toBe("Quarterly check-in");
  });

  it("refuses another account's stakeholder on edit at the field, changing nothing and auditing nothing", async () => {
    const { owner, account, champion, stranger } = await world();
    const tp = await logged(owner, account.id, { stakeholder_ids: [champion.id] });
    const res = await edit(owner.id, account.id, tp.id, {
      ...meeting({ title: "Changed", stakeholder_ids: [stranger.id] }),
      version: "1",
    });
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error).toEqual({ stakeholder_ids: ["Choose people of this account only."] });
    expect(await onlyTouchpoint()).toMatchObject({ title: "Quarterly check-in", version: 1 });
    expect((await db().selectFrom("touchpoint_stakeholders").select("stakeholder_id").execute()).map((r) => r.stakeholder_id)).toEqual([champion.id]);
    expect((await audits()).map((a) => a.action)).toEqual(["create"]);
  });

  it("keeps a participant who has since been disabled when the touchpoint is edited", async () => {
    const { owner, author, account } = await world();
    const tp = await logged(owner, account.id, { user_ids: [owner.id, author.id] });
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", author.id).execute();
    const res = await edit(owner.id, account.id, tp.id, { ...meeting({ title: "Edited later", user_ids: [owner.id, author.id] }), version: "1" });
    expect(statusOf(res)).toBe(302);
    expect(await db().selectFrom("touchpoint_users").select("user_id").execute()).toHaveLength(2);
  });
});

describe("deleting a touchpoint", () => {
  it("asks for confirmation first, then removes the touchpoint with its participants and facts", async () => {
    const { owner, account, champion } = await world();
    await logAs(owner.id, account.id, meeting({ kind: "invoice", ...factsFor("invoice"), stakeholder_ids: [champion.id], user_ids: [owner.id] }));
    const tp = await onlyTouchpoint();
    const cookie = await sessionCookieFor(owner.id);
    const params = { accountId: account.id, touchpointId: tp.id };

    const ask = await run(editAction, post(editPath(account.id, tp.id), { intent: "delete", version: "1" }, cookie), params);
    expect(statusOf(ask)).toBe(200);
    expect(body(ask).confirmDelete).toBe(true);
    expect(await counts()).toMatchObject({ touchpoints: 1, stakeholders: 1, users: 1, invoices: 1, audits: 1 });

    const confirmed = await run(
      editAction,
      post(editPath(account.id, tp.id), { intent: "delete", confirm: "yes", version: "1" }, cookie),
      params,
    );
    expect(statusOf(confirmed)).toBe(302);
    expect(locationOf(confirmed)).toBe(`/accounts/${account.id}`);
    expect(await counts()).toEqual({ touchpoints: 0, stakeholders: 0, users: 0, invoices: 0, cases: 0, audits: 2 });
    const deletion = (await audits())[1]!;
    expect(deletion).toMatchObject({ action: "delete", entity_id: tp.id, actor_id: owner.id, after: null });
    expect(deletion.before).toMatchObject({ title: "Quarterly check-in", invoice: { number: "INV-2026-0042" } });
    expect((await listTimeline(db(), account.id)).touchpoints).toEqual([]);
  });

  it("refuses to delete what someone changed since it was loaded", async () => {
    const { owner, director, account } = await world();
    await logAs(owner.id, account.id, meeting());
    const tp = await onlyTouchpoint();
    await run(
      editAction,
      post(editPath(account.id, tp.id), { intent: "update", ...meeting({ title: "Changed" }), version: "1" }, await sessionCookieFor(director.id)),
      { accountId: account.id, touchpointId: tp.id },
    );
    const res = await run(
      editAction,
      post(editPath(account.id, tp.id), { intent: "delete", confirm: "yes", version: "1" }, await sessionCookieFor(owner.id)),
      { accountId: account.id, touchpointId: tp.id },
    );
    expect(statusOf(res)).toBe(409);
    expect((res.value as { data: { deleteConflict: string } }).data.deleteConflict).toMatch(/^Dana Director changed/);
    expect(await counts()).toMatchObject({ touchpoints: 1 });
  });
});

describe("what the system wrote", () => {
  const systemWritten = [
    { source: "portal", kind: "delivery", title: "Customer disputed the delivery (not delivered): Go-live" },
    { source: "portal", kind: "survey", title: "Recommendation (NPS) answer: 3/10" },
    { source: "system", kind: "committee_change", title: "Chris Champion (champion) left" },
  ] as const;

  it("cannot be deleted, not even by the owning KAM or a director; the edit page offers no delete", async () => {
    const { owner, director, account, champion } = await world();
    for (const row of systemWritten) {
      const tp = await db()
        .insertInto("touchpoints")
        .values({ account_id: account.id, occurred_at: new Date(), author_id: owner.id, ...row })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: champion.id, kind: "csat", score: 2, touchpoint_id: tp.id }).execute();
      const params = { accountId: account.id, touchpointId: tp.id };
      for (const who of [owner, director]) {
        const cookie = await sessionCookieFor(who.id);
        const page = await run(editLoader, request(editPath(account.id, tp.id), { cookie }), params);
        expect([row.kind, (page.value as { touchpoint: { deletable: boolean } }).touchpoint.deletable]).toEqual([row.kind, false]);
        const res = await run(editAction, post(editPath(account.id, tp.id), { intent: "delete", confirm: "yes", version: "1" }, cookie), params);
        expect([row.kind, statusOf(res)]).toEqual([row.kind, 403]);
        const refusal = (await (res.value as Response).json()) as { key: string; message: string };
        expect(refusal).toMatchObject({ key: "error.systemTouchpointDelete", message: expect.stringMatching(/written by the system/) });
      }
    }
    const left = await db().selectFrom("touchpoints").select("kind").where("account_id", "=", account.id).execute();
    expect(left).toHaveLength(3);
    expect(await db().selectFrom("survey_responses").select("id").execute()).toHaveLength(3);
    expect(await audits()).toEqual([]);
  });

  it("keeps a customer's answer when the touchpoint they rated is deleted", async () => {
    const { owner, account, champion } = await world();
    await logAs(owner.id, account.id, meeting({ shared_with_customer: "on" }));
    const tp = await onlyTouchpoint();
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: champion.id, kind: "csat", score: 5, touchpoint_id: tp.id }).execute();
    const page = await run(editLoader, request(editPath(account.id, tp.id), { cookie: await sessionCookieFor(owner.id) }), {
      accountId: account.id,
      touchpointId: tp.id,
    });
    expect((page.value as { touchpoint: { deletable: boolean } }).touchpoint.deletable).toBe(true);
    const res = await run(
      editAction,
      post(editPath(account.id, tp.id), { intent: "delete", confirm: "yes", version: "1" }, await sessionCookieFor(owner.id)),
      { accountId: account.id, touchpointId: tp.id },
    );
    expect(statusOf(res)).toBe(302);
    expect(await db().selectFrom("survey_responses").select(["kind", "score", "touchpoint_id"]).execute()).toEqual([
      { kind: "csat", score: 5, touchpoint_id: null },
    ]);
  });
});

describe("updating a support case", () => {
  async function openCase(ownerId: string, accountId: string) {
    await logAs(ownerId, accountId, meeting({ kind: "support_case", title: "Portal down", ...factsFor("support_case") }));
    return onlyTouchpoint();
  }
  const updateCase = async (userId: string, accountId: string, id: string, fields: Fields) =>
    run(editAction, post(editPath(accountId, id), { intent: "update-case", ...fields }, await sessionCookieFor(userId)), {
      accountId,
      touchpointId: id,
    });
  const theCase = () => db().selectFrom("touchpoint_support_cases").selectAll().executeTakeFirstOrThrow();

  it("sets the resolved time to now when resolved without one, clears it on reopening, and audits each step", async () => {
    const { owner, account } = await world();
    const tp = await openCase(owner.id, account.id);
    const before = Date.now();
    const resolved = await updateCase(owner.id, account.id, tp.id, { case_status: "resolved", version: "1" });
    expect(statusOf(resolved)).toBe(302);
    const first = await theCase();
    expect(first.status).toBe("resolved");
    expect(new Date(first.resolved_at!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await onlyTouchpoint()).version).toBe(2);

    // Closing a resolved case keeps when it was resolved.
    await updateCase(owner.id, account.id, tp.id, { case_status: "closed", version: "2" });
    expect((await theCase()).resolved_at).toEqual(first.resolved_at);

    await updateCase(owner.id, account.id, tp.id, { case_status: "open", case_resolved_at: "2026-11-04T10:00", version: "3" });
    expect(await theCase()).toMatchObject({ status: "open", resolved_at: null });

    // Saved open just now, it was not resolved on 4 Nov (app/domain/support-case-rules.ts); without a time, now.
    const backDated = await updateCase(owner.id, account.id, tp.id, { case_status: "closed", case_resolved_at: "2026-11-04T10:00", version: "4" });
    expect(statusOf(backDated)).toBe(400);
    expect(body(backDated).caseResult!.error!.case_resolved_at![0]).toMatch(/^This case was saved as still open at /);
    const reopenedAt = Date.now();
    await updateCase(owner.id, account.id, tp.id, { case_status: "closed", version: "4" });
    expect(new Date((await theCase()).resolved_at!).getTime()).toBeGreaterThanOrEqual(reopenedAt - 1000);

    const log = await audits();
    expect(log.map((a) => a.action)).toEqual(["create", "update_case", "update_case", "update_case", "update_case"]);
    expect(log[1]!.before).toMatchObject({ support_case: { status: "open", resolved_at: null } });
    expect(log[1]!.after).toMatchObject({ support_case: { status: "resolved" } });
    const [entry] = (await listTimeline(db(), account.id)).touchpoints;
    expect(entry).toMatchObject({ case_status: "closed" });
  });

  it("refuses a resolved time before the case was opened, and a stale version", async () => {
    const { owner, director, account } = await world();
    const tp = await openCase(owner.id, account.id);
    const early = await updateCase(owner.id, account.id, tp.id, {
      case_status: "resolved",
      case_resolved_at: "2026-11-01T10:00",
      version: "1",
    });
    expect(statusOf(early)).toBe(400);
    expect(body(early).caseResult!.error).toEqual({ case_resolved_at: ["A case cannot be resolved before it was opened."] });

    await updateCase(director.id, account.id, tp.id, { case_status: "waiting", version: "1" });
    const stale = await updateCase(owner.id, account.id, tp.id, { case_status: "resolved", version: "1" });
    expect(statusOf(stale)).toBe(409);
    expect(body(stale).caseResult!.error![""]![0]).toMatch(/^Dana Director changed this/);
    const caseConflict = (stale.value as { data: { caseConflict: { version: number; changes: unknown[] } } }).data.caseConflict;
    expect(caseConflict).toEqual({ version: 2, changes: [{ field: "Status", value: "Waiting" }] });
    expect(await theCase()).toMatchObject({ status: "waiting", resolved_at: null });
    expect((await audits()).map((a) => a.action)).toEqual(["create", "update_case"]);
  });

  it("answers 404 for a touchpoint that is not a support case", async () => {
    const { owner, account } = await world();
    await logAs(owner.id, account.id, meeting());
    const tp = await onlyTouchpoint();
    const res = await updateCase(owner.id, account.id, tp.id, { case_status: "resolved", version: "1" });
    expect(statusOf(res)).toBe(404);
  });
});

describe("the quick log", () => {
  it("lists the KAM's own accounts first, searches by name, and logs to the chosen account", async () => {
    const { owner, otherKam, account } = await world();
    const mine2 = await createAccount(db(), { owner_id: owner.id, name: "Zeta Freight Oy" });
    await createAccount(db(), { owner_id: otherKam.id, name: "Archived Freight Oy", archived_at: new Date() });
    const cookie = await sessionCookieFor(owner.id);
    const list = async (query: string) =>
      ((await run(logLoader, request(`/log${query}`, { cookie }))).value as { accounts: { name: string; mine: boolean }[] }).accounts;
    // A KAM logs on their own accounts only (canLogTouchpoint); a director on any.
    expect((await list("")).map((a) => [a.name, a.mine])).toEqual([
      ["Kestilä Logistics Oy", true],
      ["Zeta Freight Oy", true],
    ]);
    const director = await createUser(db(), { role: "director" });
    const all = (await run(logLoader, request("/log", { cookie: await sessionCookieFor(director.id) }))).value as { accounts: { name: string }[] };
    expect(all.accounts.map((a) => a.name)).toEqual(["Elsewhere Oy", "Kestilä Logistics Oy", "Zeta Freight Oy"]);
    const elsewhere = await db().selectFrom("accounts").select("id").where("name", "=", "Elsewhere Oy").executeTakeFirstOrThrow();
    expect(statusOf(await run(logLoader, request(`/log?account=${elsewhere.id}`, { cookie })))).toBe(403);
    expect((await list("?q=FREIGHT")).map((a) => a.name)).toEqual(["Zeta Freight Oy"]);
    expect(await list("?q=100%25")).toEqual([]);

    const form = (await run(logLoader, request(`/log?account=${mine2.id}`, { cookie }))).value as {
      account: { id: string };
      defaults: { kind: string };
    };
    expect(form.account.id).toBe(mine2.id);
    expect(form.defaults.kind).toBe("meeting");
    expect(statusOf(await run(logLoader, request("/log?account=nonsense", { cookie })))).toBe(404);

    const res = await run(logAction, post(`/log?account=${account.id}`, { ...meeting({ title: "Quick call", kind: "call" }), account_id: account.id }, cookie));
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(`/accounts/${account.id}`);
    expect(await onlyTouchpoint()).toMatchObject({ account_id: account.id, title: "Quick call", kind: "call" });
  });

  it("sends the L key to the account being viewed, and nowhere while on a log form", () => {
    const id = "1b4e28ba-2fa1-4d2a-8b3c-9d0f6a1e2c3b";
    expect(quickLogTarget("/accounts")).toBe("/log");
    expect(quickLogTarget(`/accounts/${id}`)).toBe(`/log?account=${id}`);
    expect(quickLogTarget(`/accounts/${id.toUpperCase()}/edit`)).toBe(`/log?account=${id}`);
    expect(quickLogTarget("/accounts/new")).toBe("/log");
    expect(quickLogTarget("/my-work")).toBe("/log");
    expect(quickLogTarget("/log")).toBeNull();
    expect(quickLogTarget(`/accounts/${id}/touchpoints/new`)).toBeNull();
  });
});
