import { ACCOUNT_SECTIONS_MESSAGES } from "#app/components/account-sections.tsx";
import { ADVOCACY_RULE_MESSAGES, EXPECTATION_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import { pageMessages } from "#app/i18n/page-messages.ts";

/**
 * The messages of an account's business reviews, for the `messages` export of
 * the list and of one review: the section tabs, the review's own words, and what
 * writing the expectations and touchpoints a review proposes is refused with.
 */
export const REVIEW_MESSAGES = /* @__PURE__ */ pageMessages(
  ...EXPECTATION_RULE_MESSAGES,
  ...ADVOCACY_RULE_MESSAGES,
  ...ACCOUNT_SECTIONS_MESSAGES,
  "deliveryForm.withdrawnNote",
  "expectation.notProposed",
  "expectation.notResolved",
  "expectationForm.holderLeft",
  "expectationForm.holderNotOnAccount",
  "expectationForm.ownerNotStaff",
  "expectationForm.touchpointNotOnAccount",
  "expectationForm.touchpointRequired",
  "mailPrefs.notOffered",
  "review.",
  "scoringSettings.",
  "touchpointForm.inFuture",
  "touchpointForm.resolvedBeforeOpened",
  "touchpointForm.stakeholderNotOnAccount",
  "touchpointForm.userNotStaff",
  "validation.",
);
