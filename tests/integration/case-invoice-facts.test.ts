import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as editAction, loader as editLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.$touchpointId.tsx";
import { action as touchpointsApi } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser, createPersonalToken } from "#tests/factories/index.ts";
import { apiCall, formRequest, localeCookieFor, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// An invoice or a support case that counts against an account cannot be taken
// out of its figures by the account's KAM (app/domain/touchpoint-fact-rules.ts,
// caseFactsBreaches in app/domain/support-case-rules.ts): not by editing its
// kind, not by moving a case's SLA later or lowering its severity once the SLA
// has passed, and not by deleting it. Found by review: a critical case two days
// past a 4-hour SLA, logged by the support desk, turned into a "call" or given
// 720 hours and severity "low", ended the High support_past_sla signal (and the
// cap it puts on health); a disputed 50,000 EUR invoice turned into an
// "e-mail" ended invoice_trouble. Each trick is tried through the edit form,
// the KAM's own API token and the import, and the figures must not improve.

const HOUR = 3_600_000;
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const wall = (ms: number) => instantToWallTime(new Date(ms), TIME_ZONE);
const iso = (ms: number) => new Date(ms).toISOString();
const today = calendarDate();

beforeEach(() => apiRateLimit.reset());

/** The KAM's account C-1 with a healthy record, a support desk (a director) and the KAM's own API token. */
async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const desk = await createUser(db(), { role: "director", name: "Support desk" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker" });
  for (let i = 0; i < 5; i++) {
    const day = addDays(today, -3 - i);
    await createExpectation(db(), { account_id: account.id, due_date: day, status: "resolved", outcome: "kept", delivered_on: day });
  }
  for (let i = 0; i < 3; i++) {
    await createTouchpoint(db(), { account_id: account.id, kind: "call", sentiment: 1, occurred_at: new Date(Date.now() - (10 + i) * 24 * HOUR) });
  }
  const token = await createPersonalToken(kam);
  return { kam, desk, account, token };
}

/** A critical case CASE-1 the desk logged two days ago with a 4-hour SLA, still open: two days past it. */
async function pastSlaCase(w: Awaited<ReturnType<typeof world>>, hoursAgo = 48, slaHours = 4) {
  const opened = minute(Date.now() - hoursAgo * HOUR);
  const tp = await createTouchpoint(db(), {
    account_id: w.account.id,
    kind: "support_case",
    title: "Outage",
    external_id: "CASE-1",
    author_id: w.desk.id,
    occurred_at: new Date(opened),
    shared_with_customer: true,
  });
  await db()
    .insertInto("touchpoint_support_cases")
    .values({ account_id: w.account.id, touchpoint_id: tp.id, severity: "critical", status: "open", opened_at: new Date(opened), sla_due_at: new Date(opened + slaHours * HOUR) })
    .execute();
  return { tp, opened };
}

/** A 50,000 EUR invoice INV-1, due ten days ago and disputed. */
async function disputedInvoice(w: Awaited<ReturnType<typeof world>>) {
  const occurred = minute(Date.now() - 40 * 24 * HOUR);
  const tp = await createTouchpoint(db(), {
    account_id: w.account.id,
    kind: "invoice",
    title: "Invoice 77",
    external_id: "INV-1",
    author_id: w.desk.id,
    occurred_at: new Date(occurred),
  });
  await db()
    .insertInto("touchpoint_invoices")
    .values({ account_id: w.account.id, touchpoint_id: tp.id, number: "77", amount: "50000.00", currency: "EUR", due_date: addDays(today, -10), disputed: true, dispute_reason: "wrong" })
    .execute();
  return { tp, occurred };
}

/** Health, its band, the open signals, and the cases and invoices the figures count. */
async function figures(accountId: string) {
  await db().transaction().execute((trx) => refreshAccountScores(trx, accountId));
  const score = await db().selectFrom("account_scores").select(["health", "band"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const signals = await db().selectFrom("risk_signals").select(["rule", "severity"]).where("account_id", "=", accountId).where("resolved_at", "is", null).execute();
  const cases = await db().selectFrom("touchpoint_support_cases").select(["severity", "sla_due_at"]).where("account_id", "=", accountId).execute();
  const invoices = await db().selectFrom("touchpoint_invoices").select("disputed").where("account_id", "=", accountId).execute();
  return { health: score.health, band: score.band, signals: signals.map((s) => `${s.rule}:${s.severity}`).sort(), cases, invoices: invoices.length };
}

type FormReply = { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } };

async function postEdit(w: { account: { id: string } }, touchpointId: string, userId: string, fields: Record<string, string>, locale: "en" | "fi" = "en") {
  const cookie = `${await sessionCookieFor(userId)}; ${await localeCookieFor(locale)}`;
  return run(editAction, formRequest(`/accounts/${w.account.id}/touchpoints/${touchpointId}`, fields, cookie), { accountId: w.account.id, touchpointId });
}

describe("a support case or an invoice keeps its kind", () => {
  it("refuses the KAM's edit of a past-SLA case into a call next to the kind, keeping what was typed; the High signal stays", async () => {
    const w = await world();
    const { tp, opened } = await pastSlaCase(w);
    const before = await figures(w.account.id);
    expect(before.signals).toContain("support_past_sla:high");
    expect(before.band).not.toBe("healthy");
    const fields = { kind: "call", occurred_at: wall(opened), title: "Outage (was a call)", version: "1" };
    const en = await postEdit(w, tp.id, w.kam.id, fields);
    expect(statusOf(en)).toBe(400);
    const { result } = (en.value as FormReply).data;
    expect(result.error).toEqual({ kind: ["A support case stays a support case: the figures count it. Log what else happened as a new touchpoint."] });
    expect(result.initialValue).toMatchObject({ kind: "call", title: "Outage (was a call)" });
    const fi = await postEdit(w, tp.id, w.kam.id, fields, "fi");
    expect((fi.value as FormReply).data.result.error.kind).toEqual([expect.stringContaining("Tukipyyntö pysyy tukipyyntönä")]);
    expect(await figures(w.account.id)).toEqual(before);
    expect((await db().selectFrom("touchpoints").select(["kind", "version"]).where("id", "=", tp.id).executeTakeFirstOrThrow())).toEqual({ kind: "support_case", version: 1 });
  });

  it("refuses the KAM's edit of a disputed invoice into an e-mail; invoice_trouble stays", async () => {
    const w = await world();
    const { tp, occurred } = await disputedInvoice(w);
    const before = await figures(w.account.id);
    expect(before.signals).toContain("invoice_trouble:medium");
    const res = await postEdit(w, tp.id, w.kam.id, { kind: "email", occurred_at: wall(occurred), title: "Invoice 77", version: "1" });
    expect(statusOf(res)).toBe(400);
    expect((res.value as FormReply).data.result.error).toEqual({ kind: [expect.stringMatching(/^An invoice stays an invoice/)] });
    expect(await figures(w.account.id)).toEqual(before);
  });

  it("refuses it through the KAM's API token (422 at kind) and the import (the row refused at its kind)", async () => {
    const w = await world();
    const { opened } = await pastSlaCase(w);
    await disputedInvoice(w);
    const before = await figures(w.account.id);
    const put = (body: Record<string, unknown>) => apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", w.token, body, { externalId: "C-1" });
    expect(await put({ external_id: "CASE-1", kind: "call", occurred_at: iso(opened), title: "Outage" })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "kind", reason: expect.stringMatching(/^A support case stays a support case/) }] },
    });
    expect(await put({ external_id: "INV-1", kind: "email", occurred_at: iso(opened), title: "Invoice 77" })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "kind", reason: expect.stringMatching(/^An invoice stays an invoice/) }] },
    });
    const file = ["account;id;kind;when;title", `C-1;CASE-1;call;${iso(opened)};Outage`, `C-1;INV-1;email;${iso(opened)};Invoice 77`, `C-1;CALL-9;call;${iso(opened)};A real call`].join("\n");
    const job = await runImport(w.kam, "touchpoints", file, { mode: "valid_rows" });
    expect(job).toMatchObject({ status: "done", inserted: 1, updated: 0, rejected: 2 });
    expect(job.errors).toEqual([
      expect.objectContaining({ line: 2, field: "kind", reason: expect.stringMatching(/^A support case stays/) }),
      expect.objectContaining({ line: 3, field: "kind", reason: expect.stringMatching(/^An invoice stays/) }),
    ]);
    const after = await figures(w.account.id);
    expect({ ...after, health: null }).toEqual({ ...before, health: null });
    // The one new call (no sentiment) is all that changed.
    expect(after.signals).toEqual(expect.arrayContaining(["support_past_sla:high", "invoice_trouble:medium"]));
  });

  it("lets another touchpoint become a support case: a call logged that was one", async () => {
    const w = await world();
    const at = minute(Date.now() - 2 * HOUR);
    const call = await createTouchpoint(db(), { account_id: w.account.id, kind: "call", title: "Login fails", occurred_at: new Date(at) });
    const res = await postEdit(w, call.id, w.kam.id, {
      kind: "support_case",
      occurred_at: wall(at),
      title: "Login fails",
      case_severity: "high",
      case_opened_at: wall(at),
      case_sla_hours: "8",
      case_status: "open",
      version: "1",
    });
    expect(statusOf(res)).toBe(302);
    expect((await figures(w.account.id)).cases).toEqual([{ severity: "high", sla_due_at: new Date(at + 8 * HOUR) }]);
  });
});

