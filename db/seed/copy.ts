// The seed's bulk path on a PostgreSQL server: each group of accounts goes in
// with COPY … FROM STDIN (text format), table by table in foreign-key order, in
// one transaction, so a failure leaves no half-written account — the same
// groups and order as the INSERT path (load.ts), at a fraction of the cost per
// row: no statement text, no bind parameters, no 30,000-parameter batches.
//
// A value becomes the text node-postgres would send for it as a query
// parameter (its prepareValue), escaped for COPY's text format. The server
// reads that text with the column type's own input function, exactly as it
// reads a parameter, so both paths store the same values
// (tests/integration/seed-copy.pg.test.ts compares them row for row).
//
// COPY goes through pg-copy-streams on a plain `pg` client: postgres.js's
// COPY stream never settles when the server refuses a row (its writable waits
// for a CommandComplete that does not come), which would hang the seed instead
// of failing it.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { RowWriter, SeedRow } from "./load.ts";

/** One field of COPY's text format: `\N` for null, else the value's text with \, tab, LF and CR escaped. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = textOf(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * A value's text as a query parameter, as node-postgres makes it (pg's
 * prepareValue): strings as they are, booleans true/false, numbers and bigints
 * in decimal, dates as ISO instants (pg writes the same instant with a local
 * offset), buffers as bytea hex, arrays as array literals, other objects as JSON.
 */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  throw new TypeError(`No text form for a ${typeof value} value`);
}

