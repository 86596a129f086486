import { en, type MessageKey } from "./en.ts";
import { fi } from "./fi.ts";
import { formatMessage } from "./message-format.ts";
import { TIME_ZONE } from "#app/domain/time.ts";

export const LOCALES = ["en", "fi"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fi };
const intlLocale: Record<Locale, string> = { en: "en-GB", fi: "fi-FI" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Whether a value names a message of the catalogues (e.g. a key carried by an error response). */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(en, value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface Formatters {
  locale: Locale;
  t: Translate;
  date(value: Date | string | null | undefined): string;
  dateTime(value: Date | string | null | undefined): string;
  month(value: Date | string): string;
  number(value: number | string | null | undefined, digits?: number): string;
  money(value: number | string | null | undefined, currency: string): string;
}

const cache = new Map<Locale, Formatters>();

export function formatters(locale: Locale): Formatters {
  const cached = cache.get(locale);
  if (cached) return cached;
  const tag = intlLocale[locale];
  const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: TIME_ZONE });
  const dateOnlyFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
  const monthFmt = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: TIME_ZONE });
  const catalogue = catalogues[locale];
  const t: Translate = (key, params) => {
    const template = catalogue[key] ?? en[key] ?? key;
    return formatMessage(template, params, tag);
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
    number: (value, digits = 0) =>
      value == null || value === "" ? "" : numberFormat(tag, digits).format(Number(value)),
    // Whole amounts without decimals; an amount with cents shows them (1 234,50 €).
    money: (value, currency) => {
      if (value == null || value === "") return "";
      const amount = Number(value);
      return moneyFormat(tag, currency, Number.isInteger(amount) ? 0 : 2).format(amount);
    },
  };
  cache.set(locale, f);
  return f;
}

// Building an Intl formatter costs far more than using one, and a page formats
// hundreds of figures: keep one per locale and option set.
const numberFormats = new Map<string, Intl.NumberFormat>();
function cachedFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) {
    format = make();
    numberFormats.set(key, format);
  }
  return format;
}
function numberFormat(tag: string, digits: number) {
  return cachedFormat(`${tag}|n|${digits}`, () => new Intl.NumberFormat(tag, { maximumFractionDigits: digits }));
}
function moneyFormat(tag: string, currency: string, digits: number) {
  // Currency codes come from data (ISO 4217, checked at input); the key set stays small.
  return cachedFormat(`${tag}|c|${currency}|${digits}`, () =>
    new Intl.NumberFormat(tag, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase().slice(0, 2);
    if (isLocale(tag)) return tag;
  }
  return "en";
}
