import { Badge } from "#app/components/ui/badge.tsx";
import { Fact } from "#app/components/ui/panel.tsx";
import type { PredictabilityView } from "#app/domain/health-view.ts";
import { rounded } from "#app/i18n/format.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// The figures that one account's predictability (predictability-panel.tsx) and
// a pooled one (pooled-predictability.tsx) both show, in the same words.

type Figures = Pick<
  PredictabilityView,
  "predictable" | "sample" | "fewData" | "onTimeRate" | "onTime" | "delivered" | "meanLatenessDays" | "lateDeliveries"
>;

/** How many of the sample were predictable, flagged when that is few data. */
export function SampleValue({ p }: { p: Figures }) {
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

/** The plain on-time rate and the mean lateness, with the counts behind them: two facts of a `<dl>`. */
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
            : t("predictability.onTimeValue", {
                rate: f.percent(p.onTimeRate),
                onTime: p.onTime,
                delivered: p.delivered,
              })
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
