import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { CalendarClock } from "lucide-react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Badge } from "./ui/badge.tsx";

export interface PlannedListItem {
  account_id: string;
  id: string;
  kind: string;
  planned_for: string;
  /** The planned day in the vendor's time zone. */
  day: string;
  title: string;
  state: string;
  owner_name: string;
  touchpoint_id: string | null;
  stakeholder_count: number;
  positive_surprise?: boolean;
  version: number;
  canChange: boolean;
  canRecord: boolean;
}

/**
 * Planned touchpoints, marked as planned: they are not encounters and count in
 * no figure. Each open one can be recorded ("how it went" opens the log form),
 * changed or cancelled.
 */
export function PlannedList({ plans, today }: { plans: PlannedListItem[]; today: string }) {
  const { t, dateTime } = useI18n();
  if (!plans.length) return <p className="text-sm text-slate-600">{t("plan.none")}</p>;
  const button = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
  return (
    <ul className="flex flex-col gap-2" data-testid="planned">
      {plans.map((plan) => {
        const base = `/accounts/${plan.account_id}`;
        const open = plan.state === "planned";
        return (
          <li
            key={plan.id}
            data-plan-id={plan.id}
            className="flex flex-wrap items-center gap-2 rounded-md border border-dashed border-sky-400 bg-sky-50/50 p-2 text-sm"
          >
            <CalendarClock aria-hidden="true" className="h-4 w-4 shrink-0 text-sky-800" />
            <Badge tone={open ? "info" : "neutral"}>{t(`plan.state.${plan.state as "planned" | "logged" | "cancelled"}`)}</Badge>
            <span className="text-slate-700">{t(`kind.${plan.kind as "meeting" | "call" | "business_review"}`)}</span>
            {plan.positive_surprise ? <Badge tone="good">{t("plan.surpriseBadge")}</Badge> : null}
            <span className={open ? "font-medium break-words" : "break-words text-slate-600"}>{plan.title}</span>
            <span className="text-slate-700">
              · <time dateTime={plan.planned_for}>{dateTime(plan.planned_for)}</time>
              {open && plan.day < today ? <> <Badge tone="warn">{t("plan.notRecorded")}</Badge></> : null}
            </span>
            <span className="text-slate-600">
              · {t("plan.ownedBy", { name: plan.owner_name })}
              {plan.stakeholder_count ? ` · ${t("plan.people", { count: plan.stakeholder_count })}` : ""}
            </span>
            {plan.state === "logged" && plan.touchpoint_id ? (
              <Link to={`${base}/touchpoints/${plan.touchpoint_id}`} className="text-brand-700 underline">
                {t("plan.seeRecorded")}
              </Link>
            ) : null}
            {open ? (
              <span className="ml-auto flex flex-wrap gap-2">
                {plan.canRecord ? (
                  <Link to={`${base}/touchpoints/new?plan=${plan.id}`} className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white">
                    {t("plan.record")}
                  </Link>
                ) : null}
                {plan.canChange ? (
                  <>
                    <Link to={`${base}/plans/${plan.id}`} className={button} aria-label={t("plan.editNamed", { title: plan.title })}>
                      {t("plan.edit")}
                    </Link>
                    <Form method="post" action={`${base}/plans`}>
                      <input type="hidden" name="intent" value="cancelPlan" />
                      <input type="hidden" name="planId" value={plan.id} />
                      <input type="hidden" name="version" value={String(plan.version)} />
                      <button type="submit" className={button} aria-label={t("plan.cancelNamed", { title: plan.title })}>
                        {t("plan.cancel")}
                      </button>
                    </Form>
                  </>
                ) : null}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
