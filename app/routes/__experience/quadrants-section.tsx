import { QuadrantGrid } from "#app/components/experience.tsx";
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
    <section aria-labelledby="quadrants-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="quadrants-heading" className="text-lg font-semibold">
          {t("experience.quadrants")}
        </h2>
        <a href={csvHref} download className="text-sm text-brand-700 underline">
          {t("experience.export")}
        </a>
      </div>
      <p className="mb-3 text-sm text-slate-700">{t("experience.intro")}</p>
      <QuadrantGrid result={result} cellHref={cellHref} />
    </section>
  );
}
