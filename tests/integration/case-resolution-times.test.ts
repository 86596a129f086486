import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { computeReviewPack } from "#app/models/review-pack.server.ts";
import { action as editAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.$touchpointId.tsx";
import { action as touchpointsApi } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createUser, createPersonalToken } from "#tests/factories/index.ts";
import { apiCall, formRequest, localeCookieFor, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// A support case is not resolved at a time at which it was already on record as
// open (app/domain/support-case-rules.ts): otherwise a case saved open past its
// SLA could be resolved "back then", inside it, and the review pack's "past
// SLA" count would drop. The rule holds on the case form, the touchpoint's
// edit form, the API and the import; a case brought in already resolved (never
// on record as open) keeps the times its file gives.

const HOUR = 3_600_000;
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
/** A wall time in the vendor's zone, as the forms show one ("2026-12-01T09:00"). */
const wall = (ms: number) => instantToWallTime(new Date(ms), TIME_ZONE);
const today = calendarDate();

beforeEach(() => apiRateLimit.reset());

/**
 * The KAM's account C-1 with support case CASE-1, opened 30 hours ago with an
 * 8-hour SLA, brought in by a file just now as still open: on record as open
 * now, 22 hours past its SLA. Resolving it 4 hours after it was opened would
 * put it inside its SLA.
 */
async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const opened = minute(Date.now() - 30 * HOUR);
  const file = ["account;id;kind;when;title;sla hours;status", `C-1;CASE-1;support_case;${new Date(opened).toISOString()};Login fails;8;open`].join("\n");
  expect(await runImport(kam, "touchpoints", file)).toMatchObject({ status: "done", inserted: 1, errors: [] });
  const tp = await db().selectFrom("touchpoints").select(["id", "updated_at"]).where("external_id", "=", "CASE-1").executeTakeFirstOrThrow();
  const token = await createPersonalToken(kam);
  return { kam, account, tp, token, opened, insideSla: opened + 4 * HOUR, savedOpen: new Date(tp.updated_at) };
}

const theCase = () => db().selectFrom("touchpoint_support_cases").select(["status", "resolved_at"]).executeTakeFirstOrThrow();
const versionOf = async () => (await db().selectFrom("touchpoints").select("version").where("external_id", "=", "CASE-1").executeTakeFirstOrThrow()).version;

/** The review pack's support figures over the last week. */
async function support(accountId: string) {
  const pack = await computeReviewPack(db(), accountId, { from: addDays(today, -7), to: today }, { today, now: new Date() });
  const { opened, resolved, pastSla, stillOpen } = pack.support;
  return { opened, resolved, pastSla, stillOpen };
}

const UNRESOLVED = { opened: 1, resolved: 0, pastSla: 1, stillOpen: 1 };
const EN_MESSAGE = /^This case was saved as still open at .+, so it cannot have been resolved before then\. Give .+ or a later time\.$/;

