import { describe, expect, it } from "vitest";
import { kindChangeBreaches } from "#app/domain/touchpoint-fact-rules.ts";


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
