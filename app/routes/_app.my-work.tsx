import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysBetween, daysUntilDate } from "#app/domain/brief.ts";
import type { LifecycleStage, TouchpointKind } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loggedThisWeek, myAccountsOverview, myCasesPastSla, myDisputedDeliveries, myOverdueInvoices } from "#app/models/my-work.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.myWork"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const now = new Date();
  const today = calendarDate(now);
  const [accounts, logged, cases, invoices, disputes] = await Promise.all([
    myAccountsOverview(db(), user.id),
    loggedThisWeek(db(), user.id),
    myCasesPastSla(db(), user.id),
    myOverdueInvoices(db(), user.id, today),
    myDisputedDeliveries(db(), user.id),
  ]);
  return { accounts, logged, cases, invoices, disputes, now: now.toISOString(), today };
}

export default function MyWorkPage() {
  const { accounts, logged, cases, invoices, disputes, now, today } = useLoaderData<typeof loader>();
  const { t, date, dateTime, money, number } = useI18n();
  const ago = (d: Date | string | null) => {
    if (!d) return "—";
    const days = daysBetween(new Date(d), new Date(now));
    return days <= 0 ? t("brief.today") : t("brief.daysAgo", { days });
  };
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">{t("myWork.title")}</h1>

      <section aria-labelledby="disputes-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="disputes-heading" className="font-semibold">{t("myWork.disputes")}</h2>
        {disputes.length ? (
          <ul className="mt-2 space-y-2 text-sm" data-testid="disputed-deliveries">
            {disputes.map((d) => (
              <li key={d.id}>
                <Link to={`/accounts/${d.account_id}/expectations/${d.id}`} className="text-brand-700 underline">{d.title}</Link> ·{" "}
                {d.account_name}{" "}
                <Badge tone="bad">
                  {t(d.customer_response === "disputed_not_delivered" ? "myWork.disputedNotDelivered" : "myWork.disputedPartly")}
                </Badge>
                <p className="text-slate-700">
                  {t("myWork.disputeReason", { delivered: date(d.delivered_on) || "—", due: date(d.due_date) })}
                  {d.customer_comment ? ` “${d.customer_comment}”` : ""}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("myWork.noDisputes")}</p>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="cases-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="cases-heading" className="font-semibold">{t("myWork.casesPastSla")}</h2>
          {cases.length ? (
            <ul className="mt-2 space-y-1 text-sm" data-testid="cases-past-sla">
              {cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/accounts/${c.account_id}/touchpoints/${c.id}`} className="text-brand-700 underline">{c.title}</Link>{" "}
                  · {c.account_name} <Badge tone="bad">{t("support.sla", { date: dateTime(c.sla_due_at) })}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("myWork.noCasesPastSla")}</p>
          )}
        </section>
        <section aria-labelledby="invoices-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="invoices-heading" className="font-semibold">{t("myWork.overdueInvoices")}</h2>
          {invoices.length ? (
            <ul className="mt-2 space-y-1 text-sm" data-testid="overdue-invoices">
              {invoices.map((i) => (
                <li key={i.id}>
                  <Link to={`/accounts/${i.account_id}`} className="text-brand-700 underline">{i.account_name}</Link> · {i.number} ·{" "}
                  {money(i.amount, i.currency)} <Badge tone="bad">{t("brief.overdueDays", { days: daysUntilDate(i.due_date, today) })}</Badge>
                  {i.disputed ? <> <Badge tone="bad">{t("invoice.disputed")}</Badge></> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("myWork.noOverdueInvoices")}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" className="text-lg font-semibold">{t("myWork.accounts")}</h2>
        {accounts.length ? (
          <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="my-accounts">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">{t("accounts.col.name")}</th>
                  <th scope="col" className="px-3 py-2">{t("accounts.col.stage")}</th>
                  <th scope="col" className="px-3 py-2">{t("myWork.lastContact")}</th>
                  <th scope="col" className="px-3 py-2">{t("brief.dmContact")}</th>
                  <th scope="col" className="px-3 py-2">{t("myWork.recentSentiment")}</th>
                  <th scope="col" className="px-3 py-2">{t("accounts.col.renewal")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {accounts.map((a) => {
                  const s = a.recent_sentiment == null ? null : Number(a.recent_sentiment);
                  return (
                    <tr key={a.id}>
                      <td className="px-3 py-2">
                        <Link to={`/accounts/${a.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{a.name}</Link>
                      </td>
                      <td className="px-3 py-2">{t(`stage.${a.lifecycle_stage as LifecycleStage}`)}</td>
                      <td className="px-3 py-2">{ago(a.last_touchpoint_at)}</td>
                      <td className="px-3 py-2">{ago(a.last_two_way_at)}</td>
                      <td className="px-3 py-2">
                        {s == null ? "—" : <Badge tone={s > 0.3 ? "good" : s < -0.3 ? "bad" : "neutral"}>{s > 0 ? "+" : ""}{number(s, 1)}</Badge>}
                      </td>
                      <td className="px-3 py-2">{date(a.renewal_date) || "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2 text-slate-700">{t("myWork.noAccounts")}</p>
        )}
      </section>

      <section aria-labelledby="logged-heading">
        <h2 id="logged-heading" className="text-lg font-semibold">{t("myWork.loggedThisWeek")}</h2>
        {logged.length ? (
          <>
            <p className="text-sm text-slate-600">{t("myWork.loggedCount", { count: logged.length })}</p>
            <ul className="mt-2 space-y-1 text-sm" data-testid="logged-this-week">
              {logged.map((l) => (
                <li key={l.id}>
                  <span className="text-slate-600">{dateTime(l.occurred_at)}</span> · {t(`kind.${l.kind as TouchpointKind}`)} ·{" "}
                  <Link to={`/accounts/${l.account_id}`} className="text-brand-700 underline">{l.account_name}</Link>: {touchpointTitle({ t }, l)}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("myWork.nothingLogged")}</p>
        )}
      </section>
    </div>
  );
}
