import { pageMessages } from "./page-messages.ts";

// Lists of messages several pages show alike, for their `handle.messages`
// (page-messages.ts): a page spreads a group and adds its own.

/**
 * The expectation ledger and its forms, and what a write to an expectation can
 * answer with: the ledger's rules (expectation-rules.ts), and what the write
 * sets off (scores and signals, playbook tasks, mail to the customer).
 */
export const LEDGER_MESSAGES = pageMessages(
  "committeeRole.",
  "deliveryForm.dateRequired",
  "deliveryForm.inFuture",
  "deliveryForm.keptAfterDue",
  "deliveryForm.lateNotAfterDue",
  "deliveryForm.withdrawnNote",
  "expCategory.",
  "expImportance.",
  "expOutcome.",
  "expResponse.",
  "expSource.",
  "expStatus.",
  "expectation.dueDateByReplanOnly",
  "expectation.notOpen",
  "expectation.notProposed",
  "expectation.notResolved",
  "expectationForm.",
  "form.",
  "kind.",
  "ledger.",
  "mail.",
  "mailPrefs.notOffered",
  "outbox.",
  "proposal.",
  "replanForm.beforeLastReplan",
  "replanForm.madeInFuture",
  "replanForm.newDateBeforeReplan",
  "replanForm.notifiedInFuture",
  "replanForm.reasonRequired",
  "replanForm.sameDate",
  "scoringSettings.",
  "signal.",
  "task.playbookTitle",
  "validation.",
);
