import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { PolarityBadge } from "#app/components/polarity.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The body of a timeline entry, kind by kind (app/components/timeline.tsx lays
// the entries out; this says what each kind of encounter carries).

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
  author_id?: string | null;
  source?: string;
  title_key?: string | null;
  title_params?: unknown;
  expectations?: { id: string; title: string; status: string; outcome: string | null }[];
  shared_with_customer?: boolean;
  sentiment?: number | null;
  treatment?: number | null;
  resolved?: string | null;
  emotion_tags?: string[];
  moment_of_truth?: boolean;
  positive_surprise?: boolean;
  /** References, referrals and word of mouth (internal only). */
  advocacy_polarity?: string | null;
  advocacy_source?: string | null;
  advocacy_person?: string | null;
}

/** What one entry's body is built from. */
interface BodyParts {
  item: TimelineItem;
  customers: string[];
  staff: string[];
  summary: ReactNode;
  byline: string | null;
}

/** One renderer per kind: what that kind of encounter carries. */
export function KindBody({
  item,
  audience,
  accountId,
}: {
  item: TimelineItem;
  audience: "internal" | "customer";
  accountId?: string | undefined;
}): ReactNode {
  const { t } = useI18n();
  const customers = (item.stakeholders ?? []).map((p) => p.name);
  const staff = (item.internal_participants ?? []).map((p) => p.name);
  const summary = item.summary ? (
    <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{item.summary}</p>
  ) : null;
  const byline = item.author_name ? t("touchpoint.by", { name: item.author_name }) : null;
  const parts: BodyParts = { item, customers, staff, summary, byline };
  const linksTo = audience === "internal" ? accountId : undefined;
  switch (item.kind) {
    case "meeting":
    case "business_review":
      return (
        <>
          <Sides customers={customers} staff={staff} />
          <LabelledSummary label={t("timeline.outcome")} text={item.summary} />
          <Byline text={byline} />
        </>
      );
    case "call":
    case "email":
    case "chat":
      return <CompactBody {...parts} />;
    case "delivery":
      return (
        <>
          <LabelledSummary label={t("timeline.delivered")} text={item.summary} />
          <ExpectationLinks item={item} accountId={linksTo} />
          <Sides customers={customers} staff={staff} />
          <Byline text={byline} />
        </>
      );
    case "invoice":
    case "support_case":
      return (
        <>
          <Facts item={item} />
          {summary}
          <Sides customers={customers} staff={staff} />
          <Byline text={byline} />
        </>
      );
    case "training":
    case "event":
      return <AttendeesBody {...parts} />;
    case "reference_given":
    case "referral_given":
    case "word_of_mouth":
      return <AdvocacyBody {...parts} />;
    case "survey":
      return (
        <>
          <SurveyScore item={item} />
          <LabelledSummary label={t("timeline.comment")} text={item.summary} />
          <Byline text={customers.length ? t("timeline.answeredBy", { names: customers.join(", ") }) : null} />
        </>
      );
    case "committee_change":
      return <CommitteeChangeBody {...parts} accountId={accountId} />;
    default:
      return (
        <>
          <ExpectationLinks item={item} accountId={linksTo} />
          {summary}
          <Sides customers={customers} staff={staff} />
          <Byline text={byline} />
        </>
      );
  }
}

/** The summary after a label in bold ("Outcome: …"), or nothing without a summary. */
function LabelledSummary({ label, text }: { label: string; text: string }) {
  if (!text) return null;
  return (
    <p className="mt-1 whitespace-pre-line text-sm text-slate-800">
      <span className="font-medium">{label}: </span>
      {text}
    </p>
  );
}

/** Calls, e-mails and chats: one or two lines, who and what. */
function CompactBody({ item, customers, staff, byline }: BodyParts) {
  const { t } = useI18n();
  const people = [...customers, ...staff];
  return (
    <p className="mt-0.5 line-clamp-2 text-sm text-slate-800">
      {people.length ? (
        <span className="text-slate-600">{t("touchpoint.with", { names: people.join(", ") })}</span>
      ) : null}
      {people.length && item.summary ? " — " : null}
      {item.summary}
      {byline ? <span className="text-xs text-slate-600"> · {byline}</span> : null}
    </p>
  );
}

/** Trainings and events: who attended. */
function AttendeesBody({ customers, staff, summary, byline }: BodyParts) {
  const { t } = useI18n();
  return (
    <>
      {customers.length || staff.length ? (
        <p className="mt-1 text-sm text-slate-700">
          {t("timeline.attendees", { names: [...customers, ...staff].join(", ") })}
        </p>
      ) : null}
      {summary}
      <Byline text={byline} />
    </>
  );
}

