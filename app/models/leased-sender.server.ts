import { sql, type ColumnType, type Generated, type SelectQueryBuilder, type Transaction } from "kysely";
import type { FailureOutcome } from "#app/domain/outbox.ts";
import { database, db } from "#app/utils/db.server.ts";
import type { DB } from "#db/schema.ts";
import { startPoller, type Poller } from "#app/models/poller.server.ts";

// The core of a leased sender, shared by the mail outbox (SMTP,
// app/models/outbox-worker.server.ts) and the webhook outbox (HTTP,
// app/models/webhook-worker.server.ts); only the transport and its rules differ.
//
// Taking an item (FOR UPDATE SKIP LOCKED, so two server processes never take
// the same one) marks it `sending` with a lease, counts the try and records it
// as started in the attempts table — committed BEFORE the receiver is
// contacted. After the receiver answers, the result is written: `sent`; or on a
// failure `pending` again after a backoff, or `failed` (the queue's rules say
// which). A crash between taking and recording leaves an item `sending`:
// whether the receiver got it is unknown, so it is never sent again by itself —
// `recover` marks it `review`, its try `interrupted`, for a person to decide.

/** A send queue: its items' table, and its attempts' table with the column that points to the item. */
export interface SendQueue {
  items: "outbox_messages" | "webhook_deliveries";
  attempts: "outbox_attempts" | "webhook_attempts";
  itemColumn: "message_id" | "delivery_id";
}

/** A send queue with its lease and the items this process is sending now. */
export interface LeasedQueue extends SendQueue {
  leaseMs: number;
  inFlight: Set<string>;
  /** Items taken by a sender that died before recording the result, put up for review (see recoverInterruptedSends). */
  recover(now: Date): Promise<number>;
}

type Status = "pending" | "sending" | "sent" | "failed" | "review" | "cancelled";

/** The columns both queues' tables share, under each queue's own table names (the core writes only these). */
interface LeasedItemTable {
  id: string;
  status: Status;
  attempts: number;
  next_attempt_at: Date;
  leased_until: Date | null;
  last_error: string;
  updated_at: Date;
  sent_at: Date | null;
  created_at: Date;
}
/** The item's column is `message_id` in one queue and `delivery_id` in the other (SendQueue's itemColumn). */
type ItemColumn = ColumnType<string, string | undefined, never>;
interface LeasedAttemptTable {
  message_id: ItemColumn;
  delivery_id: ItemColumn;
  attempt: number;
  started_at: Date;
  finished_at: Date | null;
  outcome: Generated<"started" | "sent" | "retry" | "failed" | "interrupted">;
  detail: Generated<string>;
  /** The webhook queue's only. */
  status_code: number | null;
}
type LeasedTables = Record<SendQueue["items"], LeasedItemTable> & Record<SendQueue["attempts"], LeasedAttemptTable>;

/** The transaction seen through the shared columns of the two queues. */
function leased(trx: Transaction<DB>): Transaction<LeasedTables> {
  return trx as unknown as Transaction<LeasedTables>;
}

const processStore = globalThis as typeof globalThis & Record<string, unknown>;

/** A queue whose in-flight set survives module reloads in development (kept on globalThis under `storeKey`). */
function leasedQueue(tables: SendQueue, leaseMs: number, storeKey: string): LeasedQueue {
  const inFlight = (processStore[storeKey] ??= new Set<string>()) as Set<string>;
  const queue: LeasedQueue = {
    ...tables,
    leaseMs,
    inFlight,
    recover: (now) => recoverInterruptedSends(queue, [...inFlight], now),
  };
  return queue;
}

/** What `take` answers when the item it looked at was moved on or cancelled: look at the next one. */
export const LOOK_AGAIN = Symbol("look again");

/**
 * A select of a queue's items narrowed to the one due first (pending, its time
 * come, oldest first), locked so that no other sender takes it:
 * `trx.selectFrom("outbox_messages").selectAll().$call(dueFirst(now))`.
 */
export function dueFirst(now: Date) {
  return <QB>(qb: QB): QB =>
    (qb as unknown as SelectQueryBuilder<LeasedTables, SendQueue["items"], object>)
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("created_at")
      .limit(1)
      .forUpdate()
      .skipLocked() as unknown as QB;
}

/** How many items one claim looks at before it gives up until the next pass. */
const CLAIM_ROUNDS = 20;

/**
 * Takes the next due item, each round in a transaction of its own: `take` finds
 * and locks it (or answers LOOK_AGAIN after moving it on), then it is leased and
 * its try recorded. Null when none is due.
 */
