import { sql, type UpdateObject } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { canManageWebhooks, type WebhookDeliveryStatus, type WebhookEvent } from "#app/domain/webhooks.ts";
import { writeAudit, type AuditEntry } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { encryptWebhookSecret, newWebhookSecret } from "#app/utils/webhook-secrets.server.ts";
import { QueuedStateError, steerLocked, type SteerIntent } from "./steer-queued.server.ts";
import { emitTestEvent } from "./webhook-events.server.ts";

// Webhook endpoints as administrators manage them at /admin/webhooks: register
// (the secret is made here and shown once), edit (URL, events, description;
// optimistic version), turn off and on, make a new secret, delete, send a test
// event, and steer a delivery (send again after review, withdraw). Every change
// is audited; the secret never is.

export interface WebhookContext {
  actor: Actor & { name?: string };
  ip?: string | null;
}

export interface WebhookEndpointInput {
  url: string;
  description: string;
  events: WebhookEvent[];
}

function requireAdmin(actor: Actor) {
  if (!canManageWebhooks(actor)) throw new ForbiddenError();
}

const hintOf = (secret: string) => secret.slice(-4);

const PUBLIC_COLUMNS = [
  "w.id",
  "w.url",
  "w.description",
  "w.events",
  "w.secret_hint",
  "w.status",
  "w.disabled_reason",
  "w.disabled_at",
  "w.failing_since",
  "w.last_success_at",
  "w.last_failure_at",
  "w.created_at",
  "w.updated_at",
  "w.version",
  "w.created_by",
] as const;

/** Registers an endpoint; returns it with its secret, which is never shown again. */
export async function createWebhookEndpoint(trx: Trx, { actor, ip }: WebhookContext, input: WebhookEndpointInput) {
  requireAdmin(actor);
  const secret = newWebhookSecret();
  const row = await trx
    .insertInto("webhook_endpoints")
    .values({
      url: input.url,
      description: input.description,
      events: input.events,
      secret_ciphertext: encryptWebhookSecret(secret),
      secret_hint: hintOf(secret),
      created_by: actor.id,
    })
    .returning(["id", "url", "description", "events", "status"])
    .executeTakeFirstOrThrow();
  await auditEndpoint(trx, { actor, ip }, row.id, {
    action: "create",
    after: row,
  });
  return { ...row, secret };
}

/** The audit event of an administrator's change to an endpoint. */
function auditEndpoint(trx: Trx, { actor, ip }: WebhookContext, id: string, change: Pick<AuditEntry, "action" | "before" | "after">) {
  return writeAudit(trx, { actorId: actor.id, entity: "webhook_endpoint", entityId: id, ...change, ip });
}

/** Changes a locked endpoint as its next version. */
function nextVersion(trx: Trx, before: { id: string; version: number }, changes: UpdateObject<DB, "webhook_endpoints">) {
  return trx
    .updateTable("webhook_endpoints")
    .set({ ...changes, version: before.version + 1, updated_at: sql`now()` })
    .where("id", "=", before.id);
}