/** `{"a","b\"c",NULL}`: every element quoted, with \ and " escaped (pg's arrayString). */
function arrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((v) =>
    v === null || v === undefined
      ? "NULL"
      : Array.isArray(v)
        ? arrayLiteral(v)
        : `"${textOf(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
  );
  return `{${parts.join(",")}}`;
}

/** The lines of COPY's text format for `rows` over `columns`; a column a row leaves out takes `fill[column]` (already a field). */
export function* copyLines(
  columns: readonly string[],
  rows: readonly SeedRow[],
  fill: Record<string, string> = {},
  chunkChars = 1 << 18,
) {
  let chunk = "";
  for (const row of rows) {
    let line = "";
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const value = row[column];
      if (c > 0) line += "\t";
      line += value === undefined ? fieldOrThrow(fill, column) : copyField(value);
    }
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

function fieldOrThrow(fill: Record<string, string>, column: string): string {
  const field = fill[column];
  if (field === undefined) throw new Error(`No value for ${column}`);
  return field;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ForeignKey {
  name: string;
  /** The referenced table, as regclass prints it (quoted where needed). */
  parent: string;
  columns: string[];
  parentColumns: string[];
  types: string[];
}

/**
 * Loads groups of rows with COPY on its own connection to the server at `url`,
 * one transaction per group. Rows of a table may differ in the columns they
 * give (the INSERT path then writes DEFAULT for the missing ones): the COPY
 * names every column some row gives, and a row that leaves one out gets that
 * column's default, read on the server in the group's transaction. A default
 * that differs each time it is read (a new uuid) cannot stand for those rows:
 * that is refused, never guessed.
 *
 * Foreign keys: PostgreSQL checks each row's references with a trigger per row
 * that also locks the referenced row, about half of the cost of loading a
 * touchpoint's link rows. When the connection may (a superuser) and none of
 * `tables` has a trigger of its own that fires on INSERT (the triggers of STOOD_IN_FOR are done here
 * instead), a group is written with
 * session_replication_role = replica (no triggers fire) and its references are
 * checked before the commit instead, one anti-join per foreign key over the
 * distinct keys the group wrote: a dangling reference still fails the group
 * and rolls it back, as the row triggers would. Otherwise the triggers run.
 */
export function copyWriter(url: string, tables: readonly string[]): RowWriter {
  const client = new pg.Client({ connectionString: url, application_name: "kohtaamo-seed" });
  const catalog = new Catalog(client);
  let connected: Promise<boolean> | null = null;
  return {
    async group(fill) {
      const bulk = await (connected ??= openBulk(client, tables));
      await client.query("BEGIN");
      try {
        if (bulk) await client.query("SET LOCAL session_replication_role = replica");
        const written = new Map<string, (readonly SeedRow[])[]>();
        await fill(async (table, rows) => {
          await copyRows(client, catalog, table, rows);
          written.set(table, [...(written.get(table) ?? []), rows]);
        });
        if (bulk) {
          await checkReferences(client, catalog, written);
          // What the inbox-generation triggers would have said (migration 20261207_0900): these tables were written.
          await client.query("SELECT nextval('inbox_generation')");
          await markExperienceMonths(client, written);
          await addPortfolioAccounts(client, written);
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
    close: async () => {
      if (connected) await client.end();
    },
  };
}

/**
 * Trigger functions whose whole effect the bulk path does itself: the inbox's
 * generation (one step per statement; the bulk path takes one per group), and
 * the experience months to count again (migration 20261210_0900: the bulk path
 * marks every month of the group's accounts that holds a touchpoint; the
 * answers and people the triggers also watch only ever name those months),
 * and the portfolio's sums of the new accounts (migration 20261210_1100: the
 * bulk path adds the group's accounts with the trigger's own function).
 */
export const STOOD_IN_FOR = [
  "kohtaamo_inbox_changed",
  "kohtaamo_experience_touchpoints_stale",
  "kohtaamo_experience_answers_stale",
  "kohtaamo_experience_people_stale",
  "kohtaamo_portfolio_scores_accounts_new",
  // The generator writes left_recorded_at itself (the day a person left), which the trigger keeps on INSERT.
  "stakeholders_left_recorded",
];

/** What the experience triggers would have marked for the group's accounts (see STOOD_IN_FOR). */
async function markExperienceMonths(client: pg.Client, written: Map<string, (readonly SeedRow[])[]>) {
  const accounts = [
    ...new Set((written.get("touchpoints") ?? []).flatMap((batch) => batch.map((r) => String(r.account_id)))),
  ];
  if (accounts.length === 0) return;
  await client.query(
    `INSERT INTO experience_months_stale (account_id, month)
       SELECT DISTINCT account_id, date_trunc('month', occurred_at AT TIME ZONE $2)::date FROM touchpoints
       WHERE account_id = ANY($1::uuid[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING`,
    [accounts, TIME_ZONE],
  );
}

/** What the portfolio sums' insert trigger would have added for the group's accounts (see STOOD_IN_FOR). */
async function addPortfolioAccounts(client: pg.Client, written: Map<string, (readonly SeedRow[])[]>) {
  const accounts = (written.get("accounts") ?? []).flatMap((batch) => batch.map((r) => String(r.id)));
  if (accounts.length === 0) return;
  await client.query("SELECT kohtaamo_portfolio_scores_add($1::uuid[])", [accounts]);
}

/** Connects; true when groups may be written without triggers (a superuser, and no INSERT trigger of our own on `tables`). */
async function openBulk(client: pg.Client, tables: readonly string[]): Promise<boolean> {
  await client.connect();
  // A seed's commits need not wait for the disk one by one: a crash loses the seed, not data.
  await client.query("SET synchronous_commit = off");
  const { rows } = await client.query<{ superuser: boolean; triggers: number }>(
    `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            (SELECT count(*)::int FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 4 <> 0 AND tgrelid = ANY($1::regclass[])
                AND tgfoid <> ALL ($2::regproc[])) AS triggers`,
    [tables.map(quote), STOOD_IN_FOR],
  );
  // tgtype bit 2 (4): fires on INSERT, which includes COPY.
  return rows[0]!.superuser && rows[0]!.triggers === 0;
}

/** What the load reads of the server's catalogue, once a table: column defaults and foreign keys. */
class Catalog {
  private readonly defaults = new Map<string, Map<string, string | null>>();
  private readonly foreignKeys = new Map<string, ForeignKey[]>();

  constructor(private readonly client: pg.Client) {}

  /** Each column of the table, with its default expression (null: none). */
  async defaultsOf(table: string): Promise<Map<string, string | null>> {
    let found = this.defaults.get(table);
    if (!found) {
      const { rows } = await this.client.query<{ name: string; expr: string | null }>(
        `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expr
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [quote(table)],
      );
      found = new Map(rows.map((r) => [r.name, r.expr]));
      this.defaults.set(table, found);
    }
    return found;
  }

  async foreignKeysOf(table: string): Promise<ForeignKey[]> {
    let found = this.foreignKeys.get(table);
    if (!found) {
      const { rows } = await this.client.query<ForeignKey>(
        `SELECT c.conname AS name, c.confrelid::regclass::text AS parent,
                array_agg(a.attname ORDER BY k.ord)::text[] AS columns,
                array_agg(pa.attname ORDER BY k.ord)::text[] AS "parentColumns",
                array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)::text[] AS types
           FROM pg_constraint c
           CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(att, parent_att, ord)
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
           JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent_att
          WHERE c.contype = 'f' AND c.conrelid = $1::regclass
          GROUP BY c.oid, c.conname, c.confrelid`,
        [quote(table)],
      );
      found = rows;
      this.foreignKeys.set(table, found);
    }
    return found;
  }
}

