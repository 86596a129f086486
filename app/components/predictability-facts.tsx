import { Badge } from "#app/components/ui/badge.tsx";
import { Fact } from "#app/components/ui/panel.tsx";
import type { PredictabilityView } from "#app/domain/health-view.ts";
import { rounded } from "#app/i18n/format.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** The sample: how many were predictable of how many, with a badge when few data said so. */
export function SampleValue({ p }: { p: Pick<PredictabilityView, "predictable" | "sample" | "fewData"> }) {
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

/** The plain on-time rate and mean lateness with the counts behind them, as two facts of a list. */
export function DeliveryFacts({
  p,
}: {
  p: Pick<PredictabilityView, "onTimeRate" | "onTime" | "delivered" | "meanLatenessDays" | "lateDeliveries">;
}) {
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
