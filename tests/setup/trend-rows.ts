// Rows of the trends' sums per month and KAM, written by hand in tests: a
// month-end's accounts per band and sums (nothing unless given), and a month's
// verdict sums.

export type Kam = { owner_id: string; owner_name: string };

export const snapshotRow = (month: string, kam: Kam, values: Record<string, number | string | null> = {}) => ({
  month,
  ...kam,
  healthy: 0,
  watch: 0,
  at_risk: 0,
  not_enough_data: 0,
  unscored: 0,
  health_sum: null as string | null,
  health_count: 0,
  nps_weighted: null as string | null,
  nps_respondents: 0,
  ...values,
});

export const verdictRow = (
  month: string,
  kam: Kam,
  v: { weight_total: number; predictable_weight: number; sample: number; surprises: number },
) => ({ month, ...kam, ...v });
