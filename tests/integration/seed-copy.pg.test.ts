import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { copyWriter, STOOD_IN_FOR } from "#db/seed/copy.ts";
import {
  generateAccount,
  generatePortalUsers,
  generateUsers,
  kamsOf,
  SEED_SIZES,
  type AccountRows,
} from "#db/seed/generate.ts";
import { insertBatched, LOADED_TABLES, SeedLoader, type SeedRow } from "#db/seed/load.ts";
import { refreshExperienceMonths } from "#app/models/experience-months.server.ts";
import { truncateAll } from "#tests/setup/test-db.ts";

// The seed's COPY path (db/seed/copy.ts) against its INSERT path, on a real
// server (COPY FROM STDIN is a server's protocol; this file runs only with
// TEST_DATABASE_URL): the same generated accounts, with values no generator
// writes today (tabs, newlines, backslashes, quotes in text, arrays and JSON),
// must leave the same rows.

const today = new Date("2026-11-23T12:00:00Z");
const url = () => process.env.DATABASE_URL!;

function world() {
  const users = generateUsers(SEED_SIZES.demo, 11, "not-a-real-hash");
  const base = { size: SEED_SIZES.demo, seed: 11, today, kams: kamsOf(users) };
  const portalUsers = generatePortalUsers(base, "not-a-real-hash", 2);
  const ctx = { ...base, portalUsers };
  // The first account is the big one (600 touchpoints at this size, the showcase story, a portal user).
  const accounts = [0, 1, 2, 3].map((i) => generateAccount(i, ctx));
  roughen(accounts[1]!);
  return { users: [...users, ...portalUsers.filter((u) => u !== undefined)], accounts };
}

/** Values COPY's text format must escape, in every kind of column the generator fills. */
function roughen(rows: AccountRows) {
  const [t0, t1, t2] = rows.touchpoints;
  Object.assign(t0!, {
    title: "Tab\there, newline\nthere, CR\r, backslash \\ and \\N",
    summary: "Quotes \" and ' and {braces}, commas, ä ö å € 😀",
    internal_notes: "\\",
    emotion_tags: ['say "hi"', "a,b", "back\\slash", "tab\tnewline\n", ""],
  });
  Object.assign(t1!, { title: "\\N", summary: "", emotion_tags: [] });
  Object.assign(t2!, {
    title: "ends with a backslash\\",
    title_key: "committeeChange.left",
    title_params: { name: 'Ann "A"\n\\', n: 3, list: ["x", null], nested: { ok: true } },
  });
  rows.stakeholders[0]!.name = "Säde\tTab-Nieminen";
  const change = rows.expectationChanges[0]!;
  change.details = { note: "line\nbreak\t\\", quote: '"', empty: "" };
}

const given = (accounts: AccountRows[]) => {
  // Columns the generated rows give, per table (a column left out takes its default in both paths).
  const out = new Map<string, Set<string>>();
  const keys: [keyof AccountRows, string][] = [
    ["stakeholders", "stakeholders"],
    ["touchpoints", "touchpoints"],
    ["touchpointStakeholders", "touchpoint_stakeholders"],
    ["touchpointUsers", "touchpoint_users"],
    ["invoices", "touchpoint_invoices"],
    ["supportCases", "touchpoint_support_cases"],
    ["expectations", "expectations"],
    ["expectationChanges", "expectation_changes"],
    ["surveys", "survey_responses"],
    ["portalAccess", "portal_access"],
  ];
  for (const a of accounts) {
    const add = (table: string, rows: SeedRow[]) => {
      const set = out.get(table) ?? new Set<string>();
      for (const r of rows) for (const [k, v] of Object.entries(r)) if (v !== undefined) set.add(k);
      out.set(table, set);
    };
    add("accounts", [a.account]);
    for (const [key, table] of keys) add(table, a[key] as SeedRow[]);
  }
  return out;
};

/**
 * Every row of the loaded tables, as JSON text, sorted. A column a row leaves
 * out takes its default: now() (the load's transaction time, so it differs
 * between two loads) is written as "<now>" when it falls within the load, and
 * a fresh uuid (a column no row gives) as "<uuid>".
 */
