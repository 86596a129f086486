// Experience against expectation, in the customer's own words: a portal user
// rates a delivery or a shared touchpoint as below, as, or above what they
// expected (docs/scoring.md, "Against what the customer expected"). The texts
// Kohtaamo grew from say experience *is* the relation between expectation and
// what was experienced: a customer who expected little and got much is
// delighted, one who expected much and got less is hurt, whatever the 1–5 said.
//
// Decisions (tested in tests/unit/disconfirmation.test.ts):
// - Beside CSAT, not instead of it: CSAT (1–5) is how satisfied, this is how it
//   compared with what they expected. A 4 for something expected to be a 5 is a
//   disappointment that CSAT alone calls good; the two together tell it.
// - The balance of a set of ratings is (above − below) / all, −1..1; "as
//   expected" counts in the denominator (confirmation dilutes both sides).
//   Under `minRatings` (3) ratings the balance is null, "not enough data";
//   the counts are still given.
// - By month: the vendor's calendar month of each rating; a month without
//   ratings has no value (not 0), and one with fewer than minRatings neither.
// - A run of "below": the account's ratings of the last `days` days (by the
//   vendor's calendar date, today included), newest first; the run is how
//   many of the newest are "below" before the first that is not. It fires at
//   `count` (3) or more; a newer "as" or "above" ends it, and so does time, as
//   the below ratings age out of the window. Ties on the instant: by id, so the
//   same ratings always give the same run.

import { addDays, dateOf, type DateWindow } from "./dates.ts";

export const EXPECTATION_RATINGS = ["below", "as", "above"] as const;
export type ExpectationRating = (typeof EXPECTATION_RATINGS)[number];

export function isExpectationRating(value: unknown): value is ExpectationRating {
  return typeof value === "string" && (EXPECTATION_RATINGS as readonly string[]).includes(value);
}

/** Fewer ratings than this: the balance is "not enough data". */
export const DISCONFIRMATION_MIN_RATINGS = 3;

export interface RatingForBalance {
  id: string;
  rating: ExpectationRating;
  ratedAt: Date | string;
}

export interface DisconfirmationBalance {
  below: number;
  as: number;
  above: number;
  ratings: number;
  /** (above − below) / ratings, −1..1; null under minRatings ratings. */
  balance: number | null;
  fewData: boolean;
}

export function disconfirmationBalance(
  ratings: RatingForBalance[],
  options: { window?: DateWindow; timeZone: string; minRatings?: number },
): DisconfirmationBalance {
  const min = options.minRatings ?? DISCONFIRMATION_MIN_RATINGS;
  const within = options.window
    ? ratings.filter((r) => {
        const day = dateOf(r.ratedAt, options.timeZone);
        return day >= options.window!.from && day <= options.window!.to;
      })
    : ratings;
  const count = (kind: ExpectationRating) => within.filter((r) => r.rating === kind).length;
  const below = count("below");
  const above = count("above");
  const n = within.length;
  const fewData = n < min;
  return { below, as: count("as"), above, ratings: n, balance: fewData ? null : (above - below) / n, fewData };
}

/** The balance in each of `months` (each { month: 'YYYY-MM', from, to }). */
export function disconfirmationByMonth(
  ratings: RatingForBalance[],
  months: { month: string; from: string; to: string }[],
  options: { timeZone: string; minRatings?: number },
): ({ month: string } & DisconfirmationBalance)[] {
  return months.map((m) => ({ month: m.month, ...disconfirmationBalance(ratings, { ...options, window: { from: m.from, to: m.to } }) }));
}

export interface BelowRun {
  /** How many of the newest ratings in the window are "below", in a row. */
  length: number;
  /** The run's ratings, newest first. */
  ids: string[];
}

/** The run of "below" at the newest end of the last `days` days' ratings (see the decisions). */
export function belowRun(ratings: RatingForBalance[], options: { today: string; days: number; timeZone: string }): BelowRun {
  const from = addDays(options.today, -options.days);
  const newestFirst = ratings
    .filter((r) => {
      const day = dateOf(r.ratedAt, options.timeZone);
      return day >= from && day <= options.today;
    })
    .sort((a, b) => new Date(b.ratedAt).getTime() - new Date(a.ratedAt).getTime() || b.id.localeCompare(a.id));
  const ids: string[] = [];
  for (const r of newestFirst) {
    if (r.rating !== "below") break;
    ids.push(r.id);
  }
  return { length: ids.length, ids };
}
