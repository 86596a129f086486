import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AdminPage } from "#app/components/admin-nav.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { Table } from "#app/components/ui/table.tsx";
import { useEventLabel, WebhookEndpointForm, WebhookSecretOnce } from "#app/components/webhooks.tsx";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import { createWebhookEndpoint, dismissWebhookNotices, listWebhookEndpoints } from "#app/models/webhooks.server.ts";
import { webhookEndpointForm } from "#app/schemas/webhooks.ts";
import { NEW_WEBHOOK_VALUES } from "#app/schemas/webhooks.values.ts";
import { db } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { forbidden, requireRole } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { EndpointStatusBadge } from "#app/routes/__admin/webhook-endpoint.tsx";

// Webhook endpoints, for administrators: the list, and registering a new one
// (its signing secret is shown in this one response, never again). Each
// endpoint's page (/admin/webhooks/:id) has its deliveries and actions.

export const meta: MetaFunction = titleMeta("title.webhooks");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return { endpoints: await listWebhookEndpoints(db()), submissionId: newSubmissionId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData } = await postAsAdmin(request);
  // The notice on staff pages that endpoints were turned off for failing: "Mark as seen".
  if (formData.get("intent") === "dismiss") {
    await db()
      .transaction()
      .execute((trx) => dismissWebhookNotices(trx, { actor: user, ip }));
    return redirect("/admin/webhooks", {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("webhooks.notice.dismissed") }) },
    });
  }
  const schema = webhookEndpointForm(appEnv().NODE_ENV !== "production");
  const submission = parseWithZod(formData, { schema, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const shown: { secret?: string } = {};
    const { repeated, result } = await oncePerSubmission(formData, user.id, "webhook_endpoint", async (trx) => {
      const created = await createWebhookEndpoint(trx, { actor: user, ip }, submission.value);
      shown.secret = created.secret;
      // The secret is not kept with the submission: a repeated post does not show it again.
      return { endpointId: created.id, url: created.url };
    });
    if (repeated || !shown.secret) {
      return redirect(`/admin/webhooks/${String(result.endpointId)}`, {
        headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("form.alreadySaved") }) },
      });
    }
    // Shown in this response only; stored encrypted, never in a redirect or cookie.
    return data(
      {
        result: submission.reply({ resetForm: true }),
        created: { id: String(result.endpointId), url: String(result.url), secret: shown.secret },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.key);
    throw error;
  }
}

export default function WebhooksPage() {
  const { endpoints, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const eventLabel = useEventLabel();
  return (
    <AdminPage title={t("webhooks.title")} intro={t("webhooks.intro")}>
      <p className="mt-2 text-sm text-slate-700">{t("webhooks.scopeNote")}</p>
      <p className="mt-1 text-sm text-slate-700">{t("webhooks.docs")}</p>

      {actionData?.created ? (
        <>
          <WebhookSecretOnce url={actionData.created.url} secret={actionData.created.secret} />
          <p className="mt-2 text-sm">
            <Link to={`/admin/webhooks/${actionData.created.id}`} className="text-brand-700 underline">
              {t("webhooks.created")}
            </Link>
          </p>
        </>
      ) : null}

      <Panel id="webhooks-list" title={t("webhooks.list")} className="mt-6">
        {endpoints.length === 0 ? (
          <p className="text-slate-700">{t("webhooks.none")}</p>
        ) : (
          <Table
            head={[
              t("webhooks.col.url"),
              t("webhooks.col.events"),
              t("webhooks.col.status"),
              t("webhooks.col.last"),
              t("webhooks.col.waiting"),
            ]}
          >
            {endpoints.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 align-top" data-testid="webhook-row">
                <td className="py-2 pr-3 break-all">
                  <Link to={`/admin/webhooks/${e.id}`} className="font-medium text-brand-700 underline">
                    {e.url}
                  </Link>
                  {e.description ? <div className="text-xs text-slate-600">{e.description}</div> : null}
                </td>
                <td className="py-2 pr-3">
                  <span title={e.events.map(eventLabel).join(", ")}>
                    {t("webhooks.eventCount", { count: e.events.length })}
                  </span>
                </td>
                <td className="py-2 pr-3">
                  <EndpointStatusBadge endpoint={e} />
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">
                  {e.last_success_at ? dateTime(e.last_success_at) : t("webhooks.never")}
                </td>
                <td className="py-2 pr-3 text-sm">
                  {e.waiting.pending ? <div>{t("webhooks.waitingCount", { count: e.waiting.pending })}</div> : null}
                  {e.waiting.review ? <div>{t("webhooks.reviewCount", { count: e.waiting.review })}</div> : null}
                  {e.waiting.failed ? <div>{t("webhooks.failedCount", { count: e.waiting.failed })}</div> : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      <Panel id="webhooks-new" title={t("webhooks.new")} className="mt-8">
        <WebhookEndpointForm
          id="new-webhook"
          lastResult={actionData?.created ? undefined : actionData?.result}
          defaults={NEW_WEBHOOK_VALUES}
          submissionId={submissionId}
          submitLabel={t("webhooks.create")}
          pendingLabel={t("webhooks.creating")}
          pending={navigation.state === "submitting"}
        />
      </Panel>
    </AdminPage>
  );
}
