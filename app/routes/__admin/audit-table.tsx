import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Table } from "#app/components/ui/table.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.admin.audit.tsx";

// The audit log's events, newest first: when and from where, who, what on
// which record, in which account, and each field's value before and after.
// Who and which account link to the same log filtered by them.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type AuditEventView = Data["events"][number];
/** The address of this log with one more filter set, keeping the others. */
type FilterTo = (key: "account" | "user", value: string) => string;

export function AuditTable({ events, values }: { events: AuditEventView[]; values: Record<string, string> }) {
  const { t } = useI18n();
  const filterTo: FilterTo = (key, value) => {
    const next = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
    next.set(key, value);
    return `?${next}`;
  };
  const head = [
    t("audit.col.when"),
    t("audit.col.who"),
    t("audit.col.what"),
    t("audit.col.account"),
    t("audit.col.changes"),
  ];
  return (
    <div className="mt-4">
      <Table head={head} testId="audit-table">
        {events.map((e) => (
          <AuditRow key={e.id} event={e} filterTo={filterTo} />
        ))}
      </Table>
    </div>
  );
}

function AuditRow({ event: e, filterTo }: { event: AuditEventView; filterTo: FilterTo }) {
  const { dateTime } = useI18n();
  return (
    <tr className="border-t border-slate-200 align-top" data-testid="audit-row">
      <td className="whitespace-nowrap py-2 pr-3">
        <time dateTime={new Date(e.at).toISOString()}>{dateTime(e.at)}</time>
        {e.ip ? <div className="text-xs text-slate-600">{e.ip}</div> : null}
      </td>
      <td className="py-2 pr-3">
        <AuditActor actor={e.actor} filterTo={filterTo} />
      </td>
      <td className="py-2 pr-3">
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
      <td className="py-2 pr-3">
        <AuditAccount account={e.account} filterTo={filterTo} />
      </td>
      <td className="py-2 pr-3">
        <AuditChanges changes={e.changes} />
      </td>
    </tr>
  );
}

function AuditActor({ actor, filterTo }: { actor: AuditEventView["actor"]; filterTo: FilterTo }) {
  const { t } = useI18n();
  if (!actor) return <span className="text-slate-700">{t("audit.system")}</span>;
  return (
    <>
      <Link to={filterTo("user", actor.id)} className="text-brand-700 underline" title={t("audit.filterByUser")}>
        {actor.name ?? t("audit.deletedUser")}
      </Link>
      {actor.email ? <div className="text-xs text-slate-600">{actor.email}</div> : null}
      {actor.role ? (
        <Badge tone={actor.role === "customer" ? "info" : "neutral"}>{t(`role.${actor.role}`)}</Badge>
      ) : null}
    </>
  );
}

function AuditAccount({ account, filterTo }: { account: AuditEventView["account"]; filterTo: FilterTo }) {
  const { t } = useI18n();
  if (!account) return null;
  return (
    <>
      <Link to={`/accounts/${account.id}`} className="text-brand-700 underline">
        {account.name ?? account.id}
      </Link>
      <div>
        <Link to={filterTo("account", account.id)} className="text-xs text-slate-600 underline">
          {t("audit.filterByAccount")}
        </Link>
      </div>
    </>
  );
}

function AuditChanges({ changes }: { changes: AuditEventView["changes"] }) {
  if (!changes.length) return null;
  return (
    <ul className="flex flex-col gap-0.5">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="font-medium">{c.field}</span>:{" "}
          <span className="text-slate-600" data-stored-value>
            {c.before ?? "—"}
          </span>{" "}
          → <span data-stored-value>{c.after ?? "—"}</span>
        </li>
      ))}
    </ul>
  );
}
