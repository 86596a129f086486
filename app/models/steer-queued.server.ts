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
export function steeredStatus(intent: SteerIntent, status: string): "pending" | "cancelled" | null {
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
