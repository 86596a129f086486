import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { WEBHOOK_TEST_EVENT, type WebhookEvent, type WebhookEventType } from "#app/domain/webhooks.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { TOUCHPOINT_FACTS } from "./record-columns.server.ts";
import { answersWithPerson } from "./survey-answer-rows.server.ts";

// Webhook events enter the outbox here, in the transaction of the change that
// causes them: one webhook_deliveries row per event for each active endpoint
// that asked for it, so a rolled-back change sends nothing and a committed one
// is delivered by the worker (webhook-worker.server.ts) even after a crash.
// With no endpoint asking for an event this costs one indexed query.
//
// Portal writes run as the portal's database role, which may not touch these
// tables: they queue their events on the transaction (queueWebhookEvent) and
// portalWrite writes them after leaving the scope, still in the same transaction.

export interface WebhookEventInput {
  type: WebhookEvent;
  /** The account it is about; the payload names it (id, external_id, name). */
  accountId: string | null;
  /**
   * The event's own facts (docs/api.md lists them per type), or a function that
   * reads them — called only when some endpoint asked for the event, so an
   * event nobody wants costs no reads.
   */
  data: Record<string, unknown> | ((executor: Executor) => Promise<Record<string, unknown>>);
}

export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  created_at: string;
  account: { id: string; external_id: string | null; name: string } | null;
  data: Record<string, unknown>;
}

/** Endpoints that may receive an event now: active, asking for it, made by someone who may see it (an active administrator). */
function receivers(executor: Executor, types: readonly string[]) {
  return executor
    .selectFrom("webhook_endpoints as w")
    .innerJoin("users as u", "u.id", "w.created_by")
    .select(["w.id", "w.events"])
    .where("w.status", "=", "active")
    .where("u.role", "=", "admin")
    .where("u.disabled_at", "is", null)
    .where(sql<boolean>`w.events && ${sql.val([...types])}::text[]`)
    .execute();
}

async function accountsById(executor: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, WebhookPayload["account"]>();
  const rows = await executor
    .selectFrom("accounts")
    .select(["id", "external_id", "name"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, external_id: r.external_id, name: r.name }]));
}

