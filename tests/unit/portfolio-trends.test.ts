import { describe, expect, it } from "vitest";
import { assembleTrends, sumBands, type BandSums } from "#app/domain/portfolio-trends.ts";
import { snapshotRow, verdictRow } from "#tests/setup/trend-rows.ts";

// The trends' months from sums per month and KAM, worked by hand.

const AINO = { owner_id: "a", owner_name: "Aino" };
const BERTTA = { owner_id: "b", owner_name: "Bertta" };
const ANTTI = { owner_id: "c", owner_name: "Antti" };
const none = { healthy: 0, watch: 0, at_risk: 0, not_enough_data: 0, unscored: 0 };

describe("portfolio trends from sums per month and KAM", () => {
  it("adds health in tenths: 60.3 and 70.6 over two accounts are a mean of 65.45, shown as 65.5", () => {
    // Added as floating point numbers, 60.3 + 70.6 is 130.89999999999998: a mean of 65.4 for the
    // portfolio, though its accounts' figures make 65.45.
    const { months, kams } = assembleTrends(
      ["2026-11-01"],
      [
        snapshotRow("2026-11-01", AINO, { healthy: 1, health_sum: "60.3", health_count: 1 }),
        snapshotRow("2026-11-01", BERTTA, { watch: 1, health_sum: "70.6", health_count: 1 }),
      ],
      [],
    );
    expect(months[0]!.avgHealth).toBe(65.5);
    expect(months[0]!.accounts).toBe(2);
    expect(months[0]!.bands).toEqual({ healthy: 1, watch: 1, at_risk: 0, not_enough_data: 0, unscored: 0 });
    expect(kams.map((k) => [k.kamName, k.months[0]!.avgHealth])).toEqual([
      ["Aino", 60.3],
      ["Bertta", 70.6],
    ]);
  });

  it("weighs NPS by respondents and predictability by importance, with the sample behind each", () => {
    const { months, kams } = assembleTrends(
      ["2026-10-01", "2026-11-01"],
      [
        // Aino: NPS +30 from 10 respondents (weighted 300); Bertta: -10 from 5 (weighted -50).
        snapshotRow("2026-11-01", AINO, {
          healthy: 2,
          health_sum: "150.0",
          health_count: 2,
          nps_weighted: "300",
          nps_respondents: 10,
        }),
        snapshotRow("2026-11-01", BERTTA, {
          at_risk: 1,
          unscored: 1,
          health_sum: "40.0",
          health_count: 1,
          nps_weighted: "-50",
          nps_respondents: 5,
        }),
      ],
      [
        verdictRow("2026-11-01", AINO, { weight_total: 6, predictable_weight: 5, sample: 4, surprises: 0 }),
        verdictRow("2026-11-01", BERTTA, { weight_total: 4, predictable_weight: 1, sample: 3, surprises: 2 }),
      ],
    );
    const november = months[1]!;
    // (300 - 50) / 15 = 16.67, shown as +17; (150 + 40) / 3 = 63.33, shown as 63.3.
    expect([november.nps, november.npsRespondents, november.avgHealth, november.accounts]).toEqual([17, 15, 63.3, 4]);
    // The mean's sample is the three accounts with a health figure, not the four accounts (one unscored).
    expect(november.healthSample).toBe(3);
    // (5 + 1) / (6 + 4) of 7 expectations: enough data (5 or more), two surprises.
    expect([november.predictability, november.predictabilitySample, november.fewData, november.surprises]).toEqual([
      0.6,
      7,
      false,
      2,
    ]);
    // Aino alone has 4: few data, though the share is high.
    expect(kams[0]!.months[1]).toMatchObject({ predictability: 5 / 6, predictabilitySample: 4, fewData: true });
  });

  it("rounds NPS as every NPS in the product is rounded: halves away from zero, never -0", () => {
    const { months } = assembleTrends(
      ["2026-10-01", "2026-11-01"],
      [
        // October: (-100 - 65) / 10 = -16.5, shown as -17 (as the portfolio's KAM comparison shows it).
        snapshotRow("2026-10-01", AINO, { watch: 1, nps_weighted: "-100", nps_respondents: 8 }),
        snapshotRow("2026-10-01", BERTTA, { watch: 1, nps_weighted: "-65", nps_respondents: 2 }),
        // November: -4 / 10 = -0.4, shown as 0.
        snapshotRow("2026-11-01", AINO, { watch: 1, nps_weighted: "-4", nps_respondents: 10 }),
      ],
      [],
    );
    expect(months[0]!.nps).toBe(-17);
    expect(months[1]!.nps).toBe(0);
  });

  it("says a month without figures has none, rather than zeros", () => {
    const { months } = assembleTrends(
      ["2026-10-01", "2026-11-01"],
      [snapshotRow("2026-11-01", AINO, { healthy: 1, health_sum: "80.0", health_count: 1 })],
      [],
    );
    expect(months[0]).toEqual({
      month: "2026-10-01",
      bands: none,
      accounts: 0,
      avgHealth: null,
      healthSample: 0,
      nps: null,
      npsRespondents: 0,
      predictability: null,
      predictabilitySample: 0,
      fewData: true,
      surprises: 0,
    });
    // Accounts not scored yet count as accounts, not in the mean.
    const unscored = assembleTrends(["2026-11-01"], [snapshotRow("2026-11-01", AINO, { unscored: 3 })], []);
    expect([unscored.months[0]!.accounts, unscored.months[0]!.avgHealth]).toEqual([3, null]);
  });

  it("lists every KAM with a figure by name, leaves out months not asked for", () => {
    const { months, kams } = assembleTrends(
      ["2026-11-01"],
      [
        snapshotRow("2026-11-01", BERTTA, { healthy: 1, health_sum: "90.0", health_count: 1 }),
        snapshotRow("2026-09-01", AINO, { healthy: 5, health_sum: "400.0", health_count: 5 }),
      ],
      [verdictRow("2026-11-01", ANTTI, { weight_total: 2, predictable_weight: 2, sample: 1, surprises: 0 })],
    );
    expect(kams.map((k) => k.kamName)).toEqual(["Aino", "Antti", "Bertta"]);
    // September is not among the months: Aino is listed (she has a row) with no figures, and the total leaves it out.
    expect(kams[0]!.months[0]!.accounts).toBe(0);
    expect([months[0]!.accounts, months[0]!.avgHealth, months[0]!.predictabilitySample]).toEqual([1, 90, 1]);
  });
});

