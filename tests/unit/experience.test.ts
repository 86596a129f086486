import { describe, expect, it } from "vitest";
import {
  experienceQuadrants,
  experienceWindow,
  followedCsat,
  followedNps,
  momentsOfTruth,
  parseExperiencePeriod,
  quadrantOf,
  solvedButTreatedBadly,
  wentBadly,
  type ExperienceAnswer,
  type ExperienceTouchpoint,
} from "#app/domain/experience.ts";

const tp = (id: string, treatment: number | null, resolved: string | null, over: Partial<ExperienceTouchpoint> = {}): ExperienceTouchpoint => ({
  id,
  accountId: "acc",
  kind: "support_case",
  occurredAt: "2026-10-01T10:00:00Z",
  treatment,
  resolved,
  participants: [],
  ...over,
});

let seq = 0;
const answer = (kind: "nps" | "csat", score: number, answeredAt: string, over: Partial<ExperienceAnswer> = {}): ExperienceAnswer => ({
  id: `a${String((seq += 1)).padStart(3, "0")}`,
  accountId: "acc",
  stakeholderId: "anna",
  kind,
  score,
  answeredAt,
  touchpointId: null,
  ...over,
});

const opts = { followDays: 30, minAnswers: 1 };

describe("which quadrant a touchpoint falls in", () => {
  it("reads 4–5 as treated well, 1–2 as badly, yes as resolved and no/partly as not", () => {
    expect(quadrantOf({ treatment: 5, resolved: "yes" })).toBe("well_resolved");
    expect(quadrantOf({ treatment: 4, resolved: "partly" })).toBe("well_unresolved");
    expect(quadrantOf({ treatment: 2, resolved: "yes" })).toBe("badly_resolved");
    expect(quadrantOf({ treatment: 1, resolved: "no" })).toBe("badly_unresolved");
  });

  it("leaves a 3 (a tie between well and badly) and anything half recorded out", () => {
    expect(quadrantOf({ treatment: 3, resolved: "yes" })).toBeNull();
    expect(quadrantOf({ treatment: 5, resolved: null })).toBeNull();
    expect(quadrantOf({ treatment: null, resolved: "yes" })).toBeNull();
  });
});

