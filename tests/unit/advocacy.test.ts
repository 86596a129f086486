import { describe, expect, it } from "vitest";
import { surpriseEffect } from "#app/domain/advocacy.ts";

// The effect of a planned positive surprise, on hand-worked examples.

describe("surpriseEffect", () => {
  const at = "2026-10-01T10:00:00Z";
  it("is not enough data with no answers, or only answers before it", () => {
    expect(surpriseEffect(at, [])).toEqual({
      nps: { before: null, after: null, change: null },
      csat: { before: null, after: null, change: null },
      enoughData: false,
    });
    const onlyBefore = surpriseEffect(at, [{ kind: "nps", score: 6, answeredAt: "2026-03-01T10:00:00Z" }]);
    expect(onlyBefore.enoughData).toBe(false);
    expect(onlyBefore.nps).toEqual({ before: 6, after: null, change: null });
  });
  it("compares the last answer before with the first after, per scale", () => {
    const effect = surpriseEffect(at, [
      { kind: "nps", score: 5, answeredAt: "2026-01-01T10:00:00Z" },
      { kind: "nps", score: 7, answeredAt: "2026-09-01T10:00:00Z" }, // the last before: 7
      { kind: "nps", score: 10, answeredAt: "2026-11-01T10:00:00Z" }, // the first after: 10
      { kind: "nps", score: 3, answeredAt: "2026-12-01T10:00:00Z" }, // later: not the effect
      { kind: "csat", score: 4, answeredAt: "2026-10-20T10:00:00Z" }, // after, nothing before
    ]);
    expect(effect.nps).toEqual({ before: 7, after: 10, change: 3 });
    expect(effect.csat).toEqual({ before: null, after: 4, change: null });
    expect(effect.enoughData).toBe(true);
  });
  it("counts an answer given at the very moment as before (the surprise cannot have moved it)", () => {
    const effect = surpriseEffect(at, [
      { kind: "csat", score: 3, answeredAt: at },
      { kind: "csat", score: 3, answeredAt: "2026-10-02T10:00:00Z" },
    ]);
    expect(effect.csat).toEqual({ before: 3, after: 3, change: 0 });
  });
});
