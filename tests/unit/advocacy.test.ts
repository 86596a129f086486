import { describe, expect, it } from "vitest";
import { influentialPromoters, referenceReadiness, surpriseEffect } from "#app/domain/advocacy.ts";

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

describe("referenceReadiness", () => {
  const base = { leftOn: null, influence: 5, latestNps: 10, openSurprises: 0 };
  it("is ready for a present promoter with nothing open against them", () => {
    expect(referenceReadiness(base)).toBe("ready");
    expect(referenceReadiness({ ...base, latestNps: 9, influence: 1 })).toBe("ready");
  });
  it("is not now while they hold an open surprise, however high their score", () => {
    expect(referenceReadiness({ ...base, openSurprises: 1 })).toBe("not_now");
  });
  it("says who left, who never answered, and who is no promoter (8 is passive)", () => {
    expect(referenceReadiness({ ...base, leftOn: "2026-05-01" })).toBe("left");
    expect(referenceReadiness({ ...base, latestNps: null, openSurprises: 2 })).toBe("unknown");
    expect(referenceReadiness({ ...base, latestNps: 8 })).toBe("not_ready");
    expect(referenceReadiness({ ...base, latestNps: 0 })).toBe("not_ready");
  });
});

describe("influentialPromoters", () => {
  const p = (id: string, name: string, influence: number, latestNps: number | null, extra: { leftOn?: string; openSurprises?: number } = {}) => ({
    id,
    name,
    influence,
    latestNps,
    leftOn: extra.leftOn ?? null,
    openSurprises: extra.openSurprises ?? 0,
  });
  it("keeps present promoters of influence 4–5, most influential first, then score, then name; ties by id", () => {
    const out = influentialPromoters([
      p("1", "Ville", 4, 10),
      p("2", "Anna", 5, 9),
      p("3", "Bertta", 5, 10, { openSurprises: 1 }), // held back, still listed as not now
      p("4", "Cecilia", 5, 10, { leftOn: "2026-01-01" }), // left
      p("5", "Diana", 3, 10), // little influence
      p("6", "Eero", 5, 8), // passive
      p("7", "Aatu", 4, 10),
      p("9", "Aatu", 4, 10),
      p("8", "Frans", 5, null), // no NPS
    ]);
    expect(out.map((x) => [x.id, x.readiness])).toEqual([
      ["3", "not_now"],
      ["2", "ready"],
      ["7", "ready"],
      ["9", "ready"],
      ["1", "ready"],
    ]);
  });
});
