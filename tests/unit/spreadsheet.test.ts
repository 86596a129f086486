import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "#app/domain/spreadsheet.ts";

describe("neutraliseFormula", () => {
  it("puts an apostrophe before what a spreadsheet would run", () => {
    for (const value of ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "=cmd|' /C calc'!A0", "+358 40 123 4567", "-"]) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  });

  it("leaves other text and plain numbers as they are", () => {
    for (const value of ["", "Acme Oy", "a=b", " =1", "'=1", "-12.50", "+3", "42", "2026-12-05", "ääkköset €"]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });
});
