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
//   (The case's SLA facts themselves: caseFactsBreaches in support-case-rules.ts.)

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
