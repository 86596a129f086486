import { describe, expect, it } from "vitest";
import { firstMeetingPending, handoverRefusal, movesToSuccessor, predecessorRecord } from "#app/domain/handover.ts";

// Successor handover rules, on hand-worked examples.

describe("handoverRefusal", () => {
  const left = { id: "a", leftOn: "2026-11-01", successorId: null };
  it("allows a present successor for someone who left", () => {
    expect(handoverRefusal(left, { id: "b", leftOn: null })).toBeNull();
  });
  it("refuses someone still there, a second handover, themselves, a stranger and one who left too", () => {
    expect(handoverRefusal({ ...left, leftOn: null }, { id: "b", leftOn: null })).toEqual({ field: "", key: "handover.notLeft" });
    expect(handoverRefusal({ ...left, successorId: "c" }, { id: "b", leftOn: null })).toEqual({ field: "", key: "handover.alreadyHandedOver" });
    expect(handoverRefusal(left, { id: "a", leftOn: "2026-11-01" })).toEqual({ field: "successor_id", key: "handover.successorSelf" });
    expect(handoverRefusal(left, undefined)).toEqual({ field: "successor_id", key: "handover.successorNotOnAccount" });
    expect(handoverRefusal(left, { id: "b", leftOn: "2026-10-01" })).toEqual({ field: "successor_id", key: "handover.successorLeft" });
  });
});

describe("movesToSuccessor", () => {
  it("moves what is still open or proposed, never what is resolved or declined", () => {
    expect(["proposed", "open", "resolved", "declined"].map(movesToSuccessor)).toEqual([true, true, false, false]);
  });
});

describe("predecessorRecord", () => {
  it("is all zeros for nobody promised anything", () => {
    expect(predecessorRecord([])).toEqual({ promised: 0, kept: 0, notKept: 0, surprises: 0, handedOver: 0 });
  });
  it("counts kept and exceeded as kept, the rest of the resolved as not kept, and skips declined proposals", () => {
    const record = predecessorRecord([
      { status: "resolved", outcome: "kept", surprise: false, handedOver: false },
      { status: "resolved", outcome: "exceeded", surprise: false, handedOver: false },
      { status: "resolved", outcome: "late", surprise: true, handedOver: false },
      { status: "resolved", outcome: "withdrawn", surprise: false, handedOver: false },
      { status: "open", outcome: null, surprise: true, handedOver: true },
      { status: "proposed", outcome: null, surprise: false, handedOver: true },
      { status: "declined", outcome: null, surprise: false, handedOver: false },
    ]);
    // 6 promised (the declined one never was); 2 kept; late + withdrawn not kept;
    // the late one and the overdue open one were surprises; two moved on.
    expect(record).toEqual({ promised: 6, kept: 2, notKept: 2, surprises: 2, handedOver: 2 });
  });
});

describe("firstMeetingPending", () => {
  const at = "2026-12-01T09:00:00Z";
  it("is pending with no contact, or only contact before the handover, or only e-mail after it", () => {
    expect(firstMeetingPending(at, [])).toBe(true);
    expect(firstMeetingPending(at, [{ kind: "meeting", occurredAt: "2026-11-30T09:00:00Z" }])).toBe(true);
    expect(firstMeetingPending(at, [{ kind: "email", occurredAt: "2026-12-02T09:00:00Z" }])).toBe(true);
  });
  it("is had once a meeting, call or business review with them is logged at or after the handover", () => {
    expect(firstMeetingPending(at, [{ kind: "call", occurredAt: at }])).toBe(false);
    expect(firstMeetingPending(at, [{ kind: "business_review", occurredAt: "2026-12-05T12:00:00Z" }])).toBe(false);
  });
});