describe("month-end rows per band summed per month and KAM", () => {
  const band = (month: string, kam: typeof AINO, b: BandSums["band"], values: Partial<BandSums> = {}) => ({
    month,
    ...kam,
    band: b,
    accounts: 0,
    health_sum: null,
    health_count: 0,
    nps_weighted: null,
    nps_respondents: 0,
    ...values,
  });

  it("puts each band's accounts in its column and adds the sums of all bands, health exactly in tenths", () => {
    const rows = [
      // Aino in November: 2 healthy (80.1 + 80.2), 1 at risk (30.1), 2 without enough data, 1 not scored.
      band("2026-11-01", AINO, "healthy", {
        accounts: 2,
        health_sum: "160.3",
        health_count: 2,
        nps_weighted: "300",
        nps_respondents: 10,
      }),
      band("2026-11-01", AINO, "at_risk", {
        accounts: 1,
        health_sum: "30.1",
        health_count: 1,
        nps_weighted: "-40",
        nps_respondents: 4,
      }),
      band("2026-11-01", AINO, "not_enough_data", { accounts: 2 }),
      band("2026-11-01", AINO, null, { accounts: 1 }),
      // The same KAM in October, and another KAM in November: rows of their own.
      band("2026-10-01", AINO, "watch", { accounts: 1, health_sum: "55.5", health_count: 1 }),
      band("2026-11-01", BERTTA, "healthy", { accounts: 1, health_sum: "70.6", health_count: 1 }),
    ];
    const sums = sumBands(rows);
    expect(sums).toEqual([
      {
        month: "2026-11-01",
        ...AINO,
        ...none,
        healthy: 2,
        at_risk: 1,
        not_enough_data: 2,
        unscored: 1,
        // 160.3 + 30.1 is 190.39999999999998 as floating point numbers.
        health_sum: "190.4",
        health_count: 3,
        nps_weighted: "260",
        nps_respondents: 14,
      },
      {
        month: "2026-10-01",
        ...AINO,
        ...none,
        watch: 1,
        health_sum: "55.5",
        health_count: 1,
        nps_weighted: null,
        nps_respondents: 0,
      },
      {
        month: "2026-11-01",
        ...BERTTA,
        ...none,
        healthy: 1,
        health_sum: "70.6",
        health_count: 1,
        nps_weighted: null,
        nps_respondents: 0,
      },
    ]);
    // In whatever order the rows come, the sums are the same.
    const reversed = sumBands([...rows].reverse());
    const byKey = (xs: typeof sums) => Object.fromEntries(xs.map((s) => [`${s.month} ${s.owner_id}`, s]));
    expect(byKey(reversed)).toEqual(byKey(sums));
  });
});
