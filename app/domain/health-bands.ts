// An account's health bands (app/domain/health.ts judges them), on their own so
// the portfolio's filters can offer them without the browser loading the scoring.

/** The bands of an account's health: judged by its score, or not enough data to judge it. */
export const HEALTH_BANDS = ["healthy", "watch", "at_risk", "not_enough_data"] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];
