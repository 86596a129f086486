import { describe, expect, it } from "vitest";
import {
  classifyExpectation,
  combinePredictability,
  computePredictability,
  defaultPredictabilityWindow,
  judgeExpectations,
  monthStarts,
  pooledPredictability,
  predictabilityCounts,
  predictabilityFromCounts,
  promisedDate,
  withdrawalCountsOn,
  type ExpectationForScoring,
  type ReplanForScoring,
} from "#app/domain/predictability.ts";

const today = "2026-11-22";

/** A resolved, kept expectation due (originally and now) on 2026-06-01, importance 2, unless overridden. */
function exp(id: string, over: Partial<ExpectationForScoring> = {}): ExpectationForScoring {
  return {
    id,
    importance: 2,
    originalDueDate: "2026-06-01",
    dueDate: "2026-06-01",
    status: "resolved",
    outcome: "kept",
    deliveredOn: "2026-06-01",
    customerResponse: null,
    replans: [],
    ...over,
  };
}

function replan(
  fromDueDate: string,
  toDueDate: string,
  at: string,
  customerNotified: boolean | null,
): ReplanForScoring {
  return { fromDueDate, toDueDate, at, customerNotified };
}

describe("predictability: no data and tiny samples", () => {
  it("has no value, no rates and says few data when nothing came due", () => {
    expect(computePredictability([], { today })).toEqual({
      value: null,
      sample: 0,
      weightTotal: 0,
      predictableWeight: 0,
      predictable: 0,
      surprises: [],
      withdrawn: 0,
      unconfirmed: 0,
      onTimeRate: null,
      onTime: 0,
      delivered: 0,
      meanLatenessDays: null,
      lateDeliveries: 0,
      latenessDaysTotal: 0,
      fewData: true,
    });
  });

  it("scores one kept expectation 1 with a sample of one, flagged as few data", () => {
    const r = computePredictability([exp("a", { importance: 3 })], { today });
    // weights 3, predictable 3 → 3/3 = 1
    expect(r.value).toBe(1);
    expect(r.sample).toBe(1);
    expect(r.weightTotal).toBe(3);
    expect(r.predictableWeight).toBe(3);
    expect(r.onTimeRate).toBe(1);
    expect(r.meanLatenessDays).toBeNull();
    expect(r.fewData).toBe(true);
  });

  it("scores one missed expectation 0 and lists it as the surprise", () => {
    const r = computePredictability([exp("a", { outcome: "missed", deliveredOn: null })], { today });
    expect(r.value).toBe(0);
    expect(r.sample).toBe(1);
    expect(r.surprises.map((s) => [s.expectationId, s.reason])).toEqual([["a", "missed"]]);
    // A miss has no delivery: no on-time rate.
    expect(r.onTimeRate).toBeNull();
  });

  it("leaves withdrawals out of the sample: all withdrawn is no data", () => {
    const r = computePredictability(
      [exp("a", { outcome: "withdrawn", deliveredOn: null }), exp("b", { outcome: "withdrawn", deliveredOn: null })],
      { today },
    );
    expect(r.value).toBeNull();
    expect(r.sample).toBe(0);
    expect(r.withdrawn).toBe(2);
    expect(r.surprises).toEqual([]);
    expect(r.onTimeRate).toBeNull();
  });

  it("never counts proposed or declined expectations, nor open ones not yet past due", () => {
    const r = computePredictability(
      [
        exp("proposed", { status: "proposed", outcome: null, deliveredOn: null }),
        exp("declined", { status: "declined", outcome: null, deliveredOn: null }),
        // Due today is not late yet.
        exp("due-today", { status: "open", outcome: null, deliveredOn: null, originalDueDate: today, dueDate: today }),
      ],
      { today },
    );
    expect(r.sample).toBe(0);
    expect(r.value).toBeNull();
  });

  it("says few data under five, and not from five", () => {
    const four = ["a", "b", "c", "d"].map((id) => exp(id));
    expect(computePredictability(four, { today }).fewData).toBe(true);
    expect(computePredictability([...four, exp("e")], { today }).fewData).toBe(false);
  });
});

