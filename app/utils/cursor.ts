import type { z } from "zod";

/** Keyset cursors travel in the URL as opaque base64url JSON. */
export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** The cursor's parts when `value` is one `schema` accepts; null for anything else (never an error). */
export function decodeCursor<T extends z.ZodTypeAny>(value: string | null | undefined, schema: T): z.infer<T> | null {
  if (!value) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A keyset page from the rows a query read with `limit + 1` (one past the page,
 * to tell whether another follows): the first `limit` rows, and the cursor of
 * the last of them (`cursorOf`) when there are more; null on the last page.
 */
export function keysetPage<R>(rows: R[], limit: number, cursorOf: (last: R) => unknown[]) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