async function tableRows(window: { from: number; to: number }, columnsGiven: Map<string, Set<string>>) {
  const defaults = await sql<{ table: string; column: string; def: string }>`
    select table_name as "table", column_name as "column", column_default as def from information_schema.columns
    where table_schema = current_schema() and column_default in ('now()', 'gen_random_uuid()')`.execute(db());
  const out: Record<string, string[]> = {};
  for (const table of LOADED_TABLES) {
    const { rows } = await sql<{
      row: Record<string, unknown>;
    }>`select to_jsonb(t) as row from ${sql.table(table)} t`.execute(db());
    out[table] = rows
      .map(({ row }) => {
        for (const d of defaults.rows.filter((x) => x.table === table)) {
          const value = row[d.column];
          if (d.def === "gen_random_uuid()" && typeof value === "string" && !columnsGiven.get(table)?.has(d.column))
            row[d.column] = "<uuid>";
          // The generator's own times are all before `today`, long before the load ran.
          if (d.def === "now()" && typeof value === "string") {
            const at = Date.parse(value);
            if (at >= window.from - 1000 && at <= window.to + 1000) row[d.column] = "<now>";
          }
        }
        return JSON.stringify(row);
      })
      .sort();
  }
  return out;
}

/**
 * The experience months the load leaves to count, counted: the INSERT path's
 * triggers mark them, the COPY path marks them itself (STOOD_IN_FOR).
 */
async function experienceMonths(now: Date) {
  await refreshExperienceMonths(db(), { scope: { ownerId: null }, followDays: 30, now });
  const { rows } = await sql<{ row: unknown }>`select to_jsonb(e) as row from experience_months e`.execute(db());
  return rows.map((r) => JSON.stringify(r.row)).sort();
}

/** The portfolio's stored sums (migration 20261210_1100): the INSERT path's trigger adds the accounts, the COPY path adds them itself. */
async function portfolioSums() {
  const { rows } = await sql<{ row: unknown }>`
    select to_jsonb(t) as row from (
      select owner_id, band, currency, sum(accounts)::int as accounts, sum(valued)::int as valued, sum(value) as value
      from portfolio_score_deltas group by owner_id, band, currency having sum(accounts) <> 0
    ) t`.execute(db());
  return rows.map((r) => JSON.stringify(r.row)).sort();
}

async function load(target: "insert" | "copy", accounts: AccountRows[], users: object[]) {
  await insertBatched(db(), "users", users);
  const from = Date.now();
  // A small group size: several transactions, the big account alone in one.
  const loader = new SeedLoader(target === "insert" ? db() : copyWriter(url(), LOADED_TABLES), 700);
  try {
    for (const rows of accounts) await loader.add(structuredClone(rows));
    await loader.flush();
  } finally {
    await loader.close();
  }
  return { window: { from, to: Date.now() }, counts: loader.counts };
}

