import { describe, expect, it } from "vitest";
import {
  classifyExpectation,
  computePredictability,
  judgeExpectations,
  recordedAfterItsDate,
  type ExpectationForScoring,
} from "#app/domain/predictability.ts";
import { holderRecords } from "#app/domain/holder-record.ts";
import { toScoringExpectations } from "#app/domain/scoring.ts";

// An expectation recorded on or after its original due date (predictability.ts,
// "Recorded after its date"): good news counts only once the customer confirms
// it; bad news always counts; an administrator's records are exempt.

const today = "2026-11-22";

/** Kept on its date 2026-11-10, importance 3, recorded in advance (2026-10-01) unless overridden. */
function exp(id: string, over: Partial<ExpectationForScoring> = {}): ExpectationForScoring {
  return {
    id,
    importance: 3,
    originalDueDate: "2026-11-10",
    dueDate: "2026-11-10",
    status: "resolved",
    outcome: "kept",
    deliveredOn: "2026-11-10",
    customerResponse: null,
    replans: [],
    recordedOn: "2026-10-01",
    recordedByAdministrator: false,
    ...over,
  };
}

/** Recorded the day after its date (2026-11-11), then delivered "kept" on its date. */
const retro = (id: string, over: Partial<ExpectationForScoring> = {}) => exp(id, { recordedOn: "2026-11-11", ...over });

