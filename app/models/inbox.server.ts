import { sql } from "kysely";
import { addDays } from "#app/domain/dates.ts";
import {
  handOverRefusal,
  inboxItemKey,
  isDetractor,
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
import { calendarDate, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import type { Role } from "#app/domain/vocabulary.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";

// The inbox of one member of staff, read from its sources. Each source is one
// function below that returns the items of one kind (or a few) for the scope:
// the person's own accounts (or own tasks), plus the items colleagues handed to
// them. Adding a source is adding one function to SOURCES. What the person did
// with an item (done, snoozed, handed over) is in inbox_item_states; an item
// whose source is dealt with (an expectation accepted, a signal acknowledged, a
// task completed) is simply no longer returned by its source. An item turned
// into a task (tasks.inbox_item_key) leaves while that task is not cancelled.

export const INBOX_SETTINGS_KEY = "inbox";
const PER_SOURCE = 200;

export interface InboxScope {
  userId: string;
  role: Role;
  today: string;
  now: Date;
  settings: InboxSettings;
  /** Source ids of items colleagues handed to this person, by kind. */
  handedIn: Partial<Record<InboxKind, string[]>>;
}

export type InboxSource = (executor: Executor, scope: InboxScope) => Promise<InboxItem[]>;

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const dayStart = (date: string) => `${date}T00:00:00.000Z`;
const idsOf = (scope: InboxScope, ...kinds: InboxKind[]) => kinds.flatMap((k) => scope.handedIn[k] ?? []);

/** Deliveries the customer disputed, until the dispute's signal is acknowledged or the delivery reopened. */
const disputes: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "customer_dispute");
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "e.customer_response", "e.customer_comment", "e.customer_responded_at", "e.due_date", "e.delivered_on"])
    .where((eb) => eb.or([eb("a.owner_id", "=", scope.userId), ...(handed.length ? [eb("e.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("e.status", "=", "resolved")
    .where("e.customer_response", "in", ["disputed_partly", "disputed_not_delivered"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("risk_signals as r")
            .select(sql`1`.as("one"))
            .whereRef("r.account_id", "=", "e.account_id")
            .whereRef("r.evidence_id", "=", "e.id")
            .where("r.rule", "=", "delivery_disputed")
            .where("r.acknowledged_at", "is not", null)
            .whereRef("r.acknowledged_at", ">=", "e.customer_responded_at"),
        ),
      ),
    )
    .orderBy("e.customer_responded_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("customer_dispute", r.id, r.customer_responded_at ? new Date(r.customer_responded_at).getTime() : null),
    kind: "customer_dispute",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.customer_responded_at ?? new Date(0)),
    dueOn: null,
    title: r.title,
    pressing: true,
    details: { response: r.customer_response, comment: r.customer_comment, dueDate: r.due_date, deliveredOn: r.delivered_on },
  }));
};

/**
 * Re-plans whose notice the customer contested in the portal ("we were not
 * told", app/domain/notice.ts), until the contest's signal is acknowledged
 * after it. One item per expectation and contest.
 */
const contestedNotices: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "notice_contested");
  const rows = await executor
    .selectFrom("expectation_changes as c")
    .innerJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"))
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .innerJoin("expectation_changes as r", (j) => j.onRef("r.account_id", "=", "c.account_id").onRef("r.id", "=", "c.replan_id"))
    .leftJoin("users as u", "u.id", "c.actor_id")
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "c.at", "c.reason", "r.to_due_date", "r.customer_notified_on", "u.name as person"])
    .where((eb) => eb.or([eb("a.owner_id", "=", scope.userId), ...(handed.length ? [eb("e.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("c.kind", "=", "notice_contested")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("risk_signals as s")
            .select(sql`1`.as("one"))
            .whereRef("s.account_id", "=", "c.account_id")
            .whereRef("s.evidence_id", "=", "c.expectation_id")
            .where("s.rule", "=", "notice_contested")
            .where("s.acknowledged_at", "is not", null)
            .whereRef("s.acknowledged_at", ">=", "c.at"),
        ),
      ),
    )
    .orderBy("c.at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("notice_contested", r.id, new Date(r.at).getTime()),
    kind: "notice_contested",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.at),
    dueOn: null,
    title: r.title,
    pressing: true,
    details: { note: r.reason, toDueDate: r.to_due_date, claimedOn: r.customer_notified_on, person: r.person },
  }));
};

