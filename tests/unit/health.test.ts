import { describe, expect, it } from "vitest";
import {
  capHealth,
  computeHealth,
  countedReadings,
  healthBand,
  NEUTRAL_READING,
  normalizeDmEngagement,
  normalizeInvoices,
  normalizeNps,
  normalizeSentiment,
  normalizeSupport,
  normalizeTreatment,
  roundTenths,
  type HealthInput,
} from "#app/domain/health.ts";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import { resolveScoringSettings, ScoringSettingsSchema } from "#app/schemas/scoring-settings.ts";

const full: HealthInput = {
  predictability: 0.8,
  sentiments: [0, 0, 0, 0],
  nps: 20,
  daysSinceDecisionMakerContact: 75,
  support: { open: 2, pastSla: 1 },
  invoiceTroubles: 1,
  coverageRatio: 0.5,
  treatments: [4, 3],
};

// The worked examples below were written for these weights and bands (the
// defaults before calibration on the demo portfolio); they hold the arithmetic.
const worked: ScoringSettings = {
  ...DEFAULT_SCORING_SETTINGS,
  weights: { predictability: 30, sentiment: 15, nps: 15, dm_engagement: 15, support: 10, invoices: 5, coverage: 10, treatment: 0 },
  bands: { healthyFrom: 70, watchFrom: 45 },
};

const onlyWeight = (key: keyof ScoringSettings["weights"]): ScoringSettings => ({
  ...DEFAULT_SCORING_SETTINGS,
  weights: Object.fromEntries(HEALTH_FACTOR_KEYS.map((k) => [k, k === key ? 1 : 0])) as ScoringSettings["weights"],
});

