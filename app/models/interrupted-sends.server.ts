import { sql } from "kysely";
import { database, db } from "#app/utils/db.server.ts";

/** A send queue: its items' table, and its attempts' table with the column that points to the item. */
export interface SendQueue {
  items: "outbox_messages" | "webhook_deliveries";
  attempts: "outbox_attempts" | "webhook_attempts";
  itemColumn: "message_id" | "delivery_id";
}

/**
 * Items taken by a sender that died before recording the result, marked for
 * review with their started try interrupted, in one statement. On a server,
 * those whose lease ran out; on the embedded database (one process), every one
 * this process is not sending (`live`). The mail outbox and the webhook outbox
 * share this, so a crash is handled the same way in both.
 */
export async function recoverInterruptedSends(queue: SendQueue, live: readonly string[], now: Date): Promise<number> {
  const leaseRanOut = database().driver === "pglite" ? sql`true` : sql`leased_until < ${now}`;
  const notLive = live.length > 0 ? sql`id <> all(${[...live]}::uuid[])` : sql`true`;
  const { rows } = await sql<{ id: string }>`
    with stuck as (
      update ${sql.table(queue.items)}
      set status = 'review', leased_until = null, last_error = 'interrupted', updated_at = ${now}
      where status = 'sending' and ${leaseRanOut} and ${notLive}
      returning id, attempts
    ), tries as (
      update ${sql.table(queue.attempts)} a
      set outcome = 'interrupted', finished_at = ${now}
      from stuck
      where a.${sql.ref(queue.itemColumn)} = stuck.id and a.attempt = stuck.attempts and a.outcome = 'started'
    )
    select id from stuck`.execute(db());
  return rows.length;
}
