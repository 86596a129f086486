import { sql, type RawBuilder } from "kysely";
import { canEditAccount, type Actor } from "#app/domain/permissions.ts";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import type { Translate } from "#app/domain/import/records.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { refusalOf } from "./constraints.server.ts";

// What the per-kind import writers share: their contract with the job runner,
// finding the account a row names, and the batched upsert by external id.

export type ImportMode = "all_or_nothing" | "valid_rows";

export interface WriteContext {
  actor: Actor;
  /** The import job (or API token) writing: named in the history entries it leaves. */
  jobId: string;
  /** What an expectation's history entry says made the change. */
  origin: Record<string, string>;
  /** Which fields the file fills: a field left out is never overwritten on an existing record. */
  mapping: ColumnMapping;
  /** Reasons a row is refused (the worker records which message; pages translate it). */
  t: Translate;
  /** Text written into records, in the language of the user importing (an invoice's title). */
  text: Translate;
  /**
   * Runs a resolver's database work: a caller that shares one connection
   * between resolving and writing can make such work wait its turn. Without
   * it, the work runs at once.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** A resolver's database work, in its turn (see WriteContext.exclusive). */
export function exclusively<T>(ctx: WriteContext, work: () => Promise<T>): Promise<T> {
  return ctx.exclusive ? ctx.exclusive(work) : work();
}

export interface CheckedRow<T> {
  line: number;
  record: T;
}

export interface RowRejection {
  line: number;
  field: string;
  reason: string;
  /** The row names a record the actor may not change (another KAM's account). */
  forbidden?: true;
}

export type RowOutcome = "inserted" | "updated" | "unchanged";

export interface WrittenRow {
  line: number;
  accountId: string;
  outcome: RowOutcome;
}

export interface Resolved<R> {
  ready: R[];
  rejected: RowRejection[];
}

/** Checks a file's rows against the database, a chunk at a time in file order. */
export type Resolve<T, R> = (rows: CheckedRow<T>[]) => Promise<Resolved<R>>;

/**
 * One kind of import. `resolver` checks what needs the database (the account,
 * the people a row names, permissions, duplicates) before anything is written;
 * it is handed a file's rows a chunk at a time, in order, and remembers what
 * earlier chunks named (accounts looked up, external ids seen). `write` upserts
 * one batch of resolved rows and tells each row's outcome. Resolving only
 * reads, so the preview and the API use it too.
 */
export interface ImportWriter<T, R> {
  resolver(executor: Executor, ctx: WriteContext, scanned?: unknown): Resolve<T, R>;
  /**
   * Rows name other rows of the same file (a stakeholder's manager): before
   * resolving, the worker reads the whole file once through `scan`, and the
   * resolver gets its `result()` (what it must know of rows in later chunks).
   * Without a scan, a resolver knows the rows it is handed.
   */
  scan?(executor: Executor, ctx: WriteContext): { add(rows: CheckedRow<T>[]): Promise<void>; result(): unknown };
  write(trx: Trx, ctx: WriteContext, batch: R[], prepared?: unknown): Promise<WrittenRow[]>;
  /**
   * Its resolver reads nothing an import of this kind writes (touchpoints read
   * accounts and people only), so it tells the same whether or not the chunk
   * before is written yet: the worker resolves the next chunk while the last one
   * is written. Without it, a chunk is resolved after the one before is written.
   */
  resolvesAhead?: boolean;
  /**
   * Optional: the part of `write` that needs no database (the rows turned into
   * the statement's parameters). `write(trx, ctx, batch, prepare(ctx, batch))`
   * does what `write(trx, ctx, batch)` does.
   */
  prepare?(ctx: WriteContext, batch: R[]): unknown;
  /** Work after every batch is written (links between rows of the file); returns the lines it changed. */
  finish?(trx: Trx, ctx: WriteContext, ready: R[]): Promise<Set<number>>;
  /**
   * The worker's `finish`, a chunk at a time after every chunk is written:
   * returns the lines it changed whose record this import had not written
   * (changed after `since`), so they count as updated rather than unchanged.
   */
  finishChunk?(trx: Trx, ctx: WriteContext, ready: R[], since: Date): Promise<{ line: number; accountId: string }[]>;
}

/** Resolves rows in one go (a preview, an API call). */
export function resolveRows<T, R>(
  writer: ImportWriter<T, R>,
  executor: Executor,
  ctx: WriteContext,
  rows: CheckedRow<T>[],
) {
  return writer.resolver(executor, ctx)(rows);
}

export const mapped = (ctx: WriteContext, field: string) => Boolean(ctx.mapping[field]);

export interface AccountRef {
  id: string;
  owner_id: string;
}

const CHUNK = 5_000;
export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Finds the accounts rows name, by external id or else by name (any case), and
 * checks the actor may write to each: a KAM only to their own accounts. Each
 * reference is looked up once per file: `load` fetches those not seen before,
 * `find` gives a reference's account or the reason it is refused.
 */
export function accountLookup(executor: Executor, ctx: WriteContext) {
  const seen = new Set<string>();
  const byExternal = new Map<string, AccountRef>();
  const byName = new Map<string, AccountRef[]>();
  return {
    async load(refs: string[]) {
      const fresh = [...new Set(refs)].filter((r) => !seen.has(r));
      if (!fresh.length) return;
      for (const r of fresh) seen.add(r);
      for (const part of chunks(fresh)) {
        const lower = part.map((r) => r.toLowerCase());
        const rows = await exclusively(ctx, () =>
          executor
            .selectFrom("accounts")
            .select(["id", "owner_id", "external_id", "name"])
            .where((eb) => eb.or([eb("external_id", "in", part), eb(sql<string>`lower(name)`, "in", lower)]))
            .execute(),
        );
        for (const r of rows) {
          if (r.external_id) byExternal.set(r.external_id, r);
          const key = r.name.toLowerCase();
          const list = byName.get(key) ?? [];
          if (!list.some((a) => a.id === r.id)) list.push(r);
          byName.set(key, list);
        }
      }
    },
    find(ref: string): { account: AccountRef } | { reason: string; forbidden?: true } {
      const named = byName.get(ref.toLowerCase()) ?? [];
      const account = byExternal.get(ref) ?? (named.length === 1 ? named[0] : undefined);
      if (!account) return { reason: ctx.t(named.length > 1 ? "import.accountAmbiguous" : "import.accountNotFound") };
      if (!canEditAccount(ctx.actor, account)) return { reason: ctx.t("import.notYourAccount"), forbidden: true };
      return { account };
    },
    /**
     * Places each row on the account it names (loading those not seen yet), or
     * refuses it with the reason; with `isDuplicate`, a second row for the same
     * record of one account is refused too.
     */
    async place<R extends { account: string; external_id?: string }>(
      rows: CheckedRow<R>[],
      isDuplicate?: (key: string, line: number) => RowRejection | null,
    ): Promise<{ placed: { row: CheckedRow<R>; accountId: string }[]; rejected: RowRejection[] }> {
      await this.load(rows.map((r) => r.record.account));
      const placed: { row: CheckedRow<R>; accountId: string }[] = [];
      const rejected: RowRejection[] = [];
      for (const row of rows) {
        const found = this.find(row.record.account);
        if ("reason" in found) {
          rejected.push({ line: row.line, field: "account", ...found });
          continue;
        }
        const duplicate = isDuplicate?.(pairKey(found.account.id, row.record.external_id ?? ""), row.line) ?? null;
        if (duplicate) rejected.push(duplicate);
        else placed.push({ row, accountId: found.account.id });
      }
      return { placed, rejected };
    },
  };
}

/** Stakeholder ids by (account id, external id), for the people rows name. */
export async function stakeholderIds(
  ctx: WriteContext,
  executor: Executor,
  pairs: { accountId: string; externalId: string }[],
): Promise<Map<string, string>>;
export async function stakeholderIds(
  ctx: WriteContext,
  executor: Executor,
  pairs: { accountId: string; externalId: string }[],
  options: { names: true },
): Promise<Map<string, string> & { named: Map<string, { id: string; name: string }> }>;
export async function stakeholderIds(
  ctx: WriteContext,
  executor: Executor,
  pairs: { accountId: string; externalId: string }[],
  options: { names?: boolean } = {},
) {
  const found = new Map<string, string>();
  const named = new Map<string, { id: string; name: string }>();
  for (const part of chunks(pairs)) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      sql<{ id: string; account_id: string; external_id: string; name: string }>`
        select s.id, s.account_id, s.external_id, s.name
        from stakeholders s
        join unnest(${part.map((p) => p.accountId)}::uuid[], ${part.map((p) => p.externalId)}::text[]) as k(account_id, external_id)
          on s.account_id = k.account_id and s.external_id = k.external_id`.execute(executor),
    );
    for (const r of rows.rows) {
      found.set(pairKey(r.account_id, r.external_id), r.id);
      if (options.names) named.set(pairKey(r.account_id, r.external_id), { id: r.id, name: r.name });
    }
  }
  return options.names ? Object.assign(found, { named }) : found;
}

