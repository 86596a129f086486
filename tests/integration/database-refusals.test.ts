import { beforeEach, describe, expect, it } from "vitest";
import { action as touchpointsApi } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createStakeholder, createUser, createPersonalToken } from "#tests/factories/index.ts";
import { apiCall } from "#tests/setup/requests.ts";

// A row that moves a resolved case's opening to after its resolution. It was a
// row only the database refused (the table's CHECK, refusalOf in
// app/models/import/constraints.server.ts); since caseFactsBreaches
// (support-case-rules.ts: a case judged against its SLA is not opened later)
// the domain refuses it first, at the opened time, on both paths: 422 from the
// API, the row refused by the import. Nothing of the row is written — not the
// touchpoint's own columns, not its people, not its case. No input known to
// reach the database's refusal through the import or the API is left; refusalOf
// is tested against the database's own errors in constraints.test.ts.
//
// How it used to reach the database:
// The input: a file (or API body) without the support-case status columns
// moves a resolved case's time to after its resolution. The row's schema sees
// no resolved time to compare (the file has none), and the domain's rules judge
// only what a row writes of a resolution (support-case-rules.ts: no status
// column, no resolution written); the statement moves the case's opening with
// the touchpoint's time and keeps its stored resolved time, and the table's
// CHECK (resolved_at IS NULL OR resolved_at >= opened_at) refuses it
// (touchpoint_support_cases_check1). (Until the ledger's rules refused
// re-resolving an expectation, the import and API tests reached the database
// with a confirmed expectation reopened by a row; a domain rule now refuses
// that one first.)

const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

beforeEach(() => apiRateLimit.reset());

/**
 * Account C-1 with people P-1 and P-2, and support case CASE-1 brought in
 * already resolved: opened 10 days ago with an 8-hour SLA, resolved 9 days ago,
 * P-1 taking part.
 */
async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const p1 = await createStakeholder(db(), { account_id: account.id, external_id: "P-1", name: "Pia One" });
  await createStakeholder(db(), { account_id: account.id, external_id: "P-2", name: "Pekka Two" });
  const opened = Math.floor((Date.now() - 10 * DAY) / 60_000) * 60_000;
  const resolved = opened + DAY;
  const file = [
    "account;id;kind;when;title;participants;sla hours;status;resolved at",
    `C-1;CASE-1;support_case;${at(opened)};Login fails;P-1;8;resolved;${at(resolved)}`,
  ].join("\n");
  expect(await runImport(kam, "touchpoints", file)).toMatchObject({ status: "done", inserted: 1, errors: [] });
  return { kam, account, p1, opened, resolved };
}

/** Everything stored of the account's touchpoints: their columns, people and case. */
async function stored(accountId: string) {
  const touchpoints = await db()
    .selectFrom("touchpoints")
    .select(["external_id", "title", "occurred_at", "version", "updated_at"])
    .where("account_id", "=", accountId)
    .orderBy("external_id")
    .execute();
  const people = await db().selectFrom("touchpoint_stakeholders").select(["stakeholder_id", "occurred_at"]).where("account_id", "=", accountId).execute();
  const cases = await db().selectFrom("touchpoint_support_cases").select(["status", "opened_at", "sla_due_at", "resolved_at", "open_recorded_at"]).where("account_id", "=", accountId).execute();
  return { touchpoints, people, cases };
}

/** A new call, and CASE-1 without its status columns, its opening moved to 5 days ago (after its resolution). */
const movedCaseFile = () =>
  [
    "account;id;kind;when;title;participants;sla hours",
    `C-1;CALL-1;call;${at(Date.now() - 2 * DAY)};Follow-up call;P-2;`,
    `C-1;CASE-1;support_case;${at(Date.now() - 5 * DAY)};Login fails (moved);P-2;8`,
  ].join("\n");

const REFUSED = {
  field: "case_opened_at",
  reason: expect.stringMatching(/^This case has been judged against its SLA, so it cannot have been opened later than .+\. An earlier time is fine\.$/),
};

describe("a resolved case moved to after its resolution (once only the database refused it)", () => {
  it("through the import, all or nothing: the file is rejected with the reason at the row, nothing of it written", async () => {
    const { kam, account } = await world();
    const before = await stored(account.id);
    const file = movedCaseFile();
    const job = await runImport(kam, "touchpoints", file);
    expect(job).toMatchObject({ status: "rejected", inserted: 0, updated: 0, rejected: 1 });
    expect(job.errors).toEqual([expect.objectContaining({ line: 3, ...REFUSED })]);
    expect(await stored(account.id)).toEqual(before);
  });

  it("through the import, valid rows only: the row is refused with the reason, the others are written", async () => {
    const { kam, account } = await world();
    const before = await stored(account.id);
    const file = movedCaseFile();
    const job = await runImport(kam, "touchpoints", file, { mode: "valid_rows" });
    expect(job).toMatchObject({ status: "done", inserted: 1, updated: 0, rejected: 1 });
    expect(job.errors).toEqual([expect.objectContaining({ line: 3, ...REFUSED })]);
    const after = await stored(account.id);
    expect(after.touchpoints.map((t) => t.external_id)).toEqual(["CALL-1", "CASE-1"]);
    // CASE-1 exactly as before: its title, time, version, people and case.
    expect(after.touchpoints[1]).toEqual(before.touchpoints[0]);
    expect(after.cases).toEqual(before.cases);
    expect(after.people).toEqual(expect.arrayContaining(before.people));
    expect(after.people).toHaveLength(2);
  });

  it("through the API: 422 with the reason at its field, nothing written, no audit event", async () => {
    const { kam, account, opened } = await world();
    const token = await createPersonalToken(kam);
    const before = await stored(account.id);
    const audits = () => db().selectFrom("audit_events").select("id").where("entity", "=", "api_touchpoints").execute();
    const body = {
      external_id: "CASE-1",
      kind: "support_case",
      occurred_at: at(Date.now() - 5 * DAY),
      title: "Login fails (moved)",
      stakeholders: ["P-2"],
      case_sla_hours: 8,
    };
    const res = await apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", token, body, { externalId: "C-1" });
    expect(res).toMatchObject({ status: 422, json: { errors: [REFUSED] } });
    expect(await stored(account.id)).toEqual(before);
    expect(await audits()).toEqual([]);
    // The same body at the case's stored opening is written.
    const kept = { ...body, occurred_at: at(opened) };
    expect((await apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", token, kept, { externalId: "C-1" })).status).toBe(200);
    expect((await stored(account.id)).touchpoints[0]).toMatchObject({ title: "Login fails (moved)", version: 2 });
  });
});
