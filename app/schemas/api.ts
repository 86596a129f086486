import { z } from "zod";
import {
  COMMITTEE_ROLES,
  DELIVERY_OUTCOMES,
  EMOTION_TAGS,
  EXPECTATION_CATEGORIES,
  EXPECTATION_SOURCES,
  LIFECYCLE_STAGES,
  LOGGABLE_TOUCHPOINT_KINDS,
  POLARITIES,
  RESOLVED_VALUES,
  SEVERITIES,
  STANCES,
  SUPPORT_STATUSES,
  SURVEY_ANSWER_SOURCES,
  TIERS,
  TOUCHPOINT_KINDS,
} from "#app/domain/vocabulary.ts";
import { DATE_YEARS, isDateInRange, isIsoDate } from "#app/domain/dates.ts";
import { AMOUNT_PATTERN } from "#app/domain/money.ts";
import { isPlainText } from "#app/domain/text.ts";

// The JSON API's bodies and records, one Zod schema each: the routes check
// bodies with them and /api/v1/openapi.json is generated from them, so the
// description cannot drift from what is enforced. Bodies are upserts by
// external id: a field left out keeps its stored value, a field sent as null is
// cleared. Their outputs are the records the CSV import writes, so the API and
// the import share one writer per entity.

/** Text without control characters (see app/domain/text.ts). */
const text = (max: number) => z.string().max(max).refine(isPlainText, "Remove the control characters.");
const externalId = z.string().trim().min(1).max(200).refine(isPlainText, "Remove the control characters.").describe("Your system's id for the record; upserts match on it.");
const date = z.iso
  .date()
  .refine((v) => !isIsoDate(v) || isDateInRange(v), `A date in the years ${DATE_YEARS.min}–${DATE_YEARS.max}.`)
  .describe("A calendar date, YYYY-MM-DD.");
const dateTime = z.iso
  .datetime({ offset: true })
  .refine((v) => !isIsoDate(v.slice(0, 10)) || isDateInRange(v.slice(0, 10)), `An instant in the years ${DATE_YEARS.min}–${DATE_YEARS.max}.`)
  .describe("An instant, ISO 8601 with an offset, e.g. 2025-03-04T10:00:00+02:00.");
const money = z
  .union([z.number(), z.string().regex(AMOUNT_PATTERN)])
  .describe("An amount with at most two decimals; a string keeps it exact (\"1234.50\").");
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const AccountBody = z
  .object({
    name: text(200).min(1),
    industry: nullable(text(100)),
    tier: nullable(z.enum(TIERS)),
    lifecycle_stage: nullable(z.enum(LIFECYCLE_STAGES)),
    relationship_start: nullable(date),
    contract_value: nullable(money.refine((v) => Number(v) >= 0, "Must not be negative.")),
    currency: nullable(z.string().regex(/^[A-Z]{3}$/)),
    renewal_date: nullable(date),
    owner_email: nullable(z.email().describe("The owning KAM; a new account without one is owned by the token's creator.")),
  })
  .strict();

export const AccountCreateBody = AccountBody.extend({ external_id: externalId }).strict();

export const StakeholderBody = z
  .object({
    external_id: externalId,
    name: text(200).min(1),
    title: nullable(text(200)),
    email: nullable(z.email()),
    phone: nullable(text(50)),
    committee_role: nullable(z.enum(COMMITTEE_ROLES)),
    influence: nullable(z.number().int().min(1).max(5)),
    stance: nullable(z.enum(STANCES)),
    reports_to: nullable(externalId.describe("External id of the stakeholder of the same account this one reports to.")),
    left_on: nullable(date),
  })
  .strict();

