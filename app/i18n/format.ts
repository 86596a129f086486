import type { MessageKey } from "./en.ts";
import { formatMessage, numberFormat } from "./message-format.ts";
import { TIME_ZONE } from "#app/domain/time.ts";

// The formatting layer without the catalogues: safe for the browser bundle.
// Server code imports app/i18n/index.ts, which adds the catalogues.

export const LOCALES = ["en", "fi"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const intlLocale: Record<Locale, string> = { en: "en-GB", fi: "fi-FI" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The one formatting layer: every figure a page shows goes through these (or
 * through a message's `{n}`, `{n, number, …}` and `{n, plural, …}`, which use
 * the same Intl formatters), so a figure reads the same way on every page.
 *
 * The house rules:
 * - decimals by the locale: "49,1" in Finnish, "49.1" in English; group separators too;
 * - a share is a percentage through Intl: "67 %" in Finnish, "67%" in English;
 * - a sign is shown on figures that are a balance or a change around zero
 *   (NPS, sentiment, a trend's change): "+67", "−12", "0" — everywhere such a
 *   figure appears; never on counts, scores 0–100 or percentages;
 * - a missing figure is "—" (percent, signed) or "" (number, money, dates);
 * - a count meets its noun only in a plural message (Intl.PluralRules).
 */
export interface Formatters {
  locale: Locale;
  t: Translate;
  date(value: Date | string | null | undefined): string;
  dateTime(value: Date | string | null | undefined): string;
  month(value: Date | string): string;
  /** A calendar date short enough for a chart axis: day and month ("5.3." / "5 Mar"). */
  shortDate(value: string): string;
  /** A number with at most `digits` decimals (default none). */
  number(value: number | string | null | undefined, digits?: number): string;
  /** A number with exactly `digits` decimals ("49,0", "49,1"): for figures shown side by side. */
  decimal(value: number | string | null | undefined, digits?: number): string;
  /** A 0..1 share as a percentage with at most `digits` decimals; "—" when missing. */
  percent(share: number | string | null | undefined, digits?: number): string;
  /** A balance or change with its sign always shown ("+67", "−0,4", "0"); "—" when missing. */
  signed(value: number | string | null | undefined, digits?: number): string;
  money(value: number | string | null | undefined, currency: string): string;
}

/**
 * A figure rounded to the precision a message shows it with, for a message's
 * `{n, plural, …}`: the plural form then agrees with the figure shown
 * ("1 day", "1.5 days"), and `#` formats it for the locale.
 */
export function rounded(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A figure from data (numeric columns come back as strings); null when there is none. */
function figure(value: number | string | null | undefined): number | null {
  if (value == null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

let onMissing: ((key: string) => void) | undefined;

/**
 * Hears every key a translation looked up in vain (shown as the key itself): a
 * page's messages are what the source scan says it can show
 * (scripts/route-messages.ts), and the tests fail on a key it missed
 * (tests/setup/setup-test-env.ts).
 */
export function onMissingMessage(report: ((key: string) => void) | undefined) {
  onMissing = report;
}

/** Tells the hearer of onMissingMessage of a key a page lacked where its text fell back to another (an error page's reason). */
export function missedMessage(key: string) {
  onMissing?.(key);
}

/**
 * The formatting layer for a language, its messages looked up in `messages`
 * (a key it lacks is shown as the key itself). The server passes the whole
 * catalogue (app/i18n/index.ts); a page passes the messages its routes can show
 * (app/i18n/page-messages.ts), so the browser never loads the catalogues.
 */
export function createFormatters(locale: Locale, messages: Readonly<Record<string, string>>): Formatters {
  const tag = intlLocale[locale];
  const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: TIME_ZONE });
  const dateOnlyFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
  const monthFmt = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: TIME_ZONE });
  const shortDateFmt = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" });
  const t: Translate = (key, params) => {
    if (Object.hasOwn(messages, key)) return formatMessage(messages[key]!, params, tag);
    missedMessage(key);
    return formatMessage(key, params, tag);
  };
  const f: Formatters = {
    locale,
    t,
    // A 'YYYY-MM-DD' value is a calendar date with no time zone: format it as such.
    date: (value) => {
      if (value == null) return "";
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return dateOnlyFmt.format(new Date(`${value}T00:00:00Z`));
      }
      return dateFmt.format(new Date(value));
    },
    dateTime: (value) => (value == null ? "" : dateTimeFmt.format(new Date(value))),
    month: (value) => monthFmt.format(new Date(value)),
    shortDate: (value) => shortDateFmt.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)),
    number: (value, digits = 0) => {
      const n = figure(value);
      return n === null ? "" : numberFormat(tag, { maximumFractionDigits: digits, signDisplay: "negative" }).format(n);
    },
    decimal: (value, digits = 1) => {
      const n = figure(value);
      return n === null
        ? ""
        : numberFormat(tag, {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            signDisplay: "negative",
          }).format(n);
    },
    percent: (share, digits = 0) => {
      const n = figure(share);
      return n === null
        ? "—"
        : numberFormat(tag, { style: "percent", maximumFractionDigits: digits, signDisplay: "negative" }).format(n);
    },
    signed: (value, digits = 0) => {
      const n = figure(value);
      // exceptZero: what rounds to zero reads "0", never "+0" or "−0".
      return n === null
        ? "—"
        : numberFormat(tag, {
            signDisplay: "exceptZero",
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(n);
    },
    // Whole amounts without decimals; an amount with cents shows them (1 234,50 €).
    money: (value, currency) => {
      if (value == null || value === "") return "";
      const amount = Number(value);
      // Currency codes come from data (ISO 4217, checked at input); the formats kept stay few.
      const digits = Number.isInteger(amount) ? 0 : 2;
      return numberFormat(tag, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(amount);
    },
  };
  return f;
}
