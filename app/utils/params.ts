import { z } from "zod";

export const Uuid = z.uuid();

/** A route param that must be a uuid; anything else is a 404, never a database error. */
export function parseId(value: string | undefined): string {
  const parsed = Uuid.safeParse(value);
  if (!parsed.success) throw new Response("Not found.", { status: 404, statusText: "Not Found" });
  return parsed.data;
}

/** Keyset cursors travel in the URL as opaque base64url JSON. */
export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor<T extends z.ZodTypeAny>(value: string | null | undefined, schema: T): z.infer<T> | null {
  if (!value) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
