import { z } from "zod";
import { HEALTH_FACTOR_KEYS } from "#app/domain/scoring-settings.ts";
import { RISK_RULES } from "#app/domain/risk-rules.ts";

// The shape of GET /api/v1/accounts/{externalId}/scores: the figures the
// account page shows, as stored by the last scoring (docs/scoring.md explains
// each). A figure without data is null, never 0.

const SURPRISE_REASONS = ["late_without_notice", "missed", "partial", "disputed", "overdue"] as const;
const HEALTH_BANDS = ["healthy", "watch", "at_risk", "not_enough_data"] as const;

export const ScoresRecord = z.object({
  computed_at: z.string().nullable().describe("When the figures were computed (ISO 8601); null if the account was never scored."),
  predictability: z
    .object({
      value: z
        .number()
        .min(0)
        .max(1)
        .nullable()
        .describe("Importance-weighted share of the expectations that came due where the customer got what they were told to expect; null when none came due."),
      sample: z.number().int().describe("How many expectations came due in the window (withdrawn ones left out)."),
      window: z.object({ from: z.string(), to: z.string() }).describe("The calendar dates the figure covers, both included."),
      surprises: z
        .array(
          z.object({
            expectation_external_id: z.string().nullable().describe("The expectation's external id; null if it has none."),
            reason: z.enum(SURPRISE_REASONS).describe("Why it surprised the customer."),
          }),
        )
        .describe("The surprises in the window, newest due date first (at most 100)."),
    })
    .describe("Predictability over the scoring window (12 months by default)."),
  nps: z
    .object({
      value: z.number().int().min(-100).max(100).nullable().describe("Relationship NPS, −100…100; null without respondents."),
      respondents: z.number().int().describe("Stakeholders whose latest answer in the NPS window counts."),
    })
    .describe("Relationship NPS."),
  coverage: z
    .object({
      value: z
        .number()
        .min(0)
        .max(1)
        .nullable()
        .describe("Share of the key committee roles with an engaged person; null when no key role is mapped."),
    })
    .describe("Buying-committee coverage."),
  health: z
    .object({
      value: z.number().min(0).max(100).nullable().describe("Health 0–100, one decimal; null when there is not enough data to judge."),
      band: z
        .enum(HEALTH_BANDS)
        .describe("healthy, watch, at_risk, or not_enough_data. An open High signal or predictability under 50 % keeps it from healthy (see capped)."),
      capped: z.boolean().describe("True when the score alone is in the healthy band but the band is watch."),
      factors: z
        .array(
          z.object({
            key: z.enum(HEALTH_FACTOR_KEYS),
            available: z.boolean().describe("False: no data for this factor; its weight is shared among the others."),
            value: z.number().nullable().describe("The raw value (a share, a mean sentiment, an NPS, days, a count)."),
            score: z.number().nullable().describe("Normalized 0..1."),
            weight: z.number().describe("The configured weight."),
            share: z.number().describe("The share of the 100 points this factor carries for this account, 0..1."),
            points: z.number().describe("Its points; the factors' points add up to value."),
          }),
        )
        .describe("What health is made of."),
    })
    .describe("Account health."),
  signals: z
    .array(
      z.object({
        rule: z.enum(RISK_RULES).describe("The risk rule that fired."),
        severity: z.enum(["high", "medium", "low"]),
        acknowledged: z.boolean().describe("Whether someone acknowledged it (it stays open until its cause goes away)."),
      }),
    )
    .describe("Open risk signals, unacknowledged first, then by severity (at most 100)."),
});

export type ScoresRecord = z.infer<typeof ScoresRecord>;
