import { sql } from "kysely";
import { calendarDate } from "#app/domain/time.ts";
import type { Db } from "#app/utils/db.server.ts";
import { gatherInbox, type InboxViewer } from "./inbox.server.ts";

// The number in every staff page's header: how many items wait in the person's
// inbox. Gathering the inbox is eleven queries and every item built, on every
// page the person opens; the count changes only when something the inbox reads
// is written, or with the day. So the count is kept here, per person, with the
// value of the database's inbox_generation sequence it was figured at (every
// statement writing a table the inbox reads takes the sequence's next value:
// migration 20261207_0900_inbox_generation). A page asks the sequence (one
// small query) and counts again only when it moved, the day changed, or the
// count is older than MAX_AGE_MS. That last bound covers what the sequence
// cannot see: a write whose transaction had taken its value but not committed
// when the count was figured, and escalations, which come due by the clock.

/** The longest a kept count is shown without gathering again. */
export const MAX_AGE_MS = 30_000;
/** People kept per database; the oldest is dropped beyond this. */
const MAX_PEOPLE = 5_000;

interface Kept {
  count: number;
  generation: string;
  today: string;
  at: number;
}

/** Per database handle (tests open several in one process); transactions are never kept. */
const kept = new WeakMap<Db, Map<string, Kept>>();

async function generation(database: Db): Promise<string> {
  const { rows } = await sql<{ value: string }>`select last_value::text as value from inbox_generation`.execute(database);
  return rows[0]?.value ?? "0";
}

/** The header's count for `viewer`: what gatherInbox would list today, kept while nothing it reads has changed. */
export async function inboxCount(database: Db, viewer: InboxViewer, now = new Date()): Promise<number> {
  const today = calendarDate(now);
  const current = await generation(database);
  let people = kept.get(database);
  if (!people) kept.set(database, (people = new Map()));
  const key = `${viewer.id}:${viewer.role}`;
  const hit = people.get(key);
  if (hit && hit.generation === current && hit.today === today && now.getTime() >= hit.at && now.getTime() - hit.at < MAX_AGE_MS)
    return hit.count;
  const count = (await gatherInbox(database, viewer, { now })).length;
  people.delete(key);
  if (people.size >= MAX_PEOPLE) people.delete(people.keys().next().value!);
  people.set(key, { count, generation: current, today, at: now.getTime() });
  return count;
}