describe("a case judged against its SLA keeps its SLA time and severity", () => {
  const slaEdit = (opened: number) => ({
    kind: "support_case",
    occurred_at: wall(opened),
    title: "Outage",
    case_severity: "low",
    case_opened_at: wall(opened),
    case_sla_hours: "720",
    case_status: "open",
    version: "1",
  });

  it("refuses 720 hours and severity 'low' on the form, at each field; the High signal and health stay", async () => {
    const w = await world();
    const { tp, opened } = await pastSlaCase(w);
    const before = await figures(w.account.id);
    const res = await postEdit(w, tp.id, w.kam.id, slaEdit(opened));
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as FormReply).data;
    expect(result.error).toEqual({
      case_sla_hours: [expect.stringMatching(/^This case has been judged against its SLA, due .+, so the SLA cannot end later now\. Fewer hours are fine\.$/)],
      case_severity: ["This case has been judged against its SLA at this severity, so the severity can be raised but not lowered."],
    });
    expect(result.initialValue).toMatchObject({ case_sla_hours: "720", case_severity: "low" });
    // Opened a day later: refused at the opened time too.
    const later = await postEdit(w, tp.id, w.kam.id, { ...slaEdit(opened), case_severity: "critical", case_sla_hours: "4", case_opened_at: wall(opened + 24 * HOUR) });
    expect(Object.keys((later.value as FormReply).data.result.error).sort()).toEqual(["case_opened_at", "case_sla_hours"]);
    expect(await figures(w.account.id)).toEqual(before);
    // Raising nothing, moving earlier: fine.
    const earlier = await postEdit(w, tp.id, w.kam.id, { ...slaEdit(opened), case_severity: "critical", case_sla_hours: "2" });
    expect(statusOf(earlier)).toBe(302);
  });

  it("refuses it through the API (422) and the import, leaving the figures", async () => {
    const w = await world();
    const { opened } = await pastSlaCase(w);
    const before = await figures(w.account.id);
    const body = { external_id: "CASE-1", kind: "support_case", occurred_at: iso(opened), title: "Outage", case_sla_hours: 720, case_severity: "low", case_status: "open" };
    expect(await apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", w.token, body, { externalId: "C-1" })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "case_sla_hours", reason: expect.stringMatching(/^This case has been judged against its SLA, due \d{4}-\d{2}-\d{2} \d{2}:\d{2}, so/) }] },
    });
    const lower = { ...body, case_sla_hours: 4 };
    expect(await apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", w.token, lower, { externalId: "C-1" })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "case_severity" }] },
    });
    const file = ["account;id;kind;when;title;sla hours;severity;status", `C-1;CASE-1;support_case;${iso(opened)};Outage;720;low;open`].join("\n");
    const job = await runImport(w.kam, "touchpoints", file);
    expect(job).toMatchObject({ status: "rejected", updated: 0, rejected: 1 });
    expect(job.errors).toEqual([expect.objectContaining({ line: 2, field: "case_sla_hours" })]);
    expect(await figures(w.account.id)).toEqual(before);
  });

  it("leaves the SLA and severity free while the SLA time is ahead", async () => {
    const w = await world();
    const { tp, opened } = await pastSlaCase(w, 1, 8);
    const res = await postEdit(w, tp.id, w.kam.id, slaEdit(opened));
    expect(statusOf(res)).toBe(302);
    expect((await figures(w.account.id)).cases).toEqual([{ severity: "low", sla_due_at: new Date(opened + 720 * HOUR) }]);
  });
});

