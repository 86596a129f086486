import { pageMessages } from "./page-messages.ts";

// Lists of messages several pages show alike, for their `messages` export
// (page-messages.ts): a page spreads a group and adds its own.

/**
 * What the expectation ledger's rules refuse a delivery or a re-plan with
 * (expectation-rules.ts): every form and import that writes an expectation.
 */
export const EXPECTATION_RULE_MESSAGES = /* @__PURE__ */ pageMessages(
  "deliveryForm.dateRequired",
  "deliveryForm.inFuture",
  "deliveryForm.keptAfterDue",
  "deliveryForm.lateNotAfterDue",
  "expectation.dueDateByReplanOnly",
  "expectation.notOpen",
  "replanForm.beforeLastReplan",
  "replanForm.madeInFuture",
  "replanForm.newDateBeforeReplan",
  "replanForm.notifiedInFuture",
  "replanForm.reasonRequired",
  "replanForm.sameDate",
);

/** What a touchpoint's advocacy fields are refused with. */
export const ADVOCACY_RULE_MESSAGES = /* @__PURE__ */ pageMessages(
  "advocacy.polarityRequired",
  "advocacy.sourceRequired",
  "advocacy.sourceTooLong",
);

/** What the filters of a list of accounts refuse a value with. */
export const FILTER_MESSAGES = /* @__PURE__ */ pageMessages(
  "validation.currency",
  "validation.dateRange",
  "validation.number",
  "validation.plainText",
);

/** A list shown a page at a time. */
export const PAGING_MESSAGES = /* @__PURE__ */ pageMessages("landmark.", "paging.first", "paging.next");

/** The portfolio's table of accounts, its filters and its panels. */
export const PORTFOLIO_MESSAGES = /* @__PURE__ */ pageMessages(
  ...FILTER_MESSAGES,
  ...PAGING_MESSAGES,
  "accounts.renewalWithin",
  "health.band.",
  "pooled.",
  "portfolio.",
  "predictability.",
  "scoringSettings.",
  "stage.",
  "tier.",
  "title.portfolio",
);

/** A customer's answers in the portal, and what they can be refused with. */
export const PORTAL_ANSWER_MESSAGES = /* @__PURE__ */ pageMessages(
  "committeeChange.",
  "expectation.delivered",
  "inbox.refusal.",
  "mailPrefs.notOffered",
  "password.mismatch",
  "portalCommitments.changed",
  "portalCommitments.commentRequired",
  "portalCommitments.notAnswerable",
  "portalCommitments.notDelivered",
  "portalFeedback.alreadyRated",
  "portalFeedback.npsTooSoon",
  "portalPropose.dueInPast",
  "portalTouchpoint.",
  "scoringSettings.",
);

/**
 * The expectation ledger and its forms, and what a write to an expectation can
 * answer with (the ledger's rules). What the write sets off on the server
 * (scores, playbook tasks, mail) is said there, not on the page.
 */
export const LEDGER_MESSAGES = /* @__PURE__ */ pageMessages(
  ...EXPECTATION_RULE_MESSAGES,
  "deliveryForm.withdrawnNote",
  "expCategory.",
  "expImportance.",
  "expectation.notProposed",
  "expectation.notResolved",
  "expectationForm.",
  "form.",
  "ledger.",
  "mailPrefs.notOffered",
  "scoringSettings.",
  "validation.",
);
