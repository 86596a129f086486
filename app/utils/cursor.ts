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
