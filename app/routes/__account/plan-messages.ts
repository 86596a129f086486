import { pageMessages } from "#app/i18n/page-messages.ts";

/**
 * What the plan form shows and is refused with, for the `messages` export of the
 * account's plans and of one plan: its kinds and words, and the task its owner
 * is given.
 */
export const PLAN_FORM_MESSAGES = /* @__PURE__ */ pageMessages(
  "kind.",
  "plan.",
  "task.linkNotFound",
  "task.notAllowed",
  "task.ownerMe",
  "task.ownerNotStaff",
  "validation.",
);