describe("health factor normalizations", () => {
  it("maps felt treatment 1..5 to 0..1 over the latest window; none is no data", () => {
    expect(normalizeTreatment([], 10)).toBeNull();
    expect(normalizeTreatment([5, 5], 10)).toEqual({ mean: 5, score: 1, sample: 2 });
    // Mean of the latest two (2, 4) = 3 → (3 − 1) / 4 = 0.5; the older 1 is outside the window.
    expect(normalizeTreatment([2, 4, 1], 2)).toEqual({ mean: 3, score: 0.5, sample: 2 });
  });

  it("treatment weighs in with its small default weight, and is left out without data", () => {
    const base = { ...full, treatments: [] };
    const without = computeHealth(base);
    expect(without.factors.find((f) => f.key === "treatment")).toMatchObject({ available: false, points: 0 });
    const badly = computeHealth({ ...base, treatments: [1, 1] });
    const well = computeHealth({ ...base, treatments: [5, 5] });
    // Weight 5 of 105: at most about 4.8 points between treated badly and treated well.
    expect(well.score! - badly.score!).toBeCloseTo((5 / 105) * 100, 0);
    expect(badly.factors.find((f) => f.key === "treatment")).toMatchObject({ value: 1, score: 0, weight: 5 });
  });

  it("maps sentiment −2..2 to 0..1, with a penalty for a falling trend", () => {
    expect(normalizeSentiment([])).toBeNull();
    expect(normalizeSentiment([2, 2, 2])?.score).toBe(1);
    expect(normalizeSentiment([-2])?.score).toBe(0);
    // Mean 0.5 → (0.5 + 2) / 4 = 0.625; steady.
    expect(normalizeSentiment([1, 0, 1, 0])).toEqual({ mean: 0.5, score: 0.625, direction: "flat", sample: 4 });
    // Newest first: recent half mean −1, earlier half 1 → falling. Mean 0 → 0.5 − 0.1 = 0.4.
    const falling = normalizeSentiment([-1, -1, 1, 1])!;
    expect(falling.direction).toBe("down");
    expect(falling.score).toBeCloseTo(0.4, 10);
    // Never below 0: mean −2 is 0 already.
    expect(normalizeSentiment([-2, -2, -2, -2])?.score).toBe(0);
    // Only the latest `sentimentWindow` ratings count: the old −2s are outside.
    expect(normalizeSentiment([2, 2, -2, -2], { sentimentWindow: 2, sentimentFallingPenalty: 0.1 })?.score).toBe(1);
  });

  it("maps NPS −100..100 to 0..1", () => {
    expect([-100, 0, 20, 100].map(normalizeNps)).toEqual([0, 0.5, 0.6, 1]);
  });

  it("scores decision-maker contact: full to 30 days, none from twice the contact limit, linear between", () => {
    expect(normalizeDmEngagement(null)).toBe(0); // never any contact
    expect(normalizeDmEngagement(0)).toBe(1);
    expect(normalizeDmEngagement(30)).toBe(1);
    // (120 − 75) / (120 − 30) = 45 / 90 = 0.5
    expect(normalizeDmEngagement(75)).toBe(0.5);
    expect(normalizeDmEngagement(31)).toBeCloseTo(89 / 90, 10);
    expect(normalizeDmEngagement(120)).toBe(0);
    expect(normalizeDmEngagement(400)).toBe(0);
    // With a 90-day limit, zero at 180: (180 − 105) / (180 − 30) = 0.5.
    expect(normalizeDmEngagement(105, { dmContactDays: 90, dmFullScoreDays: 30 })).toBe(0.5);
  });

  it("scores support burden from open cases and cases past SLA", () => {
    expect(normalizeSupport(0, 0)).toBe(1);
    // 1 − (3 × 0.1 + 2 × 0.25) = 1 − 0.8 = 0.2
    expect(normalizeSupport(3, 2)).toBeCloseTo(0.2, 10);
    // 5 × 0.1 + 2 × 0.25 = 1.0 → 0; more stays 0.
    expect(normalizeSupport(5, 2)).toBeCloseTo(0, 10);
    expect(normalizeSupport(10, 10)).toBe(0);
  });

  it("scores invoice troubles", () => {
    expect(normalizeInvoices(0)).toBe(1);
    expect(normalizeInvoices(1)).toBeCloseTo(0.66, 10);
    expect(normalizeInvoices(2)).toBeCloseTo(0.32, 10);
    // 3 × 0.34 = 1.02 → capped at 1 → 0
    expect(normalizeInvoices(3)).toBe(0);
  });
});

