import { PAGING_MESSAGES } from "#app/i18n/message-groups.ts";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactElement } from "react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Pager } from "#app/components/portfolio-table.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { AUDIT_KINDS, auditChanges, auditLink } from "#app/domain/audit.ts";
import { formatters } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { auditFilterOptions, listAuditEvents } from "#app/models/audit-log.server.ts";
import { AuditFilters } from "#app/schemas/audit.ts";
import { requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...PAGING_MESSAGES,
    "accounts.renewalWithin",
    "adminNav.",
    "audit.",
    "health.band.",
    "portfolio.",
    "stage.",
    "tier.",
    "validation.",
  ),
};

// The audit log, read only: who did what, when, and what changed. Filters live
// in the URL (checked with Zod); paging is by keyset, newest first.

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("audit.title"));
};

const FILTER_FIELDS = ["account", "user", "from", "to", "kind"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const { t } = formatters(await resolveLocale(request));
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(FILTER_FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const parsed = AuditFilters.safeParse({ ...raw, cursor: params.get("cursor") ?? "" }, { error: zodErrorMap(t) });
  const options = await auditFilterOptions(db(), parsed.success ? parsed.data : {});
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "")] ??= issue.message;
    return data({ events: [], nextCursor: null, values: raw, errors, options }, { status: 400 });
  }
  const { events, nextCursor } = await listAuditEvents(db(), parsed.data);
  return {
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name, email: e.actor_email, role: e.actor_role } : null,
      account: e.account_id ? { id: e.account_id, name: e.account_name } : null,
      entity: e.entity,
      entityId: e.entity_id,
      action: e.action,
      link: auditLink(e),
      changes: auditChanges(e.before, e.after),
      ip: e.ip,
    })),
    nextCursor: nextCursor === null ? null : String(nextCursor),
    values: raw,
    errors: {} as Record<string, string>,
    options,
  };
}

export default function AuditLogPage() {
  const { events, nextCursor, values, errors, options } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const control = "rounded-md border border-slate-400 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700";
  const field = (
    name: (typeof FILTER_FIELDS)[number],
    label: string,
    input: (props: Record<string, unknown>) => ReactElement,
  ) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`audit-${name}`} className="text-sm font-medium">
        {label}
      </label>
      {input({
        id: `audit-${name}`,
        name,
        defaultValue: values[name] ?? "",
        className: control,
        "aria-invalid": errors[name] ? true : undefined,
        "aria-describedby": errors[name] ? `audit-${name}-error` : undefined,
      })}
      {errors[name] ? (
        <p id={`audit-${name}-error`} className="text-sm text-red-800" role="alert">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  const filterTo = (key: "account" | "user", value: string) => {
    const next = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
    next.set(key, value);
    return `?${next}`;
  };

  return (
    <div>
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <p className="mt-1 max-w-3xl text-slate-700">{t("audit.intro")}</p>
      <Form
        method="get"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
        role="search"
      >
        {field("account", t("audit.filter.account"), (p) => (
          <select {...p}>
            <option value="">{t("audit.filter.any")}</option>
            {options.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        ))}
        {field("user", t("audit.filter.user"), (p) => (
          <select {...p}>
            <option value="">{t("audit.filter.any")}</option>
            <option value="system">{t("audit.system")}</option>
            {options.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} · {t(`role.${u.role}`)}
              </option>
            ))}
          </select>
        ))}
        {field("from", t("audit.filter.from"), (p) => (
          <input type="date" {...p} />
        ))}
        {field("to", t("audit.filter.to"), (p) => (
          <input type="date" {...p} />
        ))}
        {field("kind", t("audit.filter.kind"), (p) => (
          <select {...p}>
            <option value="">{t("audit.filter.any")}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`audit.kind.${k}`)}
              </option>
            ))}
          </select>
        ))}
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
          {t("audit.filter.apply")}
        </button>
        <Link to="/admin/audit" className="py-1.5 text-sm text-brand-700 underline">
          {t("audit.filter.clear")}
        </Link>
      </Form>

      {events.length === 0 ? (
        <p className="mt-6 text-slate-700" data-testid="audit-empty">
          {Object.keys(errors).length ? t("audit.fixFilters") : t("audit.empty")}
        </p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="audit-table">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("audit.col.when")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.col.who")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.col.what")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.col.account")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.col.changes")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 align-top">
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2">
                    <time dateTime={new Date(e.at).toISOString()}>{dateTime(e.at)}</time>
                    {e.ip ? <div className="text-xs text-slate-600">{e.ip}</div> : null}
                  </td>
                  <td className="px-3 py-2">
                    {e.actor ? (
                      <>
                        <Link
                          to={filterTo("user", e.actor.id)}
                          className="text-brand-700 underline"
                          title={t("audit.filterByUser")}
                        >
                          {e.actor.name ?? t("audit.deletedUser")}
                        </Link>
                        {e.actor.email ? <div className="text-xs text-slate-600">{e.actor.email}</div> : null}
                        {e.actor.role ? (
                          <Badge tone={e.actor.role === "customer" ? "info" : "neutral"}>
                            {t(`role.${e.actor.role}`)}
                          </Badge>
                        ) : null}
                      </>
                    ) : (
                      <span className="text-slate-700">{t("audit.system")}</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <span className="font-medium" data-testid="audit-action">
                      {e.action}
                    </span>{" "}
                    <span className="text-slate-700">· {e.entity}</span>
                    <div className="text-xs">
                      {e.link ? (
                        <Link to={e.link} className="break-all text-brand-700 underline">
                          {e.entityId}
                        </Link>
                      ) : (
                        <span className="break-all text-slate-600">{e.entityId}</span>
                      )}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    {e.account ? (
                      <>
                        <Link to={`/accounts/${e.account.id}`} className="text-brand-700 underline">
                          {e.account.name ?? e.account.id}
                        </Link>
                        <div>
                          <Link to={filterTo("account", e.account.id)} className="text-xs text-slate-600 underline">
                            {t("audit.filterByAccount")}
                          </Link>
                        </div>
                      </>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    {e.changes.length ? (
                      <ul className="flex flex-col gap-0.5">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <span className="font-medium">{c.field}</span>:{" "}
                            <span className="text-slate-600" data-stored-value>
                              {c.before ?? "—"}
                            </span>{" "}
                            → <span data-stored-value>{c.after ?? "—"}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </div>
  );
}
