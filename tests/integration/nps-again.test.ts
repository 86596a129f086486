import { describe, expect, it } from "vitest";
import { npsQuestionOpen } from "#app/models/nps-again.server.ts";
import { action as accessAction, loader as accessLoader } from "#app/routes/_app.accounts.$accountId_.portal-access.tsx";
import { action as feedbackAction, loader as feedbackLoader } from "#app/routes/portal.feedback.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const DAY = 86_400_000;

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const otherKam = await createUser(db(), { role: "kam", name: "Olli Other" });
  const director = await createUser(db(), { role: "director" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", email: "chris@a.example" });
  const customer = await createPortalUser(db(), account.id, champion.id);
  return { kam, otherKam, director, account, champion, customer, customerCookie: await sessionCookieFor(customer.id) };
}
type W = Awaited<ReturnType<typeof world>>;

const answer = (w: W, score: string) =>
  run(feedbackAction, formRequest("/portal/feedback", { intent: "nps", score, comment: "" }, w.customerCookie));
const askAgain = async (w: W, actorId: string, stakeholderId = w.champion.id) =>
  run(
    accessAction,
    formRequest(`/accounts/${w.account.id}/portal-access`, { intent: "ask_nps", stakeholder_id: stakeholderId }, await sessionCookieFor(actorId)),
    { accountId: w.account.id },
  );
const portalNps = async (w: W) =>
  ((await run(feedbackLoader, request("/portal/feedback", { cookie: w.customerCookie }))).value as {
    nps: { canAnswer: boolean; askedAgain: boolean } | null;
  }).nps;

describe("when the NPS question is open", () => {
  const answered = new Date("2026-05-01T09:00:00Z");
  it("is open without an answer, closed for 90 days after one, and open again once asked again", () => {
    expect(npsQuestionOpen(null, null, answered)).toBe(true);
    expect(npsQuestionOpen(answered, null, new Date(answered.getTime() + 30 * DAY))).toBe(false);
    expect(npsQuestionOpen(answered, null, new Date(answered.getTime() + 90 * DAY))).toBe(true);
    // Asked again after the answer: open; an ask before the last answer was used up by it.
    expect(npsQuestionOpen(answered, new Date(answered.getTime() + DAY), new Date(answered.getTime() + 2 * DAY))).toBe(true);
    expect(npsQuestionOpen(answered, new Date(answered.getTime() - DAY), new Date(answered.getTime() + 2 * DAY))).toBe(false);
  });
});

describe("asking the NPS question again", () => {
  it("opens the question in the portal within 90 days, for one answer, and audits the ask", async () => {
    const w = await world();
    expect(statusOf(await answer(w, "9"))).toBe(302);
    expect(statusOf(await answer(w, "4"))).toBe(400);
    expect(await portalNps(w)).toMatchObject({ canAnswer: false, askedAgain: false });

    // The staff page offers the button only while the question is closed.
    const page = await run(accessLoader, request(`/accounts/${w.account.id}/portal-access`, { cookie: await sessionCookieFor(w.kam.id) }), {
      accountId: w.account.id,
    });
    const row = (page.value as { access: { stakeholder_id: string; npsState: string }[] }).access[0]!;
    expect(row).toMatchObject({ stakeholder_id: w.champion.id, npsState: "closed" });

    const asked = await askAgain(w, w.kam.id);
    expect(statusOf(asked)).toBe(302);
    expect(await portalNps(w)).toMatchObject({ canAnswer: true, askedAgain: true });
    const audit = await db()
      .selectFrom("audit_events")
      .select(["actor_id", "entity", "entity_id", "action"])
      .where("action", "=", "ask_nps_again")
      .execute();
    expect(audit).toEqual([{ actor_id: w.kam.id, entity: "stakeholder", entity_id: w.champion.id, action: "ask_nps_again" }]);

    // One answer, then closed again for 90 days.
    expect(statusOf(await answer(w, "4"))).toBe(302);
    expect(statusOf(await answer(w, "2"))).toBe(400);
    expect(await portalNps(w)).toMatchObject({ canAnswer: false, askedAgain: false });
    const scores = await db().selectFrom("survey_responses").select("score").orderBy("answered_at").execute();
    expect(scores.map((s) => s.score)).toEqual([9, 4]);
  });

  it("is for the account's KAM or an administrator, about a present person with portal access", async () => {
    const w = await world();
    expect(statusOf(await askAgain(w, w.otherKam.id))).toBe(403);
    expect(statusOf(await askAgain(w, w.director.id))).toBe(403);
    const noPortal = await createStakeholder(db(), { account_id: w.account.id, name: "Nina Noportal" });
    const refused = await askAgain(w, w.kam.id, noPortal.id);
    expect(statusOf(refused)).toBe(302);
    expect((refused.value as Response).headers.get("Set-Cookie")).toBeTruthy();
    const stored = await db()
      .selectFrom("stakeholders")
      .select(["id", "nps_asked_again_at"])
      .where("account_id", "=", w.account.id)
      .orderBy("name")
      .execute();
    expect(stored.every((s) => s.nps_asked_again_at === null)).toBe(true);
    const admin = await createUser(db(), { role: "admin" });
    expect(statusOf(await askAgain(w, admin.id))).toBe(302);
    const champion = await db()
      .selectFrom("stakeholders")
      .select(["nps_asked_again_at", "nps_asked_again_by"])
      .where("id", "=", w.champion.id)
      .executeTakeFirstOrThrow();
    expect(champion.nps_asked_again_by).toBe(admin.id);
    expect(champion.nps_asked_again_at).toBeInstanceOf(Date);
  });
});