export const pairKey = (accountId: string, externalId: string) => `${accountId}\u0000${externalId}`;

/** Refuses a row at `field` that names people (by external id) the account does not have. */
export function unknownPeople(ctx: WriteContext, line: number, field: string, ids: string): RowRejection {
  return { line, field, reason: ctx.t("import.stakeholderNotFound", { ids }) };
}

/** Refuses a second row for the same record: which of the two should win is the user's call. */
export function duplicateChecker(ctx: WriteContext) {
  const firstLine = new Map<string, number>();
  return (key: string, line: number): RowRejection | null => {
    const first = firstLine.get(key);
    if (first !== undefined)
      return { line, field: "external_id", reason: ctx.t("import.duplicateRow", { line: first }) };
    firstLine.set(key, line);
    return null;
  };
}

export interface UpsertSpec {
  table: "accounts" | "stakeholders" | "touchpoints" | "expectations" | "survey_responses";
  /** The unique key the conflict is on: (external_id) for accounts, (account_id, external_id) otherwise. */
  key: string[];
  /** Every column a new row is inserted with. */
  insertColumns: string[];
  /** Columns an existing row takes from the file; only a row whose values differ is updated. */
  updateColumns: string[];
  /** Extra assignments made on an update (a version bump). */
  onUpdate?: RawBuilder<unknown>[];
}

