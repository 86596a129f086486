import { describe, expect, it } from "vitest";
import { pageOf } from "#app/domain/paging.ts";

const letters = [..."abcdefghijklmnopqrstuvw"]; // 23

describe("pageOf", () => {
  it("cuts numbered pages, the last one short", () => {
    expect(pageOf(letters, 1, 10)).toMatchObject({ page: 1, pages: 3, from: 1, to: 10, total: 23 });
    expect(pageOf(letters, 2, 10).items.join("")).toBe("klmnopqrst");
    expect(pageOf(letters, 3, 10)).toMatchObject({ items: ["u", "v", "w"], from: 21, to: 23 });
  });

  it("shows the last page for a page past the end, and the first for nonsense", () => {
    expect(pageOf(letters, 99, 10).page).toBe(3);
    expect(pageOf(letters, 0, 10).page).toBe(1);
    expect(pageOf(letters, -4, 10).page).toBe(1);
    expect(pageOf(letters, Number.NaN, 10).page).toBe(1);
    expect(pageOf(letters, 2.7, 10).page).toBe(2);
  });

  it("has one empty page for an empty list", () => {
    expect(pageOf([], 3, 10)).toEqual({ items: [], page: 1, pages: 1, from: 0, to: 0, total: 0 });
  });

  it("is one page when everything fits", () => {
    expect(pageOf(letters, 1, 23)).toMatchObject({ pages: 1, from: 1, to: 23 });
  });
});
