// When the scheduled mails are due. Each job has periods (a day, or a week
// named by its Monday) in the vendor's time zone; a period becomes due at
// SEND_HOUR local time on its first day. The poll loop runs a job when its due
// period is later than the last one it finished (mail_job_runs), so a server
// that was down at 07:00 sends the day's mail when it comes back, and one that
// restarts sends nothing twice (each mail also carries a unique dedupe key).

import { addDays } from "./dates.ts";
import { instantToWallTime, TIME_ZONE } from "./time.ts";

export const MAIL_JOBS = ["deliveries_awaiting", "kam_digest", "director_digest"] as const;
export type MailJob = (typeof MAIL_JOBS)[number];

/** Local hour from which a day's (or a week's, on Monday) mail is due. */
export const SEND_HOUR = 7;

/** A weekly job's periods start on Monday. */
const WEEKLY: ReadonlySet<MailJob> = new Set(["director_digest"]);

/** The day the local clock shows, counting a day from SEND_HOUR (before it, still the day before). */
function mailDay(now: Date): string {
  const wall = instantToWallTime(now, TIME_ZONE);
  const day = wall.slice(0, 10);
  return Number(wall.slice(11, 13)) < SEND_HOUR ? addDays(day, -1) : day;
}

/** The Monday of a date's ISO week. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The latest period of a job that is due at `now`: 'YYYY-MM-DD' (a week: its Monday). */
export function duePeriod(job: MailJob, now: Date): string {
  const day = mailDay(now);
  return WEEKLY.has(job) ? mondayOf(day) : day;
}

/** Whether the job still has to run for its due period, given the last period it finished. */
export function jobDue(job: MailJob, lastPeriod: string | null | undefined, now: Date): boolean {
  return !lastPeriod || lastPeriod < duePeriod(job, now);
}

/** The key that makes a scheduled mail unique: its job, its recipient, its period. */
export function dedupeKey(job: MailJob, userId: string, period: string): string {
  return `${job}:${userId}:${period}`;
}
