import { describe, expect, it } from "vitest";
import { advocacyCounts, influentialPromoters, isAdvocacyKind, noAdvocacy, referenceReadiness, surpriseEffect } from "#app/domain/advocacy.ts";
import { advocacyBreaches, advocacyColumns } from "#app/domain/advocacy-rules.ts";

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
  const p = (
    id: string,
    name: string,
    influence: number,
    latestNps: number | null,
    extra: { leftOn?: string; openSurprises?: number; at?: string } = {},
  ) => ({
    id,
    name,
    influence,
    latestNps,
    latestNpsAt: extra.at ?? "2026-06-01T10:00:00Z",
    leftOn: extra.leftOn ?? null,
    openSurprises: extra.openSurprises ?? 0,
  });
  it("keeps present promoters of influence 4–5, most influential first, then score, then the freshest answer; ties by id", () => {
    const out = influentialPromoters([
      p("1", "Ville", 4, 10, { at: "2025-01-10T10:00:00Z" }), // the oldest answer of its group
      p("2", "Anna", 5, 9),
      p("3", "Bertta", 5, 10, { openSurprises: 1 }), // held back, still listed as not now
      p("4", "Cecilia", 5, 10, { leftOn: "2026-01-01" }), // left
      p("5", "Diana", 3, 10), // little influence
      p("6", "Eero", 5, 8), // passive
      p("7", "Aatu", 4, 10),
      p("9", "Aatu", 4, 10, { at: "2026-11-30T10:00:00Z" }), // the freshest
      p("a", "Aatu", 4, 10), // as fresh as 7: by id
      p("8", "Frans", 5, null), // no NPS
    ]);
    expect(out.map((x) => [x.id, x.readiness])).toEqual([
      ["3", "not_now"],
      ["2", "ready"],
      ["9", "ready"],
      ["7", "ready"],
      ["a", "ready"],
      ["1", "ready"],
    ]);
  });
});

describe("advocacy touchpoints: the rule every write path applies", () => {
  it("knows the three kinds and no others", () => {
    expect(["reference_given", "referral_given", "word_of_mouth"].every(isAdvocacyKind)).toBe(true);
    expect(["meeting", "invoice", "survey", "other"].some(isAdvocacyKind)).toBe(false);
  });
  it("needs a polarity and a source for a reference, a referral and word of mouth", () => {
    for (const kind of ["reference_given", "referral_given", "word_of_mouth"]) {
      expect(advocacyBreaches(kind, {})).toEqual([
        { field: "advocacy_polarity", key: "advocacy.polarityRequired" },
        { field: "advocacy_source", key: "advocacy.sourceRequired" },
      ]);
      expect(advocacyBreaches(kind, { polarity: "positive", source: "Vaara Metals Oy" })).toEqual([]);
      expect(advocacyBreaches(kind, { polarity: "negative", source: "Messuilla" })).toEqual([]);
    }
  });
  it("refuses a missing or unknown polarity even with a source", () => {
    expect(advocacyBreaches("reference_given", { source: "Vaara Metals Oy" })).toEqual([
      { field: "advocacy_polarity", key: "advocacy.polarityRequired" },
    ]);
    expect(advocacyBreaches("word_of_mouth", { polarity: "neutral", source: "x" })).toEqual([
      { field: "advocacy_polarity", key: "advocacy.polarityRequired" },
    ]);
    expect(advocacyBreaches("word_of_mouth", { polarity: "", source: "x" })).toEqual([
      { field: "advocacy_polarity", key: "advocacy.polarityRequired" },
    ]);
  });
  it("takes a named person instead of the source text; blank text is no source", () => {
    expect(advocacyBreaches("referral_given", { polarity: "positive", source: "   ", stakeholder: "s-1" })).toEqual([]);
    expect(advocacyBreaches("referral_given", { polarity: "positive", source: "   " })).toEqual([
      { field: "advocacy_source", key: "advocacy.sourceRequired" },
    ]);
    expect(advocacyBreaches("word_of_mouth", { polarity: "positive", source: "x".repeat(201) })).toEqual([
      { field: "advocacy_source", key: "advocacy.sourceTooLong" },
    ]);
    expect(advocacyBreaches("word_of_mouth", { polarity: "positive", source: "x".repeat(200) })).toEqual([]);
  });
  it("asks nothing of other kinds, and stores nothing for them whatever was sent", () => {
    expect(advocacyBreaches("meeting", {})).toEqual([]);
    expect(advocacyColumns("meeting", { polarity: "positive", source: "x" }, { id: "s-1", name: "Anna" })).toEqual({
      advocacy_polarity: null,
      advocacy_source: null,
      advocacy_stakeholder_id: null,
    });
  });
  it("stores the trimmed source, or the named person's name when the text is empty", () => {
    expect(advocacyColumns("reference_given", { polarity: "positive", source: "  Vaara Metals Oy " }, null)).toEqual({
      advocacy_polarity: "positive",
      advocacy_source: "Vaara Metals Oy",
      advocacy_stakeholder_id: null,
    });
    expect(advocacyColumns("word_of_mouth", { polarity: "negative", source: "" }, { id: "s-1", name: "Anna Aho" })).toEqual({
      advocacy_polarity: "negative",
      advocacy_source: "Anna Aho",
      advocacy_stakeholder_id: "s-1",
    });
  });
  it("counts grouped rows per kind and polarity, ignoring other kinds", () => {
    expect(advocacyCounts([])).toEqual(noAdvocacy());
    expect(
      advocacyCounts([
        { kind: "reference_given", polarity: "positive", n: 2 },
        { kind: "word_of_mouth", polarity: "negative", n: 3 },
        { kind: "word_of_mouth", polarity: "positive", n: 1 },
        { kind: "meeting", polarity: null, n: 40 },
      ]),
    ).toEqual({
      reference_given: { positive: 2, negative: 0 },
      referral_given: { positive: 0, negative: 0 },
      word_of_mouth: { positive: 1, negative: 3 },
    });
  });
});
