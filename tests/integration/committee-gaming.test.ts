import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { markStakeholderLeft } from "#app/models/stakeholder-changes.server.ts";
import { action as personAction } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { action as committeeAction } from "#app/routes/_app.accounts.$accountId_.committee._index.tsx";
import { action as stakeholdersApi } from "#app/routes/api.v1.accounts.$externalId.stakeholders.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser, createPersonalToken } from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { apiCall, formRequest, localeCookieFor, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The figures judge the account's manager, who also keeps the committee map:
// nothing they do to a person may make an unhappy customer disappear
// (docs/scoring.md, "The buying committee"; app/domain/committee-rules.ts).
// Each test tries, on the form, the API and the import, to make the account
// look better, and shows the figures stay as they were.

const now = new Date();
const today = calendarDate(now);
const DAY = 86_400_000;

beforeEach(() => apiRateLimit.reset());

/**
 * Two promoters (10, 9) and an economic buyer of influence 5 who answered 2
 * five days ago, with portal access: NPS (2 − 1) / 3 = 33 and a High
 * influential_detractor signal.
 */
async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa Kam" })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const p1 = await createStakeholder(db(), { account_id: account.id, committee_role: "user", influence: 2, external_id: "S-1" });
  const p2 = await createStakeholder(db(), { account_id: account.id, committee_role: "user", influence: 2, external_id: "S-2" });
  const det = await createStakeholder(db(), {
    account_id: account.id,
    committee_role: "economic_buyer",
    influence: 5,
    name: "Eero Economic",
    external_id: "S-DET",
  });
  const at = new Date(now.getTime() - 5 * DAY);
  for (const [s, score] of [[p1, 10], [p2, 9], [det, 2]] as const) {
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: s.id, kind: "nps", score, answered_at: at }).execute();
  }
  await createPortalUser(db(), account.id, det.id);
  await rescore(account.id);
  return { kam, account, det };
}

async function rescore(accountId: string, at: Date = now) {
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, accountId, at));
}