describe("predictability: weighting and outcomes", () => {
  it("weights by importance and lists the surprises, newest due first", () => {
    const r = computePredictability(
      [
        exp("kept", { importance: 3 }),
        exp("exceeded", { importance: 1, outcome: "exceeded", deliveredOn: "2026-05-20" }),
        exp("missed", {
          importance: 2,
          outcome: "missed",
          deliveredOn: null,
          originalDueDate: "2026-07-01",
          dueDate: "2026-07-01",
        }),
        exp("late", { importance: 1, outcome: "late", deliveredOn: "2026-06-07" }),
        exp("withdrawn", { importance: 3, outcome: "withdrawn", deliveredOn: null }),
        exp("partial", {
          importance: 2,
          outcome: "partial",
          originalDueDate: "2026-08-01",
          dueDate: "2026-08-01",
          deliveredOn: "2026-08-01",
        }),
      ],
      { today },
    );
    // Withdrawn left out. Weights 3 + 1 + 2 + 1 + 2 = 9; predictable kept 3 + exceeded 1 = 4 → 4/9 = 0.444.
    expect(r.weightTotal).toBe(9);
    expect(r.predictableWeight).toBe(4);
    expect(r.value).toBeCloseTo(4 / 9, 10);
    expect(r.sample).toBe(5);
    expect(r.predictable).toBe(2);
    expect(r.withdrawn).toBe(1);
    expect(r.fewData).toBe(false);
    // Surprises newest due first: partial (08-01), missed (07-01), late (06-01).
    expect(r.surprises.map((s) => [s.expectationId, s.reason])).toEqual([
      ["partial", "partial"],
      ["missed", "missed"],
      ["late", "late_without_notice"],
    ]);
    const late = r.surprises.find((s) => s.expectationId === "late")!;
    // Delivered 06-07 against a promise of 06-01: 6 days late.
    expect(late).toMatchObject({ promisedDate: "2026-06-01", deliveredOn: "2026-06-07", daysLate: 6, importance: 1 });
    // Delivered: kept, exceeded, late, partial = 4; on or before the original date: kept, exceeded, partial = 3 → 0.75.
    expect(r.delivered).toBe(4);
    expect(r.onTime).toBe(3);
    expect(r.onTimeRate).toBe(0.75);
    // Late against the current due date: only "late", 6 days → mean 6.
    expect(r.meanLatenessDays).toBe(6);
  });

  it("treats a dispute after a kept delivery as a surprise", () => {
    const r = computePredictability(
      [
        exp("kept", { importance: 1 }),
        exp("disputed", { importance: 3, customerResponse: "disputed_not_delivered" }),
        exp("partly", { importance: 2, outcome: "exceeded", customerResponse: "disputed_partly" }),
        exp("confirmed", { importance: 2, customerResponse: "confirmed" }),
      ],
      { today },
    );
    // Weights 1 + 3 + 2 + 2 = 8; predictable kept 1 + confirmed 2 = 3 → 3/8 = 0.375.
    expect(r.value).toBe(0.375);
    expect(r.surprises.map((s) => [s.expectationId, s.reason]).sort()).toEqual([
      ["disputed", "disputed"],
      ["partly", "disputed"],
    ]);
    // The disputed ones were still delivered on the original date: on-time rate 4/4.
    expect(r.onTimeRate).toBe(1);
  });

  it("treats a disputed withdrawal as a surprise, not as withdrawn with agreement", () => {
    const r = computePredictability(
      [exp("w", { outcome: "withdrawn", deliveredOn: null, customerResponse: "disputed_not_delivered" })],
      { today },
    );
    expect(r.withdrawn).toBe(0);
    expect(r.value).toBe(0);
    expect(r.surprises[0]?.reason).toBe("disputed");
  });

  it("counts an open expectation past its due date as an overdue surprise", () => {
    const r = computePredictability(
      [
        exp("kept", { importance: 1 }),
        exp("overdue", {
          importance: 3,
          status: "open",
          outcome: null,
          deliveredOn: null,
          originalDueDate: "2026-11-12",
          dueDate: "2026-11-12",
        }),
        exp("future", {
          status: "open",
          outcome: null,
          deliveredOn: null,
          originalDueDate: "2026-11-30",
          dueDate: "2026-11-30",
        }),
      ],
      { today, window: { from: "2026-01-01", to: "2026-12-31" } },
    );
    // The future one has not come due. Weights 1 + 3 = 4; predictable 1 → 0.25.
    expect(r.sample).toBe(2);
    expect(r.value).toBe(0.25);
    // 2026-11-12 → 2026-11-22 = 10 days overdue.
    expect(r.surprises).toEqual([
      expect.objectContaining({ expectationId: "overdue", reason: "overdue", daysLate: 10, deliveredOn: null }),
    ]);
  });

  it("judges kept without a delivery date as predictable and late without one as a surprise", () => {
    expect(classifyExpectation(exp("a", { deliveredOn: null }), today).kind).toBe("predictable");
    expect(classifyExpectation(exp("b", { outcome: "late", deliveredOn: null }), today)).toMatchObject({
      kind: "surprise",
      reason: "late_without_notice",
      daysLate: null,
    });
  });
});

