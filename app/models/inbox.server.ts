import { sql } from "kysely";
import {
  handOverRefusal,
  orderInbox,
  parseInboxItemKey,
  resolveInboxSettings,
  snoozeRefusal,
  visibleToday,
  type InboxItem,
  type InboxItemState,
  type InboxKind,
  type InboxSettings,
} from "#app/domain/inbox.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Role } from "#app/domain/vocabulary.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";
import {
  contestedNotices,
  disputes,
  proposals,
  reviewComments,
  surveyAnswers,
  type InboxScope,
  type InboxSource,
} from "./inbox-sources.server.ts";
import {
  capturedMails,
  dueExpectations,
  dueTasks,
  escalations,
  plannedTouchpoints,
  signals,
} from "./inbox-work-sources.server.ts";

// The inbox of one member of staff, read from its sources
// (app/models/inbox-sources.server.ts). What the person did with an item (done,
// snoozed, handed over) is in inbox_item_states; an item turned into a task
// (tasks.inbox_item_key) leaves while that task is not cancelled.

export const INBOX_SETTINGS_KEY = "inbox";

/** Every source of the inbox; another is one more function here. */
export const SOURCES: InboxSource[] = [
  disputes,
  contestedNotices,
  proposals,
  surveyAnswers,
  signals,
  escalations,
  dueExpectations,
  dueTasks,
  plannedTouchpoints,
  reviewComments,
  capturedMails,
];

export async function loadInboxSettings(executor: Executor): Promise<InboxSettings> {
  const row = await executor
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", INBOX_SETTINGS_KEY)
    .executeTakeFirst();
  return resolveInboxSettings(row?.value);
}

export interface InboxViewer {
  id: string;
  role: Role;
}

export type InboxEntry = InboxItem & { handedBy: string | null; state: InboxItemState | null };

/**
 * Every item in the viewer's inbox today, most pressing first. With
 * `withHidden`, also the items the viewer marked done, snoozed or handed on
 * (what actions check an item against).
 */
export async function gatherInbox(
  executor: Executor,
  viewer: InboxViewer,
  options: { now?: Date; withHidden?: boolean } = {},
): Promise<InboxEntry[]> {
  const now = options.now ?? new Date();
  const today = calendarDate(now);
  const settings = await loadInboxSettings(executor);
  const handedRows = await executor
    .selectFrom("inbox_item_states as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.item_key", "u.name as from_name"])
    .where("s.handed_to", "=", viewer.id)
    .limit(1000)
    .execute();
  const handedIn: Partial<Record<InboxKind, string[]>> = {};
  const handedBy = new Map<string, string>();
  for (const row of handedRows) {
    const parsed = parseInboxItemKey(row.item_key);
    if (!parsed) continue;
    (handedIn[parsed.kind] ??= []).push(parsed.sourceId);
    handedBy.set(row.item_key, row.from_name);
  }
  const scope: InboxScope = { userId: viewer.id, role: viewer.role, today, now, settings, handedIn };
  const found = new Map<string, InboxItem>();
  // One source after the other: inside a transaction the queries share one connection anyway.
  for (const source of SOURCES) {
    for (const item of await source(executor, scope)) found.set(item.key, item);
  }
  const keys = [...found.keys()];
  if (!keys.length) return [];
  const states = await executor
    .selectFrom("inbox_item_states")
    .select(["item_key", "done_at", "snoozed_until", "handed_to"])
    .where("user_id", "=", viewer.id)
    .where("item_key", "in", keys)
    .execute();
  const tasked = await executor
    .selectFrom("tasks")
    .select("inbox_item_key")
    .where("inbox_item_key", "in", keys)
    .where("state", "<>", "cancelled")
    .execute();
  const stateOf = new Map(states.map((s) => [s.item_key, s]));
  const taskedKeys = new Set(tasked.map((t) => t.inbox_item_key));
  const entries: InboxEntry[] = [];
  for (const item of found.values()) {
    if (taskedKeys.has(item.key)) continue;
    const state = stateOf.get(item.key) ?? null;
    if (!options.withHidden && !visibleToday(state ?? undefined, viewer.id, today)) continue;
    entries.push({ ...item, handedBy: handedBy.get(item.key) ?? null, state });
  }
  return orderInbox(entries, today);
}

