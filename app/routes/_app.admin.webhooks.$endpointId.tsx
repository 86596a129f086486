import { parseWithZod } from "@conform-to/zod/v4";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button } from "#app/components/ui/field.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { FactList } from "#app/routes/__admin/sending.tsx";
import { WebhookDeliveries } from "#app/routes/__admin/webhook-deliveries.tsx";
import { WebhookEndpointForm, WebhookSecretOnce } from "#app/components/webhooks.tsx";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { wakeWebhookWorker } from "#app/models/webhook-worker.server.ts";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookEndpointActive,
  steerWebhookDelivery,
  updateWebhookEndpoint,
  WebhookDeliveryStateError,
} from "#app/models/webhooks.server.ts";
import { WebhookDeliverySteer, webhookEndpointEditForm, WebhookEndpointIntent } from "#app/schemas/webhooks.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireRole } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";

export const handle: PageHandle = {
  messages: pageMessages("mailPrefs.", "adminNav.", "title.webhooks", "validation.", "webhooks."),
};

// One webhook endpoint: change it, turn it off and on, make a new secret, send
// a test event, delete it; its latest deliveries with every try, and the
// buttons to send again or withdraw a delivery that needs a person's decision.

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.webhooks"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const id = parseId(params.endpointId);
  const found = await getWebhookEndpoint(db(), id);
  if (!found) notFound();
  return found;
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireRole(request, ["admin"] as const);
  const id = parseId(params.endpointId);
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const ctx = { actor: user, ip };
  const here = `/admin/webhooks/${id}`;
  const flash = async (message: string, kind: "success" | "error" = "success", to = here) =>
    redirect(to, { headers: { "Set-Cookie": await setFlash(request, { kind, message }) } });
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "update") {
      const submission = parseWithZod(formData, {
        schema: webhookEndpointEditForm(appEnv().NODE_ENV !== "production"),
        error: errorMap,
      });
      if (submission.status !== "success")
        return data({ result: submission.reply(), secret: null, conflict: false }, { status: 400 });
      try {
        await db()
          .transaction()
          .execute((trx) => updateWebhookEndpoint(trx, ctx, id, submission.value));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        return data(
          { result: submission.reply({ formErrors: [t("webhooks.conflict")] }), secret: null, conflict: true },
          { status: 409 },
        );
      }
      return flash(t("webhooks.saved"));
    }
    if (intent === "resend" || intent === "withdraw") {
      const parsed = WebhookDeliverySteer.safeParse({ intent, delivery: formData.get("delivery") });
      if (!parsed.success) badRequest();
      try {
        await db()
          .transaction()
          .execute((trx) => steerWebhookDelivery(trx, ctx, id, parsed.data.delivery, parsed.data.intent));
      } catch (error) {
        if (error instanceof WebhookDeliveryStateError) return flash(t("webhooks.delivery.notChangeable"), "error");
        throw error;
      }
      if (intent === "resend") wakeWebhookWorker();
      return flash(t(intent === "resend" ? "webhooks.delivery.resent" : "webhooks.delivery.withdrawn"));
    }
    const parsed = WebhookEndpointIntent.safeParse(intent);
    if (!parsed.success) badRequest();
    switch (parsed.data) {
      case "enable":
      case "disable":
        await db()
          .transaction()
          .execute((trx) => setWebhookEndpointActive(trx, ctx, id, parsed.data === "enable"));
        if (parsed.data === "enable") wakeWebhookWorker();
        return flash(t(parsed.data === "enable" ? "webhooks.enabled" : "webhooks.disabled"));
      case "test": {
        const active = await db()
          .transaction()
          .execute(async (trx) => {
            await sendWebhookTestEvent(trx, { actor: { ...user, name: user.name }, ip }, id);
            const row = await trx
              .selectFrom("webhook_endpoints")
              .select("status")
              .where("id", "=", id)
              .executeTakeFirstOrThrow();
            return row.status === "active";
          });
        wakeWebhookWorker();
        return flash(t(active ? "webhooks.testQueued" : "webhooks.testQueuedDisabled"));
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
        return flash(t("webhooks.deleted"), "success", "/admin/webhooks");
    }
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.key);
    throw error;
  }
}

