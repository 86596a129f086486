// Reading the values of a spreadsheet cell the way Finnish and international
// files write them: dates as 31.12.2025 or 2025-12-31, times as 31.12.2025 14.30
// or 2025-12-31T14:30, decimals with a comma or a dot, yes/no in either language.
// Pure functions: each returns null for a value it cannot read.
import { isDateInRange } from "../dates.ts";
import { startOfDay, wallTimeToInstant } from "../time.ts";

const FINNISH_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASH_ISO_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

const pad = (n: string | number, width = 2) => String(n).padStart(width, "0");

/**
 * A calendar date written 31.12.2025 (Finnish: day.month.year, the leading zeros
 * optional) or 2025-12-31 (ISO), as 'YYYY-MM-DD'. Null when it is not a real day of the years 1900–2999.
 * Two-digit years are refused: 1.2.25 could be 1925 or 2025.
 */
export function parseFinnishOrIsoDate(value: string): string | null {
  const v = value.trim();
  let m = FINNISH_DATE.exec(v);
  let date: string | null = null;
  if (m) date = `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}`;
  else if ((m = ISO_DATE.exec(v) ?? SLASH_ISO_DATE.exec(v))) date = `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}`;
  return date && isDateInRange(date) ? date : null;
}

const TIME = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant written as a date and an optional time of day, read as wall time
 * in `zone` (a date alone is its midnight): "31.12.2025 14.30", "31.12.2025 klo
 * 14:30", "2025-12-31 14:30:00", "2025-12-31T14:30". A full ISO timestamp with
 * an offset ("2025-12-31T12:30:00Z", "…+02:00") names its instant exactly.
 */
export function parseDateTime(value: string, zone: string): Date | null {
  // Files repeat the same few dates thousands of times, and reading a wall time
  // in a zone costs several Intl calls: remember recent answers.
  const key = `${zone}\u0000${value}`;
  let ms = recentInstants.get(key);
  if (ms === undefined) {
    ms = readDateTime(value, zone)?.getTime() ?? null;
    if (recentInstants.size >= 10_000) recentInstants.clear();
    recentInstants.set(key, ms);
  }
  return ms === null ? null : new Date(ms);
}

const recentInstants = new Map<string, number | null>();

function readDateTime(value: string, zone: string): Date | null {
  const v = value.trim().replace(/\s+/g, " ");
  if (v === "") return null;
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i.exec(v);
  if (iso && HAS_OFFSET.test(v)) {
    if (!isDateInRange(iso[1]!)) return null;
    const at = new Date(v);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const [datePart, ...rest] = v.split(/[ T]/);
  const date = parseFinnishOrIsoDate(datePart ?? "");
  if (!date) return null;
  const timeText = rest.filter((p) => p.toLowerCase() !== "klo").join("");
  if (timeText === "") return startOfDay(date, zone);
  const t = TIME.exec(timeText);
  if (!t) return null;
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return wallTimeToInstant(`${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`, zone);
}

/**
 * A decimal number typed the Finnish or the English way — "1 234,50", "1234,5",
 * "1,234.50", "-12,5", "1 234,50 €" — as a plain decimal string ("1234.50"),
 * exact (never through a float). Null when it is not a number.
 */
export function parseDecimal(value: string): string | null {
  let v = value
    .trim()
    .replace(/[\s\u00a0\u202f']/g, "")
    .replace(/\u2212/g, "-")
    .replace(/^([-+]?)(?:€|\$|£|EUR)|(?:€|\$|£|EUR)$/gi, "$1");
  if (v.startsWith("+")) v = v.slice(1);
  if (v === "" || v === "-") return null;
  const lastComma = v.lastIndexOf(",");
  const lastDot = v.lastIndexOf(".");
  if (lastComma > -1 && lastDot > -1) {
    // The later separator is the decimal one; the other groups thousands.
    v = lastComma > lastDot ? v.replace(/\./g, "").replace(",", ".") : v.replace(/,/g, "");
  } else if (lastComma > -1) {
    if (v.indexOf(",") !== lastComma) return null; // "1,234,567" without a decimal part: ambiguous
    v = v.replace(",", ".");
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(v)) return null;
  if (v.startsWith(".")) v = `0${v}`;
  if (v.startsWith("-.")) v = `-0${v.slice(1)}`;
  return v.endsWith(".") ? v.slice(0, -1) : v;
}

/** A whole number written with an optional sign ("3", "+1", "−2"). */
export function parseInteger(value: string): number | null {
  const v = value.trim().replace(/\u2212/g, "-");
  return /^[-+]?\d{1,9}$/.test(v) ? Number(v) : null;
}

const TRUE_WORDS = new Set(["yes", "y", "true", "t", "1", "x", "kyllä", "kylla", "k", "on", "✓"]);
const FALSE_WORDS = new Set(["no", "n", "false", "f", "0", "ei", "e", "off", "-"]);

/** yes/no, true/false, 1/0, x, kyllä/ei. Null when it is neither. */
export function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return null;
}

/** Several values in one cell, separated by commas, semicolons or vertical bars; blanks dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[,;|]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A closed-vocabulary value written loosely: "Business review", "business-review" and "BUSINESS_REVIEW" alike. */
export function normalizeChoice(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}
