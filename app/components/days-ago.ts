import { daysBetween } from "#app/domain/dates.ts";
import type { Translate } from "#app/i18n/index.ts";

/** How many days ago, in words: today (or not yet), else so many days ago. */
export function daysAgoText(t: Translate, days: number): string {
  return days <= 0 ? t("brief.today") : t("brief.daysAgo", { days });
}

/** How long before `now` the moment `at` was, in days and words. */
export function agoText(t: Translate, at: Date | string, now: Date): string {
  return daysAgoText(t, daysBetween(new Date(at), now));
}
