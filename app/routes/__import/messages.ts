import { ADVOCACY_RULE_MESSAGES, EXPECTATION_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import type { MessageSelector } from "#app/i18n/page-messages.ts";

// The messages both import pages show: their own (import.) and the reasons a
// row of any kind can be refused for (the forms' rules, which imports share).

export const IMPORT_MESSAGES: readonly MessageSelector[] = [
  ...EXPECTATION_RULE_MESSAGES,
  ...ADVOCACY_RULE_MESSAGES,
  "mailPrefs.notOffered",
  "expectationForm.holderLeft",
  "expectationForm.holderNotOnAccount",
  "import.",
  "scoringSettings.",
  "surveyAnswer.",
  "title.import",
  "touchpointForm.resolvedBeforeOpened",
  "touchpointForm.slaHoursRange",
  "validation.",
];
