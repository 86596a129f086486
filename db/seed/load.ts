// Writes generated rows in foreign-key order, a group of accounts per
// transaction: a 10,000,000-touchpoint dataset goes in without holding more
// than one group's rows in memory, and a failed load leaves no half-written
// account behind. The rows go in as multi-row INSERTs (insertWriter, any
// database) or with COPY on a PostgreSQL server (copyWriter in copy.ts, the
// seed's default there: several times faster per row).
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

/** The tables a SeedLoader writes, parents first. */
export const LOADED_TABLES: readonly (keyof DB)[] = ORDER.map(([, table]) => table);

export interface LoadCounts {
  [table: string]: number;
}

export type SeedRow = Record<string, unknown>;

/** How a group of rows reaches the database: `fill` writes table after table within one transaction. */
export interface RowWriter {
  group(fill: (write: (table: keyof DB, rows: readonly SeedRow[]) => Promise<void>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Multi-row INSERTs through Kysely, one transaction per group (PGlite or a server). */
export function insertWriter(db: Kysely<DB>): RowWriter {
  return {
    group: (fill) => db.transaction().execute((trx) => fill((table, rows) => insertBatched(trx, table, rows))),
    close: async () => {},
  };
}

export class SeedLoader {
  private buffer = new Map<RowTable, SeedRow[]>();
  private buffered = 0;
  private readonly writer: RowWriter;
  readonly counts: LoadCounts = {};
  /** Rows written so far, all tables. */
  written = 0;

  constructor(
    /** The database (rows go in as INSERTs) or a writer (copyWriter). */
    target: Kysely<DB> | RowWriter,
    /** Rows buffered before a group of accounts is written in one transaction. */
    private readonly flushAt = 20_000,
  ) {
    this.writer = "group" in target ? target : insertWriter(target);
  }

  async add(rows: AccountRows): Promise<void> {
    this.push("accounts", [rows.account]);
    for (const [key] of ORDER) {
      if (key !== "accounts") this.push(key, rows[key] as SeedRow[]);
    }
    if (this.buffered >= this.flushAt) await this.startGroup();
  }

  /** Writes everything buffered and waits until it is committed. */
  async flush(): Promise<void> {
    await this.startGroup();
    await this.inFlight;
  }

  /**
   * Starts writing the buffered rows as one group, once the group before it is
   * committed (a failed one rethrows here). One group is in flight at a time:
   * the caller generates the next accounts while the database writes this one,
   * in order, so the database's work overlaps the generator's.
   */
  private async startGroup(): Promise<void> {
    await this.inFlight;
    if (this.buffered === 0) return;
    const buffer = this.buffer;
    this.buffer = new Map();
    this.buffered = 0;
    this.inFlight = this.writeGroup(buffer);
    // Awaited by the next startGroup or flush; until then a failure is not "unhandled".
    this.inFlight.catch(() => {});
  }

  private inFlight: Promise<void> = Promise.resolve();

  private async writeGroup(buffer: Map<RowTable, SeedRow[]>): Promise<void> {
    const counts: LoadCounts = {};
    await this.writer.group(async (write) => {
      for (const [key, table] of ORDER) {
        const rows = buffer.get(key);
        if (!rows?.length) continue;
        await write(table, rows);
        counts[table] = rows.length;
      }
    });
    // Counted once the group is committed.
    for (const [table, n] of Object.entries(counts)) {
      this.counts[table] = (this.counts[table] ?? 0) + n;
      this.written += n;
    }
  }

  /** Lets go of the writer's connection (after the last flush). */
  close(): Promise<void> {
    return this.writer.close();
  }

  private push(key: RowTable, rows: SeedRow[]) {
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
