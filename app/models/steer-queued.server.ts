import type { Actor } from "#app/domain/permissions.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import type { OutboxStatus, WebhookDeliveryStatus } from "#db/schema.ts";

// What an administrator may do to an item of a leased sender's queue (a mail
// of the outbox, a webhook delivery; app/models/leased-sender.server.ts): send
// it again, the same item (after review, or failed), or withdraw it (waiting,
// after review, failed). Neither while it is being sent or once it was sent.

export const STEERABLE_FROM = {
  resend: ["review", "failed"],
  withdraw: ["pending", "review", "failed"],
} as const satisfies Record<string, readonly (OutboxStatus & WebhookDeliveryStatus)[]>;

export type SteerIntent = keyof typeof STEERABLE_FROM;

/** The status a queued item takes when steered so, or null when its present status does not allow it. */
function steeredStatus(intent: SteerIntent, status: string): "pending" | "cancelled" | null {
  if (!(STEERABLE_FROM[intent] as readonly string[]).includes(status)) return null;
  return intent === "resend" ? "pending" : "cancelled";
}

/** The queued item's present status does not allow what was asked. */
export class QueuedStateError extends Error {
  constructor(what: "message" | "delivery") {
    super(`The ${what} cannot be changed in its present state.`);
    this.name = new.target.name;
  }
}

/**
 * An administrator's steer of a queued item they have locked (`before`): refused
 * (`refused`) unless its present status allows the intent; otherwise `write`
 * gives the item its new status (the queue's own table and columns) and the
 * steer is audited as the intent, the status before and after.
 */
export async function steerLocked(
  trx: Trx,
  { actor, ip }: { actor: Actor; ip?: string | null },
  item: {
    entity: "outbox_message" | "webhook_delivery";
    before: { id: string; status: string; account_id: string | null };
    refused: () => QueuedStateError;
  },
  intent: SteerIntent,
  write: (status: "pending" | "cancelled") => Promise<unknown>,
) {
  const { entity, before } = item;
  const status = steeredStatus(intent, before.status);
  if (!status) throw item.refused();
  await write(status);
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: before.account_id,
    entity,
    entityId: before.id,
    action: intent,
    before: { status: before.status },
    after: { status },
    ip,
  });
}
