// What scoring stores about an account: account_scores.factors, the figures
// with their explanation (ScoreFactors), and how to read it back.
import type { CoverageResult } from "../coverage.ts";
import type { DateWindow } from "../dates.ts";
import type { HealthResult } from "../health.ts";
import type { NpsCategory, NpsResult } from "../nps.ts";
import type { PredictabilityResult, Surprise } from "../predictability.ts";

/** How many surprises account_scores.factors and the page list (the counts are always complete). */
export const SURPRISES_LISTED = 100;

export interface StoredSurprise extends Omit<Surprise, "accountId"> {
  title: string;
}

/** The shape of account_scores.factors. Instants are ISO strings. */
export interface ScoreFactors {
  version: 1;
  computedAt: string;
  /** The vendor's calendar date the figures are for. */
  today: string;
  health: HealthResult;
  predictability: Omit<PredictabilityResult, "surprises"> & {
    window: DateWindow;
    /** Newest due date first; at most SURPRISES_LISTED of them (sample − predictable is the full count). */
    surprises: StoredSurprise[];
    /** Surprises among expectations due in the last 90 days (account_scores.surprises_90d). */
    surprises90d: number;
  };
  nps: Omit<NpsResult, "answers"> & {
    months: number;
    answers: { stakeholderId: string; score: number; answeredAt: string; category: NpsCategory; influence: number }[];
  };
  coverage: CoverageResult & { engagedDays: number };
  decisionMakerContact: { days: number | null; limitDays: number };
  /** Null when the account has no support cases on record. */
  support: { open: number; pastSla: number } | null;
  /** Null when the account has no invoices on record. */
  invoices: { troubles: number; disputed: number; overdue: number } | null;
  openSignals: number;
}

/** account_scores.factors as stored, or null when it is not a ScoreFactors (never computed). */
export function readScoreFactors(value: unknown): ScoreFactors | null {
  return value && typeof value === "object" && !Array.isArray(value) && (value as { version?: unknown }).version === 1
    ? (value as ScoreFactors)
    : null;
}