describe("health", () => {
  it("adds up every factor's points with the default weights", () => {
    const r = computeHealth(full, worked);
    // Weights 30/15/15/15/10/5/10 = 100, so share = weight / 100.
    // predictability 0.8 × 30 = 24
    // sentiment mean 0 → 0.5 × 15 = 7.5
    // NPS 20 → 0.6 × 15 = 9
    // DM 75 days → 0.5 × 15 = 7.5
    // support 1 − (2 × 0.1 + 1 × 0.25) = 0.55 × 10 = 5.5
    // invoices 1 − 0.34 = 0.66 × 5 = 3.3
    // coverage 0.5 × 10 = 5
    // total 24 + 7.5 + 9 + 7.5 + 5.5 + 3.3 + 5 = 61.8 → watch (45 ≤ 61.8 < 70)
    expect(r.score).toBe(61.8);
    expect(r.band).toBe("watch");
    const points = Object.fromEntries(r.factors.map((f) => [f.key, f.points]));
    expect(points.predictability).toBeCloseTo(24, 10);
    expect(points.sentiment).toBeCloseTo(7.5, 10);
    expect(points.nps).toBeCloseTo(9, 10);
    expect(points.dm_engagement).toBeCloseTo(7.5, 10);
    expect(points.support).toBeCloseTo(5.5, 10);
    expect(points.invoices).toBeCloseTo(3.3, 10);
    expect(points.coverage).toBeCloseTo(5, 10);
    expect(r.factors.every((f) => f.available)).toBe(true);
    expect(r.factors.map((f) => f.key)).toEqual([...HEALTH_FACTOR_KEYS]);
    expect(r.factors.find((f) => f.key === "support")).toMatchObject({
      value: 2,
      weight: 10,
      share: 0.1,
      params: { open: 2, pastSla: 1 },
    });
    expect(r.factors.find((f) => f.key === "dm_engagement")).toMatchObject({ value: 75, score: 0.5 });
  });

  it("shares a missing factor's weight among the available ones in proportion", () => {
    const r = computeHealth(
      {
        predictability: null,
        sentiments: [],
        nps: null,
        daysSinceDecisionMakerContact: 10,
        support: { open: 0, pastSla: 0 },
        invoiceTroubles: 0,
        coverageRatio: 0.5,
      },
      worked,
    );
    // Available weights: DM 15 + support 10 + invoices 5 + coverage 10 = 40.
    // DM 1 × 15/40 = 37.5; support 1 × 10/40 = 25; invoices 1 × 5/40 = 12.5; coverage 0.5 × 10/40 = 12.5
    // total 87.5 → healthy
    expect(r.score).toBe(87.5);
    expect(r.band).toBe("healthy");
    const byKey = Object.fromEntries(r.factors.map((f) => [f.key, f]));
    expect(byKey.predictability).toMatchObject({
      available: false,
      value: null,
      score: null,
      share: 0,
      points: 0,
      weight: 30,
    });
    expect(byKey.sentiment?.available).toBe(false);
    expect(byKey.nps?.available).toBe(false);
    expect(byKey.dm_engagement?.share).toBe(0.375);
    expect(byKey.coverage?.points).toBeCloseTo(12.5, 10);
    expect(r.factors.reduce((a, f) => a + f.share, 0)).toBeCloseTo(1, 10);
  });

  it("counts never contacting a decision maker as data: zero, not missing", () => {
    const r = computeHealth({ ...full, daysSinceDecisionMakerContact: null }, worked);
    expect(r.factors.find((f) => f.key === "dm_engagement")).toMatchObject({
      available: true,
      score: 0,
      points: 0,
      params: { neverContacted: true },
    });
    // 61.8 − 7.5 = 54.3
    expect(r.score).toBe(54.3);
  });

  it("has no score, and the band 'not enough data', when no weighted factor has data", () => {
    const settings: ScoringSettings = {
      ...DEFAULT_SCORING_SETTINGS,
      weights: { ...DEFAULT_SCORING_SETTINGS.weights, dm_engagement: 0 },
    };
    const r = computeHealth(
      {
        predictability: null,
        sentiments: [],
        nps: null,
        daysSinceDecisionMakerContact: 5,
        support: null,
        invoiceTroubles: null,
        coverageRatio: null,
      },
      settings,
    );
    expect(r.score).toBeNull();
    expect(r.band).toBe("not_enough_data");
  });

  it("puts the band edges on the thresholds: 70 is healthy, 45 is watch", () => {
    const bands = worked.bands;
    expect(healthBand(100, bands)).toBe("healthy");
    expect(healthBand(70, bands)).toBe("healthy");
    expect(healthBand(69.9, bands)).toBe("watch");
    expect(healthBand(45, bands)).toBe("watch");
    expect(healthBand(44.9, bands)).toBe("at_risk");
    expect(healthBand(0, bands)).toBe("at_risk");
  });

  it("reads the band from the score it computes, with the settings' thresholds", () => {
    // Only predictability weighted: health = predictability × 100.
    // One weighted factor is enough to judge here (minFactorsWithData 1).
    const settings = { ...onlyWeight("predictability"), bands: worked.bands, minFactorsWithData: 1 };
    expect(computeHealth({ ...full, predictability: 0.7 }, settings)).toMatchObject({ score: 70, band: "healthy" });
    expect(computeHealth({ ...full, predictability: 0.45 }, settings)).toMatchObject({ score: 45, band: "watch" });
    expect(computeHealth({ ...full, predictability: 0.449 }, settings)).toMatchObject({ score: 44.9, band: "at_risk" });
    // 69.96 rounds to 70.0: the band follows the shown score.
    expect(computeHealth({ ...full, predictability: 0.6996 }, settings)).toMatchObject({ score: 70, band: "healthy" });
    const strict = { ...settings, bands: { healthyFrom: 80, watchFrom: 60 } };
    expect(computeHealth({ ...full, predictability: 0.7 }, strict).band).toBe("watch");
    expect(computeHealth({ ...full, predictability: 0.5 }, strict).band).toBe("at_risk");
  });
});

