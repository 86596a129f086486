import { describe, expect, it } from "vitest";
import { calendarDate, instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { listPlannedSurprises } from "#app/models/surprise-plans.server.ts";
import { action as plansAction } from "#app/routes/_app.accounts.$accountId_.plans.tsx";
import { action as logAction, loader as logLoader } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { loader as experienceLoader } from "#app/routes/_app.accounts.$accountId_.experience.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Planned positive surprises: a plan for a named person, marked a positive
// surprise when recorded (whatever the log form said), its effect that
// person's next answer against the one before; "not enough data" until then.

const today = calendarDate();

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Aho", committee_role: "champion" });
  return { kam, account, anna, cookie: await sessionCookieFor(kam.id) };
}

function planFields(over: Record<string, string>, people: string[]) {
  const fields = new URLSearchParams({ intent: "plan", formId: "new", kind: "call", planned_for: `${today}T00:01`, title: "Thank-you note and coffee", submission_id: crypto.randomUUID(), ...over });
  for (const p of people) fields.append("stakeholder_ids", p);
  return fields;
}

const post = (url: string, body: URLSearchParams, cookie: string) =>
  request(url, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" }, cookie });

describe("planned positive surprises", () => {
  it("need a person, are marked a positive surprise when recorded, and show the person's next answer against the one before", async () => {
    const w = await world();
    const url = `/accounts/${w.account.id}/plans`;
    // A surprise for nobody is refused beside the people, what was typed kept.
    const refused = await run(plansAction, post(url, planFields({ positive_surprise: "on" }, []), w.cookie), { accountId: w.account.id });
    expect(statusOf(refused)).toBe(400);
    const error = (refused.value as { data: { planError: { fields: Record<string, string>; values: Record<string, string> } } }).data.planError;
    expect(error.fields.stakeholder_ids).toBe("A surprise is for someone: choose at least one person.");
    expect(error.values.positive_surprise).toBe("on");

    expect(statusOf(await run(plansAction, post(url, planFields({ positive_surprise: "on" }, [w.anna.id]), w.cookie), { accountId: w.account.id }))).toBe(302);
    const plan = await db().selectFrom("planned_touchpoints").selectAll().where("account_id", "=", w.account.id).executeTakeFirstOrThrow();
    expect(plan.positive_surprise).toBe(true);

    // An earlier NPS of 7.
    await db().insertInto("survey_responses").values({ account_id: w.account.id, stakeholder_id: w.anna.id, kind: "nps", score: 7, answered_at: new Date(Date.now() - 90 * 86_400_000) }).execute();
    const planned = await listPlannedSurprises(db(), w.account.id);
    expect(planned).toEqual({ planned: 1, outcomes: [] });

    // The log form starts as a positive surprise; recorded with the box unticked, it is still marked one.
    const form = (await run(logLoader, request(`/accounts/${w.account.id}/touchpoints/new?plan=${plan.id}`, { cookie: w.cookie }), { accountId: w.account.id })).value as {
      defaults: { positive_surprise: boolean; occurred_at: string };
    };
    expect(form.defaults.positive_surprise).toBe(true);
    const occurred = instantToWallTime(new Date(Date.now() - 60_000), TIME_ZONE);
    const logged = await run(
      logAction,
      formRequest(`/accounts/${w.account.id}/touchpoints/new`, { intent: "create", kind: "call", occurred_at: occurred, title: "Coffee", records_plan: plan.id, stakeholder_ids: w.anna.id }, w.cookie),
      { accountId: w.account.id },
    );
    expect(statusOf(logged)).toBe(302);
    const after = await db().selectFrom("planned_touchpoints").select(["state", "touchpoint_id"]).where("id", "=", plan.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("logged");
    const tp = await db().selectFrom("touchpoints").selectAll().where("id", "=", after.touchpoint_id!).executeTakeFirstOrThrow();
    expect(tp.positive_surprise).toBe(true);

    // No answer since: not enough data, on the experience page too.
    const page = async () =>
      ((await run(experienceLoader, request(`/accounts/${w.account.id}/experience`, { cookie: w.cookie }), { accountId: w.account.id })).value as {
        surprises: Awaited<ReturnType<typeof listPlannedSurprises>>;
        experience: { moments: { positiveSurprises: number } };
      });
    let shown = await page();
    expect(shown.surprises.planned).toBe(0);
    expect(shown.surprises.outcomes[0]!.people[0]!.effect.enoughData).toBe(false);
    expect(shown.experience.moments.positiveSurprises).toBe(1);

    // She answers 9 afterwards: the effect is +2 on NPS.
    await db().insertInto("survey_responses").values({ account_id: w.account.id, stakeholder_id: w.anna.id, kind: "nps", score: 9, answered_at: new Date() }).execute();
    shown = await page();
    expect(shown.surprises.outcomes[0]!.people[0]).toMatchObject({ name: "Anna Aho", effect: { enoughData: true, nps: { before: 7, after: 9, change: 2 } } });
  });
});
