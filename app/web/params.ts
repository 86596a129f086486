import { z } from "zod";

export const Uuid = z.uuid();

/** A route param that must be a uuid; anything else is a 404, never a database error. */
export function parseId(value: string | undefined): string {
  const parsed = Uuid.safeParse(value);
  if (!parsed.success) throw new Response("Not found.", { status: 404, statusText: "Not Found" });
  return parsed.data;
}
