import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { fi } from "#app/i18n/fi.ts";
import { formatters, localeFromAcceptLanguage } from "#app/i18n/index.ts";

describe("message catalogues", () => {
  it("has a Finnish text for every English key, with the same placeholders", () => {
    expect(Object.keys(fi).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(fi[key])]).toEqual([key, placeholders(en[key])]);
      expect(fi[key].length).toBeGreaterThan(0);
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    const { t } = formatters("fi");
    expect(t("committee.left", { date: "1.2.2026" })).toBe("Lähtenyt 1.2.2026");
    expect(t("committee.left")).toBe("Lähtenyt {date}");
  });
});

describe("formatting for the chosen locale", () => {
  it("formats money, numbers and dates the Finnish and the English way", () => {
    const fiF = formatters("fi");
    const enF = formatters("en");
    expect(fiF.money("125000.00", "EUR")).toBe("125\u00a0000\u00a0€");
    expect(enF.money("125000.00", "EUR")).toBe("€125,000");
    expect(fiF.number(1234.5, 1)).toBe("1\u00a0234,5");
    expect(fiF.date("2025-12-31")).toBe("31.12.2025");
    expect(enF.date("2025-12-31")).toBe("31 Dec 2025");
  });

  it("shows a calendar date as itself and a moment in the vendor's time zone", () => {
    const { date, dateTime } = formatters("fi");
    // 22:30 UTC on New Year's Eve is already New Year's Day in Helsinki.
    expect(date(new Date("2025-12-31T22:30:00Z"))).toBe("1.1.2026");
    expect(date("2025-12-31")).toBe("31.12.2025");
    expect(dateTime(new Date("2025-06-01T09:05:00Z"))).toBe("1.6.2025 klo 12.05");
  });

  it("renders nothing for missing values", () => {
    const { date, money } = formatters("en");
    expect(date(null)).toBe("");
    expect(money(null, "EUR")).toBe("");
  });

  it("picks the first supported language from Accept-Language", () => {
    expect(localeFromAcceptLanguage("fi-FI,fi;q=0.9,en;q=0.8")).toBe("fi");
    expect(localeFromAcceptLanguage("sv-SE,en-GB;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("de")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
  });
});
