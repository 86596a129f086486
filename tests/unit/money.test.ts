import { describe, expect, it } from "vitest";
import { exactAmount } from "#app/domain/money.ts";

// One rule for money amounts (app/domain/money.ts), worked by hand.
describe("exactAmount", () => {
  it("keeps an amount as the exact string stored, with two decimals", () => {
    expect(exactAmount("1234.5")).toBe("1234.50");
    expect(exactAmount("1234")).toBe("1234.00");
    expect(exactAmount("0.05")).toBe("0.05");
    expect(exactAmount("999999999999.99")).toBe("999999999999.99");
    // Leading zeros are not part of the amount.
    expect(exactAmount("0042.1")).toBe("42.10");
    expect(exactAmount("000")).toBe("0.00");
  });

  it("refuses what a money column cannot hold", () => {
    expect(exactAmount("1000000000000")).toBeNull(); // 13 whole digits
    expect(exactAmount("1.005")).toBeNull(); // three decimals
    expect(exactAmount("1e3")).toBeNull();
    expect(exactAmount("")).toBeNull();
    expect(exactAmount("12,50")).toBeNull(); // plain digits only: the callers read the ways people write numbers
  });

  it("takes an amount below zero only where one is allowed, and minus zero as zero", () => {
    expect(exactAmount("-250.5")).toBeNull();
    expect(exactAmount("-0")).toBeNull();
    expect(exactAmount("-250.5", { negative: true })).toBe("-250.50");
    expect(exactAmount("-0", { negative: true })).toBe("0.00");
    expect(exactAmount("-000.00", { negative: true })).toBe("0.00");
  });
});
