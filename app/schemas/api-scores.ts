import { z } from "zod";
import { HEALTH_BANDS } from "#app/domain/health-bands.ts";
import { HEALTH_FACTOR_KEYS } from "#app/domain/scoring-settings.ts";
import { RISK_RULES } from "#app/domain/risk-rules.ts";
import { QUADRANTS, type Quadrant } from "#app/domain/experience.ts";
import { TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";

// The shape of GET /api/v1/accounts/{externalId}/scores: the figures the
// account page shows, as stored by the last scoring (docs/scoring.md explains
// each). A figure without data is null, never 0.

const SURPRISE_REASONS = ["late_without_notice", "missed", "partial", "disputed", "overdue"] as const;

const count = z.number().int().min(0);
const PolarityCounts = z.object({ positive: count, negative: count });

const QuadrantRecord = z.object({
  touchpoints: count.describe("Touchpoints in the cell over the period."),
  nps: z
    .object({
      value: z
        .number()
        .int()
        .min(-100)
        .max(100)
        .nullable()
        .describe("% promoters − % detractors of the NPS answers that followed the cell's touchpoints; null under min_answers answers (not enough data)."),
      answers: count,
      promoters: count,
      passives: count,
      detractors: count,
    })
    .describe("The NPS that followed."),
  csat: z
    .object({
      value: z.number().min(1).max(5).nullable().describe("Mean CSAT (1–5, one decimal) that followed; null under min_answers answers."),
      answers: count,
    })
    .describe("The CSAT that followed."),
});

const MomentCounts = {
  touchpoints: count.describe("Touchpoints over the period."),
  moments_of_truth: count.describe("Of them, marked a moment of truth."),
  positive_surprises: count.describe("Of them, marked a positive surprise."),
  treated_well: count.describe("Moments of truth where the customer felt treated 4–5."),
  treated_badly: count.describe("Moments of truth where the customer felt treated 1–2."),
  resolved: count.describe("Moments of truth resolved."),
  unresolved: count.describe("Moments of truth not (or only partly) resolved."),
  went_badly: count.describe("Moments of truth treated badly or not resolved at all."),
};

const share = z.number().min(0).max(1);
/** Calendar dates, both included: the first and the last day the figures cover. */
const dateWindow = z.object({ from: z.string(), to: z.string() });

const HoldersRecord = z
  .object({
    months: z.number().int().describe("The predictability window, in months back from today."),
    window: dateWindow.describe("The calendar dates the figures cover, both included."),
    people: z
      .array(
        z.object({
          stakeholder_external_id: z.string().nullable().describe("The person's external id; null if they have none."),
          name: z.string(),
          influence: z.number().int().min(1).max(5),
          left_on: z.string().nullable().describe("The day they left the customer; they stay in the record."),
          promised: count.describe("All of the below added up."),
          kept: count.describe("Came due and delivered by the original due date."),
          late_with_notice: count.describe("Delivered after the original date, on a date the customer was told of in time: not a surprise."),
          late_without_notice: count.describe("Surprise: delivered after the date they were told."),
          overdue: count.describe("Surprise: the date they were told passed without notice (still open, or withdrawn only after)."),
          missed: count.describe("Surprise: missed."),
          partial: count.describe("Surprise: partly delivered."),
          disputed: count.describe("Surprise: the customer disputed the delivery."),
          open: count.describe("Open and not due yet: not in the sample."),
          withdrawn: count.describe("Withdrawn with agreement: not in the sample."),
          unconfirmed: count.describe(
            "Recorded on or after its original due date and delivered as told, but not confirmed by the customer: not in the sample until they confirm.",
          ),
          predictability: z.object({
            value: share.nullable().describe("Importance-weighted share predictable; null when nothing came due or under min_sample (not enough data)."),
            sample: count.describe("How many came due."),
          }),
        }),
      )
      .describe("Each person who was promised something in the window (who left too), most influential first."),
    influence_weighted: z
      .object({
        value: share.nullable().describe("Each expectation that came due weighted by importance (1–3) × its holder's influence (1–5); null under min_sample."),
        plain_value: share.nullable().describe("The same share weighted by importance only; null under min_sample."),
        sample: count.describe("Expectations with a holder that came due."),
        surprises: count,
        leaning: z
          .enum(["not_enough_data", "no_surprises", "most_influential", "less_influential", "even"])
          .describe("Where the surprises fell: the weighted value at least 5 points under the plain one is most_influential, at least 5 over it less_influential."),
        unheld: count.describe("Expectations that came due with no holder: left out."),
      })
      .describe("The account's predictability weighted by the influence of the people it fell on."),
    min_sample: count.describe("Fewer that came due than this: the figures are null (not enough data), as for the account."),
  })
  .describe("Whom we surprised: predictability per person the expectations are held by, over the predictability window (docs/scoring.md, \"Whom did we surprise\").");

export const ExperienceRecord = z
  .object({
    months: z.number().int().describe("The period: this many whole calendar months before the current one, and the current month up to today (`window` gives the dates)."),
    window: dateWindow.describe("The calendar dates the figures cover, both included."),
    follow_days: count.describe("An answer follows a touchpoint when given at most this many days after it."),
    min_answers: count.describe("Fewer answers than this: the figure is null (not enough data)."),
    quadrants: z
      .object(Object.fromEntries(QUADRANTS.map((q) => [q, QuadrantRecord])) as Record<Quadrant, typeof QuadrantRecord>)
      .describe("Treated well (4–5) or badly (1–2) × resolved (yes) or not (no, partly)."),
    left_out: z
      .object({
        treated_neither: count.describe("Felt treated 3."),
        no_resolution: count.describe("Treatment recorded, resolution not."),
        no_treatment: count.describe("Resolution recorded, treatment not."),
      })
      .describe("Touchpoints with one of the two recorded that are in no cell, by why."),
    moments_of_truth: z
      .object({
        ...MomentCounts,
        by_kind: z
          .array(z.object({ kind: z.enum(TOUCHPOINT_KINDS), ...MomentCounts }))
          .describe("Per kind of touchpoint, most moments of truth first."),
      })
      .describe("Moments of truth and positive surprises, and how the moments of truth went."),
    advocacy: z
      .object({
        references: PolarityCounts.describe("References given: the customer acted as a reference for us (touchpoints of kind reference_given)."),
        referrals: PolarityCounts.describe("Referrals given: the customer referred a prospect to us (kind referral_given)."),
        word_of_mouth: PolarityCounts.describe("Word of mouth heard about us (kind word_of_mouth)."),
      })
      .describe("References and referrals given and word of mouth heard over the period, positive and negative, as recorded on touchpoints."),
    disconfirmation: z
      .object({
        below: count.describe("Rated below what they expected."),
        as: count.describe("Rated as they expected."),
        above: count.describe("Rated above what they expected."),
        ratings: count.describe("All their ratings over the period."),
        balance: z
          .number()
          .min(-1)
          .max(1)
          .nullable()
          .describe("(above − below) / ratings, −1..1; null under min_ratings ratings (not enough data)."),
        min_ratings: count.describe("Fewer ratings than this: the balance is null."),
      })
      .describe(
        "The customer's own ratings, given in the portal, of deliveries and shared touchpoints against what they expected, over the same period: the balance of positive and negative disconfirmation (docs/scoring.md, \"Against what the customer expected\").",
      ),
    holders: HoldersRecord,
  })
  .describe("The customer's experience of our encounters over the last 12 months, as the account's Experience section shows it (docs/scoring.md, \"Experience\").");

export const ScoresRecord = z.object({
  computed_at: z.string().nullable().describe("When the figures were computed (ISO 8601); null if the account was never scored."),
  predictability: z
    .object({
      value: share.nullable().describe("Importance-weighted share of the expectations that came due where the customer got what they were told to expect; null when none came due."),
      sample: z.number().int().describe("How many expectations came due in the window (withdrawn ones, and those recorded after their date that the customer has not confirmed, left out)."),
      window: dateWindow.describe("The calendar dates the figure covers, both included."),
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
      value: share.nullable().describe("Share of the key committee roles with an engaged person; null when no key role is mapped."),
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
  experience: ExperienceRecord,
});

export type ScoresRecord = z.infer<typeof ScoresRecord>;
