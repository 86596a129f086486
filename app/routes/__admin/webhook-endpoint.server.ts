import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { wakeWebhookWorker } from "#app/models/webhook-worker.server.ts";
import {
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookEndpointActive,
  steerWebhookDelivery,
  updateWebhookEndpoint,
  WebhookDeliveryStateError,
} from "#app/models/webhooks.server.ts";
import type { z } from "zod";
import { WebhookDeliverySteer, webhookEndpointEditForm, type WebhookEndpointIntent } from "#app/schemas/webhooks.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import type { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";

// One webhook endpoint's forms (app/routes/_app.admin.webhooks.$endpointId.tsx),
// one function a kind of intent. The route has checked the role; it turns
// NotFoundError and ForbiddenError into their pages.

export interface EndpointActionContext extends Awaited<ReturnType<typeof actionContext>> {
  request: Request;
  endpointId: string;
  actor: Parameters<typeof updateWebhookEndpoint>[1]["actor"];
}

/** Back to the endpoint's page (or `to`) with a message. */
async function flash(
  { request, endpointId }: EndpointActionContext,
  message: string,
  kind: "success" | "error" = "success",
  to = `/admin/webhooks/${endpointId}`,
) {
  return redirectWithFlash(request, to, message, kind);
}

/** The endpoint's address, description and events, saved against the version the form was shown. */
export async function updateEndpoint(context: EndpointActionContext, formData: FormData) {
  const { t, errorMap, actor, ip, endpointId } = context;
  const submission = parseWithZod(formData, {
    schema: webhookEndpointEditForm(appEnv().NODE_ENV !== "production"),
    error: errorMap,
  });
  if (submission.status !== "success")
    return data({ result: submission.reply(), secret: null, conflict: false }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => updateWebhookEndpoint(trx, { actor, ip }, endpointId, submission.value));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [t("webhooks.conflict")] }), secret: null, conflict: true },
      { status: 409 },
    );
  }
  return flash(context, t("webhooks.saved"));
}

/** Send a delivery again or withdraw it; one already taken on says so. */
export async function steerDelivery(context: EndpointActionContext, formData: FormData, intent: "resend" | "withdraw") {
  const { t, actor, ip, endpointId } = context;
  const parsed = WebhookDeliverySteer.safeParse({ intent, delivery: formData.get("delivery") });
  if (!parsed.success) badRequest();
  try {
    await db()
      .transaction()
      .execute((trx) => steerWebhookDelivery(trx, { actor, ip }, endpointId, parsed.data.delivery, parsed.data.intent));
  } catch (error) {
    if (error instanceof WebhookDeliveryStateError)
      return flash(context, t("webhooks.delivery.notChangeable"), "error");
    throw error;
  }
  if (intent === "resend") wakeWebhookWorker();
  return flash(context, t(intent === "resend" ? "webhooks.delivery.resent" : "webhooks.delivery.withdrawn"));
}

/** Turn the endpoint on or off, send it a test event, make a new secret, or delete it. */
export async function endpointIntent(context: EndpointActionContext, intent: z.output<typeof WebhookEndpointIntent>) {
  const { t, actor, ip, endpointId: id } = context;
  const ctx = { actor, ip };
  switch (intent) {
    case "enable":
    case "disable":
      await db()
        .transaction()
        .execute((trx) => setWebhookEndpointActive(trx, ctx, id, intent === "enable"));
      if (intent === "enable") wakeWebhookWorker();
      return flash(context, t(intent === "enable" ? "webhooks.enabled" : "webhooks.disabled"));
    case "test": {
      const active = await db()
        .transaction()
        .execute(async (trx) => {
          await sendWebhookTestEvent(trx, ctx, id);
          const row = await trx
            .selectFrom("webhook_endpoints")
            .select("status")
            .where("id", "=", id)
            .executeTakeFirstOrThrow();
          return row.status === "active";
        });
      wakeWebhookWorker();
      return flash(context, t(active ? "webhooks.testQueued" : "webhooks.testQueuedDisabled"));
    }
    case "rotate": {
      const secret = await db()
        .transaction()
        .execute((trx) => rotateWebhookSecret(trx, ctx, id));
      // Shown in this response only.
      return data({ result: undefined, secret, conflict: false }, { headers: { "Cache-Control": "no-store" } });
    }
    case "delete":
      await db()
        .transaction()
        .execute((trx) => deleteWebhookEndpoint(trx, ctx, id));
      return flash(context, t("webhooks.deleted"), "success", "/admin/webhooks");
  }
}
