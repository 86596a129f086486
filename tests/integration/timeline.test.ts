import { CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { listTimeline, timelineQuery } from "#app/models/timeline.server.ts";
import { parseTimelineFilters } from "#app/schemas/timeline.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";

async function accountWithTouchpoints(count: number) {
  const owner = await createUser(db());
  const account = await createAccount(db(), { owner_id: owner.id });
  // Generated in SQL: many rows fast, several sharing a timestamp to exercise the id tie-break.
  await sql`
    insert into touchpoints (account_id, kind, occurred_at, title, sentiment, shared_with_customer)
    select ${account.id}::uuid,
           (array['meeting','call','email','invoice','support_case'])[1 + i % 5],
           timestamptz '2026-01-01T00:00:00Z' + ((i / 3) * interval '1 hour'),
           'T' || i,
           (i % 5) - 2,
           i % 2 = 0
    from generate_series(1, ${count}) as i`.execute(db());
  return { owner, account };
}

describe("timeline paging", () => {
  it("walks every touchpoint once, newest first, with keyset cursors", async () => {
    const { account } = await accountWithTouchpoints(95);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let previous: { at: number; id: string } | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTimeline>> = await listTimeline(db(), account.id, { cursor, limit: 20 });
      for (const t of page.touchpoints) {
        const at = new Date(t.occurred_at).getTime();
        if (previous) expect(at < previous.at || (at === previous.at && t.id < previous.id)).toBe(true);
        previous = { at, id: t.id };
        seen.push(t.id);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
  });

  it("ignores a forged cursor and starts from the newest", async () => {
    const { account } = await accountWithTouchpoints(5);
    const page = await listTimeline(db(), account.id, { cursor: "eyJoYWNrIjoxfQ", limit: 10 });
    expect(page.touchpoints).toHaveLength(5);
  });

  it("reads the timeline through its index, on the first page and deep in the history", async () => {
    const { account } = await accountWithTouchpoints(3000);
    await sql`analyze touchpoints`.execute(db());
    const first = await listTimeline(db(), account.id, { limit: 25 });
    let cursor = first.nextCursor;
    for (let i = 0; i < 40; i++) cursor = (await listTimeline(db(), account.id, { cursor, limit: 25 })).nextCursor;
    expect(cursor).not.toBeNull();
    for (const c of [null, cursor]) {
      // The page's own query, exactly as the app sends it.
      const compiled = timelineQuery(db(), account.id, { cursor: c, limit: 25 }).compile();
      const { rows } = await db().executeQuery<{ "QUERY PLAN": unknown }>(
        CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
      );
      const plan = (rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
      expect(JSON.stringify(plan)).toContain('"Index Name":"touchpoints_timeline_idx"');
      // The index gives the order: no sort has the touchpoints table beneath it.
      const sortsOverTouchpoints = nodes(plan).filter(
        (n) => n["Node Type"] === "Sort" && nodes(n).some((m) => m["Relation Name"] === "touchpoints"),
      );
      expect(sortsOverTouchpoints).toEqual([]);
    }
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe("timeline filters", () => {
  it("filters by kind, sentiment, sharing and participant", async () => {
    const owner = await createUser(db(), { name: "Kalle" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna" });
    const base = { account_id: account.id, occurred_at: new Date("2026-05-01T10:00:00Z") };
    const meeting = await createTouchpoint(db(), { ...base, kind: "meeting", title: "Meeting", sentiment: 2, shared_with_customer: true });
    const call = await createTouchpoint(db(), { ...base, kind: "call", title: "Call", sentiment: -1 });
    await createTouchpoint(db(), { ...base, kind: "email", title: "Email" });
    await db().insertInto("touchpoint_stakeholders").values({ account_id: account.id, touchpoint_id: call.id, stakeholder_id: anna.id, occurred_at: base.occurred_at }).execute();
    await db().insertInto("touchpoint_users").values({ account_id: account.id, touchpoint_id: meeting.id, user_id: owner.id }).execute();

    const titles = async (query: string) =>
      (await listTimeline(db(), account.id, { filters: parseTimelineFilters(new URLSearchParams(query)) })).touchpoints
        .map((t) => t.title)
        .sort();
    expect(await titles("")).toEqual(["Call", "Email", "Meeting"]);
    expect(await titles("kind=meeting&kind=call")).toEqual(["Call", "Meeting"]);
    expect(await titles("sentiment=negative")).toEqual(["Call"]);
    expect(await titles("sentiment=recorded")).toEqual(["Call", "Meeting"]);
    expect(await titles("shared=yes")).toEqual(["Meeting"]);
    expect(await titles("shared=no")).toEqual(["Call", "Email"]);
    expect(await titles(`person=${anna.id}`)).toEqual(["Call"]);
    expect(await titles(`person=${owner.id}`)).toEqual(["Meeting"]);
    // A broken filter is dropped, the good ones kept.
    expect(await titles("kind=meeting&sentiment=furious&from=yesterday")).toEqual(["Meeting"]);
  });

  it("reads from and to as whole days in Helsinki time", async () => {
    const owner = await createUser(db());
    const account = await createAccount(db(), { owner_id: owner.id });
    // 22:30 UTC on 31 May is 01:30 on 1 June in Helsinki (UTC+3 in summer).
    await createTouchpoint(db(), { account_id: account.id, title: "Late", occurred_at: new Date("2026-05-31T22:30:00Z") });
    await createTouchpoint(db(), { account_id: account.id, title: "Early", occurred_at: new Date("2026-05-31T20:30:00Z") });
    const titles = async (query: string) =>
      (await listTimeline(db(), account.id, { filters: parseTimelineFilters(new URLSearchParams(query)) })).touchpoints.map((t) => t.title);
    expect(await titles("from=2026-06-01")).toEqual(["Late"]);
    expect(await titles("to=2026-05-31")).toEqual(["Early"]);
    expect(await titles("from=2026-05-31&to=2026-06-01")).toEqual(["Late", "Early"]);
  });
});