/** Expectations the customer stated in the portal, until they are accepted or declined. */
const proposals: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "customer_expectation");
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "e.due_date", "e.created_at"])
    .where((eb) => eb.or([eb("a.owner_id", "=", scope.userId), ...(handed.length ? [eb("e.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("e.status", "=", "proposed")
    .where("e.source", "=", "customer")
    .orderBy("e.created_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("customer_expectation", r.id),
    kind: "customer_expectation",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.created_at),
    dueOn: r.due_date,
    title: r.title,
    pressing: false,
    details: {},
  }));
};

/** NPS and CSAT answers of the last surveyDays days, detractors first, until marked done. */
const surveyAnswers: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "survey_answer");
  const since = new Date(scope.now.getTime() - scope.settings.surveyDays * 86_400_000);
  const rows = await executor
    .selectFrom("survey_responses as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .innerJoin("stakeholders as p", (j) => j.onRef("p.account_id", "=", "s.account_id").onRef("p.id", "=", "s.stakeholder_id"))
    .select(["s.id", "s.account_id", "a.name as account_name", "s.kind", "s.score", "s.comment", "s.answered_at", "p.name as person"])
    .where((eb) =>
      eb.or([
        eb.and([eb("a.owner_id", "=", scope.userId), eb("s.answered_at", ">=", since)]),
        ...(handed.length ? [eb("s.id", "in", handed)] : []),
      ]),
    )
    .where("a.archived_at", "is", null)
    .orderBy("s.answered_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("survey_answer", r.id),
    kind: "survey_answer",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.answered_at),
    dueOn: null,
    title: r.comment,
    pressing: isDetractor(r.kind, r.score),
    details: { survey: r.kind, score: r.score, person: r.person },
  }));
};

/** New and re-raised risk signals on my accounts, until acknowledged or ended (disputes and contested notices come as their own items). */
const signals: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "signal");
  const rows = await executor
    .selectFrom("risk_signals as r")
    .innerJoin("accounts as a", "a.id", "r.account_id")
    .select(["r.id", "r.account_id", "a.name as account_name", "r.rule", "r.severity", "r.first_seen_at", "r.escalated_from", "r.evidence_kind", "r.evidence_id"])
    .where((eb) => eb.or([eb("a.owner_id", "=", scope.userId), ...(handed.length ? [eb("r.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("r.resolved_at", "is", null)
    .where("r.acknowledged_at", "is", null)
    .where("r.rule", "not in", ["delivery_disputed", "notice_contested"])
    .orderBy("r.first_seen_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("signal", r.id),
    kind: "signal",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.first_seen_at),
    dueOn: null,
    title: r.rule,
    pressing: r.severity === "high",
    details: { rule: r.rule, severity: r.severity, reraised: r.escalated_from ? 1 : 0, evidenceKind: r.evidence_kind, evidenceId: r.evidence_id },
  }));
};

/** A director's: the portfolio's High signals not acknowledged within escalationDays days. */
const escalations: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "signal_escalation");
  if (scope.role !== "director" && !handed.length) return [];
  const before = new Date(scope.now.getTime() - scope.settings.escalationDays * 86_400_000);
  const rows = await executor
    .selectFrom("risk_signals as r")
    .innerJoin("accounts as a", "a.id", "r.account_id")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select(["r.id", "r.account_id", "a.name as account_name", "r.rule", "r.first_seen_at", "o.name as owner_name"])
    .where((eb) =>
      eb.or([
        ...(scope.role === "director" ? [eb.and([eb("r.severity", "=", "high"), eb("r.first_seen_at", "<", before)])] : []),
        ...(handed.length ? [eb("r.id", "in", handed)] : []),
      ]),
    )
    .where("a.archived_at", "is", null)
    .where("r.resolved_at", "is", null)
    .where("r.acknowledged_at", "is", null)
    .orderBy("r.first_seen_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("signal_escalation", r.id),
    kind: "signal_escalation",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.first_seen_at),
    dueOn: null,
    title: r.rule,
    pressing: true,
    details: { rule: r.rule, severity: "high", owner: r.owner_name },
  }));
};