/** Writes the events to the outbox of every endpoint that asked for them. Returns the number of deliveries written. */
export async function emitWebhookEvents(
  executor: Executor,
  events: readonly WebhookEventInput[],
  now: Date = new Date(),
): Promise<number> {
  if (!events.length) return 0;
  const endpoints = await receivers(executor, [...new Set(events.map((e) => e.type))]);
  if (!endpoints.length) return 0;
  const wanted = events.filter((event) => endpoints.some((e) => e.events.includes(event.type)));
  const accounts = await accountsById(executor, [
    ...new Set(wanted.flatMap((e) => (e.accountId ? [e.accountId] : []))),
  ]);
  const rows = [];
  for (const event of wanted) {
    const payload: WebhookPayload = {
      id: randomUUID(),
      type: event.type,
      created_at: now.toISOString(),
      account: event.accountId ? (accounts.get(event.accountId) ?? null) : null,
      data: typeof event.data === "function" ? await event.data(executor) : event.data,
    };
    for (const endpoint of endpoints.filter((e) => e.events.includes(event.type))) {
      rows.push({
        endpoint_id: endpoint.id,
        event_id: payload.id,
        event_type: event.type,
        account_id: event.accountId,
        payload: payload as unknown as Record<string, unknown>,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      });
    }
  }
  if (!rows.length) return 0;
  for (let i = 0; i < rows.length; i += 500) {
    await executor
      .insertInto("webhook_deliveries")
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows.length;
}

export function emitWebhookEvent(
  executor: Executor,
  event: WebhookEventInput,
  now: Date = new Date(),
): Promise<number> {
  return emitWebhookEvents(executor, [event], now);
}

/** The test event for one endpoint (the "Send test event" button): written like any other, whatever the endpoint asked for. */
export async function emitTestEvent(
  executor: Executor,
  endpointId: string,
  actor: { id: string; name: string },
  now: Date = new Date(),
) {
  const payload: WebhookPayload = {
    id: randomUUID(),
    type: WEBHOOK_TEST_EVENT,
    created_at: now.toISOString(),
    account: null,
    data: { message: "A test event from Kohtaamo.", sent_by: { id: actor.id, name: actor.name } },
  };
  const row = await executor
    .insertInto("webhook_deliveries")
    .values({
      endpoint_id: endpointId,
      event_id: payload.id,
      event_type: WEBHOOK_TEST_EVENT,
      account_id: null,
      payload: payload as unknown as Record<string, unknown>,
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const queued = new WeakMap<Trx, WebhookEventInput[]>();

/** For portal writes (inside the portal scope): keeps the event on the transaction until writeQueuedWebhookEvents. */
export function queueWebhookEvent(trx: Trx, event: WebhookEventInput): void {
  const list = queued.get(trx) ?? [];
  list.push(event);
  queued.set(trx, list);
}

/** Writes what queueWebhookEvent kept for this transaction (as the application's role, the scope left). */
export async function writeQueuedWebhookEvents(trx: Trx, now: Date = new Date()): Promise<number> {
  const list = queued.get(trx);
  if (!list?.length) return 0;
  queued.delete(trx);
  return emitWebhookEvents(trx, list, now);
}

// What the events say about the records they are about, read when an endpoint wants them.

/** A touchpoint as events carry it: its facts and participants; internal notes are never sent. */
export function touchpointData(accountId: string, touchpointId: string) {
  return async (executor: Executor) => {
    const tp = await executor
      .selectFrom("touchpoints")
      .select([
        "id",
        "external_id",
        "kind",
        "occurred_at",
        "source",
        "author_id",
        "title",
        "summary",
        ...TOUCHPOINT_FACTS,
      ])
      .where("account_id", "=", accountId)
      .where("id", "=", touchpointId)
      .executeTakeFirst();
    const stakeholders = await executor
      .selectFrom("touchpoint_stakeholders as ts")
      .innerJoin("stakeholders as s", (j) =>
        j.onRef("s.account_id", "=", "ts.account_id").onRef("s.id", "=", "ts.stakeholder_id"),
      )
      .select(["s.id", "s.external_id", "s.name"])
      .where("ts.account_id", "=", accountId)
      .where("ts.touchpoint_id", "=", touchpointId)
      .execute();
    return {
      touchpoint: tp
        ? { ...tp, occurred_at: new Date(tp.occurred_at).toISOString(), stakeholders }
        : { id: touchpointId },
    };
  };
}

/** An expectation as events carry it, with `extra` facts of the event (a re-plan's dates, a customer's answer). */
export function expectationData(accountId: string, expectationId: string, extra: Record<string, unknown> = {}) {
  return async (executor: Executor) => {
    const e = await executor
      .selectFrom("expectations")
      .select([
        "id",
        "external_id",
        "title",
        "category",
        "source",
        "importance",
        "holder_stakeholder_id",
        "owner_id",
        "original_due_date",
        "due_date",
        "promised_date",
        "status",
        "outcome",
        "delivered_on",
        "customer_response",
        "customer_responded_at",
        "version",
      ])
      .where("account_id", "=", accountId)
      .where("id", "=", expectationId)
      .executeTakeFirst();
    const expectation = e
      ? {
          ...e,
          customer_responded_at: e.customer_responded_at ? new Date(e.customer_responded_at).toISOString() : null,
        }
      : { id: expectationId };
    return { expectation, ...extra };
  };
}

/** A touchpoint an API client sent (by its external id) is logged: the event, in the API write's transaction. */
export async function emitTouchpointLoggedByExternalId(executor: Executor, accountId: string, externalId: string) {
  await emitWebhookEvent(executor, {
    type: "touchpoint.logged",
    accountId,
    data: async (ex) => {
      const row = await ex
        .selectFrom("touchpoints")
        .select("id")
        .where("account_id", "=", accountId)
        .where("external_id", "=", externalId)
        .executeTakeFirst();
      return row ? touchpointData(accountId, row.id)(ex) : { touchpoint: { external_id: externalId } };
    },
  });
}

/** A survey answer as events carry it (by id, or by an API client's external id), with who answered. */
export function surveyAnswerData(accountId: string, by: { id: string } | { externalId: string }) {
  return async (executor: Executor) => {
    const row = await answersWithPerson(executor, accountId)
      .select([
        "r.id",
        "r.external_id",
        "r.kind",
        "r.score",
        "r.comment",
        "r.answered_at",
        "r.source",
        "r.touchpoint_id",
        "s.id as stakeholder_id",
        "s.external_id as stakeholder_external_id",
        "s.name as stakeholder_name",
      ])
      .$if("id" in by, (q) => q.where("r.id", "=", (by as { id: string }).id))
      .$if("externalId" in by, (q) => q.where("r.external_id", "=", (by as { externalId: string }).externalId))
      .executeTakeFirst();
    if (!row) return { answer: by };
    const { stakeholder_id, stakeholder_external_id, stakeholder_name, ...answer } = row;
    return {
      answer: {
        ...answer,
        answered_at: new Date(answer.answered_at).toISOString(),
        stakeholder: stakeholder_id
          ? { id: stakeholder_id, external_id: stakeholder_external_id, name: stakeholder_name }
          : null,
      },
    };
  };
}
