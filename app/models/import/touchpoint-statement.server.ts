import { sql, type RawBuilder } from "kysely";
import type { Trx } from "#app/utils/db.server.ts";
import { arrayLiteral, columnType, toText } from "./shared.server.ts";

// One batch of touchpoints with their invoice and support-case facts, written by
// ONE statement. Each row's existing touchpoint is looked up by (account,
// external id) inside the statement; new rows are plainly inserted under the id
// the caller chose (no speculative ON CONFLICT insert, the costly path for a
// large first import), existing ones are upserted, changed only where a value
// differs (so a file imported again changes nothing), and an existing touchpoint
// that is no longer an invoice or a case loses those facts.

export interface TouchpointStatementColumn {
  /** The column's name in `touchpoints` (or, prefixed inv_ / case_, in its facts table). */
  name: string;
  values: unknown[];
}

export interface TouchpointStatement {
  /** Columns of touchpoints given for every row (account_id, external_id and kind first among them). */
  touchpoint: TouchpointStatementColumn[];
  /** Columns an existing touchpoint takes from the file. */
  touchpointUpdates: string[];
  /** The id each row gets when it is new. */
  newIds: string[];
  invoice: { columns: TouchpointStatementColumn[]; updates: string[] } | null;
  supportCase: { columns: TouchpointStatementColumn[]; updates: string[] } | null;
}

export interface TouchpointStatementResult {
  /** The ids of the rows (by position) whose touchpoint already existed. */
  existing: Map<number, string>;
  /** Existing touchpoints whose own columns changed. */
  updated: Set<string>;
  /** Existing touchpoints whose facts were changed, added or removed. */
  factsChanged: Set<string>;
}

const id = (name: string) => sql.id(name);
const list = (names: string[]) => sql.join(names.map((n) => id(n)));

/** `col = excluded.col, …` for the columns a file updates, applied only where a value differs. */
function assignments(table: string, columns: string[]): RawBuilder<unknown> {
  return sql`${sql.join(columns.map((c) => sql`${id(c)} = excluded.${id(c)}`))}
    where (${sql.join(columns.map((c) => sql`${sql.table(table)}.${id(c)}`))})
      is distinct from (${sql.join(columns.map((c) => sql`excluded.${id(c)}`))})`;
}

/**
 * `select u.*, $k::type as k, … from unnest($1::uuid[], …) with ordinality as u(…, n)`:
 * one array parameter per column, and one plain parameter for a column whose
 * value is the same on every row (the author, the source, a kind mapped to one
 * value, the defaults of columns the file leaves out): the server then parses a
 * handful of values instead of a thousand. `keep` columns always travel as arrays.
 */
function unnestInput(columns: { name: string; type: string; values: unknown[] }[], keep: string[]) {
  const arrays: RawBuilder<unknown>[] = [];
  const names: RawBuilder<unknown>[] = [];
  const constants: RawBuilder<unknown>[] = [];
  for (const c of columns) {
    const values = c.values.map((v) => toText(v, c.type));
    // An array column (text[]) travels as the literal of each row's array.
    const type = c.type.endsWith("[]") ? "text" : c.type;
    if (!keep.includes(c.name) && values.every((v) => v === values[0])) {
      constants.push(sql`${values[0] ?? null}::${sql.raw(c.type)} as ${id(c.name)}`);
      continue;
    }
    arrays.push(sql`${arrayLiteral(values)}::${sql.raw(type)}[]`);
    names.push(id(c.name));
  }
  return sql`select u.*${constants.length ? sql`, ${sql.join(constants)}` : sql``}
    from unnest(${sql.join(arrays)}) with ordinality as u(${sql.join(names)}, n)`;
}

/** How the input's column is read: an array column (text[]) travels as array literals and is cast back. */
const read = (name: string, type: string) => (type.endsWith("[]") ? sql`u.${id(name)}::text[]` : sql`u.${id(name)}`);

type Row = { what: "existing" | "updated" | "facts"; n: number | null; id: string };

