import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { KindIcon } from "#app/components/kind-icon.tsx";
import { PolarityBadge } from "#app/components/polarity.tsx";
import { Sparkles, Star } from "lucide-react";
import { canDeleteTouchpoint, canEditTouchpoint, type Actor } from "#app/domain/permissions.ts";
import { EMOTION_TAGS, LOGGABLE_TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Formatters } from "#app/i18n/format.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

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

/** Who is looking, for the entry's edit link (the same rule the model applies). */
export interface TimelineViewer {
  actor: Actor;
  accountOwnerId: string;
  accountId: string;
}

/** Touchpoints grouped by month (in the vendor's time zone), newest first. */
export function Timeline({
  items,
  audience,
  viewer,
}: {
  items: TimelineItem[];
  audience: "internal" | "customer";
  viewer?: TimelineViewer | undefined;
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
              <TimelineEntry key={item.id} item={item} audience={audience} viewer={viewer} />
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

/** Kinds told in one line: the exchange itself matters less than what it carried. */
const COMPACT = new Set(["call", "email", "chat"]);

function TimelineEntry({
  item,
  audience,
  viewer,
}: {
  item: TimelineItem;
  audience: "internal" | "customer";
  viewer?: TimelineViewer | undefined;
}) {
  const f = useI18n();
  const { t, dateTime } = f;
  const title = touchpointTitle(f, item);
  const touchpoint = { author_id: item.author_id ?? null, kind: item.kind, source: item.source ?? "internal" };
  // The edit page is worth a link when it can change the entry or delete it (the model's rules).
  const account = { owner_id: viewer?.accountOwnerId ?? "" };
  const editable =
    audience === "internal" &&
    viewer !== undefined &&
    canEditTouchpoint(viewer.actor, account, touchpoint) &&
    ((LOGGABLE_TOUCHPOINT_KINDS as string[]).includes(item.kind) || canDeleteTouchpoint(viewer.actor, account, touchpoint));
  const compact = COMPACT.has(item.kind);
  return (
    <li
      className={`flex gap-3 rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${compact ? "p-2" : "p-3"}`}
      data-kind={item.kind}
      data-touchpoint={item.id}
    >
      <KindIcon kind={item.kind} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="text-xs font-semibold uppercase text-slate-600">{t(`kind.${item.kind as TouchpointKind}`)}</span>
          <h4 className="font-semibold">{title}</h4>
          <time dateTime={new Date(item.occurred_at).toISOString()} className="text-xs text-slate-600">
            {dateTime(item.occurred_at)}
          </time>
          {audience === "internal" ? (
            item.shared_with_customer ? (
              <Badge tone="info">{t("touchpoint.shared")}</Badge>
            ) : (
              <Badge>{t("touchpoint.internal")}</Badge>
            )
          ) : null}
          {audience === "internal" && (item.source === "portal" || item.source === "system") ? (
            <Badge>{t(item.source === "portal" ? "timeline.fromPortal" : "timeline.bySystem")}</Badge>
          ) : null}
          {editable && viewer ? (
            <Link
              to={`/accounts/${viewer.accountId}/touchpoints/${item.id}`}
              className="ml-auto text-xs text-brand-700 underline"
            >
              {t("touchpoint.edit")}
              <span className="sr-only">: {title}</span>
            </Link>
          ) : null}
        </div>
        <KindBody item={item} audience={audience} accountId={viewer?.accountId} />
        {audience === "internal" ? <Experience item={item} /> : null}
      </div>
    </li>
  );
}

/** One renderer per kind: what that kind of encounter carries. */
function KindBody({
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
  const summary = item.summary ? <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{item.summary}</p> : null;
  const byline = item.author_name ? t("touchpoint.by", { name: item.author_name }) : null;
  switch (item.kind) {
    case "meeting":
    case "business_review":
      return (
        <>
          <Sides customers={customers} staff={staff} />
          {item.summary ? (
            <p className="mt-1 whitespace-pre-line text-sm text-slate-800">
              <span className="font-medium">{t("timeline.outcome")}: </span>
              {item.summary}
            </p>
          ) : null}
          <Byline text={byline} />
        </>
      );
    case "call":
    case "email":
    case "chat":
      return (
        <p className="mt-0.5 line-clamp-2 text-sm text-slate-800">
          {[...customers, ...staff].length ? (
            <span className="text-slate-600">{t("touchpoint.with", { names: [...customers, ...staff].join(", ") })}</span>
          ) : null}
          {[...customers, ...staff].length && item.summary ? " — " : null}
          {item.summary}
          {byline ? <span className="text-xs text-slate-600"> · {byline}</span> : null}
        </p>
      );
    case "delivery":
      return (
        <>
          {item.summary ? (
            <p className="mt-1 whitespace-pre-line text-sm text-slate-800">
              <span className="font-medium">{t("timeline.delivered")}: </span>
              {item.summary}
            </p>
          ) : null}
          <ExpectationLinks item={item} accountId={audience === "internal" ? accountId : undefined} />
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
    case "reference_given":
    case "referral_given":
    case "word_of_mouth":
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
    case "survey":
      return (
        <>
          <SurveyScore item={item} />
          {item.summary ? (
            <p className="mt-1 whitespace-pre-line text-sm text-slate-800">
              <span className="font-medium">{t("timeline.comment")}: </span>
              {item.summary}
            </p>
          ) : null}
          <Byline text={customers.length ? t("timeline.answeredBy", { names: customers.join(", ") }) : null} />
        </>
      );
    case "committee_change":
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
    default:
      return (
        <>
          <ExpectationLinks item={item} accountId={audience === "internal" ? accountId : undefined} />
          {summary}
          <Sides customers={customers} staff={staff} />
          <Byline text={byline} />
        </>
      );
  }
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

const SENTIMENT_SIGN = ["−2", "−1", "0", "+1", "+2"];
const SENTIMENT_WORD = ["veryNegative", "negative", "neutral", "positive", "veryPositive"] as const;

/** The sentiment as words and sign, so it reads without colour. */
export function sentimentText(f: Pick<Formatters, "t">, sentiment: number): string {
  return `${SENTIMENT_SIGN[sentiment + 2]} ${f.t(`sentimentLevel.${SENTIMENT_WORD[sentiment + 2]!}`)}`;
}

/** The experience at a glance, every flag in words (colour only repeats it). */
function Experience({ item }: { item: TimelineItem }) {
  const f = useI18n();
  const { t } = f;
  const parts: ReactNode[] = [];
  if (item.sentiment != null) {
    const tone = item.sentiment > 0 ? "good" : item.sentiment < 0 ? "bad" : "neutral";
    parts.push(
      <Badge key="s" tone={tone}>
        {t("touchpoint.sentiment")}: {sentimentText(f, item.sentiment)}
      </Badge>,
    );
  }
  if (item.treatment != null) {
    parts.push(
      <Badge key="t" tone={item.treatment >= 4 ? "good" : item.treatment <= 2 ? "bad" : "neutral"}>
        {t("touchpoint.treatment")}: {item.treatment}/5
      </Badge>,
    );
  }
  if (item.resolved) {
    parts.push(
      <Badge key="r" tone={item.resolved === "yes" ? "good" : item.resolved === "no" ? "bad" : "warn"}>
        {t("touchpoint.resolved")}: {t(`resolved.${item.resolved as "yes"}`)}
      </Badge>,
    );
  }
  if (item.moment_of_truth) parts.push(
      <Badge key="m" tone="info">
        <Star aria-hidden="true" focusable="false" size={12} className="mr-1" />
        {t("touchpoint.momentOfTruth")}
      </Badge>,
    );
  if (item.positive_surprise) parts.push(
      <Badge key="p" tone="good">
        <Sparkles aria-hidden="true" focusable="false" size={12} className="mr-1" />
        {t("touchpoint.positiveSurprise")}
      </Badge>,
    );
  for (const tag of item.emotion_tags ?? []) {
    parts.push(
      <Badge key={`e-${tag}`}>
        {(EMOTION_TAGS as readonly string[]).includes(tag) ? t(`emotion.${tag as (typeof EMOTION_TAGS)[number]}`) : tag}
      </Badge>,
    );
  }
  if (!parts.length) {
    if (item.kind === "survey" || item.kind === "committee_change") return null;
    return <p className="mt-2 text-xs text-slate-500">{t("timeline.noExperience")}</p>;
  }
  return (
    <div className="mt-2 flex flex-wrap items-center gap-1.5" data-testid="experience">
      <span className="sr-only">{t("timeline.experience")}:</span>
      {parts}
    </div>
  );
}
