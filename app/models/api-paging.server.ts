import { sql, type SelectQueryBuilder } from "kysely";
import { z } from "zod";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";

// The JSON API's lists: keyset pages in order of the records' ids, the cursor
// being the last id of the page before (the same for every kind of record).

export interface Paging {
  limit: number;
  cursor?: string | undefined;
}

const IdCursor = z.tuple([z.uuid()]);

/** An instant as the API's records carry it: ISO 8601 in UTC; null stays null. */
export const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Whether a page cursor is one this API gave out. */
export function isPageCursor(cursor: string): boolean {
  return decodeCursor(cursor, IdCursor) !== null;
}

/**
 * The page of `query`'s rows after the cursor, in order of `idColumn` (the
 * record's id, as the query names it), each row made the record the API shows;
 * `next_cursor` is null on the last page.
 */
export async function pageById<DB, TB extends keyof DB, O extends { id: string }, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  idColumn: string,
  paging: Paging,
  record: (row: O) => T,
) {
  const after = decodeCursor(paging.cursor, IdCursor);
  const id = sql.ref<string>(idColumn);
  const rows = await (after ? query.where(id, ">", after[0]) : query)
    .orderBy(id)
    .limit(paging.limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, paging.limit, (last) => [last.id]);
  return { data: page.map(record), next_cursor: nextCursor };
}