describe("predictability: re-plans", () => {
  it("counts a re-plan announced before the original date, then kept, as predictable", () => {
    const e = exp("a", {
      dueDate: "2026-06-15",
      deliveredOn: "2026-06-14",
      replans: [replan("2026-06-01", "2026-06-15", "2026-05-20T09:00:00Z", true)],
    });
    const r = computePredictability([e], { today });
    expect(r.value).toBe(1);
    expect(r.surprises).toEqual([]);
    // Plain on-time rate is against the ORIGINAL date: 06-14 is after 06-01 → 0 of 1.
    expect(r.onTimeRate).toBe(0);
    // Not late against the current due date (06-15): no lateness.
    expect(r.meanLatenessDays).toBeNull();
  });

  it("counts a re-plan announced before the original date, then delivered late against it, as predictable when by the new date", () => {
    // Recorded as "late" (after the original date) but by the announced new date.
    const e = exp("a", {
      outcome: "late",
      dueDate: "2026-06-15",
      deliveredOn: "2026-06-15",
      replans: [replan("2026-06-01", "2026-06-15", "2026-05-31T23:59:00Z", true)],
    });
    expect(classifyExpectation(e, today)).toEqual({ kind: "predictable", promisedDate: "2026-06-15" });
  });

  it("counts a re-plan without notice as no re-plan: delivered after the original date is a surprise, even if 'kept'", () => {
    const e = exp("a", {
      dueDate: "2026-06-15",
      deliveredOn: "2026-06-10",
      replans: [replan("2026-06-01", "2026-06-15", "2026-05-20T09:00:00Z", false)],
    });
    const r = computePredictability([e], { today });
    expect(r.value).toBe(0);
    // 06-01 → 06-10 = 9 days after the promise.
    expect(r.surprises[0]).toMatchObject({ reason: "late_without_notice", promisedDate: "2026-06-01", daysLate: 9 });
    // An unrecorded notification (null) counts as none.
    const unknown = exp("b", { ...e, replans: [replan("2026-06-01", "2026-06-15", "2026-05-20T09:00:00Z", null)] });
    expect(classifyExpectation(unknown, today).kind).toBe("surprise");
  });

  it("counts notice given after the original date as no notice", () => {
    const e = exp("a", {
      dueDate: "2026-06-20",
      deliveredOn: "2026-06-18",
      replans: [replan("2026-06-01", "2026-06-20", "2026-06-03T09:00:00Z", true)],
    });
    expect(classifyExpectation(e, today)).toEqual({
      kind: "surprise",
      reason: "late_without_notice",
      promisedDate: "2026-06-01",
      daysLate: 17, // 06-01 → 06-18
    });
  });

  it("counts notice given on the original date itself as no notice (it must come before)", () => {
    const onTheDay = exp("a", {
      dueDate: "2026-06-20",
      deliveredOn: "2026-06-18",
      replans: [replan("2026-06-01", "2026-06-20", "2026-06-01T06:00:00Z", true)],
    });
    const dayBefore = exp("b", {
      ...onTheDay,
      replans: [replan("2026-06-01", "2026-06-20", "2026-05-31T18:00:00Z", true)],
    });
    expect(classifyExpectation(onTheDay, today).kind).toBe("surprise");
    expect(classifyExpectation(dayBefore, today).kind).toBe("predictable");
  });

  it("reads the re-plan's day in the given time zone", () => {
    // 2026-05-31T22:30Z is still 05-31 in UTC but already 06-01 01:30 in Helsinki (UTC+3).
    const e = exp("a", {
      dueDate: "2026-06-20",
      deliveredOn: "2026-06-18",
      replans: [replan("2026-06-01", "2026-06-20", "2026-05-31T22:30:00Z", true)],
    });
    expect(classifyExpectation(e, today).kind).toBe("predictable");
    expect(classifyExpectation(e, today, "Europe/Helsinki").kind).toBe("surprise");
  });

  describe("re-planned twice", () => {
    // Original 06-01; first re-plan to 06-15 announced on 05-20; second to 06-30.
    const twice = (secondNotified: boolean, secondAt: string, deliveredOn: string) =>
      exp("a", {
        dueDate: "2026-06-30",
        deliveredOn,
        replans: [
          // Given out of order: they are read in time order.
          replan("2026-06-15", "2026-06-30", secondAt, secondNotified),
          replan("2026-06-01", "2026-06-15", "2026-05-20T09:00:00Z", true),
        ],
      });

    it("holds the customer to the first date when the second re-plan was not announced", () => {
      const late = twice(false, "2026-06-10T09:00:00Z", "2026-06-25");
      expect(promisedDate(late)).toEqual({ date: "2026-06-15", announcedReplans: 1 });
      // Delivered 06-25, within the silent second date but 10 days after the announced 06-15.
      expect(classifyExpectation(late, today)).toEqual({
        kind: "surprise",
        reason: "late_without_notice",
        promisedDate: "2026-06-15",
        daysLate: 10,
      });
      // By the announced first date it is predictable, however the second one went.
      expect(classifyExpectation(twice(false, "2026-06-10T09:00:00Z", "2026-06-15"), today).kind).toBe("predictable");
    });

    it("moves the promise twice when both were announced in time", () => {
      const both = twice(true, "2026-06-10T09:00:00Z", "2026-06-29");
      expect(promisedDate(both)).toEqual({ date: "2026-06-30", announcedReplans: 2 });
      expect(classifyExpectation(both, today).kind).toBe("predictable");
    });

    it("judges the second notice against the date the customer was then expecting", () => {
      // Second notice on 06-16: after the announced 06-15, so it does not count.
      const tooLate = twice(true, "2026-06-16T09:00:00Z", "2026-06-29");
      expect(promisedDate(tooLate).date).toBe("2026-06-15");
      expect(classifyExpectation(tooLate, today).kind).toBe("surprise");
    });

    it("lets an announced re-plan follow a silent one if told before the date the customer still expects", () => {
      const e = exp("a", {
        dueDate: "2026-06-30",
        deliveredOn: "2026-06-29",
        replans: [
          replan("2026-06-01", "2026-06-15", "2026-05-10T09:00:00Z", false),
          // Told on 05-25: before 06-01, which the customer still expects.
          replan("2026-06-15", "2026-06-30", "2026-05-25T09:00:00Z", true),
        ],
      });
      expect(promisedDate(e)).toEqual({ date: "2026-06-30", announcedReplans: 1 });
      expect(classifyExpectation(e, today).kind).toBe("predictable");
    });
  });

  it("means lateness against the current due date, over late deliveries only", () => {
    const r = computePredictability(
      [
        exp("a", { outcome: "late", deliveredOn: "2026-06-04" }), // 3 days after 06-01
        exp("b", { outcome: "late", deliveredOn: "2026-06-10" }), // 9 days after 06-01
        exp("c"), // on time: not in the mean
        // Re-planned with notice to 06-20 and delivered 06-18: after the original, not after the current date.
        exp("d", {
          dueDate: "2026-06-20",
          deliveredOn: "2026-06-18",
          replans: [replan("2026-06-01", "2026-06-20", "2026-05-01T00:00:00Z", true)],
        }),
      ],
      { today },
    );
    // (3 + 9) / 2 = 6
    expect(r.lateDeliveries).toBe(2);
    expect(r.latenessDaysTotal).toBe(12);
    expect(r.meanLatenessDays).toBe(6);
    // On or before the original 06-01: only c → 1/4.
    expect(r.onTimeRate).toBe(0.25);
  });
});

