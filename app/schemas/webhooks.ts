import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS, webhookUrlProblem } from "#app/domain/webhooks.ts";
import { optionalText } from "./fields.ts";

// The webhook pages' forms (app/routes/_app.admin.webhooks*.tsx).

/**
 * The endpoint's URL: https, or http to this machine when `allowLocalHttp`
 * (development and tests). Where it may point on the network is checked again
 * at every delivery (private networks are refused in production).
 */
export function webhookUrl(allowLocalHttp: boolean) {
  return z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value, allowLocalHttp);
      if (problem) ctx.addIssue({ code: "custom", params: { i18n: `webhooks.url.${problem}` } });
    });
}

/** Registering or changing an endpoint. */
export function webhookEndpointForm(allowLocalHttp: boolean) {
  return z.object({
    url: webhookUrl(allowLocalHttp),
    description: optionalText(200),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  });
}

export function webhookEndpointEditForm(allowLocalHttp: boolean) {
  return webhookEndpointForm(allowLocalHttp).extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) });
}

export type WebhookEndpointFormSchema = ReturnType<typeof webhookEndpointForm>;
export type WebhookEndpointEditFormSchema = ReturnType<typeof webhookEndpointEditForm>;

/** The buttons of an endpoint's page that carry no fields. */
export const WebhookEndpointIntent = z.enum(["enable", "disable", "rotate", "test", "delete"]);

export const WebhookDeliverySteer = z.object({ intent: z.enum(["resend", "withdraw"]), delivery: z.uuid() });

export const WebhookEndpointId = z.uuid();

/** `?status=` of an endpoint's deliveries: anything else is ignored. */
export const WebhookDeliveryQuery = z.object({ status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional().catch(undefined) });