describe("deleting a case or an invoice the figures count", () => {
  const postDelete = async (w: { account: { id: string } }, touchpointId: string, userId: string) =>
    run(editAction, formRequest(`/accounts/${w.account.id}/touchpoints/${touchpointId}`, { intent: "delete", confirm: "yes", version: "1" }, await sessionCookieFor(userId)), {
      accountId: w.account.id,
      touchpointId,
    });
  const page = async (w: { account: { id: string } }, touchpointId: string, userId: string) => {
    const res = await run(editLoader, request(`/accounts/${w.account.id}/touchpoints/${touchpointId}`, { cookie: await sessionCookieFor(userId) }), {
      accountId: w.account.id,
      touchpointId,
    });
    const { touchpoint } = res.value as { touchpoint: { deletable: boolean; notDeletable: string | null } };
    return { deletable: touchpoint.deletable, notDeletable: touchpoint.notDeletable };
  };
  const refusals = (actorId: string) =>
    db().selectFrom("audit_events").select(["account_id", "entity_id"]).where("action", "=", "access_denied").where("actor_id", "=", actorId).execute();

  it("refuses the KAM (403, recorded) a past-SLA case and a disputed invoice, and offers no delete button", async () => {
    const w = await world();
    const { tp } = await pastSlaCase(w);
    const invoice = await disputedInvoice(w);
    const before = await figures(w.account.id);
    expect(await page(w, tp.id, w.kam.id)).toEqual({ deletable: false, notDeletable: "error.caseKeptForFigures" });
    expect(await page(w, invoice.tp.id, w.kam.id)).toEqual({ deletable: false, notDeletable: "error.invoiceKeptForFigures" });
    expect(statusOf(await postDelete(w, tp.id, w.kam.id))).toBe(403);
    expect(statusOf(await postDelete(w, invoice.tp.id, w.kam.id))).toBe(403);
    expect(await refusals(w.kam.id)).toEqual([
      { account_id: w.account.id, entity_id: `/accounts/${w.account.id}/touchpoints/${tp.id}` },
      { account_id: w.account.id, entity_id: `/accounts/${w.account.id}/touchpoints/${invoice.tp.id}` },
    ]);
    expect(await figures(w.account.id)).toEqual(before);
  });

  it("lets a director delete one, in the audit log with what it held", async () => {
    const w = await world();
    const { tp } = await pastSlaCase(w);
    expect(await page(w, tp.id, w.desk.id)).toEqual({ deletable: true, notDeletable: null });
    expect(statusOf(await postDelete(w, tp.id, w.desk.id))).toBe(302);
    const event = await db().selectFrom("audit_events").select(["actor_id", "before"]).where("entity", "=", "touchpoint").where("action", "=", "delete").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: w.desk.id, before: expect.objectContaining({ support_case: expect.objectContaining({ severity: "critical" }) }) });
    expect((await figures(w.account.id)).signals).not.toContain("support_past_sla:high");
  });

  it("lets the KAM delete a case still inside its SLA", async () => {
    const w = await world();
    const { tp } = await pastSlaCase(w, 1, 8);
    expect(await page(w, tp.id, w.kam.id)).toEqual({ deletable: true, notDeletable: null });
    expect(statusOf(await postDelete(w, tp.id, w.kam.id))).toBe(302);
  });
});
