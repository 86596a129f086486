import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { demoSignIns } from "#app/models/demo-sign-ins.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { loadGeneratedAccounts } from "#tests/factories/index.ts";
import { db } from "#app/utils/db.server.ts";
import { personAdvocacy, listInfluentialPromoters } from "#app/models/advocacy.server.ts";
import { handoverView } from "#app/models/handover.server.ts";
import { rescoreAllAccounts } from "#app/models/scores.server.ts";
import { listPlannedSurprises } from "#app/models/surprise-plans.server.ts";
import { seedExperienceStory } from "#db/seed/experience-story.ts";
import { dateSignalsByCause } from "#db/seed/signal-dates.ts";

const today = new Date("2026-11-23T12:00:00Z");

describe("loading generated data", () => {
  it("writes accounts with all their rows, keeping every database constraint", async () => {
    // A small flush threshold makes the loader write in several transactions.
    const { generated, loaded } = await loadGeneratedAccounts(db(), { seed: 11, today, accounts: 6, portalAccounts: 3, flushAt: 3_000 });
    const expected = { touchpoints: generated.touchpoints, expectations: generated.expectations };

    const count = (table: "accounts" | "touchpoints" | "expectations") =>
      db().selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow().then((r) => r.n);
    expect(await count("accounts")).toBe(6);
    expect(await count("touchpoints")).toBe(expected.touchpoints);
    expect(await count("expectations")).toBe(expected.expectations);
    expect(loaded.touchpoints).toBe(expected.touchpoints);

    const kestila = await db()
      .selectFrom("accounts")
      .innerJoin("users", "users.id", "accounts.owner_id")
      .select(["accounts.name", "users.email"])
      .where("accounts.name", "=", "Kestilä Logistics Oy")
      .executeTakeFirstOrThrow();
    expect(kestila.email).toBe("kam@pohjola.example");
    const access = await db().selectFrom("portal_access").selectAll().execute();
    expect(access).toHaveLength(3);
    // Not the demo password: a database like this one lists no demo sign-ins.
    expect(await demoSignIns(db())).toBeNull();
  });

  it("lists the demo sign-ins, customers with their accounts, when the database is the demo", async () => {
    const hash = await hashPassword("kohtaamo-demo");
    await loadGeneratedAccounts(db(), { seed: 11, today, accounts: 2, portalAccounts: 2, passwordHash: hash });
    const lines = (await demoSignIns(db()))!;
    expect(lines[0]).toBe('Demo sign-ins (password "kohtaamo-demo"):');
    expect(lines.join("\n")).toMatch(/admin@pohjola\.example +administrator/);
    expect(lines.join("\n")).toMatch(/director@pohjola\.example +sales director/);
    expect(lines.join("\n")).toMatch(/kam@pohjola\.example +key account manager/);
    expect(lines[4]).toMatch(/^ {2}customer@kestila\.example +customer portal of Kestilä Logistics Oy$/);
    expect(lines).toHaveLength(6);
  });
});

