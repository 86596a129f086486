import { ADVOCACY_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import { pageMessages } from "#app/i18n/page-messages.ts";

// Lists of messages for the `messages` export of the pages that show the
// touchpoint form (logging one on the account, the quick log, editing one).

/** What the touchpoint form shows and refuses with, logging or editing. */
export const TOUCHPOINT_FORM_MESSAGES = /* @__PURE__ */ pageMessages(
  ...ADVOCACY_RULE_MESSAGES,
  "polarity.",
  "committeeRole.",
  "emotion.",
  "form.",
  "kind.",
  "nextStep.",
  "resolved.",
  "scoringSettings.",
  "severity.",
  "supportStatus.",
  "touchpointForm.",
  "validation.",
);

/** What logging a new touchpoint adds: the page title, and what the next step's task is refused with. */
export const TOUCHPOINT_LOG_MESSAGES = /* @__PURE__ */ pageMessages(
  ...TOUCHPOINT_FORM_MESSAGES,
  "task.linkNotFound",
  "task.notAllowed",
  "task.ownerNotStaff",
  "title.logTouchpoint",
);
