// Statements on PGlite: each in one call into the database, prepared once.
//
// PGlite's query() sends a statement's extended-protocol messages one call at
// a time (Parse, Describe the statement, Bind, Describe the portal, Execute,
// Sync), each with its own buffers and parsing, and parses and plans the text
// every time: with ~18 statements the account page spent about half of its
// database time there (bench/RESULTS.md). Here each statement text is prepared
// once as a named statement (its parameter types read with Describe), and each
// run is one call: Bind, Describe, Execute, Sync. PostgreSQL's own plan cache
// then decides, as for any prepared statement, whether to plan each run for its
// values or keep a generic plan (plan_cache_mode auto), and plans again when a
// table the statement reads changes, or the role (row-level security) does.
//
// Nothing else changes: still one statement by the extended protocol (a text
// with two cannot be prepared); parameters are serialized by PGlite's own
// serializers for the types the server infers for them; rows are parsed by the
// same parsers; statements queue behind an open transaction exactly as query()
// does (PGlite's two locks); a failure is the same DatabaseError, carrying the
// statement and its parameters as query()'s. Schema changes (CREATE, ALTER,
// DROP, DO) close every prepared statement, so none outlives the shape of the
// rows it was prepared for; at most MAX_PREPARED are kept, the least recently
// used closed first.
import type { PGlite, Results, Transaction } from "@electric-sql/pglite";
import { serialize } from "pg-protocol";

/** What Kysely's PGlite dialect uses of PGlite (kysely's `PGlite` interface). */
export interface PGliteForKysely {
  close(): Promise<void>;
  readonly closed: boolean;
  readonly ready: boolean;
  readonly waitReady: Promise<void>;
  query<T>(text: string, params?: unknown[], options?: object): Promise<Rows<T>>;
  transaction<T>(callback: (tx: PGliteTx) => Promise<T>): Promise<T>;
}
type PGliteTx = Pick<PGliteForKysely, "query"> & { rollback(): Promise<void> };

interface Rows<T> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows: number;
}

/** The backend messages PGlite parses an answer into, as far as they are read here. */
type Message =
  | { name: "parameterDescription"; dataTypeIDs: number[] }
  | { name: "rowDescription"; fields: { name: string; dataTypeID: number }[] }
  | { name: "dataRow"; fields: (string | null)[] }
  | { name: "commandComplete"; text: string }
  | { name: string };

/** Commands that report how many rows they touched (as PGlite's parseResults counts them). */
const COUNTED = new Set(["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"]);
/** Commands after which a prepared statement's rows or parameters may no longer be what they were. */
const SCHEMA_CHANGE = new Set(["CREATE", "ALTER", "DROP", "DO"]);
/** Prepared statements kept at most; past this, the least recently used is closed. */
const MAX_PREPARED = 300;
/**
 * Longer texts (a seed's or an import's insert of thousands of rows) go through
 * PGlite's own query(): such a statement, kept prepared, would hold megabytes of
 * the database's memory, and it is parsed once per thousands of rows anyway.
 */
const MAX_PREPARED_TEXT = 16_384;
/** PostgreSQL's errors for a prepared statement that is gone or whose rows changed shape. */
const STALE_STATEMENT = new Set(["26000", "0A000"]);

interface Prepared {
  name: string;
  /** The parameters' types, as the server inferred them. */
  types: number[];
}

/** The statements prepared on one PGlite, by text, and how each is run. */
class PreparedStatements {
  readonly #pglite: PGlite;
  // By text, least recently used first.
  readonly #prepared = new Map<string, Prepared>();
  // Statements to close, sent before the next statement's messages.
  #toClose: string[] = [];
  #named = 0;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  /** Runs `text` with `params` (the caller holds PGlite's query lock). */
  async run<T>(text: string, params: unknown[]): Promise<Rows<T>> {
    let statement = this.#prepared.get(text);
    try {
      if (statement) {
        // Most recently used last.
        this.#prepared.delete(text);
        this.#prepared.set(text, statement);
      } else {
        statement = await this.#prepare(text);
      }
      const { name, types } = statement;
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const serializer = this.#pglite.serializers[types[i]!];
        return serializer ? serializer(param) : (param as { toString(): string }).toString();
      });
      const answer = await exec(this.#pglite, [
        ...this.#closing(),
        serialize.bind({ statement: name, values }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]);
      const result = rowsOf<T>(answer, this.#pglite.parsers);
      if (result.command && SCHEMA_CHANGE.has(result.command)) this.#forgetAll();
      return result;
    } catch (error) {
      if (error && typeof error === "object" && "severity" in error) {
        // Prepared again next time, should it be gone or its rows have changed shape.
        const code = String((error as { code?: unknown }).code);
        if (statement && STALE_STATEMENT.has(code) && this.#prepared.get(text) === statement) {
          this.#prepared.delete(text);
          this.#toClose.push(statement.name);
        }
        // As PGlite's query() reports a database error: with the statement and its parameters.
        Object.assign(error, { query: text, params });
      }
      throw error;
    }
  }

  /** A result of PGlite's own query(), noted as run's are: a schema change closes the prepared statements. */
  ran<T>(result: Results<T>): Rows<T> {
    if (result.command && SCHEMA_CHANGE.has(result.command)) this.#forgetAll();
    return { ...result, affectedRows: result.affectedRows ?? 0 };
  }

  async #prepare(text: string): Promise<Prepared> {
    const name = `kohtaamo_${++this.#named}`;
    const answer = await exec(this.#pglite, [
      ...this.#closing(),
      serialize.parse({ text, name }),
      serialize.describe({ type: "S", name }),
      serialize.sync(),
    ]);
    const statement = { name, types: parameterTypes(answer) };
    if (this.#prepared.size >= MAX_PREPARED) {
      const [oldestText, oldest] = this.#prepared.entries().next().value!;
      this.#prepared.delete(oldestText);
      this.#toClose.push(oldest.name);
    }
    this.#prepared.set(text, statement);
    return statement;
  }

  #closing() {
    const messages = this.#toClose.map((name) => serialize.close({ type: "S", name }));
    this.#toClose = [];
    return messages;
  }

  #forgetAll() {
    this.#toClose.push(...[...this.#prepared.values()].map((p) => p.name));
    this.#prepared.clear();
  }
}

