import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { calendarDate, instantToWallTime } from "#app/domain/time.ts";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { pruneSubmissions } from "#app/models/form-submissions.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, localeCookieFor, request, sessionCookieFor } from "#tests/setup/requests.ts";

// Idempotent creating forms (app/models/form-submissions.server.ts): the same
// form posted twice — a double click, a resubmit after Back, a retry after a
// lost answer, two at once — makes one record and one audit event, and the
// repeat is answered like the first (the same redirect) with a note that it was
// saved already.

type Case = {
  form: string;
  page: (w: World) => string;
  fields: (w: World) => Record<string, string>;
  as: (w: World) => string;
  count: (w: World) => Promise<number>;
};
type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kalle Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion" });
  const customer = await createPortalUser(db(), account.id, champion.id);
  return { kam, account, champion, customer };
}

const countOf = async (table: "touchpoints" | "expectations" | "stakeholders" | "accounts", title: string) => {
  const column = table === "stakeholders" || table === "accounts" ? "name" : "title";
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${title}`.execute(db());
  return rows[0]!.n;
};

const touchpointFields = (w: World) => ({
  intent: "create",
  kind: "meeting",
  occurred_at: instantToWallTime(new Date(Date.now() - 3_600_000), "Europe/Helsinki"),
  title: "Kickoff twice",
  user_ids: w.kam.id,
});

const CASES: Case[] = [
  {
    form: "touchpoint",
    page: (w) => `/accounts/${w.account.id}/touchpoints/new`,
    fields: touchpointFields,
    as: (w) => w.kam.id,
    count: () => countOf("touchpoints", "Kickoff twice"),
  },
  {
    form: "quick log",
    page: (w) => `/log?account=${w.account.id}`,
    fields: (w) => ({ ...touchpointFields(w), account_id: w.account.id }),
    as: (w) => w.kam.id,
    count: () => countOf("touchpoints", "Kickoff twice"),
  },
  {
    form: "expectation",
    page: (w) => `/accounts/${w.account.id}/expectations/new`,
    fields: () => ({ intent: "create", title: "Monthly report", category: "delivery", source: "contract", importance: "2", due_date: addDays(calendarDate(), 30) }),
    as: (w) => w.kam.id,
    count: () => countOf("expectations", "Monthly report"),
  },
  {
    form: "stakeholder",
    page: (w) => `/accounts/${w.account.id}/committee/new`,
    fields: () => ({ intent: "create", name: "Bea Buyer", influence: "3", stance: "neutral" }),
    as: (w) => w.kam.id,
    count: () => countOf("stakeholders", "Bea Buyer"),
  },
  {
    form: "account",
    page: () => "/accounts/new",
    fields: () => ({ intent: "save", name: "Sisu Forest Oy", tier: "key", lifecycle_stage: "adoption", currency: "EUR" }),
    as: (w) => w.kam.id,
    count: () => countOf("accounts", "Sisu Forest Oy"),
  },
  {
    form: "portal proposal",
    page: () => "/portal/commitments/new",
    fields: () => ({ title: "Quarterly review", category: "delivery", due_date: addDays(calendarDate(), 20) }),
    as: (w) => w.customer.id,
    count: () => countOf("expectations", "Quarterly review"),
  },
];

/** The submission id the form page rendered, as a browser would send it back. */
async function shownSubmissionId(path: string, cookie: string): Promise<string> {
  const res = await handle(request(path, { cookie }));
  expect(res.status).toBe(200);
  const match = /name="submission_id" value="([0-9a-f-]{36})"/.exec(await res.text());
  expect(match, `${path} renders a submission id`).not.toBeNull();
  return match![1]!;
}

const post = (path: string, fields: Record<string, string>, cookie: string) => handle(formRequest(path, fields, cookie));
const flashOf = (res: Response) => res.headers.get("Set-Cookie") ?? "";

describe("a creating form posted twice", () => {
  it.each(CASES.map((c) => [c.form, c] as const))("%s: one record, and the repeat answered like the first", async (_name, c) => {
    const w = await world();
    const cookie = await sessionCookieFor(c.as(w));
    const path = c.page(w);
    const fields = { ...c.fields(w), submission_id: await shownSubmissionId(path, cookie) };
    const auditsBefore = await auditCount();

    const first = await post(path, fields, cookie);
    expect(first.status).toBe(302);
    const second = await post(path, fields, cookie);
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(flashOf(second)).not.toBe("");
    expect(await c.count(w)).toBe(1);
    // The write's own audit events, once (the claim itself is bookkeeping, not a change).
    const afterTwo = await auditCount();
    const third = await post(path, { ...fields, submission_id: await shownSubmissionId(path, cookie) }, cookie);
    expect(third.status).toBe(302);
    expect(await c.count(w)).toBe(2); // a newly shown form is a new submission
    expect((await auditCount()) - afterTwo).toBe(afterTwo - auditsBefore);
  });

  it("makes one record when the same form arrives five times at once", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const path = `/accounts/${w.account.id}/touchpoints/new`;
    const fields = { ...touchpointFields(w), submission_id: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(path, fields, cookie)));
    expect(answers.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
    expect(new Set(answers.map((r) => r.headers.get("Location")))).toEqual(new Set([`/accounts/${w.account.id}`]));
    expect(await countOf("touchpoints", "Kickoff twice")).toBe(1);
  });

  it("says in the reader's language that it was saved already", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const path = `/accounts/${w.account.id}/touchpoints/new`;
    const fields = { ...touchpointFields(w), submission_id: randomUUID() };
    await post(path, fields, cookie);
    const again = await post(path, fields, cookie);
    const page = await handle(request(again.headers.get("Location")!, { cookie: `${cookie}; ${flashOf(again).split(";")[0]}` }));
    expect(await page.text()).toContain("saved once: nothing was added twice");
    const fi = `${cookie}; ${await localeCookieFor("fi")}`;
    const third = await post(path, fields, fi);
    const sivu = await handle(request(third.headers.get("Location")!, { cookie: `${fi}; ${flashOf(third).split(";")[0]}` }));
    expect(await sivu.text()).toContain("tallennettiin vain kerran");
  });

  it("claims nothing for a refused post: the corrected form with the same id is saved", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const path = `/accounts/${w.account.id}/touchpoints/new`;
    const fields = { ...touchpointFields(w), submission_id: randomUUID() };
    expect((await post(path, { ...fields, title: "" }, cookie)).status).toBe(400);
    expect(await db().selectFrom("form_submissions").select("id").execute()).toEqual([]);
    expect((await post(path, fields, cookie)).status).toBe(302);
    expect(await countOf("touchpoints", "Kickoff twice")).toBe(1);
  });

  it("refuses another person's submission id, writing nothing", async () => {
    const w = await world();
    const colleague = await createUser(db(), { role: "director" });
    const path = `/accounts/${w.account.id}/touchpoints/new`;
    const fields = { ...touchpointFields(w), submission_id: randomUUID() };
    expect((await post(path, fields, await sessionCookieFor(w.kam.id))).status).toBe(302);
    const stolen = await post(path, { ...fields, title: "Not theirs" }, await sessionCookieFor(colleague.id));
    expect(stolen.status).toBe(403);
    expect(await countOf("touchpoints", "Not theirs")).toBe(0);
  });

  it("writes as before when a client sends no submission id", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const path = `/accounts/${w.account.id}/touchpoints/new`;
    await post(path, touchpointFields(w), cookie);
    await post(path, touchpointFields(w), cookie);
    expect(await countOf("touchpoints", "Kickoff twice")).toBe(2);
    expect(await db().selectFrom("form_submissions").select("id").execute()).toEqual([]);
  });
});

describe("old submissions", () => {
  it("are forgotten after a day, a batch at a time, by later claims", async () => {
    const w = await world();
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const old = [randomUUID(), randomUUID()];
    const recent = randomUUID();
    await db()
      .insertInto("form_submissions")
      .values([
        { id: old[0]!, user_id: w.kam.id, form: "touchpoint", result: {}, created_at: at(30) },
        { id: old[1]!, user_id: w.kam.id, form: "touchpoint", result: {}, created_at: at(25) },
        { id: recent, user_id: w.kam.id, form: "touchpoint", result: {}, created_at: at(23) },
      ])
      .execute();
    const cookie = await sessionCookieFor(w.kam.id);
    const fields = { ...touchpointFields(w), submission_id: randomUUID() };
    expect((await post(`/accounts/${w.account.id}/touchpoints/new`, fields, cookie)).status).toBe(302);
    const left = (await db().selectFrom("form_submissions").select("id").execute()).map((r) => r.id).sort();
    expect(left).toEqual([recent, fields.submission_id].sort());
    expect(await db().transaction().execute((trx) => pruneSubmissions(trx))).toBe(0);
  });
});

async function auditCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(db());
  return rows[0]!.n;
}
