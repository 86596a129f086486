import { describe, expect, it } from "vitest";
import { latestNpsAnswers, npsCategory, relationshipNps, type NpsStakeholder } from "#app/domain/nps.ts";

const now = new Date("2026-11-22T12:00:00Z");
const people = (...ids: string[]): NpsStakeholder[] => ids.map((id) => ({ id, influence: 3, leftFrom: null }));
const answer = (stakeholderId: string, score: number, answeredAt = "2026-10-01T10:00:00Z") => ({
  stakeholderId,
  score,
  answeredAt,
});

describe("relationship NPS", () => {
  it("has no score without answers", () => {
    expect(relationshipNps([], people("a"), { now })).toEqual({
      score: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
      respondents: 0,
      weighted: false,
      fewData: true,
      answers: [],
    });
  });

  it("categorizes 9–10 promoters, 7–8 passives, 0–6 detractors", () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      "detractor",
      "detractor",
      "passive",
      "passive",
      "promoter",
      "promoter",
    ]);
  });

  it("is % promoters − % detractors, never an average of scores", () => {
    const r = relationshipNps(
      [answer("a", 10), answer("b", 9), answer("c", 7), answer("d", 2)],
      people("a", "b", "c", "d"),
      { now },
    );
    // 2 promoters, 1 passive, 1 detractor of 4: 50% − 25% = 25. (The mean score, 7, would be passive.)
    expect(r).toMatchObject({ score: 25, promoters: 2, passives: 1, detractors: 1, respondents: 4, fewData: false });
  });

  it("rounds to an integer, halves away from zero", () => {
    // 1 promoter of 3: 33.33 → 33; 2 of 3: 66.67 → 67.
    expect(
      relationshipNps([answer("a", 9), answer("b", 8), answer("c", 7)], people("a", "b", "c"), { now }).score,
    ).toBe(33);
    expect(
      relationshipNps([answer("a", 9), answer("b", 10), answer("c", 7)], people("a", "b", "c"), { now }).score,
    ).toBe(67);
    // 1 detractor of 8: −12.5 → −13; 1 promoter of 8: 12.5 → 13.
    const eight = people("a", "b", "c", "d", "e", "f", "g", "h");
    const passives = ["b", "c", "d", "e", "f", "g", "h"].map((id) => answer(id, 8));
    expect(relationshipNps([answer("a", 3), ...passives], eight, { now }).score).toBe(-13);
    expect(relationshipNps([answer("a", 10), ...passives], eight, { now }).score).toBe(13);
    // Balanced: 0, never −0.
    expect(Object.is(relationshipNps([answer("a", 10), answer("b", 0)], people("a", "b"), { now }).score, 0)).toBe(
      true,
    );
  });

  it("counts only each stakeholder's latest answer: a recent detractor answer supersedes an older promoter one", () => {
    const r = relationshipNps(
      [
        answer("a", 10, "2026-03-01T10:00:00Z"),
        answer("a", 4, "2026-10-01T10:00:00Z"),
        answer("a", 9, "2026-01-15T10:00:00Z"),
        answer("b", 9),
      ],
      people("a", "b"),
      { now },
    );
    // a counts once, as a detractor (4); b a promoter: 50% − 50% = 0.
    expect(r).toMatchObject({ score: 0, promoters: 1, detractors: 1, respondents: 2 });
    expect(r.answers.find((x) => x.stakeholderId === "a")).toMatchObject({ score: 4, category: "detractor" });
  });

  it("lets a recent promoter answer supersede an older detractor one", () => {
    const r = relationshipNps(
      [answer("a", 2, "2026-02-01T10:00:00Z"), answer("a", 9, "2026-09-01T10:00:00Z")],
      people("a"),
      { now },
    );
    expect(r).toMatchObject({ score: 100, promoters: 1, detractors: 0, respondents: 1, fewData: true });
  });

  it("ignores answers older than twelve months, counting the boundary instant", () => {
    const r = relationshipNps(
      [
        answer("old", 0, "2025-11-22T11:59:59Z"), // a second too old
        answer("edge", 10, "2025-11-22T12:00:00Z"), // exactly twelve months: counts
      ],
      people("old", "edge"),
      { now },
    );
    expect(r).toMatchObject({ score: 100, respondents: 1, detractors: 0 });
    // A stakeholder whose latest answer is too old is not counted at all (no fallback).
    expect(relationshipNps([answer("a", 10, "2025-06-01T00:00:00Z")], people("a"), { now }).score).toBeNull();
    // A shorter period can be asked for.
    expect(
      relationshipNps([answer("a", 10, "2026-04-01T00:00:00Z")], people("a"), { now, months: 6 }).score,
    ).toBeNull();
  });

  it("ignores answers dated after now", () => {
    const r = relationshipNps(
      [answer("a", 10, "2026-10-01T10:00:00Z"), answer("a", 0, "2026-11-23T10:00:00Z")],
      people("a"),
      { now },
    );
    expect(r.score).toBe(100);
  });

  it("ignores answers from stakeholders not in the list", () => {
    const r = relationshipNps([answer("stayed", 9), answer("stranger", 0)], people("stayed"), { now });
    expect(r).toMatchObject({ score: 100, respondents: 1, detractors: 0 });
  });

  it("keeps counting what someone who left said while on the committee, for the same window", () => {
    // Left on 2026-11-01: their answer of 2026-10-01 was the relationship's then. 1 promoter, 1 detractor: 0.
    const stakeholders = [
      { id: "stayed", influence: 3, leftFrom: null },
      { id: "left", influence: 5, leftFrom: "2026-11-01" },
    ];
    const r = relationshipNps([answer("stayed", 9), answer("left", 0)], stakeholders, { now });
    expect(r).toMatchObject({ score: 0, respondents: 2, detractors: 1 });
    expect(r.answers.find((a) => a.stakeholderId === "left")).toMatchObject({ score: 0, leftFrom: "2026-11-01" });
    // Its window is the usual one: an answer of 2025-11-21 is out of the twelve months, left or not.
    const old = relationshipNps([answer("stayed", 9), answer("left", 0, "2025-11-21T10:00:00Z")], stakeholders, {
      now,
    });
    expect(old).toMatchObject({ score: 100, respondents: 1 });
  });

  it("counts up to the end of the day the leaving counts from (Helsinki), not after it", () => {
    const left = [{ id: "x", influence: 3, leftFrom: "2026-11-01" }];
    // 2026-11-01 23:59 Helsinki (EET, UTC+2) is 21:59Z: still on the committee; 22:00Z is 2 November.
    expect(relationshipNps([answer("x", 3, "2026-11-01T21:59:00Z")], left, { now }).score).toBe(-100);
    expect(relationshipNps([answer("x", 3, "2026-11-01T22:00:00Z")], left, { now }).score).toBeNull();
    // A later answer given after leaving does not replace the one given before: the detractor's stays.
    const both = relationshipNps(
      [answer("x", 2, "2026-10-20T10:00:00Z"), answer("x", 10, "2026-11-10T10:00:00Z")],
      left,
      { now },
    );
    expect(both).toMatchObject({ score: -100, detractors: 1, promoters: 0 });
    expect(latestNpsAnswers([answer("x", 2, "2026-10-20T10:00:00Z")], left, now)[0]?.leftFrom).toBe("2026-11-01");
  });

  it("weights by influence when asked, keeping plain head counts", () => {
    const stakeholders = [
      { id: "p", influence: 5, leftFrom: null },
      { id: "d", influence: 1, leftFrom: null },
      { id: "n", influence: 2, leftFrom: null },
    ];
    const answers = [answer("p", 10), answer("d", 3), answer("n", 8)];
    // Unweighted: 1/3 − 1/3 = 0.
    expect(relationshipNps(answers, stakeholders, { now }).score).toBe(0);
    // Weighted: total 5 + 1 + 2 = 8; (5 − 1) / 8 = 50%.
    const weighted = relationshipNps(answers, stakeholders, { now, weighted: true });
    expect(weighted).toMatchObject({
      score: 50,
      weighted: true,
      promoters: 1,
      passives: 1,
      detractors: 1,
      respondents: 3,
    });
  });

  it("says few data under three respondents", () => {
    expect(relationshipNps([answer("a", 9), answer("b", 9)], people("a", "b"), { now }).fewData).toBe(true);
    expect(
      relationshipNps([answer("a", 9), answer("b", 9), answer("c", 9)], people("a", "b", "c"), { now }).fewData,
    ).toBe(false);
  });

  it("lists the counted answers newest first, with influence", () => {
    const list = latestNpsAnswers(
      [answer("a", 9, "2026-05-01T00:00:00Z"), answer("b", 3, "2026-09-01T00:00:00Z")],
      [
        { id: "a", influence: 2, leftFrom: null },
        { id: "b", influence: 5, leftFrom: null },
      ],
      now,
    );
    expect(list.map((x) => [x.stakeholderId, x.influence, x.category])).toEqual([
      ["b", 5, "detractor"],
      ["a", 2, "promoter"],
    ]);
  });
});
