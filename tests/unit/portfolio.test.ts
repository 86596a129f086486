import { describe, expect, it } from "vitest";
import { canAcknowledgeSignal, canViewKamPage, portfolioOwnerScope } from "#app/domain/permissions.ts";
import { evidenceHref } from "#app/components/signal-text.tsx";
import { addMoney, healthTrend } from "#app/domain/portfolio.ts";
import { parsePortfolioView, parseRiskInboxFilters } from "#app/schemas/portfolio.ts";

const KAM = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

describe("portfolio rules", () => {
  it("turns a 30-day health change into an arrow, steady within 3 points", () => {
    expect(healthTrend(null)).toBeNull();
    expect(healthTrend("")).toBeNull();
    expect(healthTrend("3.0")).toBe("up");
    expect(healthTrend("2.9")).toBe("flat");
    expect(healthTrend(-2.9)).toBe("flat");
    expect(healthTrend("-3.0")).toBe("down");
  });

  it("adds money as exact decimals", () => {
    expect(addMoney("0.10", "0.20")).toBe("0.30");
    expect(addMoney("100000.50", "250000")).toBe("350000.50");
    expect(addMoney("99999999999.99", "0.01")).toBe("100000000000.00");
  });

  it("links evidence to where it lives", () => {
    const base = { account_id: "a1", evidence_id: "e1" };
    expect(evidenceHref({ ...base, evidence_kind: "expectation" })).toBe("/accounts/a1/expectations/e1");
    expect(evidenceHref({ ...base, evidence_kind: "stakeholder" })).toBe("/accounts/a1/committee/e1");
    expect(evidenceHref({ ...base, evidence_kind: "touchpoint" })).toBe("/accounts/a1/touchpoints/e1");
    expect(evidenceHref({ ...base, evidence_kind: "account" })).toBe("/accounts/a1");
  });

  it("scopes KAMs to their own book; directors and admins see all", () => {
    expect(portfolioOwnerScope({ id: KAM, role: "kam" })).toBe(KAM);
    expect(portfolioOwnerScope({ id: KAM, role: "director" })).toBeNull();
    expect(portfolioOwnerScope({ id: KAM, role: "admin" })).toBeNull();
    expect(canViewKamPage({ id: KAM, role: "kam" }, KAM)).toBe(true);
    expect(canViewKamPage({ id: KAM, role: "kam" }, OTHER)).toBe(false);
    expect(canViewKamPage({ id: KAM, role: "director" }, OTHER)).toBe(true);
    expect(canViewKamPage({ id: KAM, role: "customer" }, KAM)).toBe(false);
    expect(canAcknowledgeSignal({ id: KAM, role: "kam" }, { owner_id: KAM })).toBe(true);
    expect(canAcknowledgeSignal({ id: KAM, role: "kam" }, { owner_id: OTHER })).toBe(false);
    expect(canAcknowledgeSignal({ id: KAM, role: "director" }, { owner_id: OTHER })).toBe(true);
  });
});

describe("portfolio views in the URL", () => {
  it("defaults to health, worst first, and each column to its own direction", () => {
    expect(parsePortfolioView(new URLSearchParams())).toMatchObject({ sort: "health", dir: "asc" });
    expect(parsePortfolioView(new URLSearchParams("sort=value"))).toMatchObject({ sort: "value", dir: "desc" });
    expect(parsePortfolioView(new URLSearchParams("sort=value&dir=asc"))).toMatchObject({ sort: "value", dir: "asc" });
  });

  it("keeps the valid filters and drops the broken ones", () => {
    const v = parsePortfolioView(new URLSearchParams(`band=at_risk&kam=${KAM}&tier=gold&renewal=90&stage=&q=%20oy%20&dir=up`));
    expect(v).toEqual({ band: "at_risk", kam: KAM, renewal: 90, q: "oy", sort: "health", dir: "asc" });
    expect(parsePortfolioView(new URLSearchParams("renewal=45&kam=nope")).renewal).toBeUndefined();
    expect(parseRiskInboxFilters(new URLSearchParams("ack=no&rule=invoice_trouble&kam=x"))).toEqual({ ack: "no", rule: "invoice_trouble" });
  });
});
