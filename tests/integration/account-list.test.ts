import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { addDays } from "#app/domain/dates.ts";
import { loader as listLoader } from "#app/routes/_app.accounts._index.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The accounts list through its route: each filter of the URL narrows the
// list, they combine, and keyset paging walks the whole list once.

const today = calendarDate();

interface ListPage {
  accounts: { id: string; name: string }[];
  nextCursor: string | null;
  filtered: boolean;
}

async function list(userId: string, query: string): Promise<ListPage> {
  const res = await run(listLoader, request(`/accounts?${query}`, { cookie: await sessionCookieFor(userId) }));
  expect(statusOf(res)).toBe(200);
  return res.value as ListPage;
}
const names = (page: ListPage) => page.accounts.map((a) => a.name);

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const kam2 = await createUser(db(), { role: "kam" });
  const director = await createUser(db(), { role: "director" });
  const make = (name: string, extra: Parameters<typeof createAccount>[1]) => createAccount(db(), { name, ...extra });
  await make("Aalto Freight Oy", { owner_id: kam.id, lifecycle_stage: "renewal", tier: "strategic", renewal_date: addDays(today, 20) });
  await make("Borealis Ab", { owner_id: kam.id, lifecycle_stage: "adoption", tier: "key", renewal_date: addDays(today, 80) });
  await make("Cedar Retail Oy", { owner_id: kam2.id, lifecycle_stage: "renewal", tier: "key", renewal_date: addDays(today, 170) });
  await make("Delta Metals Oy", { owner_id: kam2.id, lifecycle_stage: "at_risk", tier: "growth", renewal_date: addDays(today, 400) });
  await make("Elm Foods Oy", { owner_id: kam.id, lifecycle_stage: "renewal", tier: "strategic", renewal_date: addDays(today, -5) });
  await make("Fjord Archived Oy", { owner_id: kam.id, lifecycle_stage: "renewal", archived_at: new Date() });
  return { kam, kam2, director };
}

describe("the accounts list", () => {
  it("filters by stage, tier, owner and renewal window, alone and together", async () => {
    const { kam, kam2, director } = await world();
    const all = "scope=all";
    expect(names(await list(director.id, all))).toEqual([
      "Aalto Freight Oy",
      "Borealis Ab",
      "Cedar Retail Oy",
      "Delta Metals Oy",
      "Elm Foods Oy",
    ]);
    expect(names(await list(director.id, `${all}&stage=renewal`))).toEqual(["Aalto Freight Oy", "Cedar Retail Oy", "Elm Foods Oy"]);
    expect(names(await list(director.id, `${all}&tier=key`))).toEqual(["Borealis Ab", "Cedar Retail Oy"]);
    expect(names(await list(director.id, `${all}&owner=${kam2.id}`))).toEqual(["Cedar Retail Oy", "Delta Metals Oy"]);
    // Renewal windows count from today: a renewal already past is in none of them.
    expect(names(await list(director.id, `${all}&renewal=30`))).toEqual(["Aalto Freight Oy"]);
    expect(names(await list(director.id, `${all}&renewal=90`))).toEqual(["Aalto Freight Oy", "Borealis Ab"]);
    expect(names(await list(director.id, `${all}&renewal=180`))).toEqual(["Aalto Freight Oy", "Borealis Ab", "Cedar Retail Oy"]);
    expect(names(await list(director.id, `${all}&stage=renewal&tier=strategic&renewal=365`))).toEqual(["Aalto Freight Oy"]);
    expect(names(await list(director.id, `${all}&stage=renewal&archived=1`))).toContain("Fjord Archived Oy");
    expect((await list(director.id, `${all}&stage=renewal`)).filtered).toBe(true);
    // A KAM's own list by default; the filters apply within it.
    expect(names(await list(kam.id, "stage=renewal"))).toEqual(["Aalto Freight Oy", "Elm Foods Oy"]);
    // A bad filter in a hand-edited URL shows the unfiltered list, not an error.
    expect(names(await list(director.id, `${all}&renewal=7`))).toHaveLength(5);
    expect(names(await list(director.id, `${all}&stage=sleeping`))).toHaveLength(5);
  });

  it("pages through many accounts with a cursor: each once, in name order, filters kept", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const rows = Array.from({ length: 120 }, (_, i) => ({
      name: `Paging ${String(i).padStart(3, "0")} Oy`,
      owner_id: kam.id,
      lifecycle_stage: i % 2 === 0 ? "renewal" : "adoption",
    }));
    await db().insertInto("accounts").values(rows).execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListPage = await list(kam.id, `stage=renewal${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(rows.filter((r) => r.lifecycle_stage === "renewal").map((r) => r.name));
  });
});
