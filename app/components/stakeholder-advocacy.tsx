import { Link } from "#app/components/ui/link.tsx";
import type { AdvocacyCounts } from "#app/domain/advocacy.ts";
import { ADVOCACY_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Card, CardTitle } from "./ui/panel.tsx";
import { PolarityBadge } from "./polarity.tsx";

export interface PersonAdvocacyRecord {
  given: AdvocacyCounts;
  newest: { id: string; kind: string; title: string; occurred_at: Date | string; polarity: string; source: string }[];
}

/**
 * On a stakeholder's page: the references and referrals they gave and the word
 * of mouth heard about or from them (touchpoints naming them), counted by kind
 * and polarity, with the newest few linking to the touchpoint. Polarity is
 * written out beside its icon, so it reads without colour.
 */
export function StakeholderAdvocacy({ accountId, name, record }: { accountId: string; name: string; record: PersonAdvocacyRecord }) {
  const { t, date } = useI18n();
  const kinds = ADVOCACY_KINDS.filter((k) => record.given[k].positive + record.given[k].negative > 0);
  return (
    <Card name="person-advocacy" className="max-w-3xl" data-testid="person-advocacy">
      <CardTitle name="person-advocacy">{t("advocacy.person.heading")}</CardTitle>
      <p className="mb-2 text-sm text-slate-700">{t("advocacy.person.intro", { name })}</p>
      {kinds.length === 0 ? (
        <p className="text-sm text-slate-600">{t("advocacy.person.none", { name })}</p>
      ) : (
        <>
          <ul className="flex flex-col gap-1 text-sm">
            {kinds.map((k) => (
              <li key={k} data-kind={k}>
                <span className="font-medium">{t(`kind.${k}`)}: </span>
                {t("advocacy.person.counts", { positive: record.given[k].positive, negative: record.given[k].negative })}
              </li>
            ))}
          </ul>
          <h3 className="mt-3 text-sm font-semibold">{t("advocacy.person.newest")}</h3>
          <ul className="mt-1 flex flex-col gap-2 text-sm">
            {record.newest.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="text-slate-600">{date(n.occurred_at)}</span>
                <PolarityBadge polarity={n.polarity} />
                <Link to={`/accounts/${accountId}/touchpoints/${n.id}`} className="break-words text-brand-700 underline">
                  {t(`kind.${n.kind as (typeof ADVOCACY_KINDS)[number]}`)}: {n.title}
                </Link>
                <span className="text-slate-700">{t("advocacy.person.source", { source: n.source })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
