import { describe, expect, it } from "vitest";
import { holderRecords, influenceRollup, type HeldExpectation, type RecordPerson } from "#app/domain/holder-record.ts";
import { computePredictability } from "#app/domain/predictability.ts";

// Whom did we surprise: hand-worked examples. Today is 2026-11-22, so the
// default window is 2025-11-22 … 2026-11-22.
const today = "2026-11-22";

/** Kept on its date 2026-06-01, importance 1, held by `holderId`, unless overridden. */
function held(id: string, holderId: string | null, over: Partial<HeldExpectation> = {}): HeldExpectation {
  return {
    id,
    holderId,
    title: id,
    importance: 1,
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

const anna: RecordPerson = { id: "a", name: "Anna Virtanen", influence: 5, leftOn: null };
const ben: RecordPerson = { id: "b", name: "Ben Berg", influence: 1, leftOn: null };

describe("holder record: empty", () => {
  it("with nobody and nothing, says not enough data", () => {
    const r = holderRecords([], [], { today });
    expect(r.window).toEqual({ from: "2025-11-22", to: today });
    expect(r.people).toEqual([]);
    expect(r.rollup).toEqual({
      value: null,
      plainValue: null,
      sample: 0,
      fewData: true,
      surprises: 0,
      highInfluence: { surprises: 0, sample: 0 },
      leaning: "not_enough_data",
      unheld: 0,
    });
  });

  it("a person promised nothing has an empty record and no figure", () => {
    const r = holderRecords([anna], [], { today });
    expect(r.people).toHaveLength(1);
    expect(r.people[0]!.counts).toEqual({
      promised: 0,
      kept: 0,
      lateWithNotice: 0,
      surprises: 0,
      bySurpriseReason: { late_without_notice: 0, overdue: 0, missed: 0, partial: 0, disputed: 0 },
      open: 0,
      withdrawn: 0,
      unconfirmed: 0,
    });
    expect(r.people[0]!.predictability).toEqual({
      value: null,
      sample: 0,
      weightTotal: 0,
      predictableWeight: 0,
      fewData: true,
    });
    expect(r.people[0]!.promises).toEqual([]);
  });
});

describe("holder record: one person", () => {
  it("a member with one kept item: 1 promised, 1 kept, 100% on a sample of 1 — not enough data", () => {
    const r = holderRecords([anna], [held("e1", "a")], { today });
    const [a] = r.people;
    expect(a!.counts).toMatchObject({ promised: 1, kept: 1, surprises: 0 });
    expect(a!.predictability).toEqual({ value: 1, sample: 1, weightTotal: 1, predictableWeight: 1, fewData: true });
    expect(a!.promises).toEqual([
      {
        expectationId: "e1",
        title: "e1",
        dueDate: "2026-06-01",
        promisedDate: "2026-06-01",
        deliveredOn: "2026-06-01",
        importance: 1,
        verdict: "kept",
        reason: null,
        daysLate: null,
      },
    ]);
  });

  it("promised Anna 4 things: 3 kept, 1 late without notice (75%, sample 4: not enough data)", () => {
    const r = holderRecords(
      [anna],
      [
        held("k1", "a", { dueDate: "2026-03-01", originalDueDate: "2026-03-01", deliveredOn: "2026-02-27" }),
        held("k2", "a"),
        held("k3", "a", {
          dueDate: "2026-09-01",
          originalDueDate: "2026-09-01",
          deliveredOn: "2026-09-01",
          outcome: "exceeded",
        }),
        // Delivered ten days after the date she was told, no re-plan: late without notice.
        held("l1", "a", {
          dueDate: "2026-10-01",
          originalDueDate: "2026-10-01",
          deliveredOn: "2026-10-11",
          outcome: "late",
        }),
      ],
      { today },
    );
    const a = r.people[0]!;
    expect(a.counts).toMatchObject({ promised: 4, kept: 3, lateWithNotice: 0, surprises: 1, open: 0, withdrawn: 0 });
    expect(a.counts.bySurpriseReason.late_without_notice).toBe(1);
    expect(a.predictability).toMatchObject({ value: 0.75, sample: 4, fewData: true });
    // Newest first by the date each came due.
    expect(a.promises.map((p) => [p.expectationId, p.verdict, p.reason, p.daysLate])).toEqual([
      ["l1", "surprise", "late_without_notice", 10],
      ["k3", "kept", null, null],
      ["k2", "kept", null, null],
      ["k1", "kept", null, null],
    ]);
  });

  it("tells late with notice, overdue, missed, open and withdrawn apart; promised is their sum", () => {
    const r = holderRecords(
      [anna],
      [
        // Re-planned from 06-01 to 06-20 with notice on 05-20 (before the date she expected), delivered 06-15.
        held("n1", "a", {
          dueDate: "2026-06-20",
          deliveredOn: "2026-06-15",
          outcome: "late",
          replans: [
            { fromDueDate: "2026-06-01", toDueDate: "2026-06-20", at: "2026-05-20T09:00:00Z", customerNotified: true },
          ],
        }),
        // Open, its date passed five days ago: an overdue surprise.
        held("o1", "a", {
          status: "open",
          outcome: null,
          deliveredOn: null,
          dueDate: "2026-11-17",
          originalDueDate: "2026-11-17",
        }),
        held("m1", "a", { outcome: "missed", deliveredOn: null }),
        // Open and due next month: promised, not judged.
        held("f1", "a", {
          status: "open",
          outcome: null,
          deliveredOn: null,
          dueDate: "2026-12-20",
          originalDueDate: "2026-12-20",
        }),
        held("w1", "a", { outcome: "withdrawn", deliveredOn: null }),
        // Proposed: never promised; resolved before the window: not in it.
        held("p1", "a", { status: "proposed", outcome: null, deliveredOn: null }),
        held("old", "a", { dueDate: "2025-01-10", originalDueDate: "2025-01-10", deliveredOn: "2025-01-10" }),
      ],
      { today },
    );
    const a = r.people[0]!;
    expect(a.counts).toEqual({
      promised: 5,
      kept: 0,
      lateWithNotice: 1,
      surprises: 2,
      bySurpriseReason: { late_without_notice: 0, overdue: 1, missed: 1, partial: 0, disputed: 0 },
      open: 1,
      withdrawn: 1,
      unconfirmed: 0,
    });
    // Sample 3 (late with notice + 2 surprises): 1/3.
    expect(a.predictability.sample).toBe(3);
    expect(a.predictability.value).toBeCloseTo(1 / 3, 10);
    // Open first, then newest first.
    expect(a.promises.map((p) => [p.expectationId, p.verdict])).toEqual([
      ["f1", "open"],
      ["o1", "surprise"],
      ["n1", "late_with_notice"],
      ["m1", "surprise"],
      ["w1", "withdrawn"],
    ]);
    expect(a.promises.find((p) => p.expectationId === "o1")).toMatchObject({
      reason: "overdue",
      daysLate: 5,
      promisedDate: "2026-11-17",
    });
    expect(a.promises.find((p) => p.expectationId === "n1")!.promisedDate).toBe("2026-06-20");
  });

  it("uses the account's minimum sample: five that came due give a figure", () => {
    const five = ["1", "2", "3", "4", "5"].map((n) => held(`e${n}`, "a"));
    expect(holderRecords([anna], five, { today }).people[0]!.predictability).toMatchObject({
      value: 1,
      sample: 5,
      fewData: false,
    });
    expect(holderRecords([anna], five.slice(1), { today }).people[0]!.predictability.fewData).toBe(true);
  });

  it("a chosen window counts only what came due in it", () => {
    const r = holderRecords(
      [anna],
      [
        held("jan", "a", { dueDate: "2026-01-15", originalDueDate: "2026-01-15", deliveredOn: "2026-01-15" }),
        held("jun", "a"),
      ],
      {
        today,
        window: { from: "2026-05-01", to: today },
      },
    );
    expect(r.window).toEqual({ from: "2026-05-01", to: today });
    expect(r.people[0]!.promises.map((p) => p.expectationId)).toEqual(["jun"]);
  });
});

describe("holder record: people who left, ties, influence", () => {
  it("a member who left stays in the record, marked, and counts in the roll-up", () => {
    const gone: RecordPerson = { id: "g", name: "Gunnar Gone", influence: 4, leftOn: "2026-08-01" };
    const r = holderRecords([gone, ben], [held("g1", "g", { outcome: "partial" }), held("b1", "b")], { today });
    const g = r.people.find((p) => p.person.id === "g")!;
    expect(g.person.leftOn).toBe("2026-08-01");
    expect(g.counts).toMatchObject({ promised: 1, surprises: 1, bySurpriseReason: { partial: 1 } });
    expect(r.rollup).toMatchObject({ sample: 2, surprises: 1, highInfluence: { surprises: 1, sample: 1 } });
  });

  it("orders people by influence, then surprises, then name and id (ties come out the same every time)", () => {
    const p = (id: string, name: string, influence: number): RecordPerson => ({ id, name, influence, leftOn: null });
    const people = [p("4", "Cecilia", 3), p("2", "Aino", 3), p("3", "Aino", 3), p("1", "Dora", 5), p("5", "Eero", 3)];
    const exps = [held("x", "5", { outcome: "missed", deliveredOn: null })];
    const order = (list: RecordPerson[]) => holderRecords(list, exps, { today }).people.map((r) => r.person.id);
    expect(order(people)).toEqual(["1", "5", "2", "3", "4"]);
    expect(order([...people].reverse())).toEqual(["1", "5", "2", "3", "4"]);
  });

  it("weights by influence: surprises on the most influential pull the weighted figure below the plain one", () => {
    // Anna (influence 5): 2 kept, 1 missed. Ben (influence 1): 3 kept. Importance 1 each.
    // Plain: 5/6 = 83.3%. Weighted: (5·2 + 1·3) / (5·3 + 1·3) = 13/18 = 72.2%: 11 points lower.
    const exps = [
      held("a1", "a"),
      held("a2", "a"),
      held("a3", "a", { outcome: "missed", deliveredOn: null }),
      held("b1", "b"),
      held("b2", "b"),
      held("b3", "b"),
    ];
    const r = holderRecords([ben, anna], exps, { today });
    expect(r.people.map((p) => p.person.name)).toEqual(["Anna Virtanen", "Ben Berg"]);
    expect(r.rollup.plainValue).toBeCloseTo(5 / 6, 10);
    expect(r.rollup.value).toBeCloseTo(13 / 18, 10);
    expect(r.rollup).toMatchObject({
      sample: 6,
      fewData: false,
      surprises: 1,
      highInfluence: { surprises: 1, sample: 3 },
      leaning: "most_influential",
    });
    // The people's samples add up to the account's.
    expect(r.rollup.sample).toBe(computePredictability(exps, { today }).sample);
  });

  it("surprises on the less influential lift the weighted figure; equal influence leaves it even", () => {
    // Anna 3 kept; Ben 2 kept, 1 missed. Weighted: (15 + 2) / 18 = 94.4% against plain 83.3%.
    const exps = [
      held("a1", "a"),
      held("a2", "a"),
      held("a3", "a"),
      held("b1", "b"),
      held("b2", "b"),
      held("b3", "b", { outcome: "missed", deliveredOn: null }),
    ];
    const r = holderRecords([anna, ben], exps, { today });
    expect(r.rollup.value).toBeCloseTo(17 / 18, 10);
    expect(r.rollup.leaning).toBe("less_influential");
    const same = holderRecords(
      [
        { ...anna, influence: 3 },
        { ...ben, influence: 3 },
      ],
      exps,
      { today },
    );
    expect(same.rollup.value).toBeCloseTo(same.rollup.plainValue!, 10);
    expect(same.rollup.leaning).toBe("even");
  });

  it("importance weighs as in the account's figure, times influence", () => {
    // Anna (5): one importance-3 surprise. Ben (1): four importance-1 kept.
    // Plain: 4/7. Weighted: 4 / (15 + 4) = 4/19.
    const exps = [
      held("a1", "a", { importance: 3, outcome: "missed", deliveredOn: null }),
      ...["1", "2", "3", "4"].map((n) => held(`b${n}`, "b")),
    ];
    const r = holderRecords([anna, ben], exps, { today });
    expect(r.rollup.plainValue).toBeCloseTo(4 / 7, 10);
    expect(r.rollup.value).toBeCloseTo(4 / 19, 10);
  });

  it("no surprises: nothing to lean; fewer than five came due: not enough data, whatever the values", () => {
    const five = ["1", "2", "3", "4", "5"].map((n) => held(`e${n}`, n === "1" ? "b" : "a"));
    expect(holderRecords([anna, ben], five, { today }).rollup.leaning).toBe("no_surprises");
    const four = [
      held("a1", "a", { outcome: "missed", deliveredOn: null }),
      held("b1", "b"),
      held("b2", "b"),
      held("b3", "b"),
    ];
    expect(holderRecords([anna, ben], four, { today }).rollup).toMatchObject({
      sample: 4,
      fewData: true,
      leaning: "not_enough_data",
    });
  });

  it("expectations without a holder are left out of the roll-up and counted apart", () => {
    const r = holderRecords(
      [anna],
      [
        held("a1", "a"),
        held("n1", null, { outcome: "missed", deliveredOn: null }),
        held("n2", null, {
          status: "open",
          outcome: null,
          deliveredOn: null,
          dueDate: "2027-01-01",
          originalDueDate: "2027-01-01",
        }),
      ],
      { today },
    );
    expect(r.rollup).toMatchObject({ sample: 1, surprises: 0, unheld: 1 });
  });

  it("a roll-up of no records is empty", () => {
    expect(influenceRollup([])).toMatchObject({ value: null, sample: 0, leaning: "not_enough_data" });
  });
});
