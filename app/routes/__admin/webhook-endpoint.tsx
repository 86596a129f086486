import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { WebhookEndpointForm } from "#app/components/webhooks.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { action, loader } from "#app/routes/_app.admin.webhooks.$endpointId.tsx";
import { PostButton } from "./post-button.tsx";
import { FactList } from "./sending.tsx";

// One webhook endpoint's page: its state and history in brief, the buttons
// that act on it, and the form that changes it. Its state's badge is the
// list's too (app/routes/_app.admin.webhooks._index.tsx).

type Endpoint = ReturnType<typeof useLoaderData<typeof loader>>["endpoint"];

/** Active, turned off by hand, or turned off for failing. */
export function EndpointStatusBadge({ endpoint }: { endpoint: { status: string; disabled_reason: string | null } }) {
  const { t } = useI18n();
  if (endpoint.status === "active") return <Badge tone="good">{t("webhooks.status.active")}</Badge>;
  const failing = endpoint.disabled_reason === "failing";
  return (
    <Badge tone={failing ? "bad" : "neutral"}>
      {t(failing ? "webhooks.status.failing" : "webhooks.status.disabled")}
    </Badge>
  );
}

export function EndpointFacts({ endpoint }: { endpoint: Endpoint }) {
  const { t, dateTime } = useI18n();
  return (
    <FactList
      className="mt-4"
      facts={[
        { label: t("webhooks.col.status"), value: <EndpointStatusBadge endpoint={endpoint} /> },
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
  );
}

/** Send a test event, turn off or on, make a new secret, delete; the last two say what follows. */
export function EndpointActions({ active }: { active: boolean }) {
  const { t } = useI18n();
  const busy = useIsPending();
  const grey = "bg-slate-600 hover:bg-slate-700";
  return (
    <section aria-labelledby="webhook-actions" className="mt-6">
      <h2 id="webhook-actions" className="mb-2 text-lg font-semibold">
        {t("webhooks.actions")}
      </h2>
      <div className="flex flex-wrap gap-2">
        <PostButton intent="test" pending={busy}>
          {t("webhooks.test")}
        </PostButton>
        <PostButton intent={active ? "disable" : "enable"} pending={busy} className={active ? grey : ""}>
          {t(active ? "webhooks.disable" : "webhooks.enable")}
        </PostButton>
        <PostButton intent="rotate" pending={busy} className={grey} aria-describedby="rotate-note">
          {t("webhooks.rotate")}
        </PostButton>
        <PostButton
          intent="delete"
          pending={busy}
          className="bg-red-700 hover:bg-red-800"
          aria-describedby="delete-note"
        >
          {t("webhooks.delete")}
        </PostButton>
      </div>
      <p id="rotate-note" className="mt-2 text-xs text-slate-600">
        {t("webhooks.rotateNote")}
      </p>
      <p id="delete-note" className="text-xs text-slate-600">
        {t("webhooks.deleteNote")}
      </p>
    </section>
  );
}

/** The endpoint's address, description and events; a refused save comes back with what was typed. */
export function EndpointEditPanel({ endpoint }: { endpoint: Endpoint }) {
  const { t } = useI18n();
  const reply = useActionData<typeof action>();
  const pending = useIsPending("update");
  return (
    <Panel id="webhook-edit" title={t("webhooks.edit")} className="mt-8">
      <WebhookEndpointForm
        key={endpoint.version}
        id="edit-webhook"
        lastResult={reply?.result}
        defaults={{ url: endpoint.url, description: endpoint.description, events: endpoint.events as never }}
        version={endpoint.version}
        submitLabel={t("webhooks.save")}
        pendingLabel={t("webhooks.saving")}
        pending={pending}
      />
    </Panel>
  );
}
