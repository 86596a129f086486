import { describe, expect, it } from "vitest";
import { planChangeRefusal, planIsDue, planTimeRefusal, recordedTimeOf } from "#app/domain/planned-touchpoints.ts";
import { canChangePlan, canPlanTouchpoint } from "#app/domain/permissions.ts";

// Helsinki is UTC+2 in December: 2026-12-06T22:30Z is already 7 December there.
const now = new Date("2026-12-06T10:00:00Z");

describe("planTimeRefusal", () => {
  it("takes any time of today, even one already past, and later days", () => {
    expect(planTimeRefusal(new Date("2026-12-06T06:00:00Z"), now)).toBeNull();
    expect(planTimeRefusal(new Date("2026-12-05T22:30:00Z"), now)).toBeNull(); // 00:30 in Helsinki today
    expect(planTimeRefusal(new Date("2027-03-01T08:00:00Z"), now)).toBeNull();
  });
  it("refuses yesterday (in Helsinki) and more than two years ahead", () => {
    expect(planTimeRefusal(new Date("2026-12-05T21:30:00Z"), now)).toBe("planInPast"); // 23:30 yesterday in Helsinki
    expect(planTimeRefusal(new Date("2028-12-06T10:00:00Z"), now)).toBeNull();
    expect(planTimeRefusal(new Date("2028-12-08T10:00:00Z"), now)).toBe("planTooFar");
  });
});

describe("planIsDue", () => {
  it("is due from its Helsinki day on while still planned", () => {
    expect(planIsDue({ planned_for: "2026-12-06T15:00:00Z", state: "planned" }, "2026-12-06")).toBe(true);
    expect(planIsDue({ planned_for: "2026-12-06T22:30:00Z", state: "planned" }, "2026-12-06")).toBe(false);
    expect(planIsDue({ planned_for: "2026-12-01T08:00:00Z", state: "planned" }, "2026-12-06")).toBe(true);
    expect(planIsDue({ planned_for: "2026-12-06T08:00:00Z", state: "logged" }, "2026-12-06")).toBe(false);
    expect(planIsDue({ planned_for: "2026-12-06T08:00:00Z", state: "cancelled" }, "2026-12-06")).toBe(false);
  });
});

describe("recordedTimeOf", () => {
  it("takes the planned time once it has passed, else now, as Helsinki wall time", () => {
    expect(recordedTimeOf("2026-12-06T08:00:00Z", now)).toBe("2026-12-06T10:00");
    expect(recordedTimeOf("2026-12-06T14:00:00Z", now)).toBe("2026-12-06T12:00");
  });
});

describe("plan permissions", () => {
  const account = { owner_id: "kam-a" };
  it("lets the account's editors plan, and the owner or maker of a plan change it", () => {
    expect(canPlanTouchpoint({ id: "kam-a", role: "kam" }, account)).toBe(true);
    expect(canPlanTouchpoint({ id: "kam-b", role: "kam" }, account)).toBe(false);
    expect(canPlanTouchpoint({ id: "d", role: "director" }, account)).toBe(true);
    expect(canChangePlan({ id: "kam-b", role: "kam" }, account, { owner_id: "kam-b", created_by: "kam-a" })).toBe(true);
    expect(canChangePlan({ id: "kam-b", role: "kam" }, account, { owner_id: "kam-a", created_by: "kam-a" })).toBe(false);
    expect(canChangePlan({ id: "c", role: "customer" }, account, { owner_id: "c", created_by: "c" })).toBe(false);
  });
  it("changes only what is still planned", () => {
    expect(planChangeRefusal("planned")).toBeNull();
    expect(planChangeRefusal("logged")).toBe("planNotOpen");
    expect(planChangeRefusal("cancelled")).toBe("planNotOpen");
  });
});