async function findItem(trx: Trx, viewer: InboxViewer, key: string, now: Date) {
  if (!parseInboxItemKey(key)) throw new NotFoundError("inbox item");
  const item = (await gatherInbox(trx, viewer, { now, withHidden: true })).find((i) => i.key === key);
  // A captured mail is on no account yet: it is placed or discarded (app/models/mail-in.server.ts), not done, snoozed or handed over.
  if (!item || !item.accountId) throw new NotFoundError("inbox item");
  return item;
}

async function saveState(
  trx: Trx,
  viewer: InboxViewer,
  item: InboxEntry,
  change: { done_at?: Date | null; snoozed_until?: string | null; handed_to?: string | null },
  action: string,
  ip: string | null,
) {
  const values = { done_at: null, snoozed_until: null, handed_to: null, ...change };
  await trx
    .insertInto("inbox_item_states")
    .values({ account_id: item.accountId, user_id: viewer.id, item_key: item.key, ...values })
    .onConflict((oc) =>
      oc.columns(["account_id", "user_id", "item_key"]).doUpdateSet({ ...values, updated_at: sql`now()` }),
    )
    .execute();
  await writeAudit(trx, {
    actorId: viewer.id,
    accountId: item.accountId,
    entity: "inbox_item",
    entityId: item.key,
    action,
    before: item.state
      ? { done_at: item.state.done_at, snoozed_until: item.state.snoozed_until, handed_to: item.state.handed_to }
      : { done_at: null, snoozed_until: null, handed_to: null },
    after: { ...values, done_at: values.done_at ? values.done_at.toISOString() : null },
    ip,
  });
}

export interface InboxContext {
  viewer: InboxViewer;
  ip?: string | null;
  now?: Date;
}

/** Marks an item of the viewer's inbox done (for the viewer). */
export async function markInboxItemDone(trx: Trx, { viewer, ip = null, now = new Date() }: InboxContext, key: string) {
  const item = await findItem(trx, viewer, key, now);
  await saveState(trx, viewer, item, { done_at: now }, "done", ip);
}

/** Hides an item from the viewer's inbox until the given day; it comes back that morning. */
export async function snoozeInboxItem(
  trx: Trx,
  { viewer, ip = null, now = new Date() }: InboxContext,
  key: string,
  until: string,
) {
  const refusal = snoozeRefusal(until, calendarDate(now));
  if (refusal) throw new FieldError({ until: { key: `inbox.refusal.${refusal}` } });
  const item = await findItem(trx, viewer, key, now);
  await saveState(trx, viewer, item, { snoozed_until: until }, "snooze", ip);
}

/** Hands an item to a colleague: it leaves the viewer's inbox and arrives, fresh, in theirs. */
export async function handOverInboxItem(
  trx: Trx,
  { viewer, ip = null, now = new Date() }: InboxContext,
  key: string,
  toUserId: string,
) {
  const target = await trx
    .selectFrom("users")
    .select(["id", "role", "disabled_at"])
    .where("id", "=", toUserId)
    .executeTakeFirst();
  const refusal = handOverRefusal(viewer.id, target);
  if (refusal) throw new FieldError({ to: { key: `inbox.refusal.${refusal}` } });
  const item = await findItem(trx, viewer, key, now);
  // Whatever the colleague did with it before, it is theirs now, as new.
  await trx
    .deleteFrom("inbox_item_states")
    .where("account_id", "=", item.accountId)
    .where("user_id", "=", toUserId)
    .where("item_key", "=", item.key)
    .execute();
  await saveState(trx, viewer, item, { handed_to: toUserId }, "hand_over", ip);
}

/** Saves the inbox settings (escalation days, due-soon and survey windows, playbook rules), audited. */
export async function saveInboxSettings(
  trx: Trx,
  settings: InboxSettings,
  actorId: string,
  ip: string | null = null,
): Promise<InboxSettings> {
  const before = await loadInboxSettings(trx);
  await trx
    .insertInto("app_settings")
    .values({ key: INBOX_SETTINGS_KEY, value: settings, updated_by: actorId })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        value: settings,
        updated_by: actorId,
        updated_at: sql`now()`,
        version: sql`app_settings.version + 1`,
      }),
    )
    .execute();
  await writeAudit(trx, {
    actorId,
    entity: "app_settings",
    entityId: INBOX_SETTINGS_KEY,
    action: "update",
    before: { ...before },
    after: { ...settings },
    ip,
  });
  return settings;
}
