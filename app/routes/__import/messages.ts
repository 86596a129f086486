import type { MessageSelector } from "#app/i18n/page-messages.ts";

// The messages both import pages show: their own (import.) and the reasons a
// row of any kind can be refused for (the forms' rules, which imports share).

export const IMPORT_MESSAGES: readonly MessageSelector[] = [
  "advocacy.polarityRequired",
  "advocacy.sourceRequired",
  "advocacy.sourceTooLong",
  "committeeRole.",
  "mail.",
  "mailPrefs.notOffered",
  "outbox.",
  "api.",
  "deliveryForm.dateRequired",
  "deliveryForm.inFuture",
  "deliveryForm.keptAfterDue",
  "deliveryForm.lateNotAfterDue",
  "expectation.dueDateByReplanOnly",
  "expectation.notOpen",
  "expectationForm.holderLeft",
  "expectationForm.holderNotOnAccount",
  "import.",
  "replanForm.beforeLastReplan",
  "replanForm.madeInFuture",
  "replanForm.newDateBeforeReplan",
  "replanForm.notifiedInFuture",
  "replanForm.reasonRequired",
  "replanForm.sameDate",
  "scoringSettings.",
  "surveyAnswer.",
  "title.import",
  "touchpointForm.resolvedBeforeOpened",
  "touchpointForm.slaHoursRange",
  "validation.",
];