/** References, referrals and word of mouth: positive or negative, and who said it. */
function AdvocacyBody({ item, customers, staff, summary, byline }: BodyParts) {
  const { t } = useI18n();
  return (
    <>
      {item.advocacy_polarity ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="advocacy">
          <PolarityBadge polarity={item.advocacy_polarity} />
          {item.advocacy_source ? <span>{t("timeline.advocacySource", { source: item.advocacy_source })}</span> : null}
          {item.advocacy_person && item.advocacy_person !== item.advocacy_source ? (
            <span className="text-slate-600">{t("timeline.advocacyPerson", { name: item.advocacy_person })}</span>
          ) : null}
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-700">
          {customers.length || staff.length
            ? t("timeline.heardFrom", { names: [...customers, ...staff].join(", ") })
            : t("timeline.sourceUnknown")}
        </p>
      )}
      {summary}
      <Byline text={byline} />
    </>
  );
}

/** A change in the buying committee: links to the people it concerned. */
function CommitteeChangeBody({ item, summary, byline, accountId }: BodyParts & { accountId?: string | undefined }) {
  const { t } = useI18n();
  return (
    <>
      {item.stakeholders?.length && accountId ? (
        <p className="mt-1 text-sm">
          {item.stakeholders.map((p) => (
            <Link key={p.id} to={`/accounts/${accountId}/committee/${p.id}`} className="mr-2 text-brand-700 underline">
              {t("timeline.committeePerson", { name: p.name })}
            </Link>
          ))}
        </p>
      ) : null}
      {summary}
      <Byline text={byline} />
    </>
  );
}

function Byline({ text }: { text: string | null }) {
  return text ? <p className="mt-1 text-xs text-slate-600">{text}</p> : null;
}

/** Who took part, the customer's side apart from ours. */
function Sides({ customers, staff }: { customers: string[]; staff: string[] }) {
  const { t } = useI18n();
  if (!customers.length && !staff.length) return null;
  return (
    <p className="mt-1 text-sm text-slate-700">
      {customers.length ? t("timeline.customerSide", { names: customers.join(", ") }) : null}
      {customers.length && staff.length ? " · " : null}
      {staff.length ? t("timeline.ourSide", { names: staff.join(", ") }) : null}
    </p>
  );
}

/** The expectations a touchpoint concerns: those it gave rise to, and the one a portal answer was about. */
function ExpectationLinks({ item, accountId }: { item: TimelineItem; accountId?: string | undefined }) {
  const { t } = useI18n();
  const linked = [...(item.expectations ?? [])];
  const params = item.title_params as { expectation_id?: unknown; title?: unknown } | null | undefined;
  if (typeof params?.expectation_id === "string" && !linked.some((e) => e.id === params.expectation_id)) {
    linked.push({ id: params.expectation_id, title: String(params.title ?? ""), status: "resolved", outcome: null });
  }
  if (!linked.length || !accountId) return null;
  return (
    <p className="mt-1 flex flex-wrap gap-2 text-sm">
      <span className="text-slate-600">{t("timeline.forExpectation")}:</span>
      {linked.map((e) => (
        <Link key={e.id} to={`/accounts/${accountId}/expectations/${e.id}`} className="text-brand-700 underline">
          {e.title}
          {e.outcome ? ` (${t(`expOutcome.${e.outcome as "kept"}`)})` : null}
        </Link>
      ))}
    </p>
  );
}

/** The answer's score: from the system's title parameters, or read from an older stored title. */
function SurveyScore({ item }: { item: TimelineItem }) {
  const { t } = useI18n();
  const params = (item.title_params ?? {}) as { score?: unknown };
  const nps = item.title_key === "portalTouchpoint.nps" || (!item.title_key && /NPS/i.test(item.title));
  const score =
    typeof params.score === "number"
      ? params.score
      : Number((item.title.match(/(\d+)\s*\/\s*(10|5)/) ?? [])[1] ?? Number.NaN);
  if (!Number.isFinite(score)) return null;
  if (nps) {
    const group = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
    return (
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={group === "promoter" ? "good" : group === "passive" ? "neutral" : "bad"}>
          {t("timeline.npsScore", { score })}
        </Badge>
        <span>{t(`timeline.nps.${group}`)}</span>
      </p>
    );
  }
  return (
    <p className="mt-1 text-sm">
      <Badge tone={score >= 4 ? "good" : score === 3 ? "neutral" : "bad"}>{t("timeline.csatScore", { score })}</Badge>
    </p>
  );
}

/** Invoice and support-case facts. */
function Facts({ item }: { item: TimelineItem }): ReactNode {
  const { t, date, dateTime, money } = useI18n();
  if (item.kind === "invoice" && item.invoice_number) {
    const overdue =
      !item.invoice_paid_on && item.invoice_due_date && item.invoice_due_date < new Date().toISOString().slice(0, 10);
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
