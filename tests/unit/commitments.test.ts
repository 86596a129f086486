import { describe, expect, it } from "vitest";
import { daysOverdue, isAnswerableDelivery } from "#app/domain/commitments.ts";

describe("what the portal asks and marks", () => {
  it("asks about deliveries only: kept, exceeded, late, partial; never missed, withdrawn or open", () => {
    for (const outcome of ["kept", "exceeded", "late", "partial"])
      expect(isAnswerableDelivery({ status: "resolved", outcome })).toBe(true);
    for (const outcome of ["missed", "withdrawn", null])
      expect(isAnswerableDelivery({ status: "resolved", outcome })).toBe(false);
    expect(isAnswerableDelivery({ status: "open", outcome: null })).toBe(false);
  });

  it("marks an open commitment overdue from the day after its due date", () => {
    expect(daysOverdue({ status: "open", due_date: "2026-12-05" }, "2026-12-05")).toBe(0);
    expect(daysOverdue({ status: "open", due_date: "2026-12-04" }, "2026-12-05")).toBe(1);
    expect(daysOverdue({ status: "open", due_date: "2026-10-16" }, "2026-12-05")).toBe(50);
    expect(daysOverdue({ status: "resolved", due_date: "2026-10-16" }, "2026-12-05")).toBe(0);
  });
});
