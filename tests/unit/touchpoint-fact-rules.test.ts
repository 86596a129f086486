import { describe, expect, it } from "vitest";
import { figuresKeep, kindChangeBreaches, type StoredFacts } from "#app/domain/touchpoint-fact-rules.ts";

const at = (iso: string) => new Date(iso);

describe("an invoice or a support case keeps its kind", () => {
  it("refuses turning a case or an invoice into anything else, at the kind", () => {
    expect(kindChangeBreaches("support_case", "call")).toEqual([{ field: "kind", key: "touchpointForm.caseStaysCase" }]);
    expect(kindChangeBreaches("support_case", "invoice")).toEqual([{ field: "kind", key: "touchpointForm.caseStaysCase" }]);
    expect(kindChangeBreaches("invoice", "email")).toEqual([{ field: "kind", key: "touchpointForm.invoiceStaysInvoice" }]);
  });

  it("lets any other touchpoint become one, and leaves a kind kept or a new touchpoint alone", () => {
    expect(kindChangeBreaches("call", "support_case")).toEqual([]);
    expect(kindChangeBreaches("email", "invoice")).toEqual([]);
    expect(kindChangeBreaches("call", "meeting")).toEqual([]);
    expect(kindChangeBreaches("support_case", "support_case")).toEqual([]);
    expect(kindChangeBreaches("invoice", "invoice")).toEqual([]);
    expect(kindChangeBreaches(null, "call")).toEqual([]);
  });
});

// Judged on Tuesday 8 Dec 2026 at 12:00 Helsinki time (10:00Z). The last full
// quarter is July–September 2026: a review of it, or of the current quarter,
// counts cases opened (and invoices due) from 1 July 2026.
describe("what the figures keep from deletion by the account's KAM", () => {
  const now = at("2026-12-08T10:00:00Z");
  const none: StoredFacts = { supportCase: null, invoice: null };
  const openCase = { status: "open", openedAt: at("2026-12-06T10:00:00Z"), slaDueAt: at("2026-12-06T14:00:00Z"), resolvedAt: null };
  const kept = (supportCase: StoredFacts["supportCase"]) => figuresKeep({ ...none, supportCase }, now);
  const keptInvoice = (invoice: StoredFacts["invoice"]) => figuresKeep({ ...none, invoice }, now);

  it("keeps a case open or waiting past its SLA time; not one still inside it", () => {
    expect(kept(openCase)).toBe("error.caseKeptForFigures");
    expect(kept({ ...openCase, status: "waiting" })).toBe("error.caseKeptForFigures");
    // Due at 12:00:01 Helsinki: not yet past.
    expect(kept({ ...openCase, slaDueAt: at("2026-12-08T10:00:01Z") })).toBeNull();
    expect(figuresKeep(none, now)).toBeNull();
  });

  it("keeps a case resolved after its SLA time that a review counts: opened from 1 July 2026 (Helsinki)", () => {
    const late = { ...openCase, status: "resolved", resolvedAt: at("2026-12-06T15:00:00Z") };
    expect(kept(late)).toBe("error.caseKeptForFigures");
    expect(kept({ ...late, status: "closed" })).toBe("error.caseKeptForFigures");
    // Opened at 00:00 on 1 July Helsinki time (21:00Z on 30 June): counted; a minute before: not.
    const july = { ...late, openedAt: at("2026-06-30T21:00:00Z"), slaDueAt: at("2026-07-01T01:00:00Z"), resolvedAt: at("2026-07-02T08:00:00Z") };
    expect(kept(july)).toBe("error.caseKeptForFigures");
    expect(kept({ ...july, openedAt: at("2026-06-30T20:59:00Z") })).toBeNull();
    // Resolved at its SLA time or inside it: nothing to hide.
    expect(kept({ ...late, resolvedAt: at("2026-12-06T14:00:00Z") })).toBeNull();
  });

  it("keeps an invoice disputed, unpaid after its due date, or paid after it when a review counts it", () => {
    const invoice = { disputed: false, paidOn: null, dueDate: "2026-12-08" };
    // Due today and unpaid: not late yet.
    expect(keptInvoice(invoice)).toBeNull();
    expect(keptInvoice({ ...invoice, dueDate: "2026-12-07" })).toBe("error.invoiceKeptForFigures");
    expect(keptInvoice({ ...invoice, disputed: true, dueDate: "2027-01-31" })).toBe("error.invoiceKeptForFigures");
    expect(keptInvoice({ ...invoice, disputed: true, paidOn: "2026-12-01", dueDate: "2026-12-31" })).toBe("error.invoiceKeptForFigures");
    // Paid late: kept while due in a reviewed quarter (from 1 July 2026).
    expect(keptInvoice({ disputed: false, paidOn: "2026-07-10", dueDate: "2026-07-01" })).toBe("error.invoiceKeptForFigures");
    expect(keptInvoice({ disputed: false, paidOn: "2026-07-10", dueDate: "2026-06-30" })).toBeNull();
    // Paid on or before its due date.
    expect(keptInvoice({ disputed: false, paidOn: "2026-12-07", dueDate: "2026-12-07" })).toBeNull();
    expect(keptInvoice({ disputed: false, paidOn: "2026-11-01", dueDate: "2026-12-07" })).toBeNull();
  });
});