describe("health that tells the truth", () => {
  const empty: HealthInput = {
    predictability: null,
    sentiments: [],
    nps: null,
    daysSinceDecisionMakerContact: null,
    decisionMakerMapped: false,
    support: null,
    invoiceTroubles: null,
    coverageRatio: null,
  };

  it("calls an empty account 'not enough data': no score, not 0, not at risk", () => {
    const r = computeHealth(empty);
    expect(r).toMatchObject({ score: null, band: "not_enough_data", evidence: { factors: 0, needed: 3 } });
    expect(r.factors.every((f) => !f.available && f.points === 0)).toBe(true);
  });

  it("needs data for minFactorsWithData factors to judge (default 3)", () => {
    // A decision maker mapped but never contacted, and coverage: two factors.
    const two = computeHealth({ ...empty, decisionMakerMapped: true, coverageRatio: 0.25 });
    expect(two).toMatchObject({ score: null, band: "not_enough_data", evidence: { factors: 2, needed: 3 } });
    // A third (predictability) makes it judged; the two zeros and 0.25 weigh in.
    const three = computeHealth({ ...empty, decisionMakerMapped: true, coverageRatio: 0.25, predictability: 1 });
    expect(three.band).not.toBe("not_enough_data");
    expect(three.score).not.toBeNull();
    // A factor weighted 0 does not count towards the minimum.
    const zeroed = { ...DEFAULT_SCORING_SETTINGS, weights: { ...DEFAULT_SCORING_SETTINGS.weights, coverage: 0 } };
    expect(
      computeHealth({ ...empty, decisionMakerMapped: true, coverageRatio: 0.25, predictability: 1 }, zeroed).band,
    ).toBe("not_enough_data");
  });

  it("marks engagement 'no data' without a mapped decision maker, and 0 for one never contacted", () => {
    const unmapped = computeHealth({ ...full, decisionMakerMapped: false }, worked);
    expect(unmapped.factors.find((f) => f.key === "dm_engagement")).toMatchObject({ available: false, share: 0 });
    const never = computeHealth({ ...full, daysSinceDecisionMakerContact: null, decisionMakerMapped: true }, worked);
    expect(never.factors.find((f) => f.key === "dm_engagement")).toMatchObject({ available: true, score: 0 });
  });

  it("rounds once: the factors' shown points add up to the shown total", () => {
    // Three factors of equal weight at 1/3 each: exact points 11.11… each.
    const settings = {
      ...DEFAULT_SCORING_SETTINGS,
      weights: { predictability: 1, sentiment: 0, nps: 1, dm_engagement: 0, support: 0, invoices: 0, coverage: 1, treatment: 0 },
    };
    const r = computeHealth({ ...full, predictability: 1 / 3, nps: -100 + 200 / 3, coverageRatio: 1 / 3 }, settings);
    expect(r.score).toBe(33.3);
    const points = r.factors.filter((f) => f.available && f.weight > 0).map((f) => f.points);
    expect(points).toEqual([11.1, 11.1, 11.1]);
    expect(Math.round(points.reduce((a, b) => a + b, 0) * 10) / 10).toBe(r.score);
    // Whatever the inputs, the tenths add up.
    for (const p of [0.123, 0.456, 0.789, 0.999]) {
      const h = computeHealth({ ...full, predictability: p }, worked);
      const sum = Math.round(h.factors.reduce((a, f) => a + f.points * 10, 0));
      expect(sum).toBe(Math.round(h.score! * 10));
    }
  });

  it("rounds tenths by largest remainder", () => {
    expect(roundTenths([3.33, 3.33, 3.34])).toEqual({ total: 100, parts: [33, 33, 34] });
    expect(roundTenths([0.05, 0.05, 0.05])).toEqual({ total: 2, parts: [1, 1, 0] });
    expect(roundTenths([])).toEqual({ total: 0, parts: [] });
  });

  it("caps a Healthy score at Watch with an open High signal or predictability under 50 %, saying why", () => {
    const healthy = computeHealth({
      ...full,
      predictability: 1,
      sentiments: [2, 2],
      nps: 100,
      daysSinceDecisionMakerContact: 1,
    });
    expect(healthy.band).toBe("healthy");
    const signal = capHealth(healthy, { highSignalRules: ["key_person_left"], predictability: 1 });
    expect(signal).toMatchObject({
      score: healthy.score,
      band: "watch",
      cap: { scoreBand: "healthy", band: "watch", reasons: [{ kind: "high_signal", rules: ["key_person_left"] }] },
    });
    const low = capHealth(healthy, { highSignalRules: [], predictability: 0.49 });
    expect(low.band).toBe("watch");
    expect(low.cap?.reasons).toEqual([{ kind: "low_predictability", value: 0.49, below: 0.5 }]);
    // Exactly 50 % is not under 50 %; no High signal: no cap.
    expect(capHealth(healthy, { highSignalRules: [], predictability: 0.5 })).toBe(healthy);
    // The cap never lifts a band, and only Healthy is capped.
    const watch = computeHealth({ ...full, predictability: 0.3 });
    expect(capHealth(watch, { highSignalRules: ["key_person_left"], predictability: 0.3 })).toBe(watch);
    // Turned off in the settings.
    const off = { ...DEFAULT_SCORING_SETTINGS, healthyCap: { highSignal: false, predictabilityBelow: 0 } };
    expect(capHealth(healthy, { highSignalRules: ["key_person_left"], predictability: 0.1 }, off).band).toBe("healthy");
  });
});