/** Open expectations on my accounts (or held by me) past due or due within dueSoonDays days. */
const dueExpectations: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "expectation_overdue", "expectation_due");
  const soon = addDays(scope.today, scope.settings.dueSoonDays);
  const rows = await executor
    .selectFrom("expectations as e")
    .innerJoin("accounts as a", "a.id", "e.account_id")
    .select(["e.id", "e.account_id", "a.name as account_name", "e.title", "e.due_date", "e.importance"])
    .where((eb) =>
      eb.or([
        eb.and([eb.or([eb("a.owner_id", "=", scope.userId), eb("e.owner_id", "=", scope.userId)]), eb("e.due_date", "<=", soon)]),
        ...(handed.length ? [eb("e.id", "in", handed)] : []),
      ]),
    )
    .where("a.archived_at", "is", null)
    .where("e.status", "=", "open")
    .orderBy("e.due_date")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => {
    const kind: InboxKind = r.due_date < scope.today ? "expectation_overdue" : "expectation_due";
    return {
      key: inboxItemKey(kind, r.id, r.due_date),
      kind,
      accountId: r.account_id,
      accountName: r.account_name,
      sourceId: r.id,
      at: dayStart(r.due_date),
      dueOn: r.due_date,
      title: r.title,
      pressing: false,
      details: { importance: r.importance },
    };
  });
};

/** My open tasks due within dueSoonDays days or overdue. */
const dueTasks: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "task_due");
  const soon = addDays(scope.today, scope.settings.dueSoonDays);
  const rows = await executor
    .selectFrom("tasks as t")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select(["t.id", "t.account_id", "a.name as account_name", "t.title", "t.due_on", "t.version"])
    .where((eb) =>
      eb.or([eb.and([eb("t.owner_id", "=", scope.userId), eb("t.due_on", "<=", soon)]), ...(handed.length ? [eb("t.id", "in", handed)] : [])]),
    )
    .where("a.archived_at", "is", null)
    .where("t.state", "=", "open")
    .orderBy("t.due_on")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("task_due", r.id, r.due_on),
    kind: "task_due",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: dayStart(r.due_on ?? scope.today),
    dueOn: r.due_on,
    title: r.title,
    pressing: false,
    details: { version: r.version },
  }));
};

/** My planned touchpoints from their day on, until recorded or cancelled ("record how it went" opens the log form). */
const plannedTouchpoints: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "planned_touchpoint");
  const tomorrow = wallTimeToInstant(`${addDays(scope.today, 1)}T00:00`, TIME_ZONE);
  const rows = await executor
    .selectFrom("planned_touchpoints as p")
    .innerJoin("accounts as a", "a.id", "p.account_id")
    .select(["p.id", "p.account_id", "a.name as account_name", "p.kind", "p.title", "p.planned_for", "p.version"])
    .where((eb) => eb.or([eb("p.owner_id", "=", scope.userId), ...(handed.length ? [eb("p.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("p.state", "=", "planned")
    .where("p.planned_for", "<", tomorrow)
    .orderBy("p.planned_for")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => {
    const day = calendarDate(new Date(r.planned_for));
    return {
      key: inboxItemKey("planned_touchpoint", r.id, day),
      kind: "planned_touchpoint",
      accountId: r.account_id,
      accountName: r.account_name,
      sourceId: r.id,
      at: iso(r.planned_for),
      dueOn: day,
      title: r.title,
      pressing: false,
      details: { plannedKind: r.kind, plannedAt: iso(r.planned_for), version: r.version },
    };
  });
};

/** Every source of the inbox; another is one more function here. */
/**
 * The customer's comments on a business review in the portal, of the last
 * surveyDays days, while the review's meeting is still to be recorded and
 * until marked done.
 */
const reviewComments: InboxSource = async (executor, scope) => {
  const handed = idsOf(scope, "review_comment");
  const since = new Date(scope.now.getTime() - scope.settings.surveyDays * 86_400_000);
  const rows = await executor
    .selectFrom("business_review_comments as c")
    .innerJoin("business_reviews as r", (j) => j.onRef("r.account_id", "=", "c.account_id").onRef("r.id", "=", "c.review_id"))
    .innerJoin("accounts as a", "a.id", "c.account_id")
    .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "c.account_id").onRef("s.id", "=", "c.stakeholder_id"))
    .select(["c.id", "c.account_id", "a.name as account_name", "c.review_id", "r.title as review_title", "c.body", "c.created_at", "s.name as stakeholder_name"])
    .where((eb) => eb.or([eb("a.owner_id", "=", scope.userId), ...(handed.length ? [eb("c.id", "in", handed)] : [])]))
    .where("a.archived_at", "is", null)
    .where("c.from_customer", "=", true)
    .where("c.created_at", ">=", since)
    .where("r.state", "in", ["shared", "published"])
    .orderBy("c.created_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("review_comment", r.id),
    kind: "review_comment",
    accountId: r.account_id,
    accountName: r.account_name,
    sourceId: r.id,
    at: iso(r.created_at),
    dueOn: null,
    title: r.body.length > 200 ? `${r.body.slice(0, 199)}…` : r.body,
    pressing: false,
    details: { reviewId: r.review_id, reviewTitle: r.review_title, stakeholder: r.stakeholder_name },
  }));
};