describe("predictability: window", () => {
  it("defaults to the twelve months up to and including today", () => {
    expect(defaultPredictabilityWindow(today)).toEqual({ from: "2025-11-22", to: "2026-11-22" });
    expect(defaultPredictabilityWindow("2026-02-28", 1)).toEqual({ from: "2026-01-28", to: "2026-02-28" });
    // A day the earlier month lacks is clamped to its last day.
    expect(defaultPredictabilityWindow("2026-03-31", 1)).toEqual({ from: "2026-02-28", to: "2026-03-31" });
  });

  it("includes both ends of the default window and nothing outside it", () => {
    const at = (id: string, date: string) => exp(id, { originalDueDate: date, dueDate: date, deliveredOn: date });
    const r = computePredictability(
      [
        at("first-day", "2025-11-22"),
        at("before", "2025-11-21"),
        at("today", "2026-11-22"),
        at("tomorrow", "2026-11-23"),
      ],
      { today },
    );
    expect(r.sample).toBe(2);
  });

  it("places an expectation in a window by the date the customer was promised, not the current due date", () => {
    const window = { from: "2026-01-01", to: "2026-03-31" };
    const r = computePredictability(
      [
        exp("last-day", { originalDueDate: "2026-03-31", dueDate: "2026-03-31", outcome: "missed", deliveredOn: null }),
        exp("after", { originalDueDate: "2026-04-01", dueDate: "2026-04-01" }),
        exp("before", { originalDueDate: "2025-12-31", dueDate: "2025-12-31" }),
        // Originally due in the window but moved (silently) out of it: the customer still
        // expected it on 2026-03-15, so it counts here, as a surprise (delivered after).
        exp("moved-out", { originalDueDate: "2026-03-15", dueDate: "2026-04-15", deliveredOn: "2026-04-15" }),
        // Originally due before the window, moved into it with notice and kept.
        exp("moved-in", {
          originalDueDate: "2025-12-20",
          dueDate: "2026-01-10",
          deliveredOn: "2026-01-10",
          replans: [replan("2025-12-20", "2026-01-10", "2025-12-01T00:00:00Z", true)],
        }),
      ],
      { today, window },
    );
    expect(r.sample).toBe(3);
    // Weights 2 + 2 + 2 = 6, predictable moved-in 2 → 1/3.
    expect(r.value).toBeCloseTo(1 / 3, 10);
    expect(r.surprises.map((s) => s.expectationId)).toEqual(["last-day", "moved-out"]);
    expect(r.surprises[1]).toMatchObject({ reason: "late_without_notice", countsOn: "2026-03-15", daysLate: 31 });
  });
});

describe("predictability: pooled over accounts", () => {
  const accountA = [
    exp("a1", { importance: 3 }), // kept
    exp("a2", { importance: 1, outcome: "missed", deliveredOn: null }),
  ];
  const accountB = [
    exp("b1", { importance: 1 }), // kept
    exp("b2", { importance: 2, outcome: "late", deliveredOn: "2026-06-05" }),
    exp("b3", { importance: 2, outcome: "partial" }),
  ];

  it("pools weights instead of averaging the accounts' values", () => {
    const a = computePredictability(accountA, { today });
    const b = computePredictability(accountB, { today });
    // A: 3 / (3 + 1) = 0.75. B: 1 / (1 + 2 + 2) = 0.2.
    expect(a.value).toBe(0.75);
    expect(b.value).toBe(0.2);
    const pooled = pooledPredictability(
      [
        { accountId: "A", expectations: accountA },
        { accountId: "B", expectations: accountB },
      ],
      { today },
    );
    // Pooled: (3 + 1) / (4 + 5) = 4/9 = 0.444, not the mean of the values (0.475).
    expect(pooled.value).toBeCloseTo(4 / 9, 10);
    expect(pooled.sample).toBe(5);
    expect(pooled.weightTotal).toBe(9);
    // Delivered: a1, b1, b2, b3 = 4; on the original date: a1, b1, b3 = 3 → 0.75. Late: b2, 4 days.
    expect(pooled.onTimeRate).toBe(0.75);
    expect(pooled.meanLatenessDays).toBe(4);
    // Each surprise names its account.
    expect(pooled.surprises.map((s) => [s.accountId, s.expectationId]).sort()).toEqual([
      ["A", "a2"],
      ["B", "b2"],
      ["B", "b3"],
    ]);
    // Combining the per-account results gives the same numbers.
    const combined = combinePredictability([a, b]);
    expect(combined.value).toBe(pooled.value);
    expect(combined.sample).toBe(pooled.sample);
    expect(combined.onTimeRate).toBe(pooled.onTimeRate);
    expect(combined.meanLatenessDays).toBe(pooled.meanLatenessDays);
  });

  it("has no value when no account has data", () => {
    expect(pooledPredictability([], { today }).value).toBeNull();
    expect(pooledPredictability([{ accountId: "A", expectations: [] }], { today }).fewData).toBe(true);
  });
});