describe("scoring settings", () => {
  it("accepts the defaults", () => {
    expect(ScoringSettingsSchema.safeParse(DEFAULT_SCORING_SETTINGS).success).toBe(true);
  });

  it("refuses a negative weight or a missing one", () => {
    const negative = { ...DEFAULT_SCORING_SETTINGS, weights: { ...DEFAULT_SCORING_SETTINGS.weights, nps: -1 } };
    expect(ScoringSettingsSchema.safeParse(negative).success).toBe(false);
    const { nps: _nps, ...withoutNps } = DEFAULT_SCORING_SETTINGS.weights;
    expect(ScoringSettingsSchema.safeParse({ ...DEFAULT_SCORING_SETTINGS, weights: withoutNps }).success).toBe(false);
  });

  it("refuses weights that are all zero, naming the weights", () => {
    const zero = Object.fromEntries(HEALTH_FACTOR_KEYS.map((k) => [k, 0]));
    const r = ScoringSettingsSchema.safeParse({ ...DEFAULT_SCORING_SETTINGS, weights: zero });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["weights"], params: { i18n: "scoringSettings.weightsAllZero" } });
    // One weight above zero is enough.
    expect(ScoringSettingsSchema.safeParse({ ...DEFAULT_SCORING_SETTINGS, weights: { ...zero, nps: 1 } }).success).toBe(
      true,
    );
  });

  it("refuses thresholds outside 0..100 or a watch threshold not below the healthy one", () => {
    const bands = (healthyFrom: number, watchFrom: number) =>
      ScoringSettingsSchema.safeParse({ ...DEFAULT_SCORING_SETTINGS, bands: { healthyFrom, watchFrom } });
    expect(bands(101, 45).success).toBe(false);
    expect(bands(70, -1).success).toBe(false);
    const equal = bands(60, 60);
    expect(equal.success).toBe(false);
    expect(equal.error?.issues[0]).toMatchObject({ path: ["bands", "watchFrom"] });
    expect(bands(60, 59).success).toBe(true);
    expect(bands(100, 0).success).toBe(true);
  });

  it("resolves stored settings over the defaults, and falls back to the defaults when invalid", () => {
    expect(resolveScoringSettings(null)).toEqual(DEFAULT_SCORING_SETTINGS);
    const partial = resolveScoringSettings({ bands: { healthyFrom: 80 }, weights: { nps: 0 }, dmContactDays: 45 });
    expect(partial.bands).toEqual({ healthyFrom: 80, watchFrom: DEFAULT_SCORING_SETTINGS.bands.watchFrom });
    // Settings saved before the judgement settings existed run with their defaults.
    expect(partial.minFactorsWithData).toBe(3);
    expect(partial.healthyCap).toEqual({ highSignal: true, predictabilityBelow: 0.5 });
    expect(resolveScoringSettings({ healthyCap: { predictabilityBelow: 0.4 } }).healthyCap).toEqual({
      highSignal: true,
      predictabilityBelow: 0.4,
    });
    expect(partial.weights).toEqual({ ...DEFAULT_SCORING_SETTINGS.weights, nps: 0 });
    expect(partial.dmContactDays).toBe(45);
    expect(resolveScoringSettings({ bands: { healthyFrom: 40 } })).toEqual(DEFAULT_SCORING_SETTINGS);
    expect(resolveScoringSettings({ weights: { nps: "a lot" } })).toEqual(DEFAULT_SCORING_SETTINGS);
  });
});