async function claimNext<Item extends { id: string; attempts: number }>(
  queue: LeasedQueue,
  now: Date,
  take: (trx: Transaction<DB>) => Promise<Item | undefined | typeof LOOK_AGAIN>,
): Promise<Item | null> {
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const result = await db()
      .transaction()
      .execute(async (trx) => {
        const item = await take(trx);
        if (item === LOOK_AGAIN || !item) return item ?? null;
        const attempt = item.attempts + 1;
        await leased(trx)
          .updateTable(queue.items)
          .set({
            status: "sending",
            attempts: attempt,
            leased_until: new Date(now.getTime() + queue.leaseMs),
            updated_at: now,
          })
          .where("id", "=", item.id)
          .execute();
        await leased(trx)
          .insertInto(queue.attempts)
          .values({ [queue.itemColumn]: item.id, attempt, started_at: now } as {
            message_id?: string;
            attempt: number;
            started_at: Date;
          })
          .execute();
        return { ...item, attempts: attempt };
      });
    if (result !== LOOK_AGAIN) return result;
  }
  return null;
}

/** How one try ended, as the transport saw it. */
export type TryEnd =
  { sent: true; detail: string; statusCode?: number } | { sent: false; detail: string; statusCode?: number | null };

/** What varies between the queues: how an item is taken and sent, and what a result also changes. */
export interface Sender<Item extends { id: string; attempts: number }, Failure extends TryEnd & { sent: false }> {
  claim(now: Date): Promise<Item | null>;
  /** The try itself, once it is recorded: contacts the receiver and says how it went. */
  send(item: Item, clock: () => Date): Promise<(TryEnd & { sent: true }) | Failure>;
  /** What follows a failed try: again later, or failed for good. */
  afterFailure(item: Item, failure: Failure, now: Date): FailureOutcome;
  /** More columns of the item written when it is sent (e.g. a secret mail's body taken out). */
  sentColumns?(item: Item): Record<string, unknown>;
  /** Writes in the same transaction as a sent result. */
  onSent?(trx: Transaction<DB>, item: Item, now: Date): Promise<void>;
  /** Writes in the same transaction as a failed try. */
  onFailed?(trx: Transaction<DB>, item: Item, now: Date, detail: string): Promise<void>;
}

export interface SendHooks {
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
  /** Called once an item is taken and recorded, before the receiver is contacted. */
  afterClaim?: (id: string) => void | Promise<void>;
  /** Called after the receiver accepted an item, before it is marked sent (the crash test kills its process here). */
  afterSend?: (id: string) => void | Promise<void>;
}

/** Writes the end of the item's current try: the item (only while this try holds it) and the try's row. */
async function finishTry(
  trx: Transaction<DB>,
  queue: LeasedQueue,
  item: { id: string; attempts: number },
  itemColumns: Partial<LeasedItemTable>,
  attemptColumns: {
    outcome: "sent" | "retry" | "failed";
    finished_at: Date;
    detail: string;
    status_code?: number | null;
  },
) {
  await leased(trx)
    .updateTable(queue.items)
    .where("id", "=", item.id)
    .where("status", "=", "sending")
    .where("attempts", "=", item.attempts)
    .set({ ...itemColumns, leased_until: null })
    .execute();
  await leased(trx)
    .updateTable(queue.attempts)
    .set(attemptColumns)
    .where(queue.itemColumn, "=", item.id)
    .where("attempt", "=", item.attempts)
    .execute();
}

/** What a sent item and its try are changed to. */
function sentResult(now: Date, columns: Record<string, unknown> = {}) {
  return {
    item: { status: "sent" as const, sent_at: now, last_error: "", updated_at: now, ...columns },
    attempt: { outcome: "sent" as const },
  };
}

/** What a failed try's item and row are changed to: pending again after the backoff, or failed. */
function failedResult<Item extends { id: string; attempts: number }, Failure extends TryEnd & { sent: false }>(
  sender: Sender<Item, Failure>,
  item: Item,
  failure: Failure,
  now: Date,
) {
  const outcome = sender.afterFailure(item, failure, now);
  const again = outcome.state === "pending";
  return {
    item: {
      status: outcome.state,
      next_attempt_at: again ? outcome.nextAttemptAt : now,
      last_error: failure.detail,
      updated_at: now,
    },
    attempt: { outcome: again ? ("retry" as const) : ("failed" as const) },
  };
}

const statusCode = (end: TryEnd) => (end.statusCode === undefined ? {} : { status_code: end.statusCode });

