import { describe, expect, it } from "vitest";
import { RecordMeetingForm } from "#app/schemas/business-review.ts";

// A review meeting's time is read as the log form reads a touchpoint's: a
// Helsinki wall time, of a year the forms accept, not in the future.

const form = (occurred_at: string) => ({ intent: "record", version: "1", occurred_at });
const refusal = (occurred_at: string) => {
  const parsed = RecordMeetingForm.safeParse(form(occurred_at));
  return parsed.success ? null : parsed.error.issues.map((i) => (i as { params?: { i18n?: string } }).params?.i18n);
};

describe("the review meeting's time", () => {
  it("reads a wall time in Helsinki as the instant it names", () => {
    const parsed = RecordMeetingForm.parse(form("2026-06-15T09:30"));
    expect(parsed.occurred_at.toISOString()).toBe("2026-06-15T06:30:00.000Z");
  });

  it("refuses a time of a year outside 1900–2999, a malformed one, and one in the future, each with its message", () => {
    expect(refusal("0201-06-15T09:30")).toEqual(["validation.dateRange"]);
    expect(refusal("2026-06-15 9:30")).toEqual(["validation.dateTime"]);
    expect(refusal("2999-01-01T00:00")).toEqual(["touchpointForm.inFuture"]);
  });
});
