// Writes generated rows in multi-row INSERTs, in foreign-key order, a group of
// accounts per transaction: a 2,000,000-touchpoint dataset goes in without
// holding more than a few thousand rows in memory, and a failed load leaves no
// half-written account behind.
import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import type { AccountRows } from "./generate.ts";

/** PostgreSQL allows 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMS = 30_000;

type RowTable = keyof Omit<AccountRows, "account"> | "accounts";
const ORDER: [RowTable, keyof DB][] = [
  ["accounts", "accounts"],
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

export interface LoadCounts {
  [table: string]: number;
}

export class SeedLoader {
  private buffer = new Map<RowTable, Record<string, unknown>[]>();
  private buffered = 0;
  readonly counts: LoadCounts = {};

  constructor(
    private readonly db: Kysely<DB>,
    /** Rows buffered before a group of accounts is written in one transaction. */
    private readonly flushAt = 20_000,
  ) {}

  async add(rows: AccountRows): Promise<void> {
    this.push("accounts", [rows.account]);
    for (const [key] of ORDER) {
      if (key !== "accounts") this.push(key, rows[key] as Record<string, unknown>[]);
    }
    if (this.buffered >= this.flushAt) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const buffer = this.buffer;
    this.buffer = new Map();
    this.buffered = 0;
    await this.db.transaction().execute(async (trx) => {
      for (const [key, table] of ORDER) {
        const rows = buffer.get(key);
        if (!rows?.length) continue;
        await insertBatched(trx, table, rows);
        this.counts[table] = (this.counts[table] ?? 0) + rows.length;
      }
    });
  }

  private push(key: RowTable, rows: Record<string, unknown>[]) {
    if (rows.length === 0) return;
    let list = this.buffer.get(key);
    if (!list) this.buffer.set(key, (list = []));
    for (const row of rows) list.push(row);
    this.buffered += rows.length;
  }
}

export async function insertBatched(db: Kysely<DB>, table: keyof DB, rows: readonly object[]): Promise<void> {
  const columns = new Set<string>();
  for (const row of rows.slice(0, 50)) for (const key of Object.keys(row)) columns.add(key);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Math.max(columns.size, 1)));
  for (let i = 0; i < rows.length; i += perStatement) {
    // The rows are typed by the generator against the table types; the loader only moves them.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perStatement) as never)
      .execute();
  }
}
