import type { HolderCounts, HolderPredictability, InfluenceRollup } from "#app/domain/holder-record.ts";
import { FEW_PREDICTABILITY_SAMPLE } from "#app/domain/predictability.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { recordParts } from "#app/components/holder-record-sentence.ts";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

export { recordParts, recordSentence } from "#app/components/holder-record-sentence.ts";

// "Whom did we surprise?" on screen (app/domain/holder-record.ts): a person's
// record in one line, the sentence the brief says, and the committee's
// influence-weighted summary.

/** A person's figure, or "not enough data" under the account's minimum sample. */
export function RecordFigure({ p }: { p: HolderPredictability }) {
  const { t, percent } = useI18n();
  return (
    <span data-testid="record-figure" data-few={p.fewData ? "1" : "0"}>
      {p.fewData || p.value === null
        ? t("holderRecord.notEnoughData", { sample: p.sample, min: FEW_PREDICTABILITY_SAMPLE })
        : t("holderRecord.predictability", { value: percent(p.value), sample: p.sample })}
    </span>
  );
}

/** "4 promised · 3 kept · 1 late without notice", and the figure under it. */
export function RecordLine({ counts, predictability }: { counts: HolderCounts; predictability: HolderPredictability }) {
  const { t } = useI18n();
  if (counts.promised === 0) return <span className="text-slate-600">{t("holderRecord.none")}</span>;
  return (
    <div data-testid="holder-record">
      <div className={counts.surprises > 0 ? "font-medium" : undefined}>
        {[t("holderRecord.promised", { count: counts.promised }), ...recordParts(t, counts)].join(" · ")}
      </div>
      <div className="text-xs text-slate-600">
        <RecordFigure p={predictability} />
      </div>
    </div>
  );
}

/** The committee's influence-weighted summary: where the surprises fell, how it is weighed, what is left out. */
export function InfluenceSummary({
  rollup,
  window,
  leftWithRecord,
}: {
  rollup: InfluenceRollup;
  window: { from: string; to: string };
  leftWithRecord: number;
}) {
  const { t, percent, date } = useI18n();
  const lean = rollup.leaning;
  return (
    <Card name="whom" data-testid="influence-summary" data-leaning={lean}>
      <CardTitle name="whom">
        {t("holderRecord.summaryTitle")}
      </CardTitle>
      <p className="mt-1 text-xs text-slate-600">
        {t("holderRecord.summaryWindow", { from: date(window.from), to: date(window.to) })}
      </p>
      <p className="mt-3 max-w-3xl font-medium" data-testid="influence-sentence">
        {lean === "not_enough_data"
          ? t("holderRecord.lean.not_enough_data", { sample: rollup.sample, min: FEW_PREDICTABILITY_SAMPLE })
          : lean === "no_surprises"
            ? t("holderRecord.lean.no_surprises", { sample: rollup.sample })
            : t(`holderRecord.lean.${lean}`, { weighted: percent(rollup.value), plain: percent(rollup.plainValue) })}
      </p>
      {lean !== "not_enough_data" && rollup.surprises > 0 ? (
        <p className="mt-1 max-w-3xl text-sm">
          {t("holderRecord.highInfluence", {
            surprises: rollup.highInfluence.surprises,
            total: rollup.surprises,
            sample: rollup.highInfluence.sample,
            all: rollup.sample,
          })}
        </p>
      ) : null}
      <p className="mt-2 max-w-3xl text-xs text-slate-600">{t("holderRecord.weights")}</p>
      {leftWithRecord > 0 ? (
        <p className="mt-1 max-w-3xl text-xs text-slate-600">
          {t("holderRecord.leftCounted", { count: leftWithRecord })}
        </p>
      ) : null}
      {rollup.unheld > 0 ? (
        <p className="mt-1 max-w-3xl text-xs text-slate-600">{t("holderRecord.unheld", { count: rollup.unheld })}</p>
      ) : null}
    </Card>
  );
}
