import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { inboxCount, MAX_AGE_MS } from "#app/models/inbox-count.server.ts";
import { gatherInbox, markInboxItemDone } from "#app/models/inbox.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";

// The header's inbox count is kept per person while nothing the inbox reads has
// changed (app/models/inbox-count.server.ts): these tests hold it to what
// gatherInbox lists, after every kind of write, a new day and its age limit.

const today = calendarDate();

async function world() {
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM" })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  await createExpectation(db(), { account_id: account.id, title: "Due soon", due_date: addDays(today, 2) });
  return { kam, account };
}

/** Writes an expectation due soon without firing triggers: a change the kept count cannot see. */
async function unseenExpectation(accountId: string, title: string) {
  await db()
    .transaction()
    .execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await createExpectation(trx, { account_id: accountId, title, due_date: addDays(today, 1) });
    });
}

describe("the header's inbox count", () => {
  it("is what the inbox lists, and is kept while nothing the inbox reads changes", async () => {
    const { kam, account } = await world();
    const listed = (await gatherInbox(db(), kam)).length;
    expect(listed).toBeGreaterThan(0);
    const now = new Date();
    expect(await inboxCount(db(), kam, now)).toBe(listed);
    // A change no trigger announces is not seen while the kept count is young: the count was kept, not gathered again.
    await unseenExpectation(account.id, "Unannounced");
    expect(await inboxCount(db(), kam, new Date(now.getTime() + 1_000))).toBe(listed);
    // Past its age limit it is gathered again.
    expect(await inboxCount(db(), kam, new Date(now.getTime() + MAX_AGE_MS + 1))).toBe(listed + 1);
  });

  it("is gathered again after any write to what the inbox reads, at once", async () => {
    const { kam, account } = await world();
    const now = new Date();
    const before = await inboxCount(db(), kam, now);
    await createExpectation(db(), { account_id: account.id, title: "Another due soon", due_date: addDays(today, 1) });
    expect(await inboxCount(db(), kam, now)).toBe(before + 1);
    // Marked done in the inbox: one fewer, on the next page.
    const item = (await gatherInbox(db(), kam)).find((i) => i.title === "Another due soon")!;
    await db().transaction().execute((trx) => markInboxItemDone(trx, { viewer: kam, now }, item.key));
    expect(await inboxCount(db(), kam, now)).toBe(before);
  });

  it("is gathered again on a new day", async () => {
    const { kam, account } = await world();
    const now = new Date();
    const before = await inboxCount(db(), kam, now);
    await unseenExpectation(account.id, "Unannounced");
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(await inboxCount(db(), kam, tomorrow)).toBe((await gatherInbox(db(), kam, { now: tomorrow })).length);
    expect(await inboxCount(db(), kam, tomorrow)).toBeGreaterThan(before);
  });

  it("is kept per person and role", async () => {
    const { kam } = await world();
    const other = { ...(await createUser(db(), { role: "kam", name: "Kalle KAM" })), role: "kam" as const };
    const now = new Date();
    expect(await inboxCount(db(), kam, now)).toBeGreaterThan(0);
    expect(await inboxCount(db(), other, now)).toBe(0);
  });

  it("hears of a write to every table the inbox's sources read (each carries the trigger)", async () => {
    // The tables are read from the sources themselves, so a source reading a new table fails here until its trigger exists.
    const files = ["app/models/inbox.server.ts", "app/models/inbox-sources.server.ts", "app/models/inbox-work-sources.server.ts"];
    const tables = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(path.resolve(file), "utf8");
      for (const m of text.matchAll(/(?:selectFrom|innerJoin|leftJoin)\("([a-z_]+)/g)) tables.add(m[1]!);
    }
    expect(tables.size).toBeGreaterThanOrEqual(10);
    const generation = async () =>
      (await sql<{ v: string }>`select last_value::text as v from inbox_generation`.execute(db())).rows[0]!.v;
    for (const table of tables) {
      const before = await generation();
      // A statement that changes no row still says that the table was written.
      await sql`delete from ${sql.table(table)} where false`.execute(db());
      expect(await generation(), `a write to ${table} is heard`).not.toBe(before);
    }
    // A table the inbox does not read does not move it.
    const before = await generation();
    await sql`delete from touchpoints where false`.execute(db());
    expect(await generation()).toBe(before);
  });
});