describe("the demo's experience story, made through the app's models", () => {
  it("hands Kestilä's CFO over to his successor, records and plans surprises, and lets portal users rate against what they expected", async () => {
    const now = new Date();
    await loadGeneratedAccounts(db(), { seed: 20261122, today: now, accounts: 10, portalAccounts: 10 });

    const counts = await seedExperienceStory(db(), now, 20261122);
    expect(counts).toMatchObject({ handovers: 1, plannedSurprises: 6 });
    await rescoreAllAccounts(db(), now);
    await dateSignalsByCause(db(), now);

    // The handover: the CFO left two weeks ago, his successor holds the renewal's pricing proposal and his role.
    const kestila = await db().selectFrom("accounts").select("id").where("name", "=", "Kestilä Logistics Oy").executeTakeFirstOrThrow();
    const people = await db().selectFrom("stakeholders").selectAll().where("account_id", "=", kestila.id).execute();
    const mervi = people.find((p) => p.name === "Mervi Kallio")!;
    const cfo = people.find((p) => p.successor_id === mervi.id)!;
    expect(cfo.left_on).not.toBeNull();
    expect(mervi.committee_role).toBe("economic_buyer");
    const view = await handoverView(db(), kestila.id, mervi.id);
    expect(view.predecessors).toHaveLength(1);
    expect(view.predecessors[0]!.firstMeetingPending).toBe(true);
    expect(view.predecessors[0]!.promises.find((p) => p.title === "Sopimuksen jatkon hinnoitteluehdotus")).toMatchObject({ handedOver: true, status: "open" });
    const pricing = await db().selectFrom("expectations").select("holder_stakeholder_id").where("title", "=", "Sopimuksen jatkon hinnoitteluehdotus").executeTakeFirstOrThrow();
    expect(pricing.holder_stakeholder_id).toBe(mervi.id);
    const plans = await db().selectFrom("planned_touchpoints").selectAll().where("account_id", "=", kestila.id).execute();
    const firstMeeting = plans.find((p) => p.moment_of_truth)!;
    expect(firstMeeting).toMatchObject({ state: "planned", stakeholder_ids: [mervi.id] });
    expect(new Date(firstMeeting.planned_for) > now).toBe(true);
    expect(new Date(firstMeeting.created_at) < now).toBe(true);

    // Surprises: the champion's recorded one with its effect, the successor's still planned.
    const surprises = await listPlannedSurprises(db(), kestila.id);
    expect(surprises.planned).toBe(1);
    expect(surprises.outcomes).toHaveLength(1);
    expect(surprises.outcomes[0]!.people[0]!.effect).toMatchObject({ enoughData: true, csat: { after: 5 } });
    const surprise = await db().selectFrom("touchpoints").selectAll().where("id", "=", surprises.outcomes[0]!.touchpointId).executeTakeFirstOrThrow();
    expect(surprise.positive_surprise).toBe(true);
    expect(now.getTime() - new Date(surprise.occurred_at).getTime()).toBeGreaterThan(60 * 86_400_000);

    // The champion, a promoter with influence, holds an open surprise: not now for a reference.
    const champion = people.find((p) => p.committee_role === "champion" && p.left_on === null)!;
    expect(await personAdvocacy(db(), kestila.id, champion.id)).toMatchObject({ latestNps: 9, readiness: "not_now" });
    expect((await listInfluentialPromoters(db(), null)).some((p) => p.id === champion.id && p.readiness === "not_now")).toBe(true);

    // Ratings: by the portal users only, spread over the last weeks, agreeing with what happened;
    // at the account that fares worst lately a run of "below", and its signal dated to the run's third.
    const ratings = await db()
      .selectFrom("experience_ratings as r")
      .innerJoin("portal_access as p", (j) => j.onRef("p.account_id", "=", "r.account_id").onRef("p.user_id", "=", "r.user_id"))
      .select(["r.account_id", "r.rating", "r.rated_at", "r.stakeholder_id", "p.stakeholder_id as portal_person"])
      .execute();
    expect(ratings.length).toBe(counts.ratings);
    expect(ratings.length).toBeGreaterThan(15);
    for (const r of ratings) {
      expect(r.stakeholder_id).toBe(r.portal_person);
      expect(new Date(r.rated_at) <= now).toBe(true);
    }
    expect(new Set(ratings.map((r) => new Date(r.rated_at).toISOString().slice(0, 10))).size).toBeGreaterThan(8);
    expect(new Set(ratings.map((r) => r.rating))).toEqual(new Set(["below", "as", "above"]));
    const below = await db().selectFrom("risk_signals").selectAll().where("rule", "=", "below_expected").where("resolved_at", "is", null).execute();
    expect(below.length).toBeGreaterThanOrEqual(1);
    for (const s of below) expect(new Date(s.first_seen_at) < new Date(now.getTime() - 3_600_000)).toBe(true);
  });
});
