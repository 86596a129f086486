import { describe, expect, it } from "vitest";
import { belowRun, disconfirmationBalance, disconfirmationByMonth, type RatingForBalance } from "#app/domain/disconfirmation.ts";

const zone = "Europe/Helsinki";
const r = (id: string, rating: RatingForBalance["rating"], ratedAt: string): RatingForBalance => ({ id, rating, ratedAt });

describe("the balance of positive and negative disconfirmation", () => {
  it("is (above − below) / all, 'as expected' diluting both sides", () => {
    // 2 above, 1 as, 1 below: (2 − 1) / 4 = 0.25.
    const b = disconfirmationBalance(
      [r("a", "above", "2026-11-01T10:00:00Z"), r("b", "above", "2026-11-02T10:00:00Z"), r("c", "as", "2026-11-03T10:00:00Z"), r("d", "below", "2026-11-04T10:00:00Z")],
      { timeZone: zone },
    );
    expect(b).toEqual({ below: 1, as: 1, above: 2, ratings: 4, balance: 0.25, fewData: false });
  });

  it("says not enough data under three ratings, and for none, but keeps the counts", () => {
    expect(disconfirmationBalance([], { timeZone: zone })).toEqual({ below: 0, as: 0, above: 0, ratings: 0, balance: null, fewData: true });
    expect(disconfirmationBalance([r("a", "below", "2026-11-01T10:00:00Z"), r("b", "below", "2026-11-02T10:00:00Z")], { timeZone: zone })).toMatchObject({
      below: 2,
      balance: null,
      fewData: true,
    });
  });

  it("is −1 when all were below, 0 when all were as expected", () => {
    const below = ["a", "b", "c"].map((id) => r(id, "below", "2026-11-01T10:00:00Z"));
    expect(disconfirmationBalance(below, { timeZone: zone }).balance).toBe(-1);
    const as = ["a", "b", "c"].map((id) => r(id, "as", "2026-11-01T10:00:00Z"));
    expect(disconfirmationBalance(as, { timeZone: zone }).balance).toBe(0);
  });

  it("counts a window by the vendor's calendar day: 23:30 UTC on the 31st is already the 1st in Helsinki", () => {
    const ratings = [r("a", "above", "2026-10-31T23:30:00Z"), r("b", "below", "2026-10-31T20:00:00Z")];
    const nov = disconfirmationBalance(ratings, { timeZone: zone, window: { from: "2026-11-01", to: "2026-11-30" }, minRatings: 1 });
    expect(nov).toMatchObject({ above: 1, below: 0, ratings: 1, balance: 1 });
  });

  it("by month: a month without ratings has no value, not 0", () => {
    const ratings = [r("a", "above", "2026-09-10T10:00:00Z"), r("b", "as", "2026-09-11T10:00:00Z"), r("c", "below", "2026-09-12T10:00:00Z"), r("d", "below", "2026-09-13T10:00:00Z")];
    const months = [
      { month: "2026-09", from: "2026-09-01", to: "2026-09-30" },
      { month: "2026-10", from: "2026-10-01", to: "2026-10-31" },
    ];
    const series = disconfirmationByMonth(ratings, months, { timeZone: zone });
    // September: (1 − 2) / 4 = −0.25.
    expect(series.map((m) => [m.month, m.balance, m.ratings])).toEqual([
      ["2026-09", -0.25, 4],
      ["2026-10", null, 0],
    ]);
  });
});

describe("a run of 'below'", () => {
  const today = "2026-12-06";
  it("counts the newest ratings that are below, up to the first that is not", () => {
    const ratings = [
      r("old-above", "above", "2026-11-01T10:00:00Z"),
      r("b1", "below", "2026-11-10T10:00:00Z"),
      r("b2", "below", "2026-11-20T10:00:00Z"),
      r("b3", "below", "2026-12-01T10:00:00Z"),
    ];
    expect(belowRun(ratings, { today, days: 90, timeZone: zone })).toEqual({ length: 3, ids: ["b3", "b2", "b1"] });
  });

  it("ends at a newer 'as' or 'above'", () => {
    const ratings = [r("b1", "below", "2026-11-10T10:00:00Z"), r("b2", "below", "2026-11-20T10:00:00Z"), r("b3", "below", "2026-11-25T10:00:00Z"), r("ok", "as", "2026-12-01T10:00:00Z")];
    expect(belowRun(ratings, { today, days: 90, timeZone: zone }).length).toBe(0);
  });

  it("leaves out what is older than the window: today − 90 days is in, the day before is not", () => {
    const ratings = [r("in", "below", "2026-09-07T10:00:00Z"), r("out", "below", "2026-09-06T10:00:00Z"), r("new", "below", "2026-12-06T08:00:00Z")];
    expect(belowRun(ratings, { today, days: 90, timeZone: zone })).toEqual({ length: 2, ids: ["new", "in"] });
  });

  it("orders ties on the instant by id, so the same ratings always give the same run", () => {
    const at = "2026-12-01T10:00:00Z";
    expect(belowRun([r("b", "below", at), r("a", "above", at)], { today, days: 90, timeZone: zone })).toEqual({ length: 1, ids: ["b"] });
    expect(belowRun([r("a", "below", at), r("b", "above", at)], { today, days: 90, timeZone: zone })).toEqual({ length: 0, ids: [] });
  });
});