/** NPS, its respondents and the open signals (rule:severity), with the detractor signal's leftOn. */
async function figures(accountId: string) {
  const s = await db().selectFrom("account_scores").select(["nps", "nps_respondents"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const signals = await db()
    .selectFrom("risk_signals")
    .select(["rule", "severity", "params"])
    .where("account_id", "=", accountId)
    .where("resolved_at", "is", null)
    .execute();
  const detractor = signals.find((x) => x.rule === "influential_detractor");
  return {
    nps: s.nps,
    respondents: s.nps_respondents,
    signals: signals.map((x) => `${x.rule}:${x.severity}`).sort(),
    detractorLeftOn: ((detractor?.params ?? {}) as { leftOn?: string }).leftOn ?? null,
  };
}

const BEFORE = { nps: 33, respondents: 3, detractorLeftOn: null };

/** The system's timeline entries about people leaving, with their title key and participant. */
async function leavingEntries(accountId: string) {
  return db()
    .selectFrom("touchpoints as t")
    .innerJoin("touchpoint_stakeholders as ts", (j) => j.onRef("ts.account_id", "=", "t.account_id").onRef("ts.touchpoint_id", "=", "t.id"))
    .select(["t.title", "t.title_key", "t.title_params", "t.occurred_at", "ts.stakeholder_id"])
    .where("t.account_id", "=", accountId)
    .where("t.kind", "=", "committee_change")
    .execute();
}

async function kamToken(kam: { id: string; role: "kam" }) {
  const token = await createPersonalToken(kam);
  return token;
}

const putStakeholder = (token: string, body: Record<string, unknown>) =>
  apiCall(stakeholdersApi, "PUT", "/api/v1/accounts/C-1/stakeholders", token, body, { externalId: "C-1" });

async function personForm(userId: string, accountId: string, stakeholderId: string, fields: Record<string, string>) {
  const cookie = await sessionCookieFor(userId);
  return run(personAction, formRequest(`/accounts/${accountId}/committee/${stakeholderId}`, fields, cookie), {
    accountId,
    stakeholderId,
  });
}

const version = async (id: string) =>
  (await db().selectFrom("stakeholders").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;

describe("marking an influential detractor as left", () => {
  it("on the form, back-dated 20 days: NPS stays 33, the High signal stays (saying they left), the timeline says so", async () => {
    const { kam, account, det } = await world();
    expect(await figures(account.id)).toMatchObject({ ...BEFORE, signals: expect.arrayContaining(["influential_detractor:high"]) });
    const leftOn = addDays(today, -20);
    const res = await personForm(kam.id, account.id, det.id, { intent: "leave", version: String(det.version), left_on: leftOn, note: "Moved on" });
    expect(statusOf(res)).toBe(302);

    expect(await figures(account.id)).toMatchObject({
      nps: 33,
      respondents: 3,
      signals: expect.arrayContaining(["influential_detractor:high"]),
      detractorLeftOn: leftOn,
    });
    const entries = await leavingEntries(account.id);
    expect(entries).toMatchObject([
      {
        title: "Eero Economic (economic buyer) left, a detractor: their latest NPS answer was 2 of 10",
        title_key: "committeeChange.leftDetractor",
        stakeholder_id: det.id,
      },
    ]);
    // Portal access ends as before: they no longer speak for the customer.
    const access = await db().selectFrom("portal_access").select("revoked_at").where("stakeholder_id", "=", det.id).executeTakeFirstOrThrow();
    expect(access.revoked_at).not.toBeNull();

    // Marked as left by mistake: the entry goes, and the figures are the active person's again.
    const undo = await personForm(kam.id, account.id, det.id, { intent: "rejoin", version: String(await version(det.id)), mistake: "on" });
    expect(statusOf(undo)).toBe(302);
    expect(await leavingEntries(account.id)).toEqual([]);
    expect(await figures(account.id)).toMatchObject({ ...BEFORE, signals: expect.arrayContaining(["influential_detractor:high"]) });
  });

  it("the signal lasts 90 days from the day the leaving counts from (today, not the back-dated day); NPS keeps the answer", async () => {
    const { kam, account, det } = await world();
    await db()
      .transaction()
      .execute((trx) =>
        markStakeholderLeft(trx, { actor: kam }, account.id, det.id, { version: det.version, left_on: addDays(today, -100), note: "" }, now),
      );
    // Stated 100 days ago, recorded today: 90 days from today.
    await rescore(account.id, new Date(now.getTime() + 89 * DAY));
    expect(await figures(account.id)).toMatchObject({ nps: 33, signals: expect.arrayContaining(["influential_detractor:high"]) });
    await rescore(account.id, new Date(now.getTime() + 92 * DAY));
    const later = await figures(account.id);
    expect(later.signals).not.toContain("influential_detractor:high");
    // The answer (97 days old then) still counts in NPS for its twelve months.
    expect(later).toMatchObject({ nps: 33, respondents: 3 });
  });

  it("through the API, back-dated: the same figures, and the leaving is on the timeline", async () => {
    const { kam, account, det } = await world();
    const token = await kamToken(kam);
    const res = await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", left_on: addDays(today, -20) });
    expect(res.status).toBe(200);
    expect(await figures(account.id)).toMatchObject({
      nps: 33,
      respondents: 3,
      signals: expect.arrayContaining(["influential_detractor:high"]),
      detractorLeftOn: addDays(today, -20),
    });
    expect(await leavingEntries(account.id)).toMatchObject([{ title_key: "committeeChange.leftDetractor", stakeholder_id: det.id }]);
    // Sending the same leaving again writes nothing more.
    expect((await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", left_on: addDays(today, -20) })).status).toBe(200);
    expect(await leavingEntries(account.id)).toHaveLength(1);
  });

  it("through the import, back-dated a year: the same figures, and the leaving is on the timeline", async () => {
    const { kam, account, det } = await world();
    const file = ["account;id;name;left on", `C-1;S-DET;Eero Economic;${addDays(today, -365)}`].join("\n");
    expect(await runImport(kam, "stakeholders", file)).toMatchObject({ status: "done", updated: 1, rejected: 0 });
    expect(await figures(account.id)).toMatchObject({ nps: 33, respondents: 3, signals: expect.arrayContaining(["influential_detractor:high"]) });
    expect(await leavingEntries(account.id)).toMatchObject([
      {
        title: "Eero Economic (economic buyer) left, a detractor: their latest NPS answer was 2 of 10",
        title_key: "committeeChange.leftDetractor",
        stakeholder_id: det.id,
      },
    ]);
  });

  it("any detractor's leaving is on the timeline, a promoter's of no key role is not; both answers keep counting", async () => {
    const { kam, account } = await world();
    const quiet = await createStakeholder(db(), { account_id: account.id, committee_role: null, influence: 1, name: "Nea Nobody", external_id: "S-3" });
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: quiet.id, kind: "nps", score: 4, answered_at: new Date(now.getTime() - DAY) }).execute();
    await rescore(account.id);
    // 2 promoters, 2 detractors of 4: 0.
    expect(await figures(account.id)).toMatchObject({ nps: 0, respondents: 4 });
    const file = ["account;id;name;left on", `C-1;S-1;Pia Promoter;${today}`, `C-1;S-3;Nea Nobody;${today}`].join("\n");
    expect(await runImport(kam, "stakeholders", file)).toMatchObject({ status: "done", updated: 2 });
    expect(await leavingEntries(account.id)).toMatchObject([
      {
        title: "Nea Nobody left, a detractor: their latest NPS answer was 4 of 10",
        title_key: "committeeChange.leftDetractorNoRole",
        stakeholder_id: quiet.id,
      },
    ]);
    expect(await figures(account.id)).toMatchObject({ nps: 0, respondents: 4 });
  });
});

const NOT_LOWERED =
  "Influence can't be lowered while this person's latest NPS answer is a detractor's (2 of 10): their answer counts at this weight. It may still be raised.";

describe("lowering an influential detractor's influence", () => {
  type Reply = { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } } };
  const edit = (kam: { id: string }, accountId: string, det: { id: string; version: number }, influence: string, locale: "en" | "fi" = "en") =>
    (async () => {
      const cookie = `${await sessionCookieFor(kam.id)}; ${await localeCookieFor(locale)}`;
      const fields = {
        intent: "edit",
        version: String(det.version),
        name: "Eero Economic",
        title: "CFO",
        committee_role: "economic_buyer",
        influence,
        stance: "skeptic",
      };
      return run(personAction, formRequest(`/accounts/${accountId}/committee/${det.id}`, fields, cookie), { accountId, stakeholderId: det.id });
    })();

  it("on the form: refused next to the field, what was typed kept, in English and Finnish; the High signal stays", async () => {
    const { kam, account, det } = await world();
    const before = await figures(account.id);
    const res = await edit(kam, account.id, det, "3");
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as Reply).data;
    expect(result.error).toEqual({ influence: [NOT_LOWERED] });
    expect(result.initialValue).toMatchObject({ influence: "3", title: "CFO", stance: "skeptic" });
    const fi = await edit(kam, account.id, det, "1", "fi");
    expect((fi.value as Reply).data.result.error).toEqual({
      influence: ["Vaikutusvaltaa ei voi laskea, kun henkilön viimeisin NPS-vastaus on arvostelijan (2/10): vastaus lasketaan tällä painolla. Nostaa sitä voi yhä."],
    });
    const stored = await db().selectFrom("stakeholders").select(["influence", "version"]).where("id", "=", det.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ influence: 5, version: det.version });
    expect(await figures(account.id)).toEqual(before);
    expect(before.signals).toContain("influential_detractor:high");
  });

  it("through the API (422, the same words) and the import (the row refused at its column, an empty cell too)", async () => {
    const { kam, account } = await world();
    const before = await figures(account.id);
    const token = await kamToken(kam);
    expect(await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", influence: 3 })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "influence", reason: NOT_LOWERED }] },
    });
    // influence: null writes the default 3: a lowering too.
    expect((await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", influence: null })).status).toBe(422);
    const file = (cell: string) => ["account;id;name;influence", `C-1;S-DET;Eero Economic;${cell}`, "C-1;S-1;Pia Promoter;1"].join("\n");
    for (const cell of ["3", ""]) {
      const job = await runImport(kam, "stakeholders", file(cell), { mode: "valid_rows" });
      expect(job).toMatchObject({ status: "done", rejected: 1 });
      expect(job.errors.map((e) => ({ line: e.line, field: e.field, reason: e.reason }))).toEqual([
        { line: 2, field: "influence", reason: NOT_LOWERED },
      ]);
    }
    expect(await figures(account.id)).toEqual(before);
  });

  it("may be raised on every path, and lowered once a newer answer is no longer a detractor's", async () => {
    const { kam, account, det } = await world();
    const quiet = await createStakeholder(db(), { account_id: account.id, committee_role: null, influence: 3, external_id: "S-3" });
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: quiet.id, kind: "nps", score: 0, answered_at: new Date(now.getTime() - DAY) }).execute();
    const token = await kamToken(kam);
    // Raising a detractor's influence only makes the figures worse: allowed (3 → 4 fires the signal).
    expect((await putStakeholder(token, { external_id: "S-3", name: "Quiet", influence: 4 })).status).toBe(200);
    expect(await runImport(kam, "stakeholders", ["account;id;name;influence", "C-1;S-3;Quiet;5"].join("\n"))).toMatchObject({ updated: 1, rejected: 0 });
    expect((await figures(account.id)).signals.filter((s) => s === "influential_detractor:high")).toHaveLength(2);
    // The economic buyer answers 9 today: her latest answer is a promoter's, so it may be lowered.
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: det.id, kind: "nps", score: 9, answered_at: now }).execute();
    expect(statusOf(await edit(kam, account.id, { ...det, version: await version(det.id) }, "3"))).toBe(302);
  });

  it("stays refused after the detractor has left: their answer still counts", async () => {
    const { kam, account, det } = await world();
    const token = await kamToken(kam);
    expect((await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", left_on: today })).status).toBe(200);
    expect(await putStakeholder(token, { external_id: "S-DET", name: "Eero Economic", influence: 2 })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "influence", reason: NOT_LOWERED }] },
    });
    const res = await edit(kam, account.id, { ...det, version: await version(det.id) }, "2");
    expect((res.value as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({ influence: [NOT_LOWERED] });
  });
});