/**
 * Mails that came to the person's capture address (mail in) and named no
 * account's people or several accounts': they wait to be placed or discarded.
 * They are on no account yet (accountId ""), so they are placed, not marked
 * done, snoozed or handed over.
 */
const capturedMails: InboxSource = async (executor, scope) => {
  const rows = await executor
    .selectFrom("captured_mails")
    .select(["id", "subject", "from_address", "sent_at", "received_at", "addresses", "attachment_names", "candidate_account_ids", "version"])
    .where("user_id", "=", scope.userId)
    .where("status", "=", "waiting")
    .orderBy("received_at", "desc")
    .limit(PER_SOURCE)
    .execute();
  return rows.map((r) => ({
    key: inboxItemKey("captured_mail", r.id),
    kind: "captured_mail",
    accountId: "",
    accountName: "",
    sourceId: r.id,
    at: iso(r.received_at),
    dueOn: null,
    title: r.subject,
    pressing: false,
    details: {
      from: r.from_address,
      sentAt: iso(r.sent_at),
      addresses: r.addresses.join(", "),
      attachments: r.attachment_names.join(", "),
      candidates: r.candidate_account_ids.join(","),
      version: r.version,
    },
  }));
};

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
  const row = await executor.selectFrom("app_settings").select("value").where("key", "=", INBOX_SETTINGS_KEY).executeTakeFirst();
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

/** The number shown in the header. */
export async function inboxCount(executor: Executor, viewer: InboxViewer): Promise<number> {
  return (await gatherInbox(executor, viewer)).length;
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
    .onConflict((oc) => oc.columns(["account_id", "user_id", "item_key"]).doUpdateSet({ ...values, updated_at: sql`now()` }))
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
export async function snoozeInboxItem(trx: Trx, { viewer, ip = null, now = new Date() }: InboxContext, key: string, until: string) {
  const refusal = snoozeRefusal(until, calendarDate(now));
  if (refusal) throw new FieldError({ until: { key: `inbox.refusal.${refusal}` } });
  const item = await findItem(trx, viewer, key, now);
  await saveState(trx, viewer, item, { snoozed_until: until }, "snooze", ip);
}

/** Hands an item to a colleague: it leaves the viewer's inbox and arrives, fresh, in theirs. */
export async function handOverInboxItem(trx: Trx, { viewer, ip = null, now = new Date() }: InboxContext, key: string, toUserId: string) {
  const target = await trx.selectFrom("users").select(["id", "role", "disabled_at"]).where("id", "=", toUserId).executeTakeFirst();
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
export async function saveInboxSettings(trx: Trx, settings: InboxSettings, actorId: string, ip: string | null = null): Promise<InboxSettings> {
  const before = await loadInboxSettings(trx);
  await trx
    .insertInto("app_settings")
    .values({ key: INBOX_SETTINGS_KEY, value: settings, updated_by: actorId })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({ value: settings, updated_by: actorId, updated_at: sql`now()`, version: sql`app_settings.version + 1` }),
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
