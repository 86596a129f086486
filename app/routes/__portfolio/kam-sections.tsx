import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { evidenceHref, SignalTitle } from "#app/components/signal-text.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.portfolio.kams.$userId.tsx";

// A KAM's page: the cards of what needs them (overdue expectations and tasks,
// open signals) and of what they did lately.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** A card of the page under its heading, `name` giving the heading's id and the test id. */
export function KamPageCard({
  name,
  title,
  className,
  children,
}: {
  name: string;
  title: ReactNode;
  /** Where it sits in the page's grid. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <Card name={name} className={className} data-testid={`kam-${name}`}>
      <CardTitle name={name} small>
        {title}
      </CardTitle>
      {children}
    </Card>
  );
}

export function KamOverdue({ overdue }: { overdue: Data["overdue"] }) {
  const { t, date } = useI18n();
  const count = overdue.count ? <Badge tone="bad">{t("kam.overdueCount", { count: overdue.count })}</Badge> : null;
  const title = (
    <>
      {t("kam.overdue")} {count}
    </>
  );
  return (
    <KamPageCard name="overdue" title={title}>
      {overdue.expectations.length ? (
        <>
          <ul className="mt-2 space-y-1 text-sm">
            {overdue.expectations.map((e) => (
              <li key={e.id}>
                <Link to={`/accounts/${e.account_id}/expectations/${e.id}`} className="text-brand-700 underline">
                  {e.title}
                </Link>{" "}
                · {e.account_name} ·{" "}
                <span className="text-slate-600">
                  {t("kam.due", { date: date(e.due_date) })}
                  {e.pressing_on < e.due_date ? ` · ${t("ledger.promisedOn", { date: date(e.pressing_on) })}` : null}
                </span>
              </li>
            ))}
          </ul>
          {overdue.count > overdue.expectations.length ? (
            <p className="mt-1 text-xs text-slate-600">
              {t("kam.overdueMore", { shown: overdue.expectations.length })}
            </p>
          ) : null}
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("kam.overdueNone")}</p>
      )}
    </KamPageCard>
  );
}

export function KamOverdueTasks({ overdueTasks }: { overdueTasks: Data["overdueTasks"] }) {
  const { t, date } = useI18n();
  const count = overdueTasks.length ? <Badge tone="bad">{overdueTasks.length}</Badge> : null;
  const title = (
    <>
      {t("task.overdueByKam")} {count}
    </>
  );
  return (
    <KamPageCard name="overdue-tasks" title={title}>
      {overdueTasks.length ? (
        <ul className="mt-2 space-y-1 text-sm">
          {overdueTasks.map((task) => (
            <li key={task.id}>
              <Link to={`/accounts/${task.account_id}/tasks`} className="text-brand-700 underline">
                {task.title}
              </Link>{" "}
              · {task.account_name} · {t("inbox.dueOn", { date: date(task.due_on) })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("task.noOverdue")}</p>
      )}
    </KamPageCard>
  );
}

export function KamSignals({
  kam,
  signals,
  signalCounts,
  viewer,
}: Pick<Data, "kam" | "signals" | "signalCounts" | "viewer">) {
  const { t } = useI18n();
  return (
    <KamPageCard name="signals" title={t("kam.signals")}>
      <p className="text-sm text-slate-700">
        {t("kam.signalsCount", { open: signalCounts.open, unacknowledged: signalCounts.unacknowledged })}
      </p>
      {signals.length ? (
        <ul className="mt-2 space-y-1 text-sm">
          {signals.map((s) => (
            <li key={s.id}>
              <Link to={evidenceHref(s)} className="text-brand-700 underline">
                <SignalTitle rule={s.rule as RiskRule} />
              </Link>{" "}
              · {s.account_name}
            </li>
          ))}
        </ul>
      ) : null}
      <Link
        to={viewer.role === "kam" ? "/risks" : `/risks?kam=${kam.id}`}
        className="mt-2 inline-block text-sm text-brand-700 underline"
      >
        {t("kam.signalsAll")}
      </Link>
    </KamPageCard>
  );
}

export function KamActivity({ activity }: { activity: Data["activity"] }) {
  const { t, dateTime } = useI18n();
  return (
    <KamPageCard name="activity" title={t("kam.activity")}>
      {activity.count ? (
        <>
          <p className="text-sm text-slate-700">
            {t("kam.activityCount", { count: activity.count, days: activity.days })}
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {activity.touchpoints.map((tp) => (
              <li key={tp.id}>
                <span className="text-slate-600">{dateTime(tp.occurred_at)}</span> ·{" "}
                {t(`kind.${tp.kind as TouchpointKind}`)} ·{" "}
                <Link to={`/accounts/${tp.account_id}/touchpoints/${tp.id}`} className="text-brand-700 underline">
                  {tp.title}
                </Link>{" "}
                · {tp.account_name}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("kam.activityNone", { days: activity.days })}</p>
      )}
    </KamPageCard>
  );
}
