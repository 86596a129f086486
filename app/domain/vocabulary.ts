// The product's closed vocabularies, mirrored by CHECK constraints in db/migrations.

export const ROLES = ["admin", "director", "kam", "customer"] as const;
export type Role = (typeof ROLES)[number];
export const INTERNAL_ROLES = ["admin", "director", "kam"] as const;

export const TIERS = ["strategic", "key", "growth", "standard"] as const;
export type Tier = (typeof TIERS)[number];

export const LIFECYCLE_STAGES = ["onboarding", "adoption", "expansion", "renewal", "at_risk", "churned"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const COMMITTEE_ROLES = [
  "decision_maker",
  "economic_buyer",
  "champion",
  "influencer",
  "technical_evaluator",
  "user",
  "procurement",
  "blocker",
] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];
/** The roles whose engagement committee coverage is measured on. */
export const KEY_COMMITTEE_ROLES = ["decision_maker", "economic_buyer", "champion", "user"] as const;
/** Roles whose holder leaving is a committee change on the timeline, and a gap until someone takes over. */
export const KEY_PERSON_ROLES = ["decision_maker", "champion"] as const;

export const STANCES = ["advocate", "supporter", "neutral", "skeptic", "opponent"] as const;
export type Stance = (typeof STANCES)[number];

export const TOUCHPOINT_KINDS = [
  "meeting",
  "call",
  "email",
  "chat",
  "business_review",
  "delivery",
  "invoice",
  "support_case",
  "training",
  "event",
  "reference_given",
  "referral_given",
  "word_of_mouth",
  "survey",
  "committee_change",
  "other",
] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];
/**
 * Advocacy as touchpoints: the customer acted as a reference for us, referred a
 * prospect to us, or word of mouth about us was heard. Each carries a polarity
 * and a source (the rule: app/domain/advocacy.ts, advocacyBreaches).
 */
export const ADVOCACY_KINDS = ["reference_given", "referral_given", "word_of_mouth"] as const;
export type AdvocacyKind = (typeof ADVOCACY_KINDS)[number];
export const POLARITIES = ["positive", "negative"] as const;
export type Polarity = (typeof POLARITIES)[number];

/** Kinds a person logs by hand; the rest are written by the system (surveys, committee changes). */
export const LOGGABLE_TOUCHPOINT_KINDS = TOUCHPOINT_KINDS.filter(
  (k) => k !== "survey" && k !== "committee_change",
) as Exclude<TouchpointKind, "survey" | "committee_change">[];

export const RESOLVED_VALUES = ["yes", "partly", "no"] as const;
export const EMOTION_TAGS = [
  "relieved",
  "delighted",
  "reassured",
  "valued",
  "frustrated",
  "anxious",
  "ignored",
  "confused",
  "angry",
  "surprised",
] as const;

export const SEVERITIES = ["low", "normal", "high", "critical"] as const;
export const SUPPORT_STATUSES = ["open", "waiting", "resolved", "closed"] as const;

export const EXPECTATION_CATEGORIES = [
  "delivery",
  "response_time",
  "outcome",
  "invoicing",
  "communication",
  "other",
] as const;
export const EXPECTATION_SOURCES = ["contract", "touchpoint", "customer", "internal"] as const;
export const EXPECTATION_STATUSES = ["proposed", "open", "resolved", "declined"] as const;
export const DELIVERY_OUTCOMES = ["kept", "exceeded", "late", "partial", "missed", "withdrawn"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
/** Survey questions: nps (0–10 recommendation) and csat (satisfaction 1–5). */
export const SURVEY_KINDS = ["nps", "csat"] as const;
/** Where an answer given outside the portal came from (the portal's own answers are "portal"). */
export const SURVEY_ANSWER_SOURCES = ["survey_tool", "interview", "other"] as const;
export const CUSTOMER_RESPONSES = ["confirmed", "disputed_partly", "disputed_not_delivered"] as const;

/**
 * Kinds where the customer's people took part in a conversation with us. A
 * touchpoint of these kinds with a stakeholder participant is "two-way contact";
 * invoices, deliveries and word of mouth are one-way.
 */
export const TWO_WAY_KINDS = ["meeting", "call", "email", "chat", "business_review", "training", "event", "support_case"] as const;
