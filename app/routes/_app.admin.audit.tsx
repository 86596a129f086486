import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Pager } from "#app/components/ui/pager.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { requireRole } from "#app/web/auth.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { AuditFilterForm } from "#app/routes/__admin/audit-filters.tsx";
import { AuditTable } from "#app/routes/__admin/audit-table.tsx";
import { auditLogPage } from "#app/routes/__admin/audit.server.ts";

// The audit log, read only: who did what, when, and what changed. Filters live
// in the URL (checked with Zod); paging is by keyset, newest first.

export const meta: MetaFunction = titleMeta("audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return auditLogPage(request);
}

export default function AuditLogPage() {
  const { events, nextCursor, values, errors, options } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div>
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <p className="mt-1 max-w-3xl text-slate-700">{t("audit.intro")}</p>
      <AuditFilterForm values={values} errors={errors} options={options} />
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700" data-testid="audit-empty">
          {Object.keys(errors).length ? t("audit.fixFilters") : t("audit.empty")}
        </p>
      ) : (
        <AuditTable events={events} values={values} />
      )}
      <Pager nextCursor={nextCursor} />
    </div>
  );
}
