import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { loader as accountsCsv } from "#app/routes/accounts[.]csv.ts";
import { loader as committeeCsv } from "#app/routes/accounts.$accountId.committee[.]csv.ts";
import { loader as ledgerCsv } from "#app/routes/accounts.$accountId.expectations[.]csv.ts";
import { loader as exportJson } from "#app/routes/accounts.$accountId.export[.]json.ts";
import { loader as timelineCsv } from "#app/routes/accounts.$accountId.timeline[.]csv.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const other = await createAccount(db(), { owner_id: kam.id, name: "Beta, \"the\" Ab" });
  const boss = await createStakeholder(db(), { account_id: account.id, name: "Maija", committee_role: "decision_maker", external_id: "P-1" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "=cmd|' /C calc'!A0", reports_to_id: boss.id });
  return { kam, account, other, boss, champion, cookie: await sessionCookieFor(kam.id) };
}

async function csvOf(res: { value: unknown }) {
  const response = res.value as Response;
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

describe("account history export", () => {
  it("streams the whole history of a large account as one JSON document", async () => {
    const { kam, account, boss, champion, cookie } = await world();
    const base = Date.parse("2024-01-01T00:00:00Z");
    const rows = Array.from({ length: 1_234 }, (_, i) => ({
      account_id: account.id,
      kind: i % 10 === 0 ? "invoice" : "meeting",
      // Pairs share a time: paging must still take each exactly once.
      occurred_at: new Date(base + Math.floor(i / 2) * 3_600_000),
      title: `Touchpoint ${i}`,
      author_id: kam.id,
    }));
    const inserted = await db().insertInto("touchpoints").values(rows).returning(["id", "kind"]).execute();
    await db()
      .insertInto("touchpoint_invoices")
      .values(inserted.filter((r) => r.kind === "invoice").map((r, n) => ({ account_id: account.id, touchpoint_id: r.id, number: `INV-${n}`, amount: "100.50", due_date: "2024-02-01" })))
      .execute();
    await db().insertInto("touchpoint_stakeholders").values({ account_id: account.id, touchpoint_id: inserted[1]!.id, stakeholder_id: boss.id, occurred_at: rows[1]!.occurred_at }).execute();
    const promise = await createExpectation(db(), { account_id: account.id, title: "Monthly report", external_id: "E-1" });
    await db().insertInto("expectation_changes").values({ account_id: account.id, expectation_id: promise.id, kind: "created", actor_id: kam.id }).execute();
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: champion.id, kind: "nps", score: 9 }).execute();

    const res = await run(exportJson, request(`/accounts/${account.id}/export.json`, { cookie }), { accountId: account.id });
    const response = res.value as Response;
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const doc = JSON.parse(await response.text());
    expect(doc.format).toBe("kohtaamo.account-export/1");
    expect(doc.account).toMatchObject({ id: account.id, name: "Acme Oy", external_id: "C-1", owner_name: "Kaisa KAM" });
    expect(doc.committee.map((s: { name: string }) => s.name).sort()).toEqual(["=cmd|' /C calc'!A0", "Maija"].sort());
    expect(doc.touchpoints).toHaveLength(1_234);
    expect(new Set(doc.touchpoints.map((t: { id: string }) => t.id)).size).toBe(1_234);
    expect(doc.touchpoints[0]).not.toHaveProperty("cursor_at");
    const first = doc.touchpoints.find((t: { title: string }) => t.title === "Touchpoint 0");
    expect(first.invoice).toMatchObject({ number: expect.stringMatching(/^INV-/), amount: "100.50", due_date: "2024-02-01", paid_on: null });
    expect(first.support_case).toBeNull();
    expect(doc.touchpoints.find((t: { title: string }) => t.title === "Touchpoint 1").stakeholders).toEqual([boss.id]);
    const times = doc.touchpoints.map((t: { occurred_at: string }) => Date.parse(t.occurred_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(doc.expectations).toMatchObject([{ id: promise.id, title: "Monthly report", changes: [{ kind: "created", actor_id: kam.id }] }]);
    expect(doc.surveys).toMatchObject([{ stakeholder_id: champion.id, kind: "nps", score: 9 }]);
  });

  it("is for staff only, and 404 for an account that is not there", async () => {
    const { account, boss, cookie } = await world();
    const customer = await createPortalUser(db(), account.id, boss.id);
    const refused = await run(exportJson, request(`/accounts/${account.id}/export.json`, { cookie: await sessionCookieFor(customer.id) }), { accountId: account.id });
    expect(statusOf(refused)).toBe(403);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(statusOf(await run(exportJson, request(`/accounts/${missing}/export.json`, { cookie }), { accountId: missing }))).toBe(404);
  });
});

describe("CSV downloads of the lists", () => {
  it("downloads the accounts list with the page's filters", async () => {
    const { cookie } = await world();
    const all = await csvOf(await run(accountsCsv, request("/accounts.csv?scope=all", { cookie })));
    expect(all.map((r) => r.Account)).toEqual(["Acme Oy", 'Beta, "the" Ab']);
    const searched = await csvOf(await run(accountsCsv, request("/accounts.csv?scope=all&q=beta", { cookie })));
    expect(searched).toHaveLength(1);
    expect(searched[0]).toMatchObject({ Account: 'Beta, "the" Ab', Owner: "Kaisa KAM" });
  });

  it("downloads the committee, with formulas defused", async () => {
    const { account, cookie } = await world();
    const rows = await csvOf(await run(committeeCsv, request(`/accounts/${account.id}/committee.csv`, { cookie }), { accountId: account.id }));
    expect(rows.map((r) => [r.name, r.committee_role, r.reports_to])).toEqual(
      expect.arrayContaining([
        ["Maija", "decision_maker", ""],
        ["'=cmd|' /C calc'!A0", "champion", "Maija"],
      ]),
    );
  });

  it("downloads the timeline with its filters, every page", async () => {
    const { account, cookie } = await world();
    const base = Date.parse("2025-01-01T00:00:00Z");
    await db()
      .insertInto("touchpoints")
      .values(Array.from({ length: 1_100 }, (_, i) => ({ account_id: account.id, kind: i % 2 ? "call" : "meeting", occurred_at: new Date(base + i * 60_000), title: `T${i}`, summary: i === 0 ? "two\nlines, \"quoted\"" : "" })))
      .execute();
    const all = await csvOf(await run(timelineCsv, request(`/accounts/${account.id}/timeline.csv`, { cookie }), { accountId: account.id }));
    expect(all).toHaveLength(1_100);
    expect(all.at(-1)).toMatchObject({ title: "T0", summary: 'two\nlines, "quoted"', kind: "meeting" });
    const calls = await csvOf(await run(timelineCsv, request(`/accounts/${account.id}/timeline.csv?kind=call`, { cookie }), { accountId: account.id }));
    expect(calls).toHaveLength(550);
    expect(new Set(calls.map((c) => c.kind))).toEqual(new Set(["call"]));
  });

  it("downloads the ledger with its group filter", async () => {
    const { account, cookie } = await world();
    await createExpectation(db(), { account_id: account.id, title: "Late one", due_date: "2020-01-01" });
    await createExpectation(db(), { account_id: account.id, title: "Future one" });
    const all = await csvOf(await run(ledgerCsv, request(`/accounts/${account.id}/expectations.csv`, { cookie }), { accountId: account.id }));
    expect(all.map((r) => [r.group, r.title])).toEqual([
      ["overdue", "Late one"],
      ["open", "Future one"],
    ]);
    const overdue = await csvOf(await run(ledgerCsv, request(`/accounts/${account.id}/expectations.csv?group=overdue`, { cookie }), { accountId: account.id }));
    expect(overdue.map((r) => r.title)).toEqual(["Late one"]);
  });
});
