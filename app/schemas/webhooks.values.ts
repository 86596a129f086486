import { WEBHOOK_EVENTS, type WebhookEvent } from "#app/domain/webhooks.ts";

// Zod-free values the webhook pages share with their schema (app/schemas/webhooks.ts).

export interface WebhookEndpointValues {
  url: string;
  description: string;
  events: WebhookEvent[];
}

/** A new endpoint's form: every event ticked, the URL to fill. */
export const NEW_WEBHOOK_VALUES: WebhookEndpointValues = { url: "", description: "", events: [...WEBHOOK_EVENTS] };
