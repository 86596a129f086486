import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { WebhookDeliveries } from "#app/routes/__admin/webhook-deliveries.tsx";
import { WebhookSecretOnce } from "#app/components/webhooks.tsx";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getWebhookEndpoint } from "#app/models/webhooks.server.ts";
import { WebhookEndpointIntent } from "#app/schemas/webhooks.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireRole } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";
import { EndpointActions, EndpointEditPanel, EndpointFacts } from "#app/routes/__admin/webhook-endpoint.tsx";
import { endpointIntent, steerDelivery, updateEndpoint } from "#app/routes/__admin/webhook-endpoint.server.ts";

// One webhook endpoint: change it, turn it off and on, make a new secret, send
// a test event, delete it; its latest deliveries with every try, and the
// buttons to send again or withdraw a delivery that needs a person's decision.

export const meta: MetaFunction = titleMeta("title.webhooks");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const id = parseId(params.endpointId);
  const found = await getWebhookEndpoint(db(), id);
  if (!found) notFound();
  return found;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, ...posted } = await postAsAdmin(request);
  const context = { ...posted, request, endpointId: parseId(params.endpointId), actor: user };
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "update") return await updateEndpoint(context, formData);
    if (intent === "resend" || intent === "withdraw") return await steerDelivery(context, formData, intent);
    const parsed = WebhookEndpointIntent.safeParse(intent);
    if (!parsed.success) badRequest();
    return await endpointIntent(context, parsed.data);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.key);
    throw error;
  }
}

export default function WebhookEndpointPage() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const busy = useIsPending();
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

      <EndpointFacts endpoint={endpoint} />
      <EndpointActions active={endpoint.status === "active"} />

      <Panel id="webhook-deliveries" title={t("webhooks.deliveries")} className="mt-8">
        {deliveries.length === 0 ? (
          <p className="text-slate-700">{t("webhooks.deliveries.none")}</p>
        ) : (
          <WebhookDeliveries deliveries={deliveries} busy={busy} />
        )}
      </Panel>

      <EndpointEditPanel endpoint={endpoint} />
    </div>
  );
}
