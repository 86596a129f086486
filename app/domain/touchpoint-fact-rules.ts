// What an invoice or a support case keeps, by one rule for every path that
// writes touchpoints: the touchpoint forms (app/models/touchpoint-changes.server.ts),
// the JSON API and the CSV import (app/models/import/touchpoints.server.ts).
// Their facts feed the figures the account's KAM is judged by (health's
// support burden and invoices, the support_past_sla and invoice_trouble
// signals and the cap they put on health, the review pack's cases past SLA
// and invoices in trouble), so none of them may take a case or an invoice out
// of the figures once it counts against the account.
//
// The rules (tested in tests/unit/touchpoint-fact-rules.test.ts):
// - Kind: an invoice stays an invoice and a support case a support case; an
//   edit or an import row that gives it another kind is refused at the kind
//   (its facts would go with the kind). Another touchpoint may become one by
//   an edit: that adds a case or an invoice, which logging a new one does too,
//   and takes nothing out of the figures (a call logged that was really a
//   case is put right).
// - Deleting (figuresKeep): a support case open or waiting past its SLA time,
//   one resolved or closed after its SLA time that a review of the last full
//   quarter or the current one counts (opened on or after the first day of
//   the last full quarter, lastFullQuarter in review-pack.ts, by the vendor's
//   calendar), an invoice disputed or unpaid after its due date, and one paid
//   after its due date that such a review counts (due on or after that day),
//   are kept from the account's KAM; a director or an administrator may delete one
//   (permissions.ts canDeleteTouchpoint, as for archiving an account), and the
//   deletion is in the audit log with everything the touchpoint held.
//   (The case's SLA facts themselves: caseFactsBreaches in support-case-rules.ts.)

import { lastFullQuarter } from "./review-pack.ts";
import { isClosedCase } from "./support-case-rules.ts";
import { calendarDate } from "./time.ts";

export interface KindBreach {
  field: "kind";
  key: "touchpointForm.invoiceStaysInvoice" | "touchpointForm.caseStaysCase";
}

/** An invoice or a support case does not change kind; any other touchpoint may become one. `stored` null: a new touchpoint. */
export function kindChangeBreaches(stored: string | null, next: string): KindBreach[] {
  if (stored === null || stored === next) return [];
  if (stored === "invoice") return [{ field: "kind", key: "touchpointForm.invoiceStaysInvoice" }];
  if (stored === "support_case") return [{ field: "kind", key: "touchpointForm.caseStaysCase" }];
  return [];
}

/** A stored touchpoint's facts, as the deletion rule reads them. */
export interface StoredFacts {
  supportCase: { status: string; openedAt: Date; slaDueAt: Date; resolvedAt: Date | null } | null;
  invoice: { disputed: boolean; paidOn: string | null; dueDate: string } | null;
}

export type KeptReason = "error.caseKeptForFigures" | "error.invoiceKeptForFigures";

/**
 * Why the touchpoint's facts keep it from deletion by its KAM, or null when
 * they do not. `now` is the instant judged at; the vendor's calendar date is
 * taken from it.
 */
export function figuresKeep(facts: StoredFacts, now: Date): KeptReason | null {
  const c = facts.supportCase;
  if (c) {
    const due = c.slaDueAt.getTime();
    const pastSla = isClosedCase(c.status)
      ? c.resolvedAt !== null && c.resolvedAt.getTime() > due
      : due < now.getTime();
    // Open past its SLA: health and the signal count it; resolved past it: the reviews that count it.
    const reviewed = !isClosedCase(c.status) || calendarDate(c.openedAt) >= lastFullQuarter(calendarDate(now)).from;
    if (pastSla && reviewed) return "error.caseKeptForFigures";
  }
  const i = facts.invoice;
  if (i) {
    const today = calendarDate(now);
    const unpaidPastDue = i.paidOn === null && i.dueDate < today;
    const paidLateReviewed = i.paidOn !== null && i.paidOn > i.dueDate && i.dueDate >= lastFullQuarter(today).from;
    if (i.disputed || unpaidPastDue || paidLateReviewed) return "error.invoiceKeptForFigures";
  }
  return null;
}
