// Calendar dates written 'YYYY-MM-DD', with pure UTC-based calendar math: no
// time zones and no daylight saving, a day is always a day. An instant (a Date or
// a timestamp string) becomes a calendar date by reading it in a time zone.
import { DAY_MS, instantToWallTime } from "./time.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is 'YYYY-MM-DD' naming a real calendar day. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/**
 * The years a date given to Kohtaamo may fall in. Earlier or later ones are
 * typing errors (0205 for 2025), and PostgreSQL has no year 0 to store.
 */
export const DATE_YEARS = { min: 1900, max: 2999 } as const;

/** Whether a string is 'YYYY-MM-DD' naming a real calendar day within DATE_YEARS. */
export function isDateInRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return isIsoDate(value) && year >= DATE_YEARS.min && year <= DATE_YEARS.max;
}

/** Milliseconds of midnight UTC on a calendar date; throws a RangeError on a malformed date. */
export function parseIsoDate(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return format(parseIsoDate(date) + days * DAY_MS);
}

/**
 * The date `months` calendar months after `date` (before it when negative). A day
 * the target month lacks is clamped to its last day: 2026-03-31 − 1 month = 2026-02-28.
 */
export function addMonths(date: string, months: number): string {
  const d = new Date(parseIsoDate(date));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return format(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: string, to: string): number {
  return Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY_MS);
}

/** Whole days of 24 hours from the instant `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/**
 * The calendar date of an instant in a time zone (UTC unless told). A string that
 * already is a 'YYYY-MM-DD' date is returned as it is.
 */
export function dateOf(instant: Date | string, timeZone = "UTC"): string {
  if (typeof instant === "string" && ISO_DATE.test(instant)) return instant;
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  if (timeZone === "UTC") return at.toISOString().slice(0, 10);
  return instantToWallTime(at, timeZone).slice(0, 10);
}

/** The instant `months` calendar months after `instant` (before it when negative), in UTC. */
export function addMonthsToInstant(instant: Date, months: number): Date {
  const day = addMonths(instant.toISOString().slice(0, 10), months);
  const timeOfDay = instant.getTime() - parseIsoDate(instant.toISOString().slice(0, 10));
  return new Date(parseIsoDate(day) + timeOfDay);
}

/** A closed range of calendar dates: both ends included. */
export interface DateWindow {
  from: string;
  to: string;
}

/** Whether `date` lies in the window, both ends included. ISO dates compare as strings. */
export function inWindow(date: string, window: DateWindow): boolean {
  return date >= window.from && date <= window.to;
}