export const TouchpointBody = z
  .object({
    external_id: externalId,
    kind: z.enum(LOGGABLE_TOUCHPOINT_KINDS as unknown as [string, ...string[]]),
    occurred_at: dateTime,
    title: nullable(text(300).min(1).describe("Required except for invoices (then \"Invoice <number>\").")),
    summary: nullable(text(10_000)),
    internal_notes: nullable(text(10_000)),
    shared_with_customer: nullable(z.boolean()),
    sentiment: nullable(z.number().int().min(-2).max(2)),
    treatment: nullable(z.number().int().min(1).max(5)),
    resolved: nullable(z.enum(RESOLVED_VALUES)),
    emotion_tags: nullable(z.array(z.enum(EMOTION_TAGS)).max(EMOTION_TAGS.length)),
    moment_of_truth: nullable(z.boolean()),
    positive_surprise: nullable(z.boolean()),
    stakeholders: nullable(z.array(externalId).max(200).describe("External ids of the account's stakeholders who took part.")),
    invoice_number: nullable(text(100).min(1)),
    invoice_amount: nullable(money),
    invoice_currency: nullable(z.string().regex(/^[A-Z]{3}$/)),
    invoice_due_date: nullable(date),
    invoice_paid_on: nullable(date),
    invoice_disputed: nullable(z.boolean()),
    invoice_dispute_reason: nullable(text(2000)),
    case_severity: nullable(z.enum(SEVERITIES)),
    case_status: nullable(z.enum(SUPPORT_STATUSES)),
    case_opened_at: nullable(dateTime),
    case_sla_hours: nullable(z.number().min(0.25).max(8760)),
    case_resolved_at: nullable(dateTime),
    advocacy_polarity: nullable(
      z
        .enum(POLARITIES)
        .describe(
          "Required for reference_given (they acted as a reference for us), referral_given (they referred a prospect to us) and word_of_mouth; ignored for other kinds.",
        ),
    ),
    advocacy_source: nullable(
      text(200).describe(
        "For the same kinds: who said it, or to whom (free text). Required unless advocacy_stakeholder is given; then that person's name is used when it is left out.",
      ),
    ),
    advocacy_stakeholder: nullable(
      externalId.describe(
        "For the same kinds: external id of the account's stakeholder who gave it or whom it is about. The three advocacy fields are written together: for these kinds a field left out is cleared, for other kinds all three are.",
      ),
    ),
  })
  .strict();

export const ExpectationBody = z
  .object({
    external_id: externalId,
    title: text(300).min(1),
    description: nullable(text(10_000)),
    category: nullable(z.enum(EXPECTATION_CATEGORIES)),
    importance: nullable(z.number().int().min(1).max(3)),
    due_date: date.describe(
      "The due date. Once the expectation exists it moves only by a re-plan (POST …/expectations/{expectationId}/replans): a different due_date here is refused with 422.",
    ),
    original_due_date: nullable(date.describe("The date first promised; fixed once recorded.")),
    holder: nullable(externalId.describe("External id of the stakeholder who holds the expectation.")),
    source: nullable(z.enum(EXPECTATION_SOURCES)),
    outcome: nullable(z.enum(DELIVERY_OUTCOMES).describe("With an outcome the expectation is resolved; without, open.")),
    delivered_on: nullable(date),
    delivery_note: nullable(text(2000)),
  })
  .strict();

/**
 * A re-plan of one expectation: the only way its due date moves after it was
 * recorded (app/domain/expectation-rules.ts). A past re-plan comes with the day
 * it was made and the day the customer was told, so history is brought in truthfully.
 */
export const ReplanBody = z
  .object({
    due_date: date.describe("The new due date; not before replanned_on."),
    reason: text(2000).min(1).describe("Why the date moves."),
    customer_notified: nullable(z.boolean().describe("Whether the customer was told of the new date. A customer_notified_on implies it.")),
    customer_notified_on: nullable(
      date.describe("The day the customer was told; not in the future. Notice counts only when given before the date the customer was then expecting."),
    ),
    replanned_on: nullable(date.describe("The day the re-plan was made, for one made in the past; today when left out. Not before the previous re-plan.")),
    version: nullable(z.number().int().min(1).describe("The expectation's version as last read; when given, a changed record is refused with 409.")),
  })
  .strict();

/** What became of one open expectation, with the day it happened (never in the future). */
export const DeliveryBody = z
  .object({
    outcome: z.enum(DELIVERY_OUTCOMES).describe("kept: on or before the due date; late: after it; kept, exceeded, late and partial need delivered_on."),
    delivered_on: nullable(date.describe("The day it was delivered; not in the future.")),
    delivery_note: nullable(text(2000).describe("Required for withdrawn: how it was agreed with the customer.")),
    version: nullable(z.number().int().min(1).describe("The expectation's version as last read; when given, a changed record is refused with 409.")),
  })
  .strict();

export { SURVEY_ANSWER_SOURCES };

