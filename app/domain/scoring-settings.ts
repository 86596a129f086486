// Scoring settings an administrator may edit: the health factors' weights, the
// band thresholds, and the numbers the risk rules and windows run on. The
// defaults below are what runs until an administrator saves something else.

import { DEFAULT_NOTICE_CONTEST_DAYS } from "./notice.ts";

/** The health factors, in the order they are shown. */
export const HEALTH_FACTOR_KEYS = [
  "predictability",
  "sentiment",
  "nps",
  "dm_engagement",
  "support",
  "invoices",
  "coverage",
  "treatment",
] as const;
export type HealthFactorKey = (typeof HEALTH_FACTOR_KEYS)[number];

export interface ScoringSettings {
  /** Relative weights of the health factors; only their proportions matter. */
  weights: Record<HealthFactorKey, number>;
  /** Health from `healthyFrom` up is healthy; from `watchFrom` below that is watch; under `watchFrom` at risk. */
  bands: { healthyFrom: number; watchFrom: number };
  /** Health is judged only when at least this many (weighted) factors have data; else "not enough data". */
  minFactorsWithData: number;
  /**
   * Never "healthy" (Watch at best) with an open High signal (`highSignal`) or
   * predictability under `predictabilityBelow` (0..1; 0 turns that part off).
   */
  healthyCap: { highSignal: boolean; predictabilityBelow: number };
  /** Decision-maker contact: the risk rule fires after this many days without it; health reaches 0 at twice this. */
  dmContactDays: number;
  /** Decision-maker contact within this many days earns the full health score. */
  dmFullScoreDays: number;
  /** Predictability's default window, in months back from today. */
  predictabilityMonths: number;
  /** Relationship NPS counts answers from this many months back. */
  npsMonths: number;
  /** Whether relationship NPS weights each respondent by influence (1–5). */
  npsInfluenceWeighted: boolean;
  /** A stakeholder is engaged with two-way contact within this many days. */
  coverageEngagedDays: number;
  /** Health's sentiment factor averages this many latest rated touchpoints. */
  sentimentWindow: number;
  /** Taken off the sentiment factor's 0..1 score when the trend is falling. */
  sentimentFallingPenalty: number;
  /** An open expectation due within this many days with nothing delivered is a signal. */
  dueSoonDays: number;
  /** Repeated surprises: `surpriseCount` or more surprises due within the last `surpriseDays` days. */
  surpriseDays: number;
  surpriseCount: number;
  /** A detractor with influence from this value up is a signal. */
  highInfluenceFrom: number;
  /** A renewal within this many days with health under the watch band is a signal. */
  renewalSoonDays: number;
  /** An unpaid invoice overdue more than this many days is a signal (and a health trouble). */
  invoiceOverdueDays: number;
  /**
   * Days a customer has to contest a re-plan's notice before the account
   * manager's word stands without their confirmation (notice.ts).
   */
  noticeContestDays: number;
  /**
   * An expectation the customer stated in the portal and the account manager
   * has neither accepted nor declined this many days after it was stated (or
   * whose date has passed) is a signal (proposal_unanswered).
   */
  proposalAnswerDays: number;
  /** Solved but treated badly: `solvedBadlyCount` or more such touchpoints within the last `solvedBadlyDays` days. */
  solvedBadlyDays: number;
  solvedBadlyCount: number;
  /** A run of `belowExpectedCount` or more "below what I expected" ratings, the newest within `belowExpectedDays` days (disconfirmation.ts). */
  belowExpectedDays: number;
  belowExpectedCount: number;
  /** An NPS or CSAT answer follows a touchpoint when given at most this many days after it (docs/scoring.md, "Experience"). */
  experienceFollowDays: number;
}

export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  weights: {
    predictability: 40,
    sentiment: 15,
    nps: 15,
    dm_engagement: 10,
    support: 10,
    invoices: 5,
    coverage: 5,
    // How the customer felt treated: small by default (docs/scoring.md, "Experience").
    treatment: 5,
  },
  // Calibrated on the demo portfolio (docs/scoring.md, "Health").
  bands: { healthyFrom: 75, watchFrom: 55 },
  minFactorsWithData: 3,
  healthyCap: { highSignal: true, predictabilityBelow: 0.5 },
  dmContactDays: 60,
  dmFullScoreDays: 30,
  predictabilityMonths: 12,
  npsMonths: 12,
  npsInfluenceWeighted: false,
  coverageEngagedDays: 90,
  sentimentWindow: 10,
  sentimentFallingPenalty: 0.1,
  dueSoonDays: 14,
  surpriseDays: 90,
  surpriseCount: 2,
  highInfluenceFrom: 4,
  renewalSoonDays: 90,
  invoiceOverdueDays: 30,
  noticeContestDays: DEFAULT_NOTICE_CONTEST_DAYS,
  proposalAnswerDays: 14,
  solvedBadlyDays: 90,
  solvedBadlyCount: 2,
  belowExpectedDays: 90,
  belowExpectedCount: 3,
  experienceFollowDays: 30,
};
