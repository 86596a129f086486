import { describe, expect, it } from "vitest";
import { canDeleteTouchpoint, canEditTouchpoint } from "#app/domain/permissions.ts";

const author = { id: "k1", role: "kam" as const };
const owner = { id: "k2", role: "kam" as const };
const otherKam = { id: "k3", role: "kam" as const };
const director = { id: "d1", role: "director" as const };
const admin = { id: "a1", role: "admin" as const };
const customer = { id: "k1", role: "customer" as const };

const account = { owner_id: "k2" };
const touchpoint = { author_id: "k1" };

describe("who may change a touchpoint", () => {
  it("lets the author, the owning KAM, a director and an admin edit", () => {
    expect(canEditTouchpoint(author, account, touchpoint)).toBe(true);
    expect(canEditTouchpoint(owner, account, touchpoint)).toBe(true);
    expect(canEditTouchpoint(director, account, touchpoint)).toBe(true);
    expect(canEditTouchpoint(admin, account, touchpoint)).toBe(true);
  });

  it("refuses any other KAM", () => {
    expect(canEditTouchpoint(otherKam, account, touchpoint)).toBe(false);
  });

  it("refuses a customer even with a matching id", () => {
    expect(canEditTouchpoint(customer, { owner_id: "k1" }, touchpoint)).toBe(false);
  });

  it("leaves a touchpoint without author (system, import, deleted user) to the owner and above", () => {
    const orphan = { author_id: null };
    expect(canEditTouchpoint(otherKam, account, orphan)).toBe(false);
    expect(canEditTouchpoint(owner, account, orphan)).toBe(true);
    expect(canEditTouchpoint(director, account, orphan)).toBe(true);
  });
});

describe("who may delete a touchpoint", () => {
  const logged = { author_id: "k1", source: "internal", kind: "support_case" };
  it("keeps a case or an invoice the figures count from its KAMs (author and owner), not from a director or an admin", () => {
    expect([author, owner, director, admin, otherKam].map((a) => canDeleteTouchpoint(a, account, logged, true))).toEqual([false, false, true, true, false]);
    expect([author, owner, director, admin, otherKam].map((a) => canDeleteTouchpoint(a, account, logged))).toEqual([true, true, true, true, false]);
  });

  it("never deletes what the system wrote, kept for the figures or not", () => {
    const portal = { author_id: null, source: "portal", kind: "call" };
    expect(canDeleteTouchpoint(director, account, portal)).toBe(false);
    expect(canDeleteTouchpoint(admin, account, portal, true)).toBe(false);
  });
});