/** The statement for a batch, its parameters made (no database: the worker does this while the last batch is written). */
export function prepareTouchpointBatch(s: TouchpointStatement): RawBuilder<Row> {
  const tp = s.touchpoint.map((c) => ({ ...c, type: columnType(c.name) }));
  const inv = (s.invoice?.columns ?? []).map((c) => ({ ...c, name: `inv_${c.name}`, type: columnType(c.name) }));
  const cs = (s.supportCase?.columns ?? []).map((c) => ({ ...c, name: `case_${c.name}`, type: columnType(c.name) }));
  const input = unnestInput([...tp, { name: "new_id", type: "uuid", values: s.newIds }, ...inv, ...cs], ["new_id", "external_id"]);
  const tpNames = tp.map((c) => c.name);
  const tpValues = sql.join(tp.map((c) => read(c.name, c.type)));

  const parts: RawBuilder<unknown>[] = [
    sql`new_tp as (
      insert into touchpoints (id, ${list(tpNames)})
      select u.new_id, ${tpValues} from input u where u.existing_id is null)`,
    sql`changed_tp as (
      insert into touchpoints (id, ${list(tpNames)})
      select u.existing_id, ${tpValues} from input u where u.existing_id is not null
      on conflict (account_id, external_id) where external_id is not null do update set
        version = touchpoints.version + 1, updated_at = now(), ${assignments("touchpoints", s.touchpointUpdates)}
      returning id)`,
  ];
  const facts: string[] = [];
  const factParts = (table: string, kind: string, prefix: string, names: string[], updates: string[]) => {
    const cols = sql`account_id, touchpoint_id, ${list(names)}`;
    const values = sql.join(names.map((n) => sql`u.${id(`${prefix}${n}`)}`));
    parts.push(
      sql`${id(`new_${prefix}facts`)} as (
        insert into ${sql.table(table)} (${cols})
        select u.account_id, u.new_id, ${values} from input u where u.existing_id is null and u.kind = ${kind})`,
      sql`${id(`changed_${prefix}facts`)} as (
        insert into ${sql.table(table)} (${cols})
        select u.account_id, u.existing_id, ${values} from input u where u.existing_id is not null and u.kind = ${kind}
        on conflict (account_id, touchpoint_id) do update set ${assignments(table, updates)}
        returning touchpoint_id)`,
    );
    facts.push(`changed_${prefix}facts`);
  };
  if (s.invoice) factParts("touchpoint_invoices", "invoice", "inv_", s.invoice.columns.map((c) => c.name), s.invoice.updates);
  if (s.supportCase) {
    factParts("touchpoint_support_cases", "support_case", "case_", s.supportCase.columns.map((c) => c.name), s.supportCase.updates);
  }
  // An existing touchpoint of another kind now: its old facts go (ids gathered first, so the delete reads the primary key).
  for (const [table, kind, name] of [
    ["touchpoint_invoices", "invoice", "stale_invoices"],
    ["touchpoint_support_cases", "support_case", "stale_cases"],
  ] as const) {
    parts.push(sql`${id(name)} as (
      delete from ${sql.table(table)} f
      where f.account_id = any(array(select u.account_id from input u where u.existing_id is not null and u.kind <> ${kind}))
        and f.touchpoint_id = any(array(select u.existing_id from input u where u.existing_id is not null and u.kind <> ${kind}))
      returning f.touchpoint_id)`);
    facts.push(name);
  }

  return sql<Row>`
    with given as (${input}),
    input as materialized (
      select g.*, (select t.id from touchpoints t where t.account_id = g.account_id and t.external_id = g.external_id) as existing_id
      from given g
    ),
    ${sql.join(parts)}
    select 'existing' as what, u.n::int as n, u.existing_id as id from input u where u.existing_id is not null
    union all select 'updated', null, id from changed_tp
    ${sql.join(
      facts.map((f) => sql`union all select 'facts', null, touchpoint_id from ${id(f)}`),
      sql` `,
    )}`;
}

export async function runTouchpointBatch(trx: Trx, statement: RawBuilder<Row>): Promise<TouchpointStatementResult> {
  const result = await statement.execute(trx);
  const out: TouchpointStatementResult = { existing: new Map(), updated: new Set(), factsChanged: new Set() };
  for (const r of result.rows) {
    if (r.what === "existing") out.existing.set(r.n! - 1, r.id);
    else if (r.what === "updated") out.updated.add(r.id);
    else out.factsChanged.add(r.id);
  }
  return out;
}
