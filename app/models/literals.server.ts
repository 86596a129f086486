// Constants of the code written into a statement's text instead of sent as
// parameters. On the embedded database every statement text is prepared once
// and run again by name (db/pglite-queries.ts), and PostgreSQL's plan cache keeps
// one generic plan for it only when that plan is not judged much dearer than one
// planned for the values. A limit sent as a parameter (a generic plan guesses a
// tenth of the rows) or a fixed status a partial index is defined by (`status =
// 'open'`, which a generic plan cannot prove for `status = $2`) makes it dearer,
// and the statement is then planned again on every run. Only for values the code
// fixes: never for what a user sent.
import { sql, type RawBuilder } from "kysely";

/** A count the code fixes (a limit), written into the statement; refuses anything but a count. */
export function literalCount(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${n} is not a count`);
  return sql.lit(n);
}
