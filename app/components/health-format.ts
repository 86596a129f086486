import type { HealthBand, HealthFactor } from "#app/domain/health.ts";
import type { Formatters } from "#app/i18n/index.ts";

// Wording of the health figures, shared by the account page's panels; the
// figures themselves go through the formatting layer (app/i18n/index.ts).

export const BAND_TONE: Record<HealthBand, "good" | "warn" | "bad" | "neutral"> = {
  healthy: "good",
  watch: "warn",
  at_risk: "bad",
  not_enough_data: "neutral",
};

/** A factor's raw value as a person reads it; only for available factors. */
export function factorValue(f: Formatters, factor: HealthFactor): string {
  const { t } = f;
  const v = factor.value;
  const p = factor.params ?? {};
  switch (factor.key) {
    case "predictability":
    case "coverage":
      return f.percent(v);
    case "sentiment": {
      const direction = typeof p.direction === "string" ? p.direction : "unknown";
      return withUnconfirmed(
        f,
        p,
        t("healthPanel.value.sentiment", {
          mean: v === null ? "—" : f.signed(v, 1),
          n: typeof p.sample === "number" ? p.sample : 0,
          trend: t(`brief.trend.${direction as "up"}`),
        }),
      );
    }
    case "nps":
      return v === null ? "—" : f.signed(v);
    case "dm_engagement":
      if (v === null) return t("healthPanel.value.dmNever");
      return v <= 0 ? t("brief.today") : t("healthPanel.value.dmDays", { days: v });
    case "support":
      return t("healthPanel.value.support", {
        open: typeof p.open === "number" ? p.open : (v ?? 0),
        pastSla: typeof p.pastSla === "number" ? p.pastSla : 0,
      });
    case "invoices":
      return t("healthPanel.value.invoices", { n: v ?? 0 });
    case "treatment":
      return withUnconfirmed(
        f,
        p,
        t("healthPanel.value.treatment", {
          mean: v === null ? "—" : f.number(v, 1),
          n: typeof p.sample === "number" ? p.sample : 0,
        }),
      );
  }
}

/** A staff-read factor's value, and how many favourable readings counted only as neutral (countedReadings). */
function withUnconfirmed(f: Formatters, p: HealthFactor["params"], text: string): string {
  const n = typeof p.unconfirmed === "number" ? p.unconfirmed : 0;
  return n > 0 ? `${text}; ${f.t("healthPanel.value.unconfirmed", { n })}` : text;
}
