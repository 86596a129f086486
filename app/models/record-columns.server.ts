// Column lists that several reads share (the JSON API, the account export,
// the pages, the webhooks and the import), named once so they stay alike.
// Each keeps its order: a read's record lists them in this order.

/** What a touchpoint records of how it went, beyond its kind, day and text. */
export const TOUCHPOINT_FACTS = [
  "shared_with_customer",
  "sentiment",
  "treatment",
  "resolved",
  "emotion_tags",
  "moment_of_truth",
  "positive_surprise",
] as const;

/** The same columns of the touchpoints table named `t` in a query. */
export const TOUCHPOINT_FACTS_OF_T = TOUCHPOINT_FACTS.map((column) => `t.${column}` as const);

/** Who a member of the buying committee is and where they stand. */
export const STAKEHOLDER_PROFILE = ["name", "title", "email", "phone", "committee_role", "influence", "stance"] as const;

/** The same columns of the stakeholders table named `s` in a query. */
export const STAKEHOLDER_PROFILE_OF_S = STAKEHOLDER_PROFILE.map((column) => `s.${column}` as const);