describe("predictability: stored counts and verdicts", () => {
  const accountA = [
    exp("a1", { importance: 3 }),
    exp("a2", { importance: 1, outcome: "missed", deliveredOn: null }),
    exp("a3", { importance: 2, outcome: "withdrawn", deliveredOn: null }),
  ];
  const accountB = [
    exp("b1", { importance: 1, dueDate: "2026-07-01", originalDueDate: "2026-07-01", deliveredOn: "2026-06-20" }),
    exp("b2", { importance: 2, outcome: "late", deliveredOn: "2026-06-05" }),
    // Open and past due: already a surprise.
    exp("b3", { importance: 3, status: "open", outcome: null, deliveredOn: null, dueDate: "2026-11-01", originalDueDate: "2026-11-01" }),
    // Open, due later: not judged yet.
    exp("b4", { status: "open", outcome: null, deliveredOn: null, dueDate: "2026-12-01", originalDueDate: "2026-12-01" }),
  ];

  it("sums accounts' counts to the same figure as judging all their expectations together", () => {
    const a = computePredictability(accountA, { today });
    const b = computePredictability(accountB, { today });
    const ca = predictabilityCounts(a);
    const cb = predictabilityCounts(b);
    const summed = predictabilityFromCounts({
      weightTotal: ca.weightTotal + cb.weightTotal,
      predictableWeight: ca.predictableWeight + cb.predictableWeight,
      sample: ca.sample + cb.sample,
      surprises: ca.surprises + cb.surprises,
      delivered: ca.delivered + cb.delivered,
      onTime: ca.onTime + cb.onTime,
      lateDeliveries: ca.lateDeliveries + cb.lateDeliveries,
      latenessDaysTotal: ca.latenessDaysTotal + cb.latenessDaysTotal,
    });
    const together = computePredictability([...accountA, ...accountB], { today });
    // (3 + 1) / (3 + 1 + 1 + 2 + 3) = 0.4, while the mean of the two values is (0.75 + 1/6) / 2.
    expect(summed.value).toBeCloseTo(0.4, 10);
    expect(summed.value).toBe(together.value);
    expect(summed.sample).toBe(together.sample);
    expect(summed.predictable).toBe(together.predictable);
    expect(summed.surprises).toBe(together.surprises.length);
    expect(summed.onTimeRate).toBe(together.onTimeRate);
    expect(summed.meanLatenessDays).toBe(together.meanLatenessDays);
    expect(summed.fewData).toBe(false);
  });

  it("has no value without a sample and says few data", () => {
    const none = predictabilityFromCounts({
      weightTotal: 0, predictableWeight: 0, sample: 0, surprises: 0, delivered: 0, onTime: 0, lateDeliveries: 0, latenessDaysTotal: 0,
    });
    expect([none.value, none.onTimeRate, none.meanLatenessDays, none.fewData, none.predictable]).toEqual([null, null, null, true, 0]);
  });

  it("judges each expectation that came due in the window, leaving out withdrawn and not yet due ones", () => {
    const judged = judgeExpectations([...accountA, ...accountB], { today, window: { from: "2026-06-01", to: today } });
    expect(judged.map((j) => [j.expectationId, j.verdict, j.reason, j.daysLate, j.open])).toEqual([
      ["a1", "predictable", null, null, false],
      ["a2", "surprise", "missed", null, false],
      ["b1", "predictable", null, null, false],
      ["b2", "surprise", "late_without_notice", 4, false],
      // Still open: the trends count it in every month it stays overdue.
      ["b3", "surprise", "overdue", 21, true],
    ]);
    // Outside the window: nothing.
    expect(judgeExpectations(accountA, { today, window: { from: "2026-07-01", to: today } })).toEqual([]);
    // A re-plan announced in time moves the promise: delivered by the new date is predictable.
    const replanned = exp("r1", {
      dueDate: "2026-06-20",
      deliveredOn: "2026-06-18",
      replans: [replan("2026-06-01", "2026-06-20", "2026-05-20T10:00:00Z", true)],
    });
    expect(judgeExpectations([replanned], { today })).toEqual([
      { expectationId: "r1", importance: 2, dueDate: "2026-06-20", verdict: "predictable", reason: null, promisedDate: "2026-06-20", daysLate: null, open: false },
    ]);
  });

  it("names the trend months, oldest first, ending with today's", () => {
    expect(monthStarts("2026-03-15", 3)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(monthStarts("2026-01-31")).toHaveLength(12);
    expect(monthStarts("2026-01-31")[0]).toBe("2025-02-01");
  });
});

// The rules that keep a surprise a surprise (issue 11's hand-worked examples).
// Today is 2026-11-22 throughout.
describe("predictability: a surprise stays one", () => {
  it("keeps an overdue item a surprise when it is re-planned after the date without notice", () => {
    // Due 2026-10-02 (51 days ago), nothing delivered, re-planned today to 2026-12-20, customer not told.
    const e = exp("hidden", {
      originalDueDate: "2026-10-02",
      dueDate: "2026-12-20",
      status: "open",
      outcome: null,
      deliveredOn: null,
      replans: [replan("2026-10-02", "2026-12-20", "2026-11-22T09:00:00Z", false)],
    });
    expect(classifyExpectation(e, today)).toEqual({
      kind: "surprise",
      reason: "overdue",
      promisedDate: "2026-10-02",
      daysLate: 51,
    });
    const r = computePredictability([e, exp("kept")], { today });
    expect(r.sample).toBe(2);
    expect(r.value).toBe(0.5);
    expect(r.surprises).toMatchObject([{ expectationId: "hidden", reason: "overdue", countsOn: "2026-10-02" }]);
  });

  it("keeps it a surprise when the late re-plan says the customer was told (told after the date)", () => {
    const e = exp("told-late", {
      originalDueDate: "2026-10-02",
      dueDate: "2026-12-20",
      status: "open",
      outcome: null,
      deliveredOn: null,
      replans: [{ ...replan("2026-10-02", "2026-12-20", "2026-11-22T09:00:00Z", true), notifiedOn: "2026-11-22" }],
    });
    expect(classifyExpectation(e, today)).toMatchObject({ kind: "surprise", reason: "overdue", promisedDate: "2026-10-02" });
  });

  it("counts a re-plan with notice before the date, then kept by the new date, as predictable", () => {
    const e = exp("announced", {
      originalDueDate: "2026-09-01",
      dueDate: "2026-09-20",
      deliveredOn: "2026-09-18",
      replans: [{ ...replan("2026-09-01", "2026-09-20", "2026-08-25T10:00:00Z", true), notifiedOn: "2026-08-26" }],
    });
    expect(classifyExpectation(e, today)).toEqual({ kind: "predictable", promisedDate: "2026-09-20" });
    expect(computePredictability([e], { today }).value).toBe(1);
  });

  it("counts notice by the day it was given, even when the re-plan was recorded later", () => {
    // Told by phone on 2026-08-28, before the original date; typed in on 2026-09-03.
    const e = exp("recorded-late", {
      originalDueDate: "2026-09-01",
      dueDate: "2026-09-20",
      deliveredOn: "2026-09-19",
      replans: [{ ...replan("2026-09-01", "2026-09-20", "2026-09-03T10:00:00Z", true), notifiedOn: "2026-08-28" }],
    });
    expect(classifyExpectation(e, today)).toEqual({ kind: "predictable", promisedDate: "2026-09-20" });
  });

  it("makes a twice re-planned item a surprise when the second re-plan came after the new date passed", () => {
    // 1st: announced on 2026-08-20 (before 2026-09-01) → the customer expects 2026-09-15.
    // 2nd: made on 2026-09-20 (after 2026-09-15 passed), even with notice → does not move it.
    const e = exp("twice", {
      originalDueDate: "2026-09-01",
      dueDate: "2026-10-15",
      deliveredOn: "2026-10-14",
      replans: [
        { ...replan("2026-09-01", "2026-09-15", "2026-08-20T10:00:00Z", true), notifiedOn: "2026-08-20" },
        { ...replan("2026-09-15", "2026-10-15", "2026-09-20T10:00:00Z", true), notifiedOn: "2026-09-20" },
      ],
    });
    expect(classifyExpectation(e, today)).toEqual({
      kind: "surprise",
      reason: "late_without_notice",
      promisedDate: "2026-09-15",
      daysLate: 29,
    });
  });

  it("ignores any re-plan after an unannounced date passed, even one told before its own new date", () => {
    const e = exp("after-pass", {
      originalDueDate: "2026-09-01",
      dueDate: "2026-10-30",
      status: "open",
      outcome: null,
      deliveredOn: null,
      replans: [
        replan("2026-09-01", "2026-10-01", "2026-09-05T10:00:00Z", false),
        { ...replan("2026-10-01", "2026-10-30", "2026-09-10T10:00:00Z", true), notifiedOn: "2026-09-10" },
      ],
    });
    expect(classifyExpectation(e, today)).toMatchObject({ kind: "surprise", reason: "overdue", promisedDate: "2026-09-01" });
  });

  it("counts a 500-day-old open expectation in every window until it is resolved", () => {
    const old = exp("ancient", {
      originalDueDate: "2025-07-10",
      dueDate: "2025-07-10",
      status: "open",
      outcome: null,
      deliveredOn: null,
    });
    expect(old.dueDate).toBe("2025-07-10"); // 500 days before 2026-11-22
    const year = computePredictability([old], { today });
    expect(year.sample).toBe(1);
    expect(year.surprises).toMatchObject([{ expectationId: "ancient", reason: "overdue", daysLate: 500 }]);
    const ninetyDays = computePredictability([old], { today, window: { from: "2026-08-24", to: today } });
    expect(ninetyDays.surprises).toHaveLength(1);
    // Resolved, it counts where it came due only: outside the last twelve months.
    const resolved = { ...old, status: "resolved" as const, outcome: "late" as const, deliveredOn: "2026-11-20" };
    expect(computePredictability([resolved], { today }).sample).toBe(0);
  });

  it("makes a dispute of an early delivery a surprise at once, whatever its due date", () => {
    const e = exp("early", {
      originalDueDate: "2027-02-01",
      dueDate: "2027-02-01",
      deliveredOn: "2026-11-10",
      customerResponse: "disputed_partly",
    });
    expect(classifyExpectation(e, today)).toMatchObject({ kind: "surprise", reason: "disputed" });
    const r = computePredictability([e], { today });
    expect(r.sample).toBe(1);
    expect(r.value).toBe(0);
    expect(r.surprises).toMatchObject([{ expectationId: "early", reason: "disputed", countsOn: "2026-11-10" }]);
    // Undisputed, the same early delivery waits for its due date.
    expect(computePredictability([{ ...e, customerResponse: null }], { today }).sample).toBe(0);
  });

  it("makes a withdrawal recorded after the promised date passed a surprise, and leaves one before it out", () => {
    const base = { originalDueDate: "2026-10-01", dueDate: "2026-10-01", outcome: "withdrawn" as const, deliveredOn: null };
    const late = exp("late-withdrawal", { ...base, withdrawnOn: "2026-10-20" });
    const agreed = exp("agreed", { ...base, withdrawnOn: "2026-09-20" });
    const r = computePredictability([late, agreed], { today });
    expect(r.withdrawn).toBe(1);
    expect(r.surprises).toMatchObject([{ expectationId: "late-withdrawal", reason: "overdue", daysLate: 19 }]);
  });
});

describe("predictability: a withdrawal counts no earlier than it was recorded", () => {
  // Due (and promised) 2026-10-01, importance 3, withdrawn "with agreement".
  // `withdrawnOn` is the day the KAM states (delivered_on), `withdrawalRecordedOn`
  // the day Kohtaamo recorded it. It counts on the later of the two.
  const withdrawal = (id: string, stated: string | null, recorded: string | null, over: Partial<ExpectationForScoring> = {}) =>
    exp(id, {
      importance: 3,
      originalDueDate: "2026-10-01",
      dueDate: "2026-10-01",
      outcome: "withdrawn",
      deliveredOn: stated,
      withdrawnOn: stated,
      withdrawalRecordedOn: recorded,
      ...over,
    });

  it("takes the later of the stated day and the day recorded", () => {
    expect(withdrawalCountsOn({ withdrawnOn: "2026-09-20", withdrawalRecordedOn: "2026-11-10" })).toBe("2026-11-10");
    expect(withdrawalCountsOn({ withdrawnOn: "2026-10-05", withdrawalRecordedOn: "2026-10-02" })).toBe("2026-10-05");
    expect(withdrawalCountsOn({ withdrawnOn: null, withdrawalRecordedOn: "2026-09-30" })).toBe("2026-09-30");
    expect(withdrawalCountsOn({ withdrawnOn: "2026-09-20" })).toBe("2026-09-20");
    expect(withdrawalCountsOn({})).toBeNull();
  });

  it("leaves out a withdrawal recorded before the promised date, dated earlier still", () => {
    // Stated 09-20, recorded 09-25: both before 10-01. Withdrawn with agreement in time.
    const w = withdrawal("in-time", "2026-09-20", "2026-09-25");
    expect(classifyExpectation(w, today)).toEqual({ kind: "withdrawn" });
    const r = computePredictability([w], { today });
    expect(r).toMatchObject({ value: null, sample: 0, withdrawn: 1 });
  });

  it("makes a withdrawal recorded after the promised date a surprise, though it is stated as agreed before it", () => {
    // Recorded 11-10, 40 days after 10-01; stated 09-20, before it. Counts on 11-10: overdue 40 days.
    const w = withdrawal("back-dated", "2026-09-20", "2026-11-10");
    expect(classifyExpectation(w, today)).toEqual({
      kind: "surprise",
      reason: "overdue",
      promisedDate: "2026-10-01",
      daysLate: 40,
    });
    const r = computePredictability([w], { today });
    expect(r).toMatchObject({ value: 0, sample: 1, withdrawn: 0, weightTotal: 3 });
    // The surprise keeps the stated day where it is shown (deliveredOn); it counts in the promised date's window.
    expect(r.surprises).toMatchObject([{ expectationId: "back-dated", deliveredOn: "2026-09-20", countsOn: "2026-10-01" }]);
  });

  it("gives the reviewer's account 25 % both before and after a back-dated withdrawal", () => {
    // Kickoff (importance 1) kept on time; root-cause report (importance 3) due 2026-10-13, open.
    const kickoff = exp("kickoff", { importance: 1, originalDueDate: "2026-10-03", dueDate: "2026-10-03", deliveredOn: "2026-10-03" });
    const open = exp("report", { importance: 3, originalDueDate: "2026-10-13", dueDate: "2026-10-13", status: "open", outcome: null, deliveredOn: null });
    expect(computePredictability([kickoff, open], { today }).value).toBe(0.25);
    // Withdrawn today (2026-11-22), "agreed with the customer" 2026-10-12, the day before it was due: still 1 of 4.
    const withdrawn = withdrawal("report", "2026-10-12", today, { originalDueDate: "2026-10-13", dueDate: "2026-10-13" });
    const after = computePredictability([kickoff, withdrawn], { today });
    expect(after).toMatchObject({ value: 0.25, sample: 2, withdrawn: 0 });
    expect(after.surprises).toMatchObject([{ expectationId: "report", reason: "overdue", daysLate: 40 }]);
  });

  it("counts a withdrawal stated after the promised date on that day, even if recorded sooner", () => {
    // Recorded 10-02 (a day late), stated 10-05 (an import corrected it later): 4 days late.
    expect(classifyExpectation(withdrawal("stated-later", "2026-10-05", "2026-10-02"), today)).toMatchObject({
      kind: "surprise",
      daysLate: 4,
    });
  });

  it("judges a withdrawal without a stated day by the day it was recorded", () => {
    expect(classifyExpectation(withdrawal("on-time", null, "2026-09-30"), today)).toEqual({ kind: "withdrawn" });
    // Recorded on the promised date itself: not late yet.
    expect(classifyExpectation(withdrawal("on-the-day", null, "2026-10-01"), today)).toEqual({ kind: "withdrawn" });
    expect(classifyExpectation(withdrawal("late", null, "2026-10-11"), today)).toMatchObject({
      kind: "surprise",
      reason: "overdue",
      daysLate: 10,
    });
  });

  it("judges a withdrawal whose recording is unknown by its stated day, as before", () => {
    expect(classifyExpectation(withdrawal("old-in-time", "2026-09-20", null), today)).toEqual({ kind: "withdrawn" });
    expect(classifyExpectation(withdrawal("old-late", "2026-10-20", null), today)).toMatchObject({ daysLate: 19 });
  });

  it("reads the recorded day against a promise an announced re-plan moved", () => {
    // Re-planned on 09-10 to 10-20 with notice the same day: promised 10-20. Recorded 10-15, stated 09-12: in time.
    const moved = { dueDate: "2026-10-20", replans: [replan("2026-10-01", "2026-10-20", "2026-09-10T09:00:00Z", true)] };
    expect(classifyExpectation(withdrawal("moved", "2026-09-12", "2026-10-15", moved), today)).toEqual({ kind: "withdrawn" });
    // Recorded 10-25, after 10-20: a surprise 5 days late, whatever it states.
    expect(classifyExpectation(withdrawal("moved-late", "2026-09-12", "2026-10-25", moved), today)).toMatchObject({
      kind: "surprise",
      promisedDate: "2026-10-20",
      daysLate: 5,
    });
  });

  it("stores the back-dated withdrawal's verdict as a surprise in its promised date's month", () => {
    const [v] = judgeExpectations([withdrawal("back-dated", "2026-09-20", "2026-11-10")], { today });
    expect(v).toMatchObject({ verdict: "surprise", reason: "overdue", dueDate: "2026-10-01", daysLate: 40, open: false });
  });
});

describe("predictability: the rows of a withdrawal as scoring maps them", () => {
  it("keeps the stated day and takes the day recorded from the delivery's instant in the vendor's calendar", async () => {
    const { toScoringExpectations } = await import("#app/domain/scoring.ts");
    const row = {
      id: "w",
      importance: 3,
      original_due_date: "2026-10-01",
      due_date: "2026-10-01",
      status: "resolved",
      outcome: "withdrawn",
      delivered_on: "2026-09-20",
      customer_response: null,
      // 00:30 on 10 November in Helsinki.
      resolved_at: "2026-11-09T22:30:00Z",
    };
    const [mapped] = toScoringExpectations([row], [], { today, contestDays: 14 });
    expect(mapped).toMatchObject({ deliveredOn: "2026-09-20", withdrawnOn: "2026-09-20", withdrawalRecordedOn: "2026-11-10" });
    expect(classifyExpectation(mapped!, today)).toMatchObject({ kind: "surprise", reason: "overdue", daysLate: 40 });
    const [kept] = toScoringExpectations([{ ...row, outcome: "kept" }], [], { today, contestDays: 14 });
    expect(kept).toMatchObject({ withdrawnOn: null, withdrawalRecordedOn: null });
  });
});

describe("predictability: a withdrawal after a disputed delivery was reopened", () => {
  // Kickoff (importance 1) kept on 2026-10-03, its due date. Report (importance 3)
  // due 2027-02-01, delivered "kept" early on 2026-11-10 and disputed by the
  // customer: a surprise at once, 1 of 4 by weight = 25 %. The KAM reopens it
  // (which clears the answer; the history keeps it) and withdraws it on
  // 2026-11-20, long before its due date: no back-dating, so the
  // late-withdrawal rule does not catch it, and left out it would make 1 of 1.
  const kickoff = exp("kickoff", { importance: 1, originalDueDate: "2026-10-03", dueDate: "2026-10-03", deliveredOn: "2026-10-03" });
  const report = { importance: 3 as const, originalDueDate: "2027-02-01", dueDate: "2027-02-01" };
  const disputed = exp("report", { ...report, deliveredOn: "2026-11-10", customerResponse: "disputed_not_delivered" });
  const withdrawnAfter = (over: Partial<ExpectationForScoring> = {}) =>
    exp("report", {
      ...report,
      outcome: "withdrawn",
      deliveredOn: "2026-11-20",
      withdrawnOn: "2026-11-20",
      withdrawalRecordedOn: "2026-11-20",
      takenBackDispute: { deliveredOn: "2026-11-10" },
      ...over,
    });

  it("counts the withdrawal as the disputed delivery did: a 'disputed' surprise on the disputed delivery's day", () => {
    const before = computePredictability([kickoff, disputed], { today });
    expect(before).toMatchObject({ value: 0.25, sample: 2, weightTotal: 4, withdrawn: 0 });
    expect(before.surprises).toMatchObject([{ expectationId: "report", reason: "disputed", countsOn: "2026-11-10" }]);

    const w = withdrawnAfter();
    expect(classifyExpectation(w, today)).toEqual({ kind: "surprise", reason: "disputed", promisedDate: "2027-02-01", daysLate: null });
    const after = computePredictability([kickoff, w], { today });
    expect(after).toMatchObject({ value: 0.25, sample: 2, weightTotal: 4, withdrawn: 0 });
    expect(after.surprises).toMatchObject([
      { expectationId: "report", reason: "disputed", countsOn: "2026-11-10", outcome: "withdrawn", deliveredOn: "2026-11-20" },
    ]);
    // Without the dispute in its history, the same withdrawal is left out (and, due in February, not even
    // counted apart yet): 1 of 1, the gain the reopen-and-withdraw chain was after.
    expect(computePredictability([kickoff, withdrawnAfter({ takenBackDispute: null })], { today })).toMatchObject({
      value: 1,
      sample: 1,
      withdrawn: 0,
    });
  });

  it("stores its verdict in the disputed delivery's month, and counts it in the 3-month window as the dispute did", () => {
    const [v] = judgeExpectations([withdrawnAfter()], { today });
    expect(v).toMatchObject({ expectationId: "report", verdict: "surprise", reason: "disputed", dueDate: "2026-11-10", open: false });
    const november = { from: "2026-11-01", to: "2026-11-30" };
    expect(computePredictability([withdrawnAfter()], { today, window: november }).sample).toBe(1);
    expect(computePredictability([disputed], { today, window: november }).sample).toBe(1);
  });

  it("counts a disputed delivery without a day on the promised date, as an undated dispute does", () => {
    const undated = withdrawnAfter({ ...report, originalDueDate: "2026-11-01", dueDate: "2026-11-01", takenBackDispute: { deliveredOn: null } });
    const r = computePredictability([undated], { today });
    expect(r.surprises).toMatchObject([{ reason: "disputed", countsOn: "2026-11-01" }]);
  });

  it("is a dispute, not an overdue withdrawal, when withdrawn after the promised date too", () => {
    const late = withdrawnAfter({ originalDueDate: "2026-11-15", dueDate: "2026-11-15", takenBackDispute: { deliveredOn: "2026-11-10" } });
    expect(classifyExpectation(late, today)).toMatchObject({ kind: "surprise", reason: "disputed" });
  });

  it("maps the history's taken-back dispute from the rows, for withdrawals", async () => {
    const { toScoringExpectations } = await import("#app/domain/scoring.ts");
    const row = {
      id: "report",
      importance: 3,
      original_due_date: "2027-02-01",
      due_date: "2027-02-01",
      status: "resolved",
      outcome: "withdrawn",
      delivered_on: "2026-11-20",
      customer_response: null,
      resolved_at: "2026-11-20T10:00:00Z",
      dispute_taken_back: true,
      disputed_delivered_on: "2026-11-10",
    };
    const [mapped] = toScoringExpectations([row], [], { today, contestDays: 14 });
    expect(mapped).toMatchObject({ takenBackDispute: { deliveredOn: "2026-11-10" } });
    const [none] = toScoringExpectations([{ ...row, dispute_taken_back: false, disputed_delivered_on: null }], [], { today, contestDays: 14 });
    expect(none).toMatchObject({ takenBackDispute: null });
    expect(classifyExpectation(none!, today)).toEqual({ kind: "withdrawn" });
  });
});
