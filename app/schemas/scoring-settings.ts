import { z } from "zod";
import { NOTICE_CONTEST_DAYS } from "#app/domain/notice.ts";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS, type HealthFactorKey, type ScoringSettings } from "#app/domain/scoring-settings.ts";

// The scoring settings as stored and as an administrator edits them.

const weight = z.number().min(0).max(1000);
const threshold = z.number().min(0).max(100);
const days = z.number().int().min(1).max(3650);
const months = z.number().int().min(1).max(120);

/**
 * An administrator's edit of the settings. Weights are non-negative and at least
 * one is above zero; thresholds lie in 0..100 with watchFrom below healthyFrom.
 * Custom rules name their message with `params.i18n` (see app/i18n/validation.ts).
 */
export const ScoringSettingsSchema = z
  .object({
    weights: z.object(
      Object.fromEntries(HEALTH_FACTOR_KEYS.map((k) => [k, weight])) as Record<HealthFactorKey, typeof weight>,
    ),
    bands: z.object({ healthyFrom: threshold, watchFrom: threshold }),
    minFactorsWithData: z.number().int().min(1).max(HEALTH_FACTOR_KEYS.length),
    healthyCap: z.object({ highSignal: z.boolean(), predictabilityBelow: z.number().min(0).max(1) }),
    dmContactDays: days,
    dmFullScoreDays: days,
    predictabilityMonths: months,
    npsMonths: months,
    npsInfluenceWeighted: z.boolean(),
    coverageEngagedDays: days,
    sentimentWindow: z.number().int().min(1).max(100),
    sentimentFallingPenalty: z.number().min(0).max(1),
    dueSoonDays: days,
    surpriseDays: days,
    surpriseCount: z.number().int().min(1).max(100),
    highInfluenceFrom: z.number().int().min(1).max(5),
    renewalSoonDays: days,
    invoiceOverdueDays: days,
    noticeContestDays: z.number().int().min(NOTICE_CONTEST_DAYS.min).max(NOTICE_CONTEST_DAYS.max),
    proposalAnswerDays: days,
    solvedBadlyDays: days,
    solvedBadlyCount: z.number().int().min(1).max(100),
    belowExpectedDays: days,
    belowExpectedCount: z.number().int().min(1).max(100),
    experienceFollowDays: days,
  })
  .refine((s) => Object.values(s.weights).reduce((a, b) => a + b, 0) > 0, {
    path: ["weights"],
    params: { i18n: "scoringSettings.weightsAllZero" },
  })
  .refine((s) => s.bands.watchFrom < s.bands.healthyFrom, {
    path: ["bands", "watchFrom"],
    params: { i18n: "scoringSettings.watchBelowHealthy" },
  });

/**
 * The settings to score with, from what is stored (possibly a partial or an
 * older shape): stored values over the defaults, section by section. Anything
 * that does not validate falls back to the defaults as a whole, so scoring never
 * runs on a half-valid configuration.
 */
export function resolveScoringSettings(stored: unknown): ScoringSettings {
  if (!stored || typeof stored !== "object") return DEFAULT_SCORING_SETTINGS;
  const s = stored as Partial<Record<keyof ScoringSettings, unknown>>;
  const merged = {
    ...DEFAULT_SCORING_SETTINGS,
    ...s,
    weights: { ...DEFAULT_SCORING_SETTINGS.weights, ...(isObject(s.weights) ? s.weights : {}) },
    bands: { ...DEFAULT_SCORING_SETTINGS.bands, ...(isObject(s.bands) ? s.bands : {}) },
    healthyCap: { ...DEFAULT_SCORING_SETTINGS.healthyCap, ...(isObject(s.healthyCap) ? s.healthyCap : {}) },
  };
  const parsed = ScoringSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SCORING_SETTINGS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The domain's schema, its refinements kept. An unticked checkbox sends nothing,
// which means "no": the default only fills a missing value, so the output type
// is the domain's boolean (the cast tells safeExtend so).
export const SettingsForm = ScoringSettingsSchema.safeExtend({
  npsInfluenceWeighted: z.boolean().default(false) as unknown as z.ZodBoolean,
  healthyCap: z.object({
    highSignal: z.boolean().default(false) as unknown as z.ZodBoolean,
    predictabilityBelow: z.number().min(0).max(1),
  }),
});

export const SettingsVersion = z.coerce.number().int().min(0);