/** The default of each column, as a COPY field, evaluated in this transaction (twice, to refuse volatile ones). */
async function fillFor(
  client: pg.Client,
  catalog: Catalog,
  table: string,
  columns: string[],
): Promise<Record<string, string>> {
  const known = await catalog.defaultsOf(table);
  const fill: Record<string, string> = {};
  for (const column of columns) {
    if (!known.has(column)) throw new Error(`${table} has no column ${column}`);
    const expr = known.get(column);
    if (!expr) {
      fill[column] = "\\N";
      continue;
    }
    const { rows } = await client.query<{ a: string | null; b: string | null }>(
      `SELECT (${expr})::text AS a, (${expr})::text AS b`,
    );
    const { a, b } = rows[0]!;
    if (a !== b)
      throw new Error(
        `${table}.${column}: some rows leave it out and its default (${expr}) differs per row; give it in every row or in none`,
      );
    fill[column] = copyField(a);
  }
  return fill;
}

async function copyRows(client: pg.Client, catalog: Catalog, table: string, rows: readonly SeedRow[]): Promise<void> {
  const seen = new Map<string, number>();
  for (const row of rows)
    for (const [k, v] of Object.entries(row)) if (v !== undefined) seen.set(k, (seen.get(k) ?? 0) + 1);
  const columns = [...seen.keys()];
  const partial = columns.filter((c) => seen.get(c)! < rows.length);
  const fill = partial.length ? await fillFor(client, catalog, table, partial) : {};
  const stream = client.query(copyFrom(`COPY ${quote(table)} (${columns.map(quote).join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(copyLines(columns, rows, fill)), stream);
}

/** Every reference the group's rows make exists (MATCH SIMPLE: a key with a null in it refers to nothing). */
async function checkReferences(
  client: pg.Client,
  catalog: Catalog,
  written: Map<string, (readonly SeedRow[])[]>,
): Promise<void> {
  for (const [table, batches] of written) {
    const known = await catalog.defaultsOf(table);
    for (const fk of await catalog.foreignKeysOf(table)) {
      const keys = referencedKeys(table, fk, batches, known);
      if (keys.length === 0) continue;
      const values = fk.columns.map((_, i) => keys.map((k) => k[i]!));
      const { rows: missing } = await client.query<{ key: string }>(
        `SELECT concat_ws(', ', ${fk.columns.map((_, i) => `k.c${i}`).join(", ")}) AS key
           FROM unnest(${fk.types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) AS k(${fk.columns.map((_, i) => `c${i}`).join(", ")})
          WHERE NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${fk.parentColumns.map((c, i) => `p.${quote(c)} = k.c${i}`).join(" AND ")})
          LIMIT 3`,
        values,
      );
      if (missing.length) {
        throw new Error(
          `${table} violates ${fk.name}: (${fk.columns.join(", ")}) = (${missing.map((m) => m.key).join("), (")}) not in ${fk.parent}`,
        );
      }
    }
  }
}

/** The distinct keys, as text, that the rows refer to by `fk` (a key with a null in it refers to nothing). */
function referencedKeys(
  table: string,
  fk: ForeignKey,
  batches: (readonly SeedRow[])[],
  known: Map<string, string | null>,
): string[][] {
  const keys = new Map<string, string[]>();
  for (const rows of batches) {
    for (const row of rows) {
      const key: string[] = [];
      for (const column of fk.columns) {
        const value = row[column];
        if (value === undefined && known.get(column))
          throw new Error(`${table}.${column}: left out with a default; the load cannot check the reference`);
        if (value === null || value === undefined) break;
        key.push(textOf(value));
      }
      if (key.length === fk.columns.length) keys.set(key.join("\u0000"), key);
    }
  }
  return [...keys.values()];
}
