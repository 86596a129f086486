import { Badge } from "#app/components/ui/badge.tsx";
import { Fact } from "#app/components/ui/panel.tsx";
import type { PredictabilityView } from "#app/domain/health-view.ts";
import { rounded } from "#app/i18n/format.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The figures predictability shows the same way for one account and pooled
// over many: the sample with its few-data warning, the on-time rate and the
// mean lateness with the counts behind them.

type Figures = Pick<
  PredictabilityView,
  "predictable" | "sample" | "fewData" | "onTimeRate" | "onTime" | "delivered" | "meanLatenessDays" | "lateDeliveries"
>;

/** How many of the sample were predictable, and a warning when the sample is small. */
export function SampleValue({ p }: { p: Pick<Figures, "predictable" | "sample" | "fewData"> }) {
  const { t } = useI18n();
  return (
    <>
      {t("predictability.sampleValue", { predictable: p.predictable, n: p.sample })}
      {p.fewData ? (
        <>
          {" "}
          <Badge tone="warn">{t("predictability.fewData")}</Badge>
        </>
      ) : null}
    </>
  );
}

/** The on-time rate and the mean lateness, as two facts of a figures list. */
export function DeliveryFacts({ p }: { p: Figures }) {
  const f = useI18n();
  const { t } = f;
  return (
    <>
      <Fact
        label={t("predictability.onTime")}
        value={
          p.onTimeRate === null
            ? t("predictability.noDeliveries")
            : t("predictability.onTimeValue", { rate: f.percent(p.onTimeRate), onTime: p.onTime, delivered: p.delivered })
        }
      />
      <Fact
        label={t("predictability.lateness")}
        value={
          p.meanLatenessDays === null
            ? t("predictability.noLate")
            : t("predictability.latenessValue", { days: rounded(p.meanLatenessDays, 1), n: p.lateDeliveries })
        }
      />
    </>
  );
}