/**
 * One step of a sender: takes the next due item, sends it, records the result.
 * Returns what happened, or null when nothing was due.
 */
async function sendNext<Item extends { id: string; attempts: number }, Failure extends TryEnd & { sent: false }>(
  queue: LeasedQueue,
  sender: Sender<Item, Failure>,
  hooks: SendHooks,
): Promise<{ id: string; outcome: "sent" | "retry" | "failed" } | null> {
  const clock = hooks.now ?? (() => new Date());
  const item = await sender.claim(clock());
  if (!item) return null;
  queue.inFlight.add(item.id);
  try {
    await hooks.afterClaim?.(item.id);
    const end = await sender.send(item, clock);
    if (end.sent) await hooks.afterSend?.(item.id);
    const now = clock();
    const result = end.sent ? sentResult(now, sender.sentColumns?.(item)) : failedResult(sender, item, end, now);
    await db()
      .transaction()
      .execute(async (trx) => {
        await finishTry(trx, queue, item, result.item, {
          ...result.attempt,
          finished_at: now,
          ...statusCode(end),
          detail: end.detail,
        });
        if (end.sent) await sender.onSent?.(trx, item, now);
        else await sender.onFailed?.(trx, item, now, end.detail);
      });
    return { id: item.id, outcome: result.attempt.outcome };
  } finally {
    queue.inFlight.delete(item.id);
  }
}

/**
 * Items taken by a sender that died before recording the result, marked for
 * review with their started try interrupted, in one statement. On a server,
 * those whose lease ran out; on the embedded database (one process), every one
 * this process is not sending (`live`).
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

/**
 * Starts an in-process sender (one per process, kept on globalThis under
 * `storeKey` so `wakeWorker` finds it): each pass runs `before` (if given),
 * then, unless `send` is null, puts interrupted items up for review and sends
 * due ones one at a time. Passes run every `intervalMs` and on `wakeWorker`.
 */
function startLeasedWorker(
  storeKey: string,
  intervalMs: number,
  pass: WorkerPass & { queue: LeasedQueue },
  failedMessage: string,
): Poller {
  const worker: Poller = startPoller(
    intervalMs,
    async (stopped) => {
      await pass.before?.();
      if (!pass.send) return;
      await pass.queue.recover(pass.now());
      while (!stopped() && (await pass.send())) {
        // keep going while items are due
      }
    },
    (error) => console.error(failedMessage, error),
    () => {
      if (processStore[storeKey] === worker) processStore[storeKey] = undefined;
    },
  );
  processStore[storeKey] = worker;
  return worker;
}

/** Nudges this process's sender kept under `storeKey`, if one runs. */
function wakeWorker(storeKey: string): void {
  (processStore[storeKey] as Poller | undefined)?.wake();
}

/** What a pass of a started worker does besides sending (see startLeasedWorker). */
interface WorkerPass {
  before?: () => Promise<void>;
  now: () => Date;
  send: (() => Promise<unknown>) | null;
}

/**
 * A leased sender's queue and its in-process worker, wired once for both
 * outboxes: the queue (`keys.inFlight` keeps its in-flight set), claiming and
 * sending on it, recovering interrupted items, and the worker kept under
 * `keys.worker` (`keys.failed` is logged when a pass fails).
 */
export function leasedWorker(
  tables: SendQueue,
  leaseMs: number,
  keys: { inFlight: string; worker: string; failed: string },
) {
  const queue = leasedQueue(tables, leaseMs, keys.inFlight);
  return {
    /** Takes the next due item: `take` finds and locks it (or answers LOOK_AGAIN); null when none is due. */
    claim: <Item extends { id: string; attempts: number }>(
      now: Date,
      take: (trx: Transaction<DB>) => Promise<Item | undefined | typeof LOOK_AGAIN>,
    ) => claimNext(queue, now, take),
    /** One step: takes the next due item, sends it, records the result; null when nothing was due. */
    sendNext: <Item extends { id: string; attempts: number }, Failure extends TryEnd & { sent: false }>(
      sender: Sender<Item, Failure>,
      hooks: SendHooks,
    ) => sendNext(queue, sender, hooks),
    /** Items taken by a sender that died before recording the result, put up for review. */
    recover: (now: Date = new Date()) => queue.recover(now),
    /** Starts this process's worker (see startLeasedWorker). */
    start: (intervalMs: number, pass: WorkerPass) =>
      startLeasedWorker(keys.worker, intervalMs, { ...pass, queue }, keys.failed),
    /** Nudges this process's worker, if one runs. */
    wake: () => wakeWorker(keys.worker),
  };
}