describe("predictability: recorded after its date", () => {
  it("tells which records were made on or after their original due date", () => {
    expect(recordedAfterItsDate(exp("ahead"))).toBe(false);
    expect(recordedAfterItsDate(exp("day-before", { recordedOn: "2026-11-09" }))).toBe(false);
    // On the due date itself: not in advance.
    expect(recordedAfterItsDate(exp("on-the-day", { recordedOn: "2026-11-10" }))).toBe(true);
    expect(recordedAfterItsDate(retro("after"))).toBe(true);
    // Against the ORIGINAL due date: a re-plan to a later date does not make a late record timely.
    expect(recordedAfterItsDate(retro("moved", { dueDate: "2026-12-01" }))).toBe(true);
    expect(recordedAfterItsDate(retro("admin", { recordedByAdministrator: true }))).toBe(false);
    expect(recordedAfterItsDate(exp("unknown", { recordedOn: null }))).toBe(false);
  });

  it("treats a promise recorded the day it was delivered, ahead of its date, as recorded after the fact", () => {
    // Created 2026-11-08 for 2026-11-09 and recorded kept the same day: the padding a day ahead.
    const dayAhead = exp("day-ahead", {
      originalDueDate: "2026-11-09",
      dueDate: "2026-11-09",
      recordedOn: "2026-11-08",
      deliveredOn: "2026-11-08",
    });
    expect(recordedAfterItsDate(dayAhead)).toBe(true);
    expect(classifyExpectation(dayAhead, today).kind).toBe("unconfirmed");
    expect(classifyExpectation({ ...dayAhead, customerResponse: "confirmed" }, today).kind).toBe("predictable");
    // Recorded the day before its delivery: in advance.
    expect(recordedAfterItsDate({ ...dayAhead, recordedOn: "2026-11-07" })).toBe(false);
    // Five padded a day ahead beside one missed and one kept in advance: still 1 of 2 by weight.
    const p = computePredictability(
      [
        exp("kept"),
        exp("missed", { outcome: "missed", deliveredOn: null }),
        ...[1, 2, 3, 4, 5].map((i) => ({ ...dayAhead, id: `pad${i}` })),
      ],
      { today, window: { from: "2026-10-01", to: today } },
    );
    expect(p.value).toBe(0.5);
    expect(p.unconfirmed).toBe(5);
  });

  it("leaves an unconfirmed kept record out of the sample, and counts it once the customer confirms", () => {
    expect(classifyExpectation(retro("a"), today)).toEqual({ kind: "unconfirmed", promisedDate: "2026-11-10" });
    expect(classifyExpectation(retro("a", { outcome: "exceeded" }), today).kind).toBe("unconfirmed");
    expect(classifyExpectation(retro("a", { customerResponse: "confirmed" }), today)).toEqual({
      kind: "predictable",
      promisedDate: "2026-11-10",
    });
  });

  it("counts bad news recorded after the fact as before", () => {
    expect(classifyExpectation(retro("missed", { outcome: "missed", deliveredOn: null }), today)).toMatchObject({
      kind: "surprise",
      reason: "missed",
    });
    expect(classifyExpectation(retro("partial", { outcome: "partial" }), today)).toMatchObject({ reason: "partial" });
    // Delivered 11-15 against 11-10: five days late.
    expect(classifyExpectation(retro("late", { outcome: "late", deliveredOn: "2026-11-15" }), today)).toMatchObject({
      kind: "surprise",
      reason: "late_without_notice",
      daysLate: 5,
    });
    expect(classifyExpectation(retro("disputed", { customerResponse: "disputed_partly" }), today)).toMatchObject({
      reason: "disputed",
    });
    // Open, past its date (11-10), today 11-22: overdue 12 days.
    const open = retro("open", { status: "open", outcome: null, deliveredOn: null });
    expect(classifyExpectation(open, today)).toMatchObject({ kind: "surprise", reason: "overdue", daysLate: 12 });
  });

  it("exempts an administrator's records, but not those of an unknown creator", () => {
    expect(classifyExpectation(retro("admin", { recordedByAdministrator: true }), today).kind).toBe("predictable");
    // The mapper reads an unknown creator (no created_by_admin) as not exempt.
    const row = {
      id: "r",
      importance: 3,
      original_due_date: "2026-11-10",
      due_date: "2026-11-10",
      status: "resolved",
      outcome: "kept",
      delivered_on: "2026-11-10",
      customer_response: null,
      // 00:30 on 10 November in Helsinki: recorded on its due date in the vendor's calendar.
      created_at: "2026-11-09T22:30:00Z",
    };
    const [unknown] = toScoringExpectations([row], [], { today, contestDays: 14 });
    expect(unknown).toMatchObject({ recordedOn: "2026-11-10", recordedByAdministrator: false });
    expect(classifyExpectation(unknown!, today).kind).toBe("unconfirmed");
    // 23:30 on 9 November in Helsinki: the day before, in advance.
    const [ahead] = toScoringExpectations([{ ...row, created_at: "2026-11-09T21:30:00Z" }], [], {
      today,
      contestDays: 14,
    });
    expect(classifyExpectation(ahead!, today).kind).toBe("predictable");
    const [admin] = toScoringExpectations([{ ...row, created_by_admin: true }], [], { today, contestDays: 14 });
    expect(classifyExpectation(admin!, today).kind).toBe("predictable");
  });

  it("does not let five padded promises lift one missed and one kept", () => {
    // Real: missed (3) and kept (2) → 2/5 = 40 %, sample 2.
    const real = [exp("missed", { outcome: "missed", deliveredOn: null }), exp("kept", { importance: 2 })];
    const padding = [1, 2, 3, 4, 5].map((n) => retro(`pad${n}`));
    const before = computePredictability(real, { today });
    const after = computePredictability([...real, ...padding], { today });
    expect(before).toMatchObject({ value: 0.4, sample: 2, unconfirmed: 0 });
    expect(after).toMatchObject({
      value: 0.4,
      sample: 2,
      weightTotal: 5,
      predictableWeight: 2,
      unconfirmed: 5,
      fewData: true,
    });
    // Nor the on-time rate: 1 delivered, on time, as before.
    expect(after).toMatchObject({ delivered: 1, onTime: 1, onTimeRate: 1 });
    // Two of the five confirmed by the customer: (2 + 3 + 3) / (5 + 3 + 3) = 8/11.
    const confirmed = padding.map((e, i) => (i < 2 ? { ...e, customerResponse: "confirmed" as const } : e));
    const later = computePredictability([...real, ...confirmed], { today });
    expect(later).toMatchObject({ sample: 4, unconfirmed: 3, predictableWeight: 8, weightTotal: 11, delivered: 3 });
    expect(later.value).toBeCloseTo(8 / 11, 10);
  });

  it("stores no verdict row for an unconfirmed record, and one once confirmed", () => {
    expect(judgeExpectations([retro("a")], { today })).toEqual([]);
    expect(judgeExpectations([retro("a", { customerResponse: "confirmed" })], { today })).toMatchObject([
      { expectationId: "a", verdict: "predictable", dueDate: "2026-11-10" },
    ]);
    expect(judgeExpectations([retro("m", { outcome: "missed", deliveredOn: null })], { today })).toMatchObject([
      { verdict: "surprise", reason: "missed" },
    ]);
  });

  it("tells each person's record the same: unconfirmed, not in their sample", () => {
    const held = [
      { ...retro("pad"), holderId: "p" },
      { ...exp("kept"), holderId: "p" },
    ];
    const r = holderRecords([{ id: "p", name: "Anna", influence: 4, leftOn: null }], held, { today });
    const [anna] = r.people;
    expect(anna!.counts).toMatchObject({ promised: 2, kept: 1, unconfirmed: 1 });
    expect(anna!.predictability).toMatchObject({ sample: 1, value: 1 });
    expect(anna!.promises.find((l) => l.expectationId === "pad")).toMatchObject({ verdict: "unconfirmed" });
  });
});
