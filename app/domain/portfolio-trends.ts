import { healthTenths, meanHealth } from "./health.ts";
import { roundHalfAwayFromZero } from "./nps.ts";
import { FEW_PREDICTABILITY_SAMPLE } from "./predictability.ts";

// The portfolio's months (and each KAM's) from the sums stored per month and
// KAM: the month-end snapshots' and the verdicts'. Whatever they were read
// from, and however they were split (per KAM, or already summed over KAMs), the
// same sums give the same figures: health is added in whole tenths, the other
// sums are whole numbers, so no sum depends on the order it was added in.

export interface MonthTrend {
  /** The month's first day, 'YYYY-MM-DD'. */
  month: string;
  /** Accounts per band at the month's end (the current month: today), from their latest snapshot by then. */
  bands: { healthy: number; watch: number; at_risk: number; not_enough_data: number; unscored: number };
  /** Accounts with a snapshot by the month's end. */
  accounts: number;
  avgHealth: number | null;
  /** The health figures behind avgHealth: accounts with a score (not those without enough data, nor unscored). */
  healthSample: number;
  /** Respondent-weighted mean of the accounts' relationship NPS at the month's end. */
  nps: number | null;
  npsRespondents: number;
  /**
   * Of the expectations due in the month (and those still overdue in it):
   * importance-weighted share delivered as the customer was told.
   */
  predictability: number | null;
  predictabilitySample: number;
  fewData: boolean;
  /** Expectations due in the month that surprised the customer, and those still open and overdue in it. */
  surprises: number;
}

export interface KamTrend {
  kamId: string;
  kamName: string;
  months: MonthTrend[];
}

export const BANDS = ["healthy", "watch", "at_risk", "not_enough_data", "unscored"] as const;

/** A month's end, as accounts per band and the sums over them (health with one decimal, as text). */
export type SnapshotSums = Record<(typeof BANDS)[number], number> & {
  month: string;
  health_sum: string | null;
  health_count: number;
  nps_weighted: string | null;
  nps_respondents: number;
};

/** Whose figures a row holds: one KAM's (the owner of the accounts summed). */
export type OfKam = { owner_id: string; owner_name: string };

/** A month's end for one band (null: the accounts not scored yet): its accounts and the sums over them. */
export type BandSums = Omit<SnapshotSums, (typeof BANDS)[number]> & {
  band: Exclude<(typeof BANDS)[number], "unscored"> | null;
  accounts: number;
};

/** Health sums (one decimal, as text) added exactly, in tenths. */
export const addHealthSums = (a: string | null, b: string | null) =>
  ((healthTenths(a) + healthTenths(b)) / 10).toFixed(1);

/**
 * Rows per band summed per month and KAM: each KAM's accounts in each band and
 * the sums over all its bands, the shape assembleTrends takes (and the closed
 * months' rollups are read in). Health is added in tenths, the NPS weights
 * (whole numbers) as numbers, so the order of the rows does not matter.
 */
export function sumBands(rows: (BandSums & OfKam)[]): (SnapshotSums & OfKam)[] {
  const out = new Map<string, SnapshotSums & OfKam>();
  for (const r of rows) {
    const key = `${r.month} ${r.owner_id}`;
    let s = out.get(key);
    if (!s) {
      const { month, owner_id, owner_name } = r;
      s = {
        month,
        owner_id,
        owner_name,
        healthy: 0,
        watch: 0,
        at_risk: 0,
        not_enough_data: 0,
        unscored: 0,
        health_sum: null,
        health_count: 0,
        nps_weighted: null,
        nps_respondents: 0,
      };
      out.set(key, s);
    }
    s[r.band ?? "unscored"] += r.accounts;
    if (r.health_sum != null) s.health_sum = addHealthSums(s.health_sum, r.health_sum);
    s.health_count += r.health_count;
    if (r.nps_weighted != null) s.nps_weighted = String(Number(s.nps_weighted ?? 0) + Number(r.nps_weighted));
    s.nps_respondents += r.nps_respondents;
  }
  return [...out.values()];
}