describe("resolving a support case at a time it was on record as open", () => {
  it("is refused on the case form next to the resolved time, keeping what was typed, in both languages", async () => {
    const { kam, account, tp, insideSla } = await world();
    expect(await support(account.id)).toEqual(UNRESOLVED);
    const fields = { intent: "update-case", case_status: "resolved", case_resolved_at: wall(insideSla), version: "1" };
    const submit = async (locale: "en" | "fi") => {
      const cookie = `${await sessionCookieFor(kam.id)}; ${await localeCookieFor(locale)}`;
      const res = await run(editAction, formRequest(`/accounts/${account.id}/touchpoints/${tp.id}`, fields, cookie), { accountId: account.id, touchpointId: tp.id });
      expect(statusOf(res)).toBe(400);
      return (res.value as { data: { caseResult: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data.caseResult;
    };
    const en = await submit("en");
    expect(en.error).toEqual({ case_resolved_at: [expect.stringMatching(EN_MESSAGE)] });
    expect(en.initialValue).toMatchObject({ case_status: "resolved", case_resolved_at: wall(insideSla) });
    expect((await submit("fi")).error.case_resolved_at).toEqual([expect.stringContaining("tallennettiin vielä avoimena")]);
    expect(await theCase()).toEqual({ status: "open", resolved_at: null });
    expect(await versionOf()).toBe(1);
    expect(await support(account.id)).toEqual(UNRESOLVED);

    // Resolved now (the time left empty): past its SLA, as it was.
    const now = await run(
      editAction,
      formRequest(`/accounts/${account.id}/touchpoints/${tp.id}`, { intent: "update-case", case_status: "resolved", version: "1" }, await sessionCookieFor(kam.id)),
      { accountId: account.id, touchpointId: tp.id },
    );
    expect(statusOf(now)).toBe(302);
    expect(await support(account.id)).toEqual({ opened: 1, resolved: 1, pastSla: 1, stillOpen: 0 });
  });

  it("is refused on the touchpoint's edit form alike", async () => {
    const { kam, account, tp, opened, insideSla } = await world();
    const fields = {
      kind: "support_case",
      occurred_at: wall(opened),
      title: "Login fails",
      case_severity: "normal",
      case_opened_at: wall(opened),
      case_sla_hours: "8",
      case_status: "closed",
      case_resolved_at: wall(insideSla),
      version: "1",
    };
    const res = await run(editAction, formRequest(`/accounts/${account.id}/touchpoints/${tp.id}`, fields, await sessionCookieFor(kam.id)), {
      accountId: account.id,
      touchpointId: tp.id,
    });
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data;
    expect(result.error).toEqual({ case_resolved_at: [expect.stringMatching(EN_MESSAGE)] });
    expect(result.initialValue).toMatchObject({ case_status: "closed", case_resolved_at: wall(insideSla), title: "Login fails" });
    expect(await theCase()).toEqual({ status: "open", resolved_at: null });
    expect(await versionOf()).toBe(1);
  });

  it("is refused through the API with 422 at case_resolved_at, also after an honest resolution (the time moved back)", async () => {
    const { account, token, opened, insideSla, savedOpen } = await world();
    const put = (resolvedAt: number) =>
      apiCall(touchpointsApi, "PUT", "/api/v1/accounts/C-1/touchpoints", token, {
        external_id: "CASE-1",
        kind: "support_case",
        occurred_at: new Date(opened).toISOString(),
        title: "Login fails",
        case_sla_hours: 8,
        case_status: "resolved",
        case_resolved_at: new Date(resolvedAt).toISOString(),
      }, { externalId: "C-1" });
    const reason = `This case was saved as still open at ${wall(savedOpen.getTime()).replace("T", " ")}, so it cannot have been resolved before then. Give ${wall(savedOpen.getTime()).replace("T", " ")} or a later time.`;
    expect(await put(insideSla)).toMatchObject({ status: 422, json: { errors: [{ field: "case_resolved_at", reason }] } });
    expect(await theCase()).toEqual({ status: "open", resolved_at: null });
    expect(await support(account.id)).toEqual(UNRESOLVED);

    // Resolved honestly now, then moved back inside the SLA: the save that left it open still binds.
    const resolvedNow = minute(Date.now());
    expect((await put(resolvedNow)).status).toBe(200);
    expect(await theCase()).toEqual({ status: "resolved", resolved_at: new Date(resolvedNow) });
    expect(await put(insideSla)).toMatchObject({ status: 422, json: { errors: [{ field: "case_resolved_at", reason }] } });
    expect(await theCase()).toEqual({ status: "resolved", resolved_at: new Date(resolvedNow) });
    expect(await support(account.id)).toEqual({ opened: 1, resolved: 1, pastSla: 1, stillOpen: 0 });
    // Repeating the stored time is no change.
    expect(await put(resolvedNow)).toMatchObject({ status: 200, json: { status: "unchanged" } });
  });

  it("is refused by the import at its resolved time, in either mode, writing nothing of the row", async () => {
    const { kam, account, opened, insideSla } = await world();
    const header = "account;id;kind;when;title;sla hours;status;resolved at";
    const at = (ms: number) => new Date(ms).toISOString();
    const file = [
      header,
      `C-1;CASE-1;support_case;${at(opened)};Login fails (solved);8;resolved;${at(insideSla)}`,
      `C-1;CALL-1;call;${at(opened)};Follow-up call;;;`,
    ].join("\n");
    const strict = await runImport(kam, "touchpoints", file);
    expect(strict).toMatchObject({ status: "rejected", inserted: 0, updated: 0, rejected: 1 });
    expect(strict.errors).toEqual([expect.objectContaining({ line: 2, field: "case_resolved_at", reason: expect.stringMatching(/^This case was saved as still open at \d{4}-\d{2}-\d{2} \d{2}:\d{2}, so/) })]);
    const lenient = await runImport(kam, "touchpoints", file, { mode: "valid_rows" });
    expect(lenient).toMatchObject({ status: "done", inserted: 1, updated: 0, rejected: 1 });
    const stored = await db().selectFrom("touchpoints").select(["external_id", "title", "version"]).orderBy("external_id").execute();
    expect(stored).toEqual([
      { external_id: "CALL-1", title: "Follow-up call", version: 1 },
      { external_id: "CASE-1", title: "Login fails", version: 1 },
    ]);
    expect(await theCase()).toEqual({ status: "open", resolved_at: null });
    expect(await support(account.id)).toEqual(UNRESOLVED);
  });

  it("keeps the times of a case brought in already resolved: it was never on record as open", async () => {
    const { kam, account, opened, insideSla } = await world();
    const at = (ms: number) => new Date(ms).toISOString();
    const file = ["account;id;kind;when;title;sla hours;status;resolved at", `C-1;CASE-2;support_case;${at(opened)};Invoice portal slow;8;resolved;${at(insideSla)}`].join("\n");
    expect(await runImport(kam, "touchpoints", file)).toMatchObject({ status: "done", inserted: 1, rejected: 0 });
    // Its resolution corrected earlier still: nothing recorded it open at any time.
    const earlier = file.replace(at(insideSla), at(insideSla - HOUR));
    expect(await runImport(kam, "touchpoints", earlier)).toMatchObject({ status: "done", updated: 1, rejected: 0 });
    expect(await support(account.id)).toEqual({ opened: 2, resolved: 1, pastSla: 1, stillOpen: 1 });
  });
});
