import { CompiledQuery, type Compilable, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";

/** A Kysely handle or transaction (as Executor in db.server.ts, repeated here so this module stands alone). */
type Executor = Kysely<DB> | Transaction<DB>;

/** Where a compiled statement's parameter comes from: an argument (its index) or a value of the statement. */
type Slot = { arg: number } | { value: unknown };

const PLACEHOLDER = Symbol("fixed statement argument");
type Placeholder = { [PLACEHOLDER]: number };
const isPlaceholder = (value: unknown): value is Placeholder =>
  typeof value === "object" && value !== null && PLACEHOLDER in value;

/**
 * A statement whose SQL is the same on every call, built and compiled by
 * Kysely once per database handle instead of on every call. Building a
 * statement (each step copies and freezes its tree) and compiling it cost
 * about 0.1 ms of CPU for a join with a few conditions, and every page pays
 * that for each statement it reads.
 *
 * `build` gets a placeholder for each argument and may use one only as a
 * value (where it becomes one parameter of the statement), never to choose the
 * statement's shape nor inside JavaScript (a placeholder is an object, not
 * the value): the first call finds each placeholder among the compiled
 * statement's parameters, and every call puts its own arguments there. A
 * placeholder that does not come out as a parameter is refused at once.
 * Transactions (a new handle each) compile the statement each time. The
 * statement is compiled without the handle's plugins, whose transformQuery
 * (which could change a statement) it therefore skips; their transformResult
 * runs on every call. Under the tests (VITEST) every call also builds the
 * statement from its own arguments, plugins included (as a test counting
 * statements through transformQuery expects), and fails unless Kysely
 * compiles the same SQL and parameters, so the whole suite checks each
 * statement made fixed.
 */
/** What an argument may be: a value, never null or undefined (see NonNullable below). */
type Present = NonNullable<unknown>;

// Arguments are never null or undefined: a statement that tested one for being absent (`$if(x !== undefined)`)
// would take the branch for the placeholder, compile it in, and bind the absent value.
export function fixedStatement<A extends Present[], R>(build: (db: Kysely<DB>, ...args: A) => Compilable<R>) {
  const compiled = new WeakMap<Executor, { sql: string; slots: Slot[] }>();
  function compile(executor: Executor) {
    const placeholders = Array.from({ length: build.length - 1 }, (_, i): Placeholder => ({ [PLACEHOLDER]: i }));
    // Without the handle's plugins: they see each call (below), not this compile. This app's plugins change no statement.
    const query = build(executor.withoutPlugins() as Kysely<DB>, ...(placeholders as unknown as A)).compile();
    const slots = query.parameters.map((p): Slot => (isPlaceholder(p) ? { arg: p[PLACEHOLDER] } : { value: p }));
    const used = new Set(slots.flatMap((s) => ("arg" in s ? [s.arg] : [])));
    if (used.size !== placeholders.length)
      throw new Error(`fixedStatement: ${placeholders.length - used.size} argument(s) did not become parameters`);
    return { sql: query.sql, slots };
  }
  return async function run(executor: Executor, ...args: A): Promise<R[]> {
    let statement = compiled.get(executor);
    if (!statement) compiled.set(executor, (statement = compile(executor)));
    const parameters = statement.slots.map((s) => ("arg" in s ? args[s.arg] : s.value));
    if (process.env.VITEST) sameAsBuilt(build(executor as Kysely<DB>, ...args).compile(), statement.sql, parameters);
    const { rows } = await executor.executeQuery<R>(CompiledQuery.raw(statement.sql, parameters));
    return rows;
  };
}

/** Under the tests: the fixed statement is what Kysely compiles for the call's own arguments. */
function sameAsBuilt(built: { sql: string; parameters: readonly unknown[] }, sql: string, parameters: unknown[]) {
  const same =
    built.sql === sql &&
    built.parameters.length === parameters.length &&
    built.parameters.every((p, i) => JSON.stringify(p) === JSON.stringify(parameters[i]));
  if (!same) throw new Error(`fixedStatement: the call's own statement differs:\n${built.sql}\n${sql}`);
}