/** One survey answer given outside Kohtaamo's portal (another survey tool, an interview), with the day it was given. */
export const SurveyAnswerBody = z
  .object({
    external_id: externalId,
    stakeholder: externalId.describe("External id of the account's stakeholder who answered."),
    kind: z.enum(["nps", "csat"]).describe("nps: the 0–10 recommendation question; csat: satisfaction 1–5."),
    score: z.number().int().min(0).max(10).describe("0–10 for nps, 1–5 for csat."),
    comment: nullable(text(10_000)),
    answered_at: z.union([dateTime, date]).describe("When the answer was given: an instant, or a calendar day (read as noon in the vendor's time zone). Not in the future."),
    source: nullable(z.enum(SURVEY_ANSWER_SOURCES).describe("Where it was given; survey_tool when left out.")),
    source_name: nullable(text(200).describe("The survey tool's (or other source's) name.")),
  })
  .strict()
  .refine((a) => a.kind !== "csat" || a.score >= 1, { path: ["score"], message: "A csat score is 1–5." })
  .refine((a) => a.kind !== "csat" || a.score <= 5, { path: ["score"], message: "A csat score is 1–5." });

// --- What GET returns (documentation and tests; the models shape the rows).

const meta = { id: z.uuid(), updated_at: z.iso.datetime(), version: z.number().int() };

export const AccountRecord = z.object({
  external_id: z.string().nullable(),
  name: z.string(),
  industry: z.string(),
  tier: z.enum(TIERS),
  lifecycle_stage: z.enum(LIFECYCLE_STAGES),
  relationship_start: date.nullable(),
  contract_value: z.string().nullable(),
  currency: z.string(),
  renewal_date: date.nullable(),
  owner_email: z.string(),
  archived: z.boolean(),
  ...meta,
});

export const StakeholderRecord = z.object({
  external_id: z.string().nullable(),
  name: z.string(),
  title: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  committee_role: z.enum(COMMITTEE_ROLES).nullable(),
  influence: z.number().int(),
  stance: z.enum(STANCES),
  reports_to: z.string().nullable(),
  left_on: date.nullable(),
  ...meta,
});

export const TouchpointRecord = z.object({
  external_id: z.string().nullable(),
  kind: z.enum(TOUCHPOINT_KINDS),
  occurred_at: z.iso.datetime(),
  title: z.string(),
  summary: z.string(),
  internal_notes: z.string(),
  source: z.string(),
  shared_with_customer: z.boolean(),
  sentiment: z.number().int().nullable(),
  treatment: z.number().int().nullable(),
  resolved: z.enum(RESOLVED_VALUES).nullable(),
  emotion_tags: z.array(z.string()),
  moment_of_truth: z.boolean(),
  positive_surprise: z.boolean(),
  stakeholders: z.array(z.string()),
  invoice: z
    .object({
      number: z.string(),
      amount: z.string(),
      currency: z.string(),
      due_date: date,
      paid_on: date.nullable(),
      disputed: z.boolean(),
      dispute_reason: z.string(),
    })
    .nullable(),
  support_case: z
    .object({
      severity: z.enum(SEVERITIES),
      status: z.enum(SUPPORT_STATUSES),
      opened_at: z.iso.datetime(),
      sla_due_at: z.iso.datetime(),
      resolved_at: z.iso.datetime().nullable(),
    })
    .nullable(),
  advocacy: z
    .object({
      polarity: z.enum(POLARITIES),
      source: z.string().describe("Who said it, or to whom."),
      stakeholder: z.string().nullable().describe("External id of the stakeholder named, if any (null also when they have none)."),
    })
    .nullable()
    .describe("References given, referrals given and word of mouth: their polarity and source; null for other kinds."),
  ...meta,
});

export const ExpectationRecord = z.object({
  external_id: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  category: z.enum(EXPECTATION_CATEGORIES),
  importance: z.number().int(),
  source: z.enum(EXPECTATION_SOURCES),
  status: z.string(),
  outcome: z.enum(DELIVERY_OUTCOMES).nullable(),
  original_due_date: date,
  due_date: date,
  delivered_on: date.nullable(),
  delivery_note: z.string(),
  holder: z.string().nullable(),
  customer_response: z.string().nullable(),
  ...meta,
});

export const ReplanRecord = z.object({
  expectation_external_id: z.string().nullable(),
  from_due_date: date,
  to_due_date: date,
  reason: z.string(),
  customer_notified: z.boolean(),
  customer_notified_on: date.nullable(),
  replanned_on: date,
  recorded_at: z.iso.datetime(),
});

export const SurveyAnswerRecord = z.object({
  id: z.uuid(),
  external_id: z.string().nullable(),
  stakeholder: z.string().nullable(),
  kind: z.enum(["nps", "csat"]),
  score: z.number().int(),
  comment: z.string(),
  answered_at: z.iso.datetime(),
  source: z.enum(["portal", ...SURVEY_ANSWER_SOURCES]),
  source_name: z.string(),
});

export const ApiError = z.object({
  status: z.number().int(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })),
});

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
