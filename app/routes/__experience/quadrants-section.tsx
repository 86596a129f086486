import { QuadrantGrid } from "#app/components/experience.tsx";
import { ExportLink, IntroCard } from "#app/components/ui/intro-card.tsx";
import type { Quadrant, QuadrantResult } from "#app/domain/experience.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** Treated well × resolved as a card, for the account's and the pooled experience pages: the grid and its CSV. */
export function QuadrantsSection({
  result,
  cellHref,
  csvHref,
}: {
  result: QuadrantResult;
  cellHref: (q: Quadrant) => string;
  csvHref: string;
}) {
  const { t } = useI18n();
  return (
    <IntroCard
      name="quadrants"
      title={t("experience.quadrants")}
      aside={<ExportLink href={csvHref}>{t("experience.export")}</ExportLink>}
      intro={t("experience.intro")}
    >
      <QuadrantGrid result={result} cellHref={cellHref} />
    </IntroCard>
  );
}