describe("the seed's COPY loader", () => {
  it("leaves the same rows as the INSERT loader, row for row, escapes included", async () => {
    const { users, accounts } = world();
    const columnsGiven = given(accounts);

    const now = new Date();
    const inserted = await load("insert", accounts, users);
    const viaInsert = await tableRows(inserted.window, columnsGiven);
    const monthsViaInsert = await experienceMonths(now);
    const sumsViaInsert = await portfolioSums();
    await truncateAll();
    const copied = await load("copy", accounts, users);
    const viaCopy = await tableRows(copied.window, columnsGiven);
    const monthsViaCopy = await experienceMonths(now);
    const sumsViaCopy = await portfolioSums();

    expect(copied.counts).toEqual(inserted.counts);
    for (const table of LOADED_TABLES) {
      expect(viaCopy[table]!.length, table).toBeGreaterThan(0);
      expect(viaCopy[table], table).toEqual(viaInsert[table]);
    }
    expect(monthsViaInsert.length).toBeGreaterThan(0);
    expect(monthsViaCopy).toEqual(monthsViaInsert);
    expect(sumsViaInsert.length).toBeGreaterThan(0);
    expect(sumsViaCopy).toEqual(sumsViaInsert);
    // The rough values came back as they went in.
    const back = await db()
      .selectFrom("touchpoints")
      .select(["title", "summary", "internal_notes", "emotion_tags", "title_params"])
      .where(
        "id",
        "in",
        accounts[1]!.touchpoints.slice(0, 3).map((t) => t.id),
      )
      .execute();
    expect(back).toEqual(
      expect.arrayContaining([
        {
          title: "Tab\there, newline\nthere, CR\r, backslash \\ and \\N",
          summary: "Quotes \" and ' and {braces}, commas, ä ö å € 😀",
          internal_notes: "\\",
          emotion_tags: ['say "hi"', "a,b", "back\\slash", "tab\tnewline\n", ""],
          title_params: null,
        },
        expect.objectContaining({ title: "\\N", summary: "", emotion_tags: [] }),
        expect.objectContaining({
          title: "ends with a backslash\\",
          title_params: { name: 'Ann "A"\n\\', n: 3, list: ["x", null], nested: { ok: true } },
        }),
      ]),
    );
  });

  it("rolls back the whole group when a row is refused: a dangling reference or a value the column refuses", async () => {
    const { users, accounts } = world();
    await insertBatched(db(), "users", users);
    const countAccounts = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from accounts`.execute(db())).rows[0]!.n;

    // A link row pointing at a touchpoint that does not exist (checked before the commit).
    const dangling = structuredClone(accounts[2]!);
    dangling.touchpointUsers[5]!.touchpoint_id = "00000000-0000-4000-8000-000000000000";
    const first = new SeedLoader(copyWriter(url(), LOADED_TABLES), 1_000_000);
    try {
      await first.add(structuredClone(accounts[1]!));
      await first.add(dangling);
      await expect(first.flush()).rejects.toThrow(/touchpoint_users.*(touchpoint|foreign key)/s);
    } finally {
      await first.close();
    }
    expect(await countAccounts()).toBe(0);

    // The same where a written table has a trigger on insert (health_snapshots has): no replica
    // mode, so PostgreSQL's own foreign-key triggers refuse the row.
    const watched = new SeedLoader(copyWriter(url(), [...LOADED_TABLES, "health_snapshots"]), 1_000_000);
    try {
      await watched.add(structuredClone(accounts[1]!));
      await watched.add(structuredClone(dangling));
      await expect(watched.flush()).rejects.toThrow(/violates foreign key constraint/);
    } finally {
      await watched.close();
    }
    expect(await countAccounts()).toBe(0);

    // A value the server refuses mid-COPY (a date that does not exist): the COPY fails, it does not hang.
    const badDate = structuredClone(accounts[3]!);
    badDate.invoices[0]!.due_date = "2026-02-30";
    const second = new SeedLoader(copyWriter(url(), LOADED_TABLES), 1_000_000);
    try {
      await second.add(badDate);
      await expect(second.flush()).rejects.toThrow(/date/);
    } finally {
      await second.close();
    }
    expect(await countAccounts()).toBe(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from touchpoints`.execute(db())).rows[0]!.n).toBe(0);
  });

  it("writes only tables no trigger watches on insert, so the rollups come from the same later steps on both paths", async () => {
    // health_latest and portfolio_verdict_deltas (migration 20261206_0720) are kept by triggers on
    // health_snapshots and expectation_verdicts, which the seed writes after loading, by the same code
    // whichever loader ran. Were a trigger added on a loaded table, copyWriter would let it fire
    // (no replica mode) and this test would ask for the derived rows to be compared too.
    // The inbox-generation triggers (migration 20261207_0900) only step a sequence: the bulk path steps it itself;
    // the portfolio sums' insert trigger on accounts (migration 20261210_1100): the bulk path adds the accounts itself.
    const { rows } = await sql<{ name: string; fn: string }>`
      select tgrelid::regclass::text || '.' || tgname as name, tgfoid::regproc::text as fn from pg_trigger
      where not tgisinternal and tgtype & 4 <> 0 and tgrelid::regclass::text = any(${LOADED_TABLES as string[]})`.execute(
      db(),
    );
    expect(rows.filter((r) => !STOOD_IN_FOR.includes(r.fn))).toEqual([]);
    expect(rows.map((r) => r.name)).toContain("accounts.accounts_inbox_changed");
  });

  it("steps the inbox's generation for each group it writes without triggers, as the triggers would", async () => {
    const generation = async () =>
      (await sql<{ v: string }>`select last_value::text as v from inbox_generation`.execute(db())).rows[0]!.v;
    const before = await generation();
    const writer = copyWriter(url(), LOADED_TABLES);
    try {
      await writer.group(async () => {});
    } finally {
      await writer.close();
    }
    expect(await generation()).not.toBe(before);
  });
});