const FROZEN_LEFT =
  "The role of someone who has left can't be changed: they keep the role they left in, so the gap stays in view until someone still with the customer takes the role over (name a successor). If they are back, record their return first.";
const FROZEN_LEAVING = "The role can't be changed in the same change that records the person leaving: they leave in the role they hold.";

describe("re-labelling a decision maker who left", () => {
  /** A decision maker, marked as left today on the form: key_person_left (High). */
  async function departed() {
    const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa Kam" })), role: "kam" as const };
    const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
    const dm = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker", influence: 5, name: "Dora Decider", external_id: "S-DM" });
    const heir = await createStakeholder(db(), { account_id: account.id, committee_role: "influencer", influence: 3, name: "Hugo Heir", external_id: "S-HEIR" });
    const res = await personForm(kam.id, account.id, dm.id, { intent: "leave", version: String(dm.version), left_on: today, note: "" });
    expect(statusOf(res)).toBe(302);
    expect((await figures(account.id)).signals).toContain("key_person_left:high");
    return { kam, account, dm, heir };
  }
  const role = async (id: string) =>
    (await db().selectFrom("stakeholders").select("committee_role").where("id", "=", id).executeTakeFirstOrThrow()).committee_role;

  it("the one-click role and the edit form refuse it, in English and Finnish; key_person_left stays", async () => {
    const { kam, account, dm } = await departed();
    const before = await figures(account.id);
    const cookie = await sessionCookieFor(kam.id);
    const oneClick = await run(
      committeeAction,
      formRequest(`/accounts/${account.id}/committee?index`, { intent: "role", stakeholder_id: dm.id, committee_role: "user", version: String(await version(dm.id)) }, cookie),
      { accountId: account.id },
    );
    expect(statusOf(oneClick)).toBe(400);
    const reply = (oneClick.value as { data: { role: { result: { error: Record<string, string[]> } } } }).data.role;
    expect(reply.result.error).toEqual({ committee_role: [FROZEN_LEFT] });

    const editFields = (committeeRole: string) => ({
      intent: "edit",
      name: "Dora Decider",
      title: "CEO",
      committee_role: committeeRole,
      influence: "5",
      stance: "neutral",
    });
    const fiCookie = `${cookie}; ${await localeCookieFor("fi")}`;
    const edit = await run(
      personAction,
      formRequest(`/accounts/${account.id}/committee/${dm.id}`, { ...editFields("user"), version: String(await version(dm.id)) }, fiCookie),
      { accountId: account.id, stakeholderId: dm.id },
    );
    expect(statusOf(edit)).toBe(400);
    const { result } = (edit.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } } }).data;
    expect(result.error.committee_role![0]).toMatch(/^Lähteneen henkilön roolia ei voi muuttaa/);
    expect(result.initialValue).toMatchObject({ committee_role: "user", title: "CEO" });
    // Emptied (no role) is a change too.
    const emptied = await personForm(kam.id, account.id, dm.id, { ...editFields(""), version: String(await version(dm.id)) });
    expect((emptied.value as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({ committee_role: [FROZEN_LEFT] });
    // The same form with the role as it is saves the rest.
    const same = await personForm(kam.id, account.id, dm.id, { ...editFields("decision_maker"), version: String(await version(dm.id)) });
    expect(statusOf(same)).toBe(302);

    expect(await role(dm.id)).toBe("decision_maker");
    expect((await figures(account.id)).signals).toEqual(before.signals);
  });

  it("the API (422) and the import (refused at the role column) refuse it, also together with a leaving or a return", async () => {
    const { kam, account, dm } = await departed();
    const before = await figures(account.id);
    const token = await kamToken(kam);
    expect(await putStakeholder(token, { external_id: "S-DM", name: "Dora Decider", committee_role: "user" })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "committee_role", reason: FROZEN_LEFT }] },
    });
    // Back and re-labelled in one request: the return is recorded first, on its own.
    expect(await putStakeholder(token, { external_id: "S-DM", name: "Dora Decider", committee_role: null, left_on: null })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "committee_role", reason: FROZEN_LEFT }] },
    });
    const job = await runImport(kam, "stakeholders", ["account;id;name;role", "C-1;S-DM;Dora Decider;user"].join("\n"), { mode: "valid_rows" });
    expect(job).toMatchObject({ status: "done", rejected: 1 });
    expect(job.errors.map((e) => ({ field: e.field, reason: e.reason }))).toEqual([{ field: "committee_role", reason: FROZEN_LEFT }]);
    expect(await role(dm.id)).toBe("decision_maker");
    expect(await figures(account.id)).toEqual(before);

    // An active champion re-labelled in the request that records her leaving: refused; she leaves as champion.
    await createStakeholder(db(), { account_id: account.id, committee_role: "champion", influence: 4, name: "Cilla Champion", external_id: "S-CH" });
    expect(await putStakeholder(token, { external_id: "S-CH", name: "Cilla Champion", committee_role: "user", left_on: today })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "committee_role", reason: FROZEN_LEAVING }] },
    });
    expect((await putStakeholder(token, { external_id: "S-CH", name: "Cilla Champion", left_on: today })).status).toBe(200);
    expect((await figures(account.id)).signals.filter((s) => s === "key_person_left:high")).toHaveLength(2);
  });

  it("the gap closes only when someone present holds the role: the successor's hand-over", async () => {
    const { kam, account, dm, heir } = await departed();
    const res = await personForm(kam.id, account.id, dm.id, {
      intent: "handover",
      version: String(await version(dm.id)),
      successor_id: heir.id,
      take_role: "on",
    });
    expect(statusOf(res)).toBe(302);
    expect(await role(heir.id)).toBe("decision_maker");
    expect((await figures(account.id)).signals).not.toContain("key_person_left:high");
  });
});
