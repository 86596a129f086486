import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { KindIcon } from "#app/components/kind-icon.tsx";
import { Sparkles, Star } from "lucide-react";
import { canDeleteTouchpoint, canEditTouchpoint, type Actor } from "#app/domain/permissions.ts";
import { EMOTION_TAGS, LOGGABLE_TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Formatters } from "#app/i18n/format.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { KindBody, type TimelineItem } from "#app/components/timeline-body.tsx";

export type { TimelineItem } from "#app/components/timeline-body.tsx";

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
    ((LOGGABLE_TOUCHPOINT_KINDS as string[]).includes(item.kind) ||
      canDeleteTouchpoint(viewer.actor, account, touchpoint));
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
          <span className="text-xs font-semibold uppercase text-slate-600">
            {t(`kind.${item.kind as TouchpointKind}`)}
          </span>
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

const SENTIMENT_SIGN = ["−2", "−1", "0", "+1", "+2"];
const SENTIMENT_WORD = ["veryNegative", "negative", "neutral", "positive", "veryPositive"] as const;

/** The sentiment as words and sign, so it reads without colour. */
export function sentimentText(f: Pick<Formatters, "t">, sentiment: number): string {
  return `${SENTIMENT_SIGN[sentiment + 2]} ${f.t(`sentimentLevel.${SENTIMENT_WORD[sentiment + 2]!}`)}`;
}

/** A flag of the touchpoint (a moment of truth, a positive surprise): its icon, then its word. */
function FlagBadge({ tone, Icon, text }: { tone: "info" | "good"; Icon: typeof Star; text: string }) {
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" focusable="false" size={12} className="mr-1" />
      {text}
    </Badge>
  );
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
  if (item.moment_of_truth)
    parts.push(<FlagBadge key="m" tone="info" Icon={Star} text={t("touchpoint.momentOfTruth")} />);
  if (item.positive_surprise)
    parts.push(<FlagBadge key="p" tone="good" Icon={Sparkles} text={t("touchpoint.positiveSurprise")} />);
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