/** `pglite` as Kysely's PGlite dialect wants it, each statement prepared once and run in one call. */
export function oneCallQueries(pglite: PGlite): PGliteForKysely {
  const statements = new PreparedStatements(pglite);
  // Anything but rows as objects (a blob, own parsers), and long texts, are PGlite's own query().
  const ownQuery = (text: string, options: object | undefined) =>
    text.length > MAX_PREPARED_TEXT ||
    (options !== undefined &&
      Object.keys(options).some((k) => k !== "rowMode" || (options as { rowMode?: string }).rowMode !== "object"));

  return {
    close: () => pglite.close(),
    get closed() {
      return pglite.closed;
    },
    get ready() {
      return pglite.ready;
    },
    get waitReady() {
      return pglite.waitReady;
    },
    async query<T>(text: string, params: unknown[] = [], options?: object) {
      if (ownQuery(text, options)) return statements.ran(await pglite.query<T>(text, params, options));
      await pglite._checkReady();
      return pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          const result = await statements.run<T>(text, params);
          await pglite.syncToFs();
          return result;
        }),
      );
    },
    transaction<T>(callback: (tx: PGliteTx) => Promise<T>) {
      return pglite.transaction((tx: Transaction) =>
        callback({
          async query<R>(text: string, params: unknown[] = [], options?: object) {
            if (ownQuery(text, options)) return statements.ran(await tx.query<R>(text, params, options));
            if (tx.closed) throw new Error("Transaction is closed");
            return pglite._runExclusiveQuery(() => statements.run<R>(text, params));
          },
          rollback: () => tx.rollback(),
        }),
      );
    },
  };
}

/** Runs the messages as one call; a database error among the answers is thrown (after Sync, so the session is ready again). */
async function exec(pglite: PGlite, messages: Uint8Array[]): Promise<Message[]> {
  return (await pglite.execProtocolStream(Buffer.concat(messages), { syncToFs: false })) as Message[];
}

function parameterTypes(messages: Message[]): number[] {
  const description = messages.find((m) => m.name === "parameterDescription") as
    Extract<Message, { name: "parameterDescription" }> | undefined;
  return description?.dataTypeIDs ?? [];
}

/** The statement's rows as objects, parsed by column type, and what it touched (PGlite's parseResults, for one statement). */
function rowsOf<T>(
  messages: Message[],
  parsers: Record<number, (value: string, type: number) => unknown>,
): Rows<T> & { command?: string } {
  let fields: { name: string; dataTypeID: number }[] = [];
  let parse: (((value: string, type: number) => unknown) | undefined)[] = [];
  const rows: T[] = [];
  let affectedRows = 0;
  let command: string | undefined;
  for (const message of messages) {
    if (message.name === "rowDescription") {
      fields = (message as Extract<Message, { name: "rowDescription" }>).fields.map((f) => ({
        name: f.name,
        dataTypeID: f.dataTypeID,
      }));
      parse = fields.map((f) => parsers[f.dataTypeID]);
    } else if (message.name === "dataRow") {
      const values = (message as Extract<Message, { name: "dataRow" }>).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const parser = parse[i];
        row[fields[i]!.name] =
          value === null || value === undefined ? null : parser ? parser(value, fields[i]!.dataTypeID) : value;
      }
      rows.push(row as T);
    } else if (message.name === "commandComplete") {
      const parts = (message as Extract<Message, { name: "commandComplete" }>).text.split(" ");
      command = parts[0];
      if (command && COUNTED.has(command)) affectedRows += parseInt(parts[parts.length - 1]!, 10);
    }
  }
  return { rows, fields, affectedRows, command };
}
