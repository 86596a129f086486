import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { IMPORT_FIELDS } from "#app/domain/import/fields.ts";
import { en } from "#app/i18n/en.ts";
import { fi } from "#app/i18n/fi.ts";
import { CONSTRAINT_REFUSALS, IMPORTED_TABLES, refusalOf } from "#app/models/import/constraints.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";

// Every rule the database enforces on the tables an import writes has a sentence
// and a field: a constraint added by a migration without one fails here.

/** CHECK, FOREIGN KEY, PRIMARY KEY, UNIQUE and EXCLUDE constraints, and unique indexes (a unique violation names the index). */
async function namedRules() {
  const tables = [...IMPORTED_TABLES];
  const constraints = await sql<{ table: string; name: string }>`
    select c.conrelid::regclass::text as table, c.conname as name
    from pg_constraint c
    where c.conrelid::regclass::text = any(${tables}::text[]) and c.contype in ('c', 'f', 'p', 'u', 'x')`.execute(db());
  const indexes = await sql<{ table: string; name: string }>`
    select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name
    from pg_index i
    where i.indrelid::regclass::text = any(${tables}::text[]) and i.indisunique`.execute(db());
  return [...new Set([...constraints.rows, ...indexes.rows].map((r) => r.name))].sort();
}

describe("reasons for rows the database refuses", () => {
  it("has a sentence and a field for every constraint on the imported tables, and none for constraints that are gone", async () => {
    const names = await namedRules();
    expect(names.length).toBeGreaterThan(40);
    const missing = names.filter((n) => !CONSTRAINT_REFUSALS[n]);
    expect(missing).toEqual([]);
    const stale = Object.keys(CONSTRAINT_REFUSALS).filter((n) => !names.includes(n));
    expect(stale).toEqual([]);
  });

  it("names fields the import knows, with messages in both languages and their placeholders filled", () => {
    const fields = new Set(Object.values(IMPORT_FIELDS).flatMap((list) => list.map((f) => f.key)));
    for (const [name, refusal] of Object.entries(CONSTRAINT_REFUSALS)) {
      if (refusal.field) expect([name, fields.has(refusal.field)]).toEqual([name, true]);
      expect([name, refusal.key in en && refusal.key in fi]).toEqual([name, true]);
      const placeholders = [...en[refusal.key as keyof typeof en].matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([name, placeholders]).toEqual([name, Object.keys(refusal.params ?? {}).sort()]);
    }
  });

  it("reads the refusal from a real error of the database, for a rule and for a missing value", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const person = await createStakeholder(db(), { account_id: account.id });
    const selfBoss = await db()
      .updateTable("stakeholders")
      .set({ reports_to_id: person.id })
      .where("id", "=", person.id)
      .execute()
      .then(() => null, (error: unknown) => error);
    expect(refusalOf(selfBoss)).toEqual({ field: "reports_to", key: "import.db.reportsToSelf" });
    const noTitle = await sql`insert into touchpoints (account_id, kind, occurred_at, title) values (${account.id}, 'call', now(), null)`
      .execute(db())
      .then(() => null, (error: unknown) => error);
    expect(refusalOf(noTitle)).toEqual({ field: "title", key: "import.db.required" });
    // Not about the row: no refusal (the caller treats it as a failure).
    expect(refusalOf(Object.assign(new Error("gone"), { code: "57P01" }))).toBeNull();
  });
});