describe("the four quadrants over a period", () => {
  it("an empty period: four empty cells, no figures, nothing left out", () => {
    const r = experienceQuadrants([], [], { followDays: 30 });
    expect(r.classified).toBe(0);
    expect(r.leftOut).toEqual({ treatedNeither: 0, noResolution: 0, noTreatment: 0 });
    for (const cell of Object.values(r.cells)) {
      expect(cell.touchpoints).toBe(0);
      expect(cell.nps).toEqual({ score: null, answers: 0, promoters: 0, passives: 0, detractors: 0 });
      expect(cell.csat).toEqual({ mean: null, answers: 0 });
    }
  });

  it("a touchpoint with treatment but no resolution is counted apart, not in a cell", () => {
    const r = experienceQuadrants(
      [tp("t1", 5, null), tp("t2", 3, "yes"), tp("t3", null, "no"), tp("t4", null, null), tp("t5", 1, "yes")],
      [answer("nps", 10, "2026-10-02T10:00:00Z")],
      opts,
    );
    expect(r.classified).toBe(1);
    expect(r.leftOut).toEqual({ treatedNeither: 1, noResolution: 1, noTreatment: 1 });
    expect(r.cells.badly_resolved.touchpoints).toBe(1);
    expect(r.cells.well_resolved.touchpoints).toBe(0);
    // Only the classified touchpoint's follower is counted.
    expect(r.cells.badly_resolved.nps).toMatchObject({ score: 100, answers: 1 });
  });

  it("hand-worked: the Virgin Media pattern, NPS and CSAT after each cell", () => {
    // Treated well, not resolved: followed by 9, 10, 7 → 2 promoters, 0 detractors of 3 → +67.
    // Solved, treated badly: followed by 3, 9, 6 → 1 promoter, 2 detractors of 3 → −33.
    const touchpoints = [
      tp("w1", 5, "no", { accountId: "A", occurredAt: "2026-09-01T08:00:00Z" }),
      tp("w2", 4, "partly", { accountId: "B", occurredAt: "2026-09-01T08:00:00Z" }),
      tp("w3", 4, "no", { accountId: "C", occurredAt: "2026-09-01T08:00:00Z" }),
      tp("b1", 2, "yes", { accountId: "D", occurredAt: "2026-09-01T08:00:00Z" }),
      tp("b2", 1, "yes", { accountId: "E", occurredAt: "2026-09-01T08:00:00Z" }),
      tp("b3", 2, "yes", { accountId: "F", occurredAt: "2026-09-01T08:00:00Z" }),
    ];
    const answers = [
      answer("nps", 9, "2026-09-05T08:00:00Z", { accountId: "A" }),
      answer("nps", 10, "2026-09-10T08:00:00Z", { accountId: "B" }),
      answer("nps", 7, "2026-09-20T08:00:00Z", { accountId: "C" }),
      answer("nps", 3, "2026-09-02T08:00:00Z", { accountId: "D" }),
      answer("nps", 9, "2026-09-03T08:00:00Z", { accountId: "E" }),
      answer("nps", 6, "2026-09-04T08:00:00Z", { accountId: "F" }),
      answer("csat", 4, "2026-09-02T08:00:00Z", { accountId: "A" }),
      answer("csat", 5, "2026-09-02T08:00:00Z", { accountId: "B" }),
      answer("csat", 2, "2026-09-02T08:00:00Z", { accountId: "D" }),
    ];
    const r = experienceQuadrants(touchpoints, answers, { followDays: 30, minAnswers: 3 });
    expect(r.cells.well_unresolved).toMatchObject({
      touchpoints: 3,
      nps: { score: 67, answers: 3, promoters: 2, passives: 1, detractors: 0 },
      // Two CSAT answers: under three, not enough data.
      csat: { mean: null, answers: 2 },
    });
    expect(r.cells.badly_resolved).toMatchObject({
      touchpoints: 3,
      nps: { score: -33, answers: 3, promoters: 1, passives: 0, detractors: 2 },
      csat: { mean: null, answers: 1 },
    });
  });

  it("says not enough data under the minimum, with the count", () => {
    const r = experienceQuadrants([tp("t1", 5, "yes")], [answer("nps", 10, "2026-10-01T11:00:00Z")], { followDays: 30 });
    expect(r.cells.well_resolved.nps).toEqual({ score: null, answers: 1, promoters: 1, passives: 0, detractors: 0 });
    expect(r.minAnswers).toBe(5);
  });

  it("an answer follows on or after the touchpoint and within followDays, not before or after", () => {
    const at = "2026-10-01T10:00:00Z";
    const cases: [string, boolean][] = [
      ["2026-10-01T09:59:59Z", false],
      ["2026-10-01T10:00:00Z", true], // the same instant: on or after
      ["2026-10-31T10:00:00Z", true], // exactly 30 days later
      ["2026-10-31T10:00:01Z", false],
    ];
    for (const [answeredAt, follows] of cases) {
      const r = experienceQuadrants([tp("t1", 5, "yes", { occurredAt: at })], [answer("nps", 9, answeredAt)], opts);
      expect(r.cells.well_resolved.nps.answers, answeredAt).toBe(follows ? 1 : 0);
    }
  });

  it("ties: the first answer counts, and answers at the same instant are ordered by id", () => {
    const r = experienceQuadrants(
      [tp("t1", 5, "yes")],
      [
        answer("nps", 2, "2026-10-05T10:00:00Z", { id: "b" }),
        answer("nps", 10, "2026-10-05T10:00:00Z", { id: "a" }),
        answer("nps", 0, "2026-10-03T10:00:00Z", { id: "z", accountId: "other" }),
      ],
      opts,
    );
    expect(r.cells.well_resolved.nps).toMatchObject({ answers: 1, promoters: 1, score: 100 });
  });

  it("prefers the people who took part; anyone at the account when no one is recorded", () => {
    const answers = [answer("nps", 0, "2026-10-02T10:00:00Z", { stakeholderId: "bob" }), answer("nps", 10, "2026-10-03T10:00:00Z", { stakeholderId: "anna" })];
    const withAnna = experienceQuadrants([tp("t1", 5, "yes", { participants: ["anna"] })], answers, opts);
    expect(withAnna.cells.well_resolved.nps.promoters).toBe(1);
    const nobody = experienceQuadrants([tp("t1", 5, "yes")], answers, opts);
    expect(nobody.cells.well_resolved.nps.detractors).toBe(1);
  });

  it("a CSAT given about the touchpoint counts first, whenever; one about another touchpoint never", () => {
    const r = experienceQuadrants(
      [tp("t1", 2, "yes"), tp("t2", 5, "yes", { occurredAt: "2026-10-01T12:00:00Z" })],
      [
        answer("csat", 5, "2026-10-01T11:00:00Z", { touchpointId: "t2" }), // about t2, though before it by the clock
        answer("csat", 1, "2026-12-20T10:00:00Z", { touchpointId: "t1" }), // late, but about t1
        answer("csat", 3, "2026-10-02T10:00:00Z"),
      ],
      opts,
    );
    expect(r.cells.badly_resolved.csat).toEqual({ mean: 1, answers: 1 });
    expect(r.cells.well_resolved.csat).toEqual({ mean: 5, answers: 1 });
  });

  it("one answer may follow several touchpoints and counts after each", () => {
    const r = experienceQuadrants(
      [tp("t1", 5, "no"), tp("t2", 1, "yes", { occurredAt: "2026-10-02T10:00:00Z" })],
      [answer("nps", 8, "2026-10-03T10:00:00Z")],
      opts,
    );
    expect(r.cells.well_unresolved.nps.answers).toBe(1);
    expect(r.cells.badly_resolved.nps.answers).toBe(1);
  });
});