/** A month's verdicts: importance weights and counts. */
export type VerdictSums = {
  month: string;
  weight_total: number;
  predictable_weight: number;
  sample: number;
  surprises: number;
};

interface Sums {
  bands: MonthTrend["bands"];
  /** Health summed in tenths: exact. */
  healthTenths: number;
  healthCount: number;
  npsWeighted: number;
  npsRespondents: number;
  weightTotal: number;
  predictableWeight: number;
  sample: number;
  surprises: number;
}

const emptySums = (): Sums => ({
  bands: { healthy: 0, watch: 0, at_risk: 0, not_enough_data: 0, unscored: 0 },
  healthTenths: 0,
  healthCount: 0,
  npsWeighted: 0,
  npsRespondents: 0,
  weightTotal: 0,
  predictableWeight: 0,
  sample: 0,
  surprises: 0,
});

function toMonth(month: string, s: Sums): MonthTrend {
  const accounts = s.bands.healthy + s.bands.watch + s.bands.at_risk + s.bands.not_enough_data + s.bands.unscored;
  return {
    month,
    bands: { ...s.bands },
    accounts,
    avgHealth: meanHealth(s.healthTenths, s.healthCount),
    healthSample: s.healthCount,
    nps: s.npsRespondents ? roundHalfAwayFromZero(s.npsWeighted / s.npsRespondents) : null,
    npsRespondents: s.npsRespondents,
    predictability: s.weightTotal > 0 ? s.predictableWeight / s.weightTotal : null,
    predictabilitySample: s.sample,
    fewData: s.sample < FEW_PREDICTABILITY_SAMPLE,
    surprises: s.surprises,
  };
}

function addSnapshot(s: Sums, r: SnapshotSums) {
  for (const band of BANDS) s.bands[band] += r[band];
  if (r.health_sum != null) {
    s.healthTenths += healthTenths(r.health_sum);
    s.healthCount += r.health_count;
  }
  if (r.nps_weighted != null) s.npsWeighted += Number(r.nps_weighted);
  s.npsRespondents += r.nps_respondents;
}

function addVerdicts(s: Sums, r: VerdictSums) {
  s.weightTotal += r.weight_total;
  s.predictableWeight += r.predictable_weight;
  s.sample += r.sample;
  s.surprises += r.surprises;
}

/** The months `starts` from every row given, whoever's they are (rows of other months are left out). */
function monthTotals(starts: string[], snapshots: SnapshotSums[], verdicts: VerdictSums[]): MonthTrend[] {
  const total = new Map(starts.map((m) => [m, emptySums()]));
  for (const r of snapshots) {
    const s = total.get(r.month);
    if (s) addSnapshot(s, r);
  }
  for (const r of verdicts) {
    const s = total.get(r.month);
    if (s) addVerdicts(s, r);
  }
  return starts.map((m) => toMonth(m, total.get(m)!));
}

/**
 * The months as a whole, and the same months per KAM (every KAM with a row),
 * by name, from the month-end sums and the verdict sums per month and KAM.
 */
export function assembleTrends(
  starts: string[],
  snapshots: (SnapshotSums & OfKam)[],
  verdicts: (VerdictSums & OfKam)[],
): { months: MonthTrend[]; kams: KamTrend[] } {
  const rows = new Map<string, { name: string; snapshots: SnapshotSums[]; verdicts: VerdictSums[] }>();
  const of = (r: OfKam) => {
    let kam = rows.get(r.owner_id);
    if (!kam) rows.set(r.owner_id, (kam = { name: r.owner_name, snapshots: [], verdicts: [] }));
    return kam;
  };
  for (const r of snapshots) of(r).snapshots.push(r);
  for (const r of verdicts) of(r).verdicts.push(r);
  const kams = [...rows]
    .map(([kamId, k]) => ({ kamId, kamName: k.name, months: monthTotals(starts, k.snapshots, k.verdicts) }))
    .sort((a, b) => a.kamName.localeCompare(b.kamName) || a.kamId.localeCompare(b.kamId));
  return { months: monthTotals(starts, snapshots, verdicts), kams };
}
