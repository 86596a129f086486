import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, instantToWallTime, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { listPlannedSurprises } from "#app/models/surprise-plans.server.ts";
import { cancelPlan, createPlan, getPlan, markPlanLogged, updatePlan } from "#app/models/planned-touchpoints.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { kamComparison, listPortfolio, portfolioSummary } from "#app/models/portfolio.server.ts";
import { myAccountsOverview } from "#app/models/my-work.server.ts";
import { refreshAccountScores, rescoreAllAccounts } from "#app/models/scores.server.ts";
import { listCommitteeContacts } from "#app/models/scoring-inputs.server.ts";
import { createTouchpoint as logTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as plansAction } from "#app/routes/_app.accounts.$accountId_.plans.tsx";
import { action as logAction, loader as logLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { loader as timelineLoader } from "#app/routes/_app.accounts.$accountId_.timeline.tsx";
import { loader as portalLoader } from "#app/routes/portal._index.tsx";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, FieldError } from "#app/utils/errors.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Planned touchpoints: on the calendar ahead, in the owner's inbox on their day,
// recorded as a touchpoint in one transaction, and never counted as contact.

const now = new Date();
const today = calendarDate(now);
const wall = (date: string, time = "10:00") => `${date}T${time}`;
const at = (date: string, time = "10:00") => wallTimeToInstant(wall(date, time), TIME_ZONE);

async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM" })), role: "kam" as const };
  const colleague = { ...(await createUser(db(), { role: "kam", name: "Kalle Colleague" })), role: "kam" as const };
  const director = { ...(await createUser(db(), { role: "director", name: "Dora Director" })), role: "director" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy", contract_value: "120000" });
  const dm = await createStakeholder(db(), { account_id: account.id, name: "Daniel Decider", committee_role: "decision_maker", influence: 5 });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Cecilia Champion", committee_role: "champion" });
  return { kam, colleague, director, account, dm, champion };
}

const plan = (over: Partial<Parameters<typeof createPlan>[3]> = {}) => ({
  kind: "meeting" as const,
  planned_for: at(today, "23:00"),
  title: "Quarterly review",
  notes: "",
  stakeholder_ids: [] as string[],
  ...over,
});

const inboxKeys = async (user: { id: string; role: "kam" | "director" | "admin" }, at?: Date) =>
  (await gatherInbox(db(), user, { now: at })).filter((i) => i.kind === "planned_touchpoint").map((i) => i.sourceId);