describe("staff readings count against interest only (countedReadings)", () => {
  const r = (value: number, confirmed = false) => ({ value, confirmed });

  it("holds a favourable reading the customer did not confirm at neutral, and counts the rest as typed", () => {
    // Sentiment, newest first: +2 unconfirmed → 0; +1 confirmed stays; 0 and −2 count as typed.
    expect(countedReadings([r(2), r(1, true), r(0), r(-2)], NEUTRAL_READING.sentiment)).toEqual({ values: [0, 1, 0, -2], unconfirmed: 1 });
    // Treatment: 5 and 4 unconfirmed → 3; 2 counts; a confirmed 5 stays.
    expect(countedReadings([r(5), r(4), r(2), r(5, true)], NEUTRAL_READING.treatment)).toEqual({ values: [3, 3, 2, 5], unconfirmed: 2 });
  });

  it("leaves nothing to count when nothing was read, and never turns bad news into good", () => {
    expect(countedReadings([], 0)).toEqual({ values: [], unconfirmed: 0 });
    expect(countedReadings([r(-1, true), r(-2)], 0)).toEqual({ values: [-1, -2], unconfirmed: 0 });
  });

  it("gives a glowing unconfirmed window the same health as a neutral one, and says so in the factor's explanation", () => {
    const base = { predictability: 0.8, nps: null, daysSinceDecisionMakerContact: 10, support: null, invoiceTroubles: null, coverageRatio: 0.5 };
    const glowing = countedReadings(Array.from({ length: 10 }, () => r(2)), NEUTRAL_READING.sentiment);
    const neutral = countedReadings(Array.from({ length: 10 }, () => r(0)), NEUTRAL_READING.sentiment);
    const a = computeHealth({ ...base, sentiments: glowing.values, unconfirmed: { sentiment: glowing.unconfirmed, treatment: 0 } });
    const b = computeHealth({ ...base, sentiments: neutral.values });
    expect(a.score).toBe(b.score);
    expect(a.factors.find((f) => f.key === "sentiment")!.params).toMatchObject({ sample: 10, unconfirmed: 10 });
  });
});
