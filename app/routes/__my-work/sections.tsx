import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { diffDays } from "#app/domain/dates.ts";
import { agoText } from "#app/components/days-ago.ts";
import type { LifecycleStage, TouchpointKind } from "#app/domain/vocabulary.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.my-work.tsx";
import { RowTitleLink, TableHead } from "#app/components/ui/table.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

// My work's sections below the inbox: cases past their SLA, overdue invoices,
// my accounts with their last contact, and what I logged this week.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** A card of items under its heading, or what it says when there are none. */
function ListCard({
  name,
  title,
  testId,
  empty,
  children,
}: {
  name: string;
  title: string;
  testId: string;
  empty: string;
  children: ReactNode[];
}) {
  return (
    <Card name={name}>
      <CardTitle name={name} small>
        {title}
      </CardTitle>
      {children.length ? (
        <ul className="mt-2 space-y-1 text-sm" data-testid={testId}>
          {children}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      )}
    </Card>
  );
}

export function CasesPastSla({ cases }: { cases: Data["cases"] }) {
  const { t, dateTime } = useI18n();
  return (
    <ListCard name="cases" title={t("myWork.casesPastSla")} testId="cases-past-sla" empty={t("myWork.noCasesPastSla")}>
      {cases.map((c) => (
        <li key={c.id}>
          <Link to={`/accounts/${c.account_id}/touchpoints/${c.id}`} className="text-brand-700 underline">
            {c.title}
          </Link>{" "}
          · {c.account_name} <Badge tone="bad">{t("support.sla", { date: dateTime(c.sla_due_at) })}</Badge>
        </li>
      ))}
    </ListCard>
  );
}

export function OverdueInvoices({ invoices, today }: { invoices: Data["invoices"]; today: string }) {
  const { t, money } = useI18n();
  return (
    <ListCard
      name="invoices"
      title={t("myWork.overdueInvoices")}
      testId="overdue-invoices"
      empty={t("myWork.noOverdueInvoices")}
    >
      {invoices.map((i) => (
        <li key={i.id}>
          <Link to={`/accounts/${i.account_id}`} className="text-brand-700 underline">
            {i.account_name}
          </Link>{" "}
          · {i.number} · {money(i.amount, i.currency)}{" "}
          <Badge tone="bad">{t("brief.overdueDays", { days: diffDays(i.due_date, today) })}</Badge>
          {i.disputed ? (
            <>
              {" "}
              <Badge tone="bad">{t("invoice.disputed")}</Badge>
            </>
          ) : null}
        </li>
      ))}
    </ListCard>
  );
}

export function MyAccounts({ accounts, now }: { accounts: Data["accounts"]; now: string }) {
  const { t, date, signed } = useI18n();
  const ago = (d: Date | string | null) => (d ? agoText(t, d, new Date(now)) : "—");
  const head = [
    t("accounts.col.name"),
    t("accounts.col.stage"),
    t("myWork.lastContact"),
    t("brief.dmContact"),
    t("myWork.recentSentiment"),
    t("accounts.col.renewal"),
  ];
  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" className="text-lg font-semibold">
        {t("myWork.accounts")}
      </h2>
      {accounts.length ? (
        <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="my-accounts">
            <TableHead names={head} />
            <tbody className="divide-y divide-slate-200">
              {accounts.map((a) => {
                const s = a.recent_sentiment == null ? null : Number(a.recent_sentiment);
                return (
                  <tr key={a.id}>
                    <td className="px-3 py-2">
                      <RowTitleLink to={`/accounts/${a.id}`}>{a.name}</RowTitleLink>
                    </td>
                    <td className="px-3 py-2">{t(`stage.${a.lifecycle_stage as LifecycleStage}`)}</td>
                    <td className="px-3 py-2">{ago(a.last_touchpoint_at)}</td>
                    <td className="px-3 py-2">{ago(a.last_two_way_at)}</td>
                    <td className="px-3 py-2">
                      {s == null ? (
                        "—"
                      ) : (
                        <Badge tone={s > 0.3 ? "good" : s < -0.3 ? "bad" : "neutral"}>{signed(s, 1)}</Badge>
                      )}
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
  );
}

export function LoggedThisWeek({ logged }: { logged: Data["logged"] }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="logged-heading">
      <h2 id="logged-heading" className="text-lg font-semibold">
        {t("myWork.loggedThisWeek")}
      </h2>
      {logged.length ? (
        <>
          <p className="text-sm text-slate-600">{t("myWork.loggedCount", { count: logged.length })}</p>
          <ul className="mt-2 space-y-1 text-sm" data-testid="logged-this-week">
            {logged.map((l) => (
              <li key={l.id}>
                <span className="text-slate-600">{dateTime(l.occurred_at)}</span> ·{" "}
                {t(`kind.${l.kind as TouchpointKind}`)} ·{" "}
                <Link to={`/accounts/${l.account_id}`} className="text-brand-700 underline">
                  {l.account_name}
                </Link>
                : {touchpointTitle({ t }, l)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("myWork.nothingLogged")}</p>
      )}
    </section>
  );
}