export default function WebhookEndpointPage() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const busy = useIsPending();
  const active = endpoint.status === "active";
  return (
    <div className="max-w-5xl">
      <AdminNav />
      <Link to="/admin/webhooks" className="text-sm text-brand-700 underline">
        {t("webhooks.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold break-all">{endpoint.url}</h1>
      {endpoint.description ? <p className="mt-1 text-slate-700">{endpoint.description}</p> : null}

      {actionData?.secret ? <WebhookSecretOnce url={endpoint.url} secret={actionData.secret} /> : null}

      {endpoint.disabled_reason === "failing" && endpoint.disabled_at ? (
        <p className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-300" role="note">
          {t("webhooks.disabledFailing", { date: dateTime(endpoint.disabled_at) })}
        </p>
      ) : null}

      <FactList
        className="mt-4"
        facts={[
          {
            label: t("webhooks.col.status"),
            value: active ? (
              <Badge tone="good">{t("webhooks.status.active")}</Badge>
            ) : (
              <Badge tone={endpoint.disabled_reason === "failing" ? "bad" : "neutral"}>
                {t(endpoint.disabled_reason === "failing" ? "webhooks.status.failing" : "webhooks.status.disabled")}
              </Badge>
            ),
          },
          {
            label: t("webhooks.createdBy"),
            value: `${endpoint.created_by_name ?? ""}, ${dateTime(endpoint.created_at)}`,
          },
          { label: t("webhooks.secret"), value: t("webhooks.secretHint", { hint: endpoint.secret_hint }) },
          {
            label: t("webhooks.col.last"),
            value: endpoint.last_success_at ? dateTime(endpoint.last_success_at) : t("webhooks.never"),
          },
          endpoint.failing_since && { label: t("webhooks.failingSince"), value: dateTime(endpoint.failing_since) },
          endpoint.last_failure_at && { label: t("webhooks.lastFailure"), value: dateTime(endpoint.last_failure_at) },
        ]}
      />

      <section aria-labelledby="webhook-actions" className="mt-6">
        <h2 id="webhook-actions" className="mb-2 text-lg font-semibold">
          {t("webhooks.actions")}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <Button type="submit" disabled={busy}>
              {t("webhooks.test")}
            </Button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={active ? "disable" : "enable"} />
            <Button type="submit" disabled={busy} className={active ? "bg-slate-600 hover:bg-slate-700" : ""}>
              {t(active ? "webhooks.disable" : "webhooks.enable")}
            </Button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="rotate" />
            <Button
              type="submit"
              disabled={busy}
              className="bg-slate-600 hover:bg-slate-700"
              aria-describedby="rotate-note"
            >
              {t("webhooks.rotate")}
            </Button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <Button
              type="submit"
              disabled={busy}
              className="bg-red-700 hover:bg-red-800"
              aria-describedby="delete-note"
            >
              {t("webhooks.delete")}
            </Button>
          </Form>
        </div>
        <p id="rotate-note" className="mt-2 text-xs text-slate-600">
          {t("webhooks.rotateNote")}
        </p>
        <p id="delete-note" className="text-xs text-slate-600">
          {t("webhooks.deleteNote")}
        </p>
      </section>

      <section aria-labelledby="webhook-deliveries" className="mt-8">
        <h2 id="webhook-deliveries" className="mb-2 text-lg font-semibold">
          {t("webhooks.deliveries")}
        </h2>
        {deliveries.length === 0 ? (
          <p className="text-slate-700">{t("webhooks.deliveries.none")}</p>
        ) : (
          <WebhookDeliveries deliveries={deliveries} busy={busy} />
        )}
      </section>

      <section aria-labelledby="webhook-edit" className="mt-8 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="webhook-edit" className="mb-3 font-semibold">
          {t("webhooks.edit")}
        </h2>
        <WebhookEndpointForm
          key={endpoint.version}
          id="edit-webhook"
          lastResult={actionData?.result}
          defaults={{ url: endpoint.url, description: endpoint.description, events: endpoint.events as never }}
          version={endpoint.version}
          submitLabel={t("webhooks.save")}
          pendingLabel={t("webhooks.saving")}
          pending={navigation.state === "submitting" && navigation.formData?.get("intent") === "update"}
        />
      </section>
    </div>
  );
}
