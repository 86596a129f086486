import { describe, expect, it } from "vitest";
import { attendeeAddress, expectationUid, importedKind, importSkipReason, ownUid, planEnd, planUid } from "#app/domain/calendar.ts";

// The calendar's rules on hand-worked examples.

const id = "0663a9a4-4a6b-4066-a531-5a2454654752";

describe("UIDs", () => {
  it("are the record's id, and are read back as such (any case); others are not ours", () => {
    expect(planUid(id)).toBe(`plan-${id}@kohtaamo`);
    expect(expectationUid(id)).toBe(`expectation-${id}@kohtaamo`);
    expect(ownUid(planUid(id))).toEqual({ kind: "plan", id });
    expect(ownUid(`PLAN-${id.toUpperCase()}@KOHTAAMO`)).toEqual({ kind: "plan", id });
    expect(ownUid("040000008200E00074C5B7101A82E008")).toBeNull();
    expect(ownUid(`plan-${id}@elsewhere`)).toBeNull();
  });
});

describe("a plan in a calendar", () => {
  it("lasts 30 minutes for a call, 60 for a meeting, 90 for a business review", () => {
    const start = new Date("2026-12-09T08:30:00Z");
    expect(planEnd(start, "call").toISOString()).toBe("2026-12-09T09:00:00.000Z");
    expect(planEnd(start, "meeting").toISOString()).toBe("2026-12-09T09:30:00.000Z");
    expect(planEnd(start, "business_review").toISOString()).toBe("2026-12-09T10:00:00.000Z");
  });
});

describe("an imported event", () => {
  it("keeps the feed's kind when it is one, else is a meeting", () => {
    expect(importedKind("call")).toBe("call");
    expect(importedKind(" BUSINESS_REVIEW ")).toBe("business_review");
    expect(importedKind("party")).toBe("meeting");
    expect(importedKind(null)).toBe("meeting");
  });

  it("reads an attendee's address from mailto: in any case; anything else is none", () => {
    expect(attendeeAddress("MAILTO:Anna@Kestila.Example")).toBe("anna@kestila.example");
    expect(attendeeAddress("mailto:bo@x.fi")).toBe("bo@x.fi");
    expect(attendeeAddress("urn:uuid:1234")).toBeNull();
    expect(attendeeAddress("mailto:")).toBeNull();
  });

  it("is skipped when known, all-day, without a subject, or out of the planning window, in that order", () => {
    const e = { allDay: false, start: new Date(), title: "Review", known: false };
    expect(importSkipReason(e, null)).toBeNull();
    expect(importSkipReason({ ...e, known: true, allDay: true }, "planInPast")).toBe("already");
    expect(importSkipReason({ ...e, allDay: true }, null)).toBe("allDay");
    expect(importSkipReason({ ...e, title: "  " }, null)).toBe("noTitle");
    expect(importSkipReason(e, "planInPast")).toBe("inPast");
    expect(importSkipReason(e, "planTooFar")).toBe("tooFar");
  });
});
