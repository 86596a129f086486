import { describe, expect, it } from "vitest";
import { canArchiveAccount, canChangeAccountOwner, canEditAccount, canLogTouchpoint, canViewAccount, defaultAccountScope, loggableAccountsOwner } from "#app/domain/permissions.ts";

const kam = { id: "k1", role: "kam" as const };
const director = { id: "d1", role: "director" as const };
const admin = { id: "a1", role: "admin" as const };
const customer = { id: "c1", role: "customer" as const };

describe("account permissions", () => {
  it("lets staff read accounts and never a customer through the staff side", () => {
    expect([kam, director, admin].map(canViewAccount)).toEqual([true, true, true]);
    expect(canViewAccount(customer)).toBe(false);
  });

  it("lets the owning KAM, a director or an admin edit, and no one else", () => {
    expect(canEditAccount(kam, { owner_id: "k1" })).toBe(true);
    expect(canEditAccount(kam, { owner_id: "k2" })).toBe(false);
    expect(canEditAccount(director, { owner_id: "k2" })).toBe(true);
    expect(canEditAccount(admin, { owner_id: "k2" })).toBe(true);
    expect(canEditAccount(customer, { owner_id: "c1" })).toBe(false);
  });

  it("holds logging a touchpoint to the account's one write rule, in every channel", () => {
    for (const actor of [kam, director, admin, customer]) {
      for (const owner_id of ["k1", "k2"]) expect(canLogTouchpoint(actor, { owner_id })).toBe(canEditAccount(actor, { owner_id }));
    }
    expect(loggableAccountsOwner(kam)).toBe(kam.id);
    expect(loggableAccountsOwner(director)).toBeNull();
  });

  it("reserves changing the owner for directors and admins", () => {
    expect([kam, director, admin, customer].map(canChangeAccountOwner)).toEqual([false, true, true, false]);
  });

  it("reserves archiving and restoring an account for directors and admins, not its own KAM", () => {
    expect([kam, director, admin, customer].map(canArchiveAccount)).toEqual([false, true, true, false]);
    // The KAM who may edit the account may not take it out of the portfolio and the risk inbox.
    expect(canEditAccount(kam, { owner_id: "k1" }) && !canArchiveAccount(kam)).toBe(true);
  });

  it("opens a KAM's list on their own accounts", () => {
    expect(defaultAccountScope(kam)).toBe("mine");
    expect(defaultAccountScope(director)).toBe("all");
  });
});