describe("figures after a cell", () => {
  it("NPS rounds halves away from zero and never shows −0", () => {
    // 1 promoter, 0 detractors of 8 → 12.5 → 13; 1 detractor of 8 → −12.5 → −13.
    expect(followedNps([10, 7, 7, 7, 7, 7, 7, 7], 5).score).toBe(13);
    expect(followedNps([0, 7, 7, 7, 7, 7, 7, 7], 5).score).toBe(-13);
    expect(Object.is(followedNps([9, 0, 7, 7, 7], 5).score, 0)).toBe(true);
    // 25 promoters and 2 detractors of 40 → 57.5 → 58, as the counts beside it make it (figured as a
    // share first, (23 / 40) × 100 is 57.49999999999999, which showed 57).
    const answers = [...Array<number>(25).fill(10), 0, 0, ...Array<number>(13).fill(8)];
    expect(followedNps(answers, 5).score).toBe(58);
  });

  it("CSAT is the mean to one decimal", () => {
    expect(followedCsat([4, 5, 4, 4, 5], 5)).toEqual({ mean: 4.4, answers: 5 });
    expect(followedCsat([4, 5], 5)).toEqual({ mean: null, answers: 2 });
  });
});

describe("moments of truth per kind", () => {
  it("an empty period has no rows", () => {
    expect(momentsOfTruth([], [])).toMatchObject({ touchpoints: 0, momentsOfTruth: 0, byKind: [] });
  });

  it("counts how the moments went and orders kinds by moments, then share, then name", () => {
    const r = momentsOfTruth(
      [
        { kind: "support_case", touchpoints: 10 },
        { kind: "invoice", touchpoints: 4 },
        { kind: "delivery", touchpoints: 2 },
        { kind: "meeting", touchpoints: 20 },
      ],
      [
        { kind: "support_case", treatment: 1, resolved: "yes", momentOfTruth: true, positiveSurprise: false },
        { kind: "support_case", treatment: 5, resolved: "no", momentOfTruth: true, positiveSurprise: false },
        { kind: "invoice", treatment: 4, resolved: "yes", momentOfTruth: true, positiveSurprise: false },
        { kind: "invoice", treatment: null, resolved: "partly", momentOfTruth: true, positiveSurprise: false },
        { kind: "delivery", treatment: 3, resolved: null, momentOfTruth: true, positiveSurprise: true },
        { kind: "meeting", treatment: 5, resolved: null, momentOfTruth: false, positiveSurprise: true },
      ],
    );
    // support_case and invoice tie on 2 moments: invoice's share (2/4) beats support's (2/10).
    expect(r.byKind.map((k) => k.kind)).toEqual(["invoice", "support_case", "delivery", "meeting"]);
    expect(r.byKind[1]).toEqual({
      kind: "support_case",
      touchpoints: 10,
      momentsOfTruth: 2,
      positiveSurprises: 0,
      treatedWell: 1,
      treatedBadly: 1,
      resolved: 1,
      unresolved: 1,
      wentBadly: 2,
    });
    // "partly" alone does not go badly; treatment 3 is neither well nor badly.
    expect(r.byKind[0]).toMatchObject({ wentBadly: 0, resolved: 1, unresolved: 1, treatedWell: 1 });
    expect(r.byKind[2]).toMatchObject({ momentsOfTruth: 1, positiveSurprises: 1, treatedWell: 0, treatedBadly: 0, wentBadly: 0 });
    expect(r).toMatchObject({ touchpoints: 36, momentsOfTruth: 5, positiveSurprises: 2, wentBadly: 2 });
  });

  it("ties on moments and share fall back to the kind's name", () => {
    const r = momentsOfTruth(
      [
        { kind: "invoice", touchpoints: 2 },
        { kind: "delivery", touchpoints: 2 },
      ],
      [
        { kind: "invoice", treatment: null, resolved: null, momentOfTruth: true, positiveSurprise: false },
        { kind: "delivery", treatment: null, resolved: null, momentOfTruth: true, positiveSurprise: false },
      ],
    );
    expect(r.byKind.map((k) => k.kind)).toEqual(["delivery", "invoice"]);
  });

  it("went badly: treated badly, or not resolved at all", () => {
    expect(wentBadly({ treatment: 2, resolved: "yes" })).toBe(true);
    expect(wentBadly({ treatment: 5, resolved: "no" })).toBe(true);
    expect(wentBadly({ treatment: 5, resolved: "partly" })).toBe(false);
    expect(wentBadly({ treatment: null, resolved: null })).toBe(false);
  });
});

describe("helpers", () => {
  it("solved but treated badly picks the badly_resolved quadrant", () => {
    const list = [tp("a", 2, "yes"), tp("b", 2, "partly"), tp("c", 3, "yes"), tp("d", 1, "yes")];
    expect(solvedButTreatedBadly(list).map((t) => t.id)).toEqual(["a", "d"]);
  });

  it("the period chooser falls back to 12 months", () => {
    expect(parseExperiencePeriod("6")).toBe(6);
    expect(parseExperiencePeriod("7")).toBe(12);
    expect(parseExperiencePeriod(null)).toBe(12);
  });
});

describe("experienceWindow", () => {
  it("runs over the whole calendar months before this one and this month up to today", () => {
    expect(experienceWindow("2026-12-06", 3)).toEqual({ from: "2026-09-01", to: "2026-12-06" });
    expect(experienceWindow("2026-12-01", 12)).toEqual({ from: "2025-12-01", to: "2026-12-01" });
    expect(experienceWindow("2026-03-31", 1)).toEqual({ from: "2026-02-01", to: "2026-03-31" });
    expect(experienceWindow("2026-01-15", 24)).toEqual({ from: "2024-01-01", to: "2026-01-15" });
  });
});