describe("planned touchpoints", () => {
  it("are in the owner's inbox on their day, and leave it when recorded, in the same transaction as the touchpoint", async () => {
    const w = await world();
    const p = await db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ planned_for: at(today, "00:05"), stakeholder_ids: [w.dm.id] })));
    const later = await db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ planned_for: at(addDays(today, 3)), title: "Later" })));
    expect(await inboxKeys(w.kam)).toEqual([p.id]);
    expect(await inboxKeys(w.colleague)).toEqual([]);
    // Its day comes: the later one arrives.
    expect(await inboxKeys(w.kam, at(addDays(today, 3), "08:00"))).toEqual(expect.arrayContaining([p.id, later.id]));
    const items = await gatherInbox(db(), w.kam);
    expect(items.find((i) => i.sourceId === p.id)).toMatchObject({ kind: "planned_touchpoint", dueOn: today, title: "Quarterly review" });

    // Recording a plan that was cancelled meanwhile fails as a whole: no touchpoint is left behind.
    const gone = await db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ title: "Gone" })));
    await db().transaction().execute((trx) => cancelPlan(trx, { actor: w.kam }, w.account.id, gone.id, 1));
    const before = await db().selectFrom("touchpoints").select("id").where("account_id", "=", w.account.id).execute();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          const tp = await logTouchpoint(trx, { actor: w.kam }, w.account.id, touchpointInput("Gone"));
          await markPlanLogged(trx, { actor: w.kam }, w.account.id, gone.id, tp.id);
        }),
    ).rejects.toBeInstanceOf(FieldError);
    expect(await db().selectFrom("touchpoints").select("id").where("account_id", "=", w.account.id).execute()).toEqual(before);

    // Through the log form: ?plan= prefills it, saving links the two and the item leaves the inbox.
    const cookie = await sessionCookieFor(w.kam.id);
    const shown = await run(logLoader, request(`/accounts/${w.account.id}/touchpoints/new?plan=${p.id}`, { cookie }), { accountId: w.account.id });
    const form = shown.value as { defaults: { kind: string; title: string; stakeholder_ids: string[]; occurred_at: string }; recording: { id: string } | null };
    expect(form.recording?.id).toBe(p.id);
    expect(form.defaults).toMatchObject({ kind: "meeting", title: "Quarterly review", stakeholder_ids: [w.dm.id] });
    const saved = await run(
      logAction,
      formRequest(
        `/accounts/${w.account.id}/touchpoints/new`,
        { intent: "create", kind: "meeting", occurred_at: form.defaults.occurred_at, title: "Quarterly review", stakeholder_ids: w.dm.id, records_plan: p.id, sentiment: "1" },
        cookie,
      ),
      { accountId: w.account.id },
    );
    expect(statusOf(saved)).toBe(302);
    const logged = await getPlan(db(), w.account.id, p.id);
    expect(logged).toMatchObject({ state: "logged", version: 2 });
    const tp = await db().selectFrom("touchpoints").select(["id", "title"]).where("id", "=", logged!.touchpoint_id!).executeTakeFirstOrThrow();
    expect(tp.title).toBe("Quarterly review");
    expect(await inboxKeys(w.kam)).toEqual([]);
    const audit = await db().selectFrom("audit_events").select(["entity", "action"]).where("entity_id", "=", p.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "log"]);

    // Recorded once: the same link cannot record it again.
    const again = await run(
      logAction,
      formRequest(`/accounts/${w.account.id}/touchpoints/new`, { intent: "create", kind: "meeting", occurred_at: form.defaults.occurred_at, title: "Twice", records_plan: p.id }, cookie),
      { accountId: w.account.id },
    );
    expect(statusOf(again)).toBe(400);
    expect(await db().selectFrom("touchpoints").select("id").where("title", "=", "Twice").execute()).toEqual([]);
  });

  it("are changed as last seen, refused in the past, cancelled, and audited", async () => {
    const w = await world();
    const p = await db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ planned_for: at(addDays(today, 2)) })));
    await expect(
      db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ planned_for: at(addDays(today, -1)) }))),
    ).rejects.toMatchObject({ fieldErrors: { planned_for: { key: "plan.refusal.planInPast" } } });
    await expect(
      db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ stakeholder_ids: [w.account.id] }))),
    ).rejects.toMatchObject({ fieldErrors: { stakeholder_ids: { key: "plan.refusal.stakeholderNotFound" } } });
    // Only active staff own a plan: not a customer, not a disabled colleague.
    for (const owner of [await createUser(db(), { role: "customer" }), await createUser(db(), { role: "kam", disabled_at: new Date() })]) {
      await expect(
        db().transaction().execute((trx) => createPlan(trx, { actor: w.kam }, w.account.id, plan({ owner_id: owner.id }))),
      ).rejects.toMatchObject({ fieldErrors: { owner_id: { key: "plan.refusal.ownerNotStaff" } } });
    }
    // A colleague may not plan on another's account.
    await expect(db().transaction().execute((trx) => createPlan(trx, { actor: w.colleague }, w.account.id, plan()))).rejects.toMatchObject({ key: "plan.notAllowed" });

    await db().transaction().execute((trx) => updatePlan(trx, { actor: w.kam }, w.account.id, p.id, plan({ title: "Moved", planned_for: at(addDays(today, 4)), owner_id: w.colleague.id }), 1));
    await expect(
      db().transaction().execute((trx) => updatePlan(trx, { actor: w.kam }, w.account.id, p.id, plan({ title: "Stale" }), 1)),
    ).rejects.toBeInstanceOf(ConflictError);
    // Given to the colleague: theirs to cancel now.
    await db().transaction().execute((trx) => cancelPlan(trx, { actor: w.colleague }, w.account.id, p.id, 2));
    expect(await getPlan(db(), w.account.id, p.id)).toMatchObject({ state: "cancelled", title: "Moved", owner_id: w.colleague.id, version: 3 });
    await expect(db().transaction().execute((trx) => cancelPlan(trx, { actor: w.kam }, w.account.id, p.id, 3))).rejects.toBeInstanceOf(FieldError);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity", "=", "planned_touchpoint").where("entity_id", "=", p.id).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "create", actor_id: w.kam.id },
      { action: "update", actor_id: w.kam.id },
      { action: "cancel", actor_id: w.colleague.id },
    ]);
  });

  it("keep what was typed and say why when the plan form is refused, and make one plan of a form posted twice", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const url = `/accounts/${w.account.id}/plans`;
    const refused = await run(plansAction, formRequest(url, { intent: "plan", formId: "new", kind: "meeting", planned_for: wall(addDays(today, -2)), title: "Kept title" }, cookie), { accountId: w.account.id });
    expect(statusOf(refused)).toBe(400);
    const body = (refused.value as { data: { planError: { fields: Record<string, string>; values: Record<string, string> } } }).data.planError;
    expect(body.fields.planned_for).toBe("Choose today or a later day.");
    expect(body.values.title).toBe("Kept title");
    const fields = { intent: "plan", formId: "new", kind: "call", planned_for: wall(addDays(today, 1)), title: "Once", submission_id: crypto.randomUUID() };
    expect(statusOf(await run(plansAction, formRequest(url, fields, cookie), { accountId: w.account.id }))).toBe(302);
    expect(statusOf(await run(plansAction, formRequest(url, fields, cookie), { accountId: w.account.id }))).toBe(302);
    expect(await db().selectFrom("planned_touchpoints").select("title").where("account_id", "=", w.account.id).execute()).toEqual([{ title: "Once" }]);
  });

  it("never count as contact: twenty planned meetings with the whole committee improve no figure", async () => {
    const w = await world();
    // Some real history: the decision maker last met 120 days ago, an overdue promise, a recent call with the champion.
    await contact(w.account.id, w.dm.id, addDays(today, -120));
    await contact(w.account.id, w.champion.id, addDays(today, -10));
    await createExpectation(db(), { account_id: w.account.id, title: "Late report", due_date: addDays(today, -5), importance: 3 });
    await createExpectation(db(), { account_id: w.account.id, title: "Kept", due_date: addDays(today, -20), status: "resolved", outcome: "kept", delivered_on: addDays(today, -21) });
    const other = await createAccount(db(), { owner_id: w.kam.id, name: "Toinen Oy", contract_value: "40000" });
    await rescoreAllAccounts(db(), now);
    const before = await figures(w, other.id);

    // Twenty plans through the real form: today (some already past), tomorrow, with everyone,
    // and a few "forgotten" ones days ago (written straight to the table, as a bulk tool might).
    const cookie = await sessionCookieFor(w.kam.id);
    for (let i = 0; i < 17; i++) {
      const fields = new URLSearchParams({
        intent: "plan",
        formId: "new",
        kind: ["meeting", "business_review", "call"][i % 3]!,
        planned_for: instantToWallTime(i % 2 ? now : new Date(now.getTime() + i * 3_600_000), TIME_ZONE),
        title: `Planned ${i}`,
        submission_id: crypto.randomUUID(),
      });
      // Every third one is a planned positive surprise: no more a figure than any plan.
      if (i % 3 === 0) fields.append("positive_surprise", "on");
      fields.append("stakeholder_ids", w.dm.id);
      fields.append("stakeholder_ids", w.champion.id);
      const res = await run(plansAction, request(`/accounts/${w.account.id}/plans`, { method: "POST", body: fields, headers: { "Content-Type": "application/x-www-form-urlencoded" }, cookie }), { accountId: w.account.id });
      expect(statusOf(res)).toBe(302);
    }
    for (let i = 0; i < 3; i++) {
      await db().insertInto("planned_touchpoints").values({ account_id: w.account.id, kind: "meeting", planned_for: at(addDays(today, -3 - i)), title: `Forgotten ${i}`, stakeholder_ids: [w.dm.id, w.champion.id], owner_id: w.kam.id, created_by: w.kam.id }).execute();
    }
    expect(await db().selectFrom("planned_touchpoints").select("id").where("account_id", "=", w.account.id).execute()).toHaveLength(20);
    expect(await db().selectFrom("planned_touchpoints").select("id").where("account_id", "=", w.account.id).where("positive_surprise", "=", true).execute()).toHaveLength(6);

    await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id, now));
    await rescoreAllAccounts(db(), now);
    expect(await figures(w, other.id)).toEqual(before);

    // They are on the timeline, marked planned, apart from the touchpoints; the customer sees none of them.
    const timeline = await run(timelineLoader, request(`/accounts/${w.account.id}/timeline`, { cookie }), { accountId: w.account.id });
    const tl = timeline.value as { planned: { title: string; state: string }[]; timeline: { touchpoints: { title: string }[] } };
    expect(tl.planned).toHaveLength(20);
    expect(tl.timeline.touchpoints.map((t) => t.title).filter((t) => /Planned|Forgotten/.test(t))).toEqual([]);
    const person = await createStakeholder(db(), { account_id: w.account.id, name: "Pirkko Portal" });
    const customer = await createPortalUser(db(), w.account.id, person.id);
    const portal = await run(portalLoader, request("/portal", { cookie: await sessionCookieFor(customer.id) }), {});
    expect(JSON.stringify(portal.value)).not.toMatch(/Planned \d|Forgotten/);
    const inScope = await withPortalScope(w.account.id, (trx) => trx.selectFrom("planned_touchpoints").select("title").execute()).then(
      (rows) => rows.length,
      (e: { code?: string }) => e.code,
    );
    expect([0, "42501"]).toContain(inScope);

    // The same figures do move for one real meeting with the decision maker (the comparison has teeth).
    await db()
      .transaction()
      .execute((trx) => logTouchpoint(trx, { actor: w.kam }, w.account.id, { ...touchpointInput("Real meeting"), stakeholder_ids: [w.dm.id], sentiment: 2 }));
    const after = await figures(w, other.id);
    expect(after.contacts).not.toEqual(before.contacts);
    expect(after.scores).not.toEqual(before.scores);
  });
});

