import type { HealthBand, HealthFactor } from "#app/domain/health.ts";
import type { Formatters } from "#app/i18n/index.ts";

// Wording of the health figures, shared by the account page's panels.

const intlTag = { en: "en-GB", fi: "fi-FI" } as const;

// Intl formatters are costly to build and cheap to use: one per locale and kind.
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** A 0..1 share as a whole percentage in the reader's language ("83 %" in Finnish). */
export function percent(f: Pick<Formatters, "locale">, share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return "—";
  const tag = intlTag[f.locale];
  return cached(`${tag}|percent`, () => new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 })).format(share);
}

/** A number with its sign always shown (NPS, mean sentiment). */
export function signed(f: Pick<Formatters, "locale">, value: number, digits = 0): string {
  const tag = intlTag[f.locale];
  return cached(
    `${tag}|signed|${digits}`,
    () => new Intl.NumberFormat(tag, { signDisplay: "exceptZero", minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(value);
}

/** A calendar date short enough for a chart axis: day and month. */
export function shortDate(f: Pick<Formatters, "locale">, date: string): string {
  const tag = intlTag[f.locale];
  return cached(`${tag}|shortDate`, () => new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" })).format(
    new Date(`${date}T00:00:00Z`),
  );
}

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
      return percent(f, v);
    case "sentiment": {
      const direction = typeof p.direction === "string" ? p.direction : "unknown";
      return t("healthPanel.value.sentiment", {
        mean: v === null ? "—" : signed(f, v, 1),
        n: typeof p.sample === "number" ? p.sample : 0,
        trend: t(`brief.trend.${direction as "up"}`),
      });
    }
    case "nps":
      return v === null ? "—" : signed(f, v);
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
      return t("healthPanel.value.treatment", {
        mean: v === null ? "—" : f.number(v, 1),
        n: typeof p.sample === "number" ? p.sample : 0,
      });
  }
}
