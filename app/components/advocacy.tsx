import { Link } from "#app/components/ui/link.tsx";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import type { AdvocacyCounts, Readiness } from "#app/domain/advocacy.ts";
import { ADVOCACY_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Badge } from "./ui/badge.tsx";
import { IntroCard } from "#app/components/ui/intro-card.tsx";

const TONE: Record<Readiness, "good" | "warn" | "neutral" | "bad"> = {
  ready: "good",
  not_now: "bad",
  not_ready: "neutral",
  unknown: "neutral",
  left: "neutral",
};

export function ReadinessBadge({ readiness }: { readiness: Readiness }) {
  const { t } = useI18n();
  return <Badge tone={TONE[readiness]}>{t(`advocacy.readiness.${readiness}`)}</Badge>;
}

/** On a person's page: whether to ask them for a reference, and a warning while they hold an open surprise. */
export function ReferenceReadiness({ name, readiness, latestNps, openSurprises }: { name: string; readiness: Readiness; latestNps: number | null; openSurprises: number }) {
  const { t, number } = useI18n();
  return (
    <div className="max-w-3xl" data-testid="reference-readiness">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{t("advocacy.reference")}</span>
        <ReadinessBadge readiness={readiness} />
        <span className="text-slate-700">{latestNps === null ? t("advocacy.noNps") : t("advocacy.latestNps", { score: number(latestNps) })}</span>
      </p>
      {openSurprises > 0 ? (
        <p role="alert" className="mt-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="reference-warning">
          {t("advocacy.dontAsk", { name, count: openSurprises })}
        </p>
      ) : null}
    </div>
  );
}

interface Promoter {
  id: string;
  accountId: string;
  accountName: string;
  name: string;
  influence: number;
  latestNps: number | null;
  readiness: Readiness;
}

/** The director's list: promoters with influence across the portfolio, most influential first. */
export function InfluentialPromoters({ promoters }: { promoters: Promoter[] }) {
  const { t, number } = useI18n();
  return (
    <IntroCard
      name="promoters"
      data-testid="promoters"
      title={t("advocacy.promoters")}
      intro={t("advocacy.promotersIntro")}
    >
      {promoters.length === 0 ? (
        <p className="text-sm text-slate-600">{t("advocacy.noPromoters")}</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {promoters.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-slate-200 pt-2">
              <Link to={`/accounts/${p.accountId}/committee/${p.id}`} className="font-medium text-brand-700 underline">
                {p.name}
              </Link>
              <span className="text-slate-700">{p.accountName}</span>
              <span>{t("committee.influenceValue", { value: p.influence })}</span>
              <span>{t("advocacy.latestNps", { score: number(p.latestNps) })}</span>
              <ReadinessBadge readiness={p.readiness} />
            </li>
          ))}
        </ul>
      )}
    </IntroCard>
  );
}

/**
 * References and referrals given and word of mouth heard over a period: per
 * kind, how many were positive and how many negative. The columns are named in
 * words beside their icons, so the table reads without colour.
 */
/** The summary's two polarity columns, each headed by its icon and word. */
const POLARITY_COLUMNS = [
  { polarity: "positive", Icon: ThumbsUp, className: "py-1 pr-3 font-medium" },
  { polarity: "negative", Icon: ThumbsDown, className: "py-1 font-medium" },
] as const;

export function AdvocacySummary({ counts }: { counts: AdvocacyCounts }) {
  const { t, number } = useI18n();
  const total = ADVOCACY_KINDS.reduce((n, k) => n + counts[k].positive + counts[k].negative, 0);
  return (
    <IntroCard
      name="advocacy"
      data-testid="advocacy-summary"
      title={t("advocacy.summary.heading")}
      intro={t("advocacy.summary.intro")}
    >
      {total === 0 ? (
        <p className="text-sm text-slate-600">{t("advocacy.summary.none")}</p>
      ) : (
        <table className="w-full max-w-xl text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-700">
              <th scope="col" className="py-1 pr-3 font-medium">
                {t("advocacy.summary.kind")}
              </th>
              {POLARITY_COLUMNS.map(({ polarity, Icon, className }) => (
                <th key={polarity} scope="col" className={className}>
                  <span className="inline-flex items-center gap-1">
                    <Icon aria-hidden="true" focusable="false" size={14} />
                    {t(`polarity.${polarity}`)}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ADVOCACY_KINDS.map((kind) => (
              <tr key={kind} className="border-b border-slate-100" data-kind={kind}>
                <th scope="row" className="py-1 pr-3 font-normal">
                  {t(`kind.${kind}`)}
                </th>
                <td className="py-1 pr-3 tabular-nums">{number(counts[kind].positive)}</td>
                <td className="py-1 tabular-nums">{number(counts[kind].negative)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </IntroCard>
  );
}