function touchpointInput(title: string) {
  return {
    kind: "meeting" as const,
    occurred_at: new Date(now.getTime() - 60_000),
    title,
    summary: "",
    internal_notes: "",
    stakeholder_ids: [],
    user_ids: [],
    emotion_tags: [],
    moment_of_truth: false,
    positive_surprise: false,
    shared_with_customer: false,
  };
}

async function contact(accountId: string, stakeholderId: string, day: string) {
  const tp = await createTouchpoint(db(), { account_id: accountId, kind: "meeting", occurred_at: at(day), title: `Met ${day}`, sentiment: 1 });
  await db().insertInto("touchpoint_stakeholders").values({ account_id: accountId, touchpoint_id: tp.id, stakeholder_id: stakeholderId, occurred_at: at(day) }).execute();
}

/** Every figure a plan could be mistaken into: health and its factors, coverage, recency, predictability, the portfolio. */
async function figures(w: Awaited<ReturnType<typeof world>>, otherId: string) {
  const scores = await db().selectFrom("account_scores").selectAll().where("account_id", "in", [w.account.id, otherId]).orderBy("account_id").execute();
  const snapshots = await db().selectFrom("health_snapshots").selectAll().where("account_id", "=", w.account.id).execute();
  const signals = await db().selectFrom("risk_signals").select(["rule", "severity", "evidence_id", "resolved_at"]).where("account_id", "=", w.account.id).orderBy("rule").execute();
  const contacts = await listCommitteeContacts(db(), w.account.id);
  const page = await run(accountLoader, request(`/accounts/${w.account.id}`, { cookie: await sessionCookieFor(w.kam.id) }), { accountId: w.account.id });
  expect(statusOf(page)).toBe(200);
  const { health, brief, openExpectations, recent } = page.value as Record<string, unknown>;
  const scope = { today };
  const portfolio = await listPortfolio(db(), scope, { sort: "health", dir: "asc" });
  return {
    scores: scores.map(({ computed_at: _c, ...rest }) => rest),
    snapshots,
    signals,
    contacts,
    // The brief names the next planned meeting and its people (what to prepare for): that is the plan itself, not a figure.
    page: JSON.parse(JSON.stringify({ health, brief: { ...(brief as object), now: null, meeting: null }, openExpectations, recent })),
    portfolio: JSON.parse(JSON.stringify(portfolio.accounts)),
    summary: JSON.parse(JSON.stringify(await portfolioSummary(db(), scope))),
    kams: JSON.parse(JSON.stringify(await kamComparison(db(), scope))),
    myAccounts: JSON.parse(JSON.stringify(await myAccountsOverview(db(), w.kam.id))),
    // The experience figures: positive surprises and moments of truth, the account's and the portfolio's.
    experience: JSON.parse(JSON.stringify(await loadExperience(db(), { accountId: w.account.id }, { today, months: 12 }))),
    portfolioExperience: JSON.parse(JSON.stringify(await loadExperience(db(), { ownerId: null }, { today, months: 12 }))),
    surprises: (await listPlannedSurprises(db(), w.account.id)).outcomes,
  };
}
