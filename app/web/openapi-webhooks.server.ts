import { WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT } from "#app/domain/webhooks.ts";

// The webhooks Kohtaamo sends, as OpenAPI 3.1's top-level `webhooks`: what a
// receiver gets, so a client generator can type it too. docs/api.md
// ("Webhooks") says when each is sent and how to check the signature.

const header = (name: string, description: string) => ({ name, in: "header", required: true, schema: { type: "string" }, description });

const headers = [
  header("Kohtaamo-Event", "The event's type."),
  header("Kohtaamo-Event-Id", "The event's id (the body's id)."),
  header("Kohtaamo-Delivery", "This delivery's id: the same on every try and resend, so a receiver can drop a repeat."),
  header("Kohtaamo-Timestamp", "When this try was signed, in Unix seconds."),
  header("Kohtaamo-Signature", "v1= and the hex HMAC-SHA256 of `<timestamp>.<raw body>`, keyed with the endpoint's secret."),
];

/** The JSON body of every webhook (components.schemas.WebhookEvent): the event's `data` differs by type (docs/api.md lists it). */
export const webhookEventSchema = {
  type: "object",
  required: ["id", "type", "created_at", "account", "data"],
  properties: {
    id: { type: "string", format: "uuid" },
    type: { enum: [...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT] },
    created_at: { type: "string", format: "date-time" },
    account: {
      type: ["object", "null"],
      required: ["id", "external_id", "name"],
      properties: { id: { type: "string", format: "uuid" }, external_id: { type: ["string", "null"] }, name: { type: "string" } },
    },
    data: { type: "object", additionalProperties: true },
  },
};

export function openApiWebhooks() {
  return Object.fromEntries(
    [...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT].map((type) => [
      type,
      {
        post: {
          tags: ["webhooks"],
          summary: `The ${type} event, sent to endpoints that asked for it`,
          description: "Sent by Kohtaamo to an endpoint an administrator registered; see docs/api.md, Webhooks.",
          parameters: headers,
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/WebhookEvent" } } } },
          responses: {
            "2XX": { description: "Received. Any other answer (or none within 10 s) is tried again later." },
          },
        },
      },
    ]),
  );
}