export interface UpsertResult {
  id: string;
  external_id: string;
  account_id: string;
  inserted: boolean;
}

/**
 * Inserts a batch, updating rows that already exist by external id. An update
 * happens only when a value differs, so importing the same file again changes
 * nothing (no new version, no new updated_at). Returns the rows inserted or
 * updated; rows that were already as the file says are not returned.
 */
export async function upsertBatch(
  trx: Trx,
  spec: UpsertSpec,
  rows: Record<string, unknown>[],
): Promise<UpsertResult[]> {
  if (!rows.length) return [];
  const t = sql.table(spec.table);
  const cols = spec.insertColumns;
  const upd = spec.updateColumns;
  const conflict = sql`on conflict (${sql.join(spec.key.map((c) => sql.id(c)))}) where external_id is not null`;
  const action = upd.length
    ? sql`do update set ${sql.join([
        ...upd.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`),
        ...(spec.onUpdate ?? []),
      ])}
      where (${sql.join(upd.map((c) => sql`${t}.${sql.id(c)}`))}) is distinct from (${sql.join(upd.map((c) => sql`excluded.${sql.id(c)}`))})`
    : sql`do nothing`;
  const accountColumn = spec.table === "accounts" ? sql`id as account_id` : sql`account_id`;
  const result = await sql<UpsertResult>`
    insert into ${t} (${sql.join(cols.map((c) => sql.id(c)))}) ${unnestRows(cols, rows)}
    ${conflict} ${action}
    returning id, external_id, ${accountColumn}, (xmax = 0) as inserted`.execute(trx);
  return result.rows;
}

/** A row of a batch keyed by (account, external id), as every writer but the accounts' resolves it. */
interface KeyedRow {
  line: number;
  accountId: string;
  record: { external_id: string };
}

/**
 * What an upsert returned, by (account, external id): `changed` keeps the
 * candidates (an alert's) whose row the upsert inserted or updated, each with
 * what it stored; `written` tells each row's outcome (a row it did not return
 * was already as the file says).
 */
export function upsertOutcomes(upserted: UpsertResult[]) {
  const byKey = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u]));
  const of = (row: KeyedRow) => byKey.get(pairKey(row.accountId, row.record.external_id));
  return {
    changed: <C extends { row: KeyedRow }>(candidates: C[]) =>
      candidates.flatMap((c) => {
        const stored = of(c.row);
        return stored ? [{ ...c, stored }] : [];
      }),
    written: (batch: KeyedRow[]) => batch.map((r): WrittenRow => ({ line: r.line, accountId: r.accountId, outcome: rowOutcome(of(r)) })),
  };
}

/**
 * What is stored under the rows' (account, external id) before the batch is
 * written: `columns` of `table` (named `r`), by row (undefined: a new record).
 */
export async function storedBefore<S>(trx: Trx, table: UpsertSpec["table"], columns: RawBuilder<S>, rows: KeyedRow[]) {
  const stored = await sql<S & { account_id: string; external_id: string }>`
    select r.account_id, r.external_id, ${columns}
    from ${sql.table(table)} r
    join unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.record.external_id)}::text[]) as w(account_id, external_id)
      on r.account_id = w.account_id and r.external_id = w.external_id`.execute(trx);
  const byKey = new Map(stored.rows.map((s) => [pairKey(s.account_id, s.external_id), s]));
  return (row: KeyedRow) => byKey.get(pairKey(row.accountId, row.record.external_id));
}

/** A row's outcome from what the upsert returned for it. */
export const rowOutcome = (u: UpsertResult | undefined): RowOutcome => (u ? (u.inserted ? "inserted" : "updated") : "unchanged");

/** Postgres types of the columns the writers fill (text unless named here). */
const COLUMN_TYPES: Record<string, string> = {
  account_id: "uuid",
  touchpoint_id: "uuid",
  stakeholder_id: "uuid",
  owner_id: "uuid",
  author_id: "uuid",
  holder_stakeholder_id: "uuid",
  advocacy_stakeholder_id: "uuid",
  occurred_at: "timestamptz",
  answered_at: "timestamptz",
  opened_at: "timestamptz",
  sla_due_at: "timestamptz",
  resolved_at: "timestamptz",
  open_recorded_at: "timestamptz",
  relationship_start: "date",
  renewal_date: "date",
  left_on: "date",
  original_due_date: "date",
  due_date: "date",
  delivered_on: "date",
  paid_on: "date",
  contract_value: "numeric",
  amount: "numeric",
  shared_with_customer: "boolean",
  moment_of_truth: "boolean",
  positive_surprise: "boolean",
  disputed: "boolean",
  sentiment: "smallint",
  treatment: "smallint",
  influence: "smallint",
  importance: "smallint",
  score: "smallint",
  emotion_tags: "text[]",
};

/**
 * `select … from unnest($1::uuid[], $2::text[], …)`: a batch of rows as one
 * array parameter per column. Postgres parses and plans a handful of parameters
 * instead of one per value (a 1,000-row VALUES list has 16,000), which is what
 * makes batched upserts fast. An array column (text[]) travels as the array
 * literal of each row and is cast back.
 */
export function unnestRows(cols: string[], rows: Record<string, unknown>[]) {
  const arrays = cols.map((c) => {
    const type = columnType(c);
    const values = rows.map((r) => toText(r[c], type));
    return type.endsWith("[]") ? sql`${values}::text[]` : sql`${values}::${sql.raw(type)}[]`;
  });
  const select = cols.map((c) =>
    (COLUMN_TYPES[c] ?? "text").endsWith("[]") ? sql`u.${sql.id(c)}::text[]` : sql`u.${sql.id(c)}`,
  );
  return sql`select ${sql.join(select)} from unnest(${sql.join(arrays)}) as u(${sql.join(cols.map((c) => sql.id(c)))})`;
}

/**
 * The text of a Postgres array ({"a","b",NULL}) of values made text by toText:
 * built here, where the worker can do it while the database is busy, rather
 * than element by element by the driver as the statement is sent.
 */
export function arrayLiteral(values: (string | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    out += v === null || v === undefined ? "NULL" : `"${/["\\]/.test(v) ? v.replace(/["\\]/g, "\\$&") : v}"`;
  }
  return `${out}}`;
}

/** The Postgres type of a column the writers fill. */
export const columnType = (column: string) => COLUMN_TYPES[column] ?? "text";

/** A value as the text of one element of a `type[]` array parameter. */
export function toText(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    if (!type.endsWith("[]")) throw new TypeError("An array for a column that is not one.");
    // Values come from closed vocabularies, but quote them properly all the same.
    return `{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
  }
  return String(value);
}

/** The reason a row the database refused gives the user: the rule it broke, in words, at its field. */
export function databaseReason(ctx: WriteContext, error: unknown): { field: string; reason: string } {
  const refusal = refusalOf(error) ?? { field: "", key: "import.databaseRefused", params: { rule: String(error).slice(0, 200) } };
  return { field: refusal.field, reason: ctx.t(refusal.key, refusal.params) };
}
