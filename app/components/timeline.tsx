import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { KindIcon } from "#app/components/kind-icon.tsx";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { TIME_ZONE } from "#app/i18n/index.ts";

/** The fields every audience may see. Internal entries add the experience. */
export interface TimelineItem {
  id: string;
  kind: string;
  occurred_at: Date | string;
  title: string;
  summary: string;
  author_name?: string | null;
  stakeholders?: { id: string; name: string }[];
  internal_participants?: { id: string; name: string }[];
  invoice_number?: string | null;
  invoice_amount?: string | null;
  invoice_currency?: string | null;
  invoice_due_date?: string | null;
  invoice_paid_on?: string | null;
  invoice_disputed?: boolean | null;
  case_severity?: string | null;
  case_status?: string | null;
  case_sla_due_at?: Date | string | null;
  // Internal only: never selected for the portal.
  shared_with_customer?: boolean;
  sentiment?: number | null;
  treatment?: number | null;
  resolved?: string | null;
  emotion_tags?: string[];
  moment_of_truth?: boolean;
  positive_surprise?: boolean;
}

/** Touchpoints grouped by month (in the vendor's time zone), newest first. */
export function Timeline({
  items,
  audience,
  editBase,
}: {
  items: TimelineItem[];
  audience: "internal" | "customer";
  /** Where an entry's edit page lives ("/accounts/<id>/touchpoints"), when the viewer may edit. */
  editBase?: string | undefined;
}) {
  const { month } = useI18n();
  const groups: { key: string; label: string; items: TimelineItem[] }[] = [];
  for (const item of items) {
    const key = monthKey(item.occurred_at);
    let group = groups.at(-1);
    if (!group || group.key !== key) {
      group = { key, label: month(item.occurred_at), items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return (
    <div className="flex flex-col gap-6" data-testid="timeline">
      {groups.map((g) => (
        <section key={g.key} aria-label={g.label}>
          <h3 className="sticky top-0 bg-slate-50/95 py-1 text-sm font-semibold uppercase tracking-wide text-slate-600">
            {g.label}
          </h3>
          <ol className="mt-2 flex flex-col gap-3">
            {g.items.map((item) => (
              <TimelineEntry key={item.id} item={item} audience={audience} editBase={editBase} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

const monthFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: TIME_ZONE });
function monthKey(value: Date | string) {
  return monthFormat.format(new Date(value));
}

function TimelineEntry({
  item,
  audience,
  editBase,
}: {
  item: TimelineItem;
  audience: "internal" | "customer";
  editBase?: string | undefined;
}) {
  const { t, dateTime } = useI18n();
  const people = [...(item.stakeholders ?? []), ...(item.internal_participants ?? [])].map((p) => p.name);
  return (
    <li className="flex gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-kind={item.kind}>
      <KindIcon kind={item.kind} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="text-xs font-semibold uppercase text-slate-600">{t(`kind.${item.kind as TouchpointKind}`)}</span>
          <h4 className="font-semibold">{item.title}</h4>
          <time dateTime={new Date(item.occurred_at).toISOString()} className="text-xs text-slate-600">
            {dateTime(item.occurred_at)}
          </time>
          {audience === "internal" ? (
            item.shared_with_customer ? <Badge tone="info">{t("touchpoint.shared")}</Badge> : <Badge>{t("touchpoint.internal")}</Badge>
          ) : null}
          {editBase && item.kind !== "committee_change" && item.kind !== "survey" ? (
            <Link to={`${editBase}/${item.id}`} className="ml-auto text-xs text-brand-700 underline">
              {t("touchpoint.edit")}<span className="sr-only">: {item.title}</span>
            </Link>
          ) : null}
        </div>
        <KindFacts item={item} />
        {item.summary ? <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{item.summary}</p> : null}
        <p className="mt-1 text-xs text-slate-600">
          {item.author_name ? t("touchpoint.by", { name: item.author_name }) : null}
          {item.author_name && people.length ? " · " : null}
          {people.length ? t("touchpoint.with", { names: people.join(", ") }) : null}
        </p>
        {audience === "internal" ? <Experience item={item} /> : null}
      </div>
    </li>
  );
}

/** One renderer per kind for the facts the kind carries. */
function KindFacts({ item }: { item: TimelineItem }): ReactNode {
  const { t, date, dateTime, money } = useI18n();
  if (item.kind === "invoice" && item.invoice_number) {
    const overdue = !item.invoice_paid_on && item.invoice_due_date && item.invoice_due_date < new Date().toISOString().slice(0, 10);
    return (
      <p className="mt-1 flex flex-wrap gap-2 text-sm">
        <span>{t("invoice.number", { number: item.invoice_number })}</span>
        <span className="font-medium">{money(item.invoice_amount, item.invoice_currency ?? "EUR")}</span>
        <span>{t("invoice.due", { date: date(item.invoice_due_date) })}</span>
        {item.invoice_paid_on ? (
          <Badge tone="good">{t("invoice.paid", { date: date(item.invoice_paid_on) })}</Badge>
        ) : (
          <Badge tone={overdue ? "bad" : "warn"}>{t("invoice.unpaid")}</Badge>
        )}
        {item.invoice_disputed ? <Badge tone="bad">{t("invoice.disputed")}</Badge> : null}
      </p>
    );
  }
  if (item.kind === "support_case" && item.case_status) {
    const open = item.case_status === "open" || item.case_status === "waiting";
    const late = open && item.case_sla_due_at && new Date(item.case_sla_due_at) < new Date();
    return (
      <p className="mt-1 flex flex-wrap gap-2 text-sm">
        <Badge tone={item.case_severity === "critical" || item.case_severity === "high" ? "bad" : "neutral"}>
          {t("support.severity")}: {t(`severity.${item.case_severity as "low"}`)}
        </Badge>
        <Badge tone={open ? "warn" : "good"}>{t(`supportStatus.${item.case_status as "open"}`)}</Badge>
        {item.case_sla_due_at ? (
          <Badge tone={late ? "bad" : "neutral"}>{t("support.sla", { date: dateTime(item.case_sla_due_at) })}</Badge>
        ) : null}
      </p>
    );
  }
  return null;
}

const SENTIMENT_LABEL = ["−2", "−1", "0", "+1", "+2"];

function Experience({ item }: { item: TimelineItem }) {
  const { t } = useI18n();
  const parts: ReactNode[] = [];
  if (item.sentiment != null) {
    const tone = item.sentiment > 0 ? "good" : item.sentiment < 0 ? "bad" : "neutral";
    parts.push(
      <Badge key="s" tone={tone}>
        {t("touchpoint.sentiment")} {SENTIMENT_LABEL[item.sentiment + 2]}
      </Badge>,
    );
  }
  if (item.treatment != null) parts.push(<Badge key="t">{t("touchpoint.treatment")} {item.treatment}/5</Badge>);
  if (item.resolved) parts.push(<Badge key="r">{t("touchpoint.resolved")}: {t(`resolved.${item.resolved as "yes"}`)}</Badge>);
  if (item.moment_of_truth) parts.push(<Badge key="m" tone="info">{t("touchpoint.momentOfTruth")}</Badge>);
  if (item.positive_surprise) parts.push(<Badge key="p" tone="good">{t("touchpoint.positiveSurprise")}</Badge>);
  for (const tag of item.emotion_tags ?? []) parts.push(<Badge key={`e-${tag}`}>{tag}</Badge>);
  if (!parts.length) return null;
  return <div className="mt-2 flex flex-wrap gap-1.5">{parts}</div>;
}