async function lockEndpoint(trx: Trx, id: string) {
  const row = await trx
    .selectFrom("webhook_endpoints as w")
    .select(PUBLIC_COLUMNS)
    .where("w.id", "=", id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("webhook endpoint");
  return row;
}

/** Changes URL, events and description, as last seen (`version`). */
export async function updateWebhookEndpoint(
  trx: Trx,
  { actor, ip }: WebhookContext,
  id: string,
  input: WebhookEndpointInput & { version: number },
) {
  requireAdmin(actor);
  const before = await lockEndpoint(trx, id);
  if (before.version !== input.version) {
    throw new ConflictError(
      { url: before.url, description: before.description, events: before.events.join(",") },
      null,
    );
  }
  const after = await nextVersion(trx, before, { url: input.url, description: input.description, events: input.events })
    .returning(["url", "description", "events"])
    .executeTakeFirstOrThrow();
  await auditEndpoint(trx, { actor, ip }, id, {
    action: "update",
    before: { url: before.url, description: before.description, events: before.events },
    after,
  });
}

/** Turns an endpoint off (its waiting deliveries wait) or on again (they go, and it counts as not failing). */
export async function setWebhookEndpointActive(trx: Trx, { actor, ip }: WebhookContext, id: string, active: boolean) {
  requireAdmin(actor);
  const before = await lockEndpoint(trx, id);
  if ((before.status === "active") === active) return;
  await nextVersion(
    trx,
    before,
    active
      ? { status: "active", disabled_reason: null, disabled_at: null, failing_since: null }
      : { status: "disabled", disabled_reason: "manual", disabled_at: sql`now()` },
  ).execute();
  await auditEndpoint(trx, { actor, ip }, id, {
    action: active ? "enable" : "disable",
    before: { status: before.status, disabled_reason: before.disabled_reason },
    after: { status: active ? "active" : "disabled", disabled_reason: active ? null : "manual" },
  });
}

/** A new secret (the old one stops at once); returned to be shown once. */
export async function rotateWebhookSecret(trx: Trx, { actor, ip }: WebhookContext, id: string) {
  requireAdmin(actor);
  const before = await lockEndpoint(trx, id);
  const secret = newWebhookSecret();
  await nextVersion(trx, before, { secret_ciphertext: encryptWebhookSecret(secret), secret_hint: hintOf(secret) }).execute();
  await auditEndpoint(trx, { actor, ip }, id, {
    action: "rotate_secret",
    before: { secret_hint: before.secret_hint },
    after: { secret_hint: hintOf(secret) },
  });
  return secret;
}

/** Deletes an endpoint with its deliveries and their tries (the audit log keeps what happened). */
export async function deleteWebhookEndpoint(trx: Trx, { actor, ip }: WebhookContext, id: string) {
  requireAdmin(actor);
  const before = await lockEndpoint(trx, id);
  await trx.deleteFrom("webhook_endpoints").where("id", "=", id).execute();
  await auditEndpoint(trx, { actor, ip }, id, {
    action: "delete",
    before: { url: before.url, events: before.events, status: before.status },
  });
}

/** Queues a test event for the endpoint (a turned-off endpoint keeps it until it is turned on). */
export async function sendWebhookTestEvent(trx: Trx, { actor, ip }: WebhookContext, id: string) {
  requireAdmin(actor);
  await lockEndpoint(trx, id);
  const deliveryId = await emitTestEvent(trx, id, { id: actor.id, name: actor.name ?? "" });
  await auditEndpoint(trx, { actor, ip }, id, {
    action: "test_event",
    after: { delivery_id: deliveryId },
  });
  return deliveryId;
}

/** An administrator has seen that endpoints were turned off for failing: the notice on staff pages goes. */
export async function dismissWebhookNotices(trx: Trx, { actor, ip }: WebhookContext) {
  requireAdmin(actor);
  const rows = await trx
    .updateTable("webhook_endpoints")
    .set({ notice_dismissed_at: sql`now()` })
    .where("disabled_reason", "=", "failing")
    .where("notice_dismissed_at", "is", null)
    .returning("id")
    .execute();
  for (const row of rows) {
    await auditEndpoint(trx, { actor, ip }, row.id, {
      action: "dismiss_notice",
    });
  }
}

/** How many endpoints were turned off for failing and not yet looked at (the notice administrators see). */
export async function webhookNoticeCount(executor: Executor, actor: Actor): Promise<number> {
  if (!canManageWebhooks(actor)) return 0;
  const row = await executor
    .selectFrom("webhook_endpoints")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("disabled_reason", "=", "failing")
    .where("notice_dismissed_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listWebhookEndpoints(executor: Executor) {
  const endpoints = await executor
    .selectFrom("webhook_endpoints as w")
    .leftJoin("users as u", "u.id", "w.created_by")
    .select([...PUBLIC_COLUMNS, "u.name as created_by_name"])
    .orderBy("w.created_at", "desc")
    .orderBy("w.id")
    .limit(500)
    .execute();
  const counts = await executor
    .selectFrom("webhook_deliveries")
    .select(["endpoint_id", "status", sql<number>`count(*)::int`.as("n")])
    .where("status", "in", ["pending", "review", "failed"])
    .groupBy(["endpoint_id", "status"])
    .execute();
  return endpoints.map((e) => ({
    ...e,
    waiting: Object.fromEntries(
      counts.filter((c) => c.endpoint_id === e.id).map((c) => [c.status, Number(c.n)]),
    ) as Partial<Record<WebhookDeliveryStatus, number>>,
  }));
}

export async function getWebhookEndpoint(executor: Executor, id: string) {
  const endpoint = await executor
    .selectFrom("webhook_endpoints as w")
    .leftJoin("users as u", "u.id", "w.created_by")
    .select([...PUBLIC_COLUMNS, "u.name as created_by_name"])
    .where("w.id", "=", id)
    .executeTakeFirst();
  if (!endpoint) return null;
  const deliveries = await executor
    .selectFrom("webhook_deliveries")
    .select([
      "id",
      "event_id",
      "event_type",
      "status",
      "attempts",
      "created_at",
      "sent_at",
      "next_attempt_at",
      "last_error",
    ])
    .where("endpoint_id", "=", id)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  const attempts = deliveries.length
    ? await executor
        .selectFrom("webhook_attempts")
        .select(["delivery_id", "attempt", "started_at", "finished_at", "outcome", "status_code", "detail"])
        .where(
          "delivery_id",
          "in",
          deliveries.map((d) => d.id),
        )
        .orderBy("delivery_id")
        .orderBy("attempt")
        .execute()
    : [];
  return {
    endpoint,
    deliveries: deliveries.map((d) => ({ ...d, tries: attempts.filter((a) => a.delivery_id === d.id) })),
  };
}

export class WebhookDeliveryStateError extends QueuedStateError {
  constructor() {
    super("delivery");
  }
}

/** Sends a delivery again (after review, or failed; the same delivery id, so the receiver can tell) or withdraws it. Audited. */
export async function steerWebhookDelivery(
  trx: Trx,
  { actor, ip }: WebhookContext,
  endpointId: string,
  deliveryId: string,
  intent: SteerIntent,
) {
  requireAdmin(actor);
  const before = await trx
    .selectFrom("webhook_deliveries")
    .select(["id", "status", "account_id"])
    .where("id", "=", deliveryId)
    .where("endpoint_id", "=", endpointId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("webhook delivery");
  const refused = () => new WebhookDeliveryStateError();
  await steerLocked(trx, { actor, ip }, { entity: "webhook_delivery", before, refused }, intent, (status) =>
    trx
      .updateTable("webhook_deliveries")
      .set({ status, next_attempt_at: sql`now()`, leased_until: null, updated_at: sql`now()` })
      .where("id", "=", deliveryId)
      .execute(),
  );
}
