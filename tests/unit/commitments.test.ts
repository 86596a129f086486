import { describe, expect, it } from "vitest";
import {
  awaitedNotice,
  daysOverdue,
  dueForCustomer,
  isAnswerableDelivery,
  type MoveNotice,
} from "#app/domain/commitments.ts";

describe("what the portal asks and marks", () => {
  it("asks about deliveries only: kept, exceeded, late, partial; never missed, withdrawn or open", () => {
    for (const outcome of ["kept", "exceeded", "late", "partial"])
      expect(isAnswerableDelivery({ status: "resolved", outcome })).toBe(true);
    for (const outcome of ["missed", "withdrawn", null])
      expect(isAnswerableDelivery({ status: "resolved", outcome })).toBe(false);
    expect(isAnswerableDelivery({ status: "open", outcome: null })).toBe(false);
  });

  it("marks an open commitment overdue from the day after its due date", () => {
    const on = (due_date: string) => ({ due_date, original_due_date: due_date, promised_date: null });
    expect(daysOverdue({ status: "open", ...on("2026-12-05") }, "2026-12-05")).toBe(0);
    expect(daysOverdue({ status: "open", ...on("2026-12-04") }, "2026-12-05")).toBe(1);
    expect(daysOverdue({ status: "open", ...on("2026-10-16") }, "2026-12-05")).toBe(50);
    expect(daysOverdue({ status: "resolved", ...on("2026-10-16") }, "2026-12-05")).toBe(0);
  });

  it("counts from the date the customer was told when a re-plan was not announced in time", () => {
    // Due 1 Dec, moved to 20 Dec without notice: the customer still expected it on 1 Dec.
    const silent = { status: "open", original_due_date: "2026-12-01", promised_date: null, due_date: "2026-12-20" };
    expect(dueForCustomer(silent)).toBe("2026-12-01");
    expect(daysOverdue(silent, "2026-12-05")).toBe(4);
    // Moved once with notice (to 10 Dec), then again to 20 Dec without: overdue from 10 Dec.
    const second = { ...silent, promised_date: "2026-12-10" };
    expect([dueForCustomer(second), daysOverdue(second, "2026-12-05"), daysOverdue(second, "2026-12-12")]).toEqual([
      "2026-12-10",
      0,
      2,
    ]);
    // Told in time: the promise moved with the date, so it is due on 20 Dec for everyone.
    const told = { ...silent, promised_date: "2026-12-20" };
    expect([dueForCustomer(told), daysOverdue(told, "2026-12-05")]).toEqual(["2026-12-20", 0]);
    // Brought forward: the earlier due date counts.
    const sooner = { status: "open", original_due_date: "2026-12-20", promised_date: null, due_date: "2026-12-03" };
    expect([dueForCustomer(sooner), daysOverdue(sooner, "2026-12-05")]).toEqual(["2026-12-03", 2]);
  });

  it("finds the notice that moves the day once it stands: the newest, awaiting, of a move from that day, told before it", () => {
    const notice = (over: Partial<MoveNotice> = {}): MoveNotice => ({
      expectationId: "e1",
      fromDueDate: "2026-12-01",
      toldOn: "2026-11-25",
      state: "awaiting",
      standsFrom: "2026-12-09",
      ...over,
    });
    const c = { id: "e1", dueForCustomer: "2026-12-01" };
    expect(awaitedNotice(c, [notice()])?.standsFrom).toBe("2026-12-09");
    // Another commitment's notice, or none.
    expect(awaitedNotice(c, [notice({ expectationId: "e2" })])).toBeNull();
    expect(awaitedNotice(c, [])).toBeNull();
    // Already standing (it would have moved the day), contested (it never will), or said without a day.
    for (const state of ["confirmed", "uncontested", "contested", "none"] as const)
      expect([state, awaitedNotice(c, [notice({ state })])]).toEqual([state, null]);
    expect(awaitedNotice(c, [notice({ toldOn: null })])).toBeNull();
    // Told on the day or after it: standing or not, it is not notice given before that day.
    expect(awaitedNotice(c, [notice({ toldOn: "2026-12-01" })])).toBeNull();
    // A move from another day (a later move of a date already passed without notice).
    expect(awaitedNotice(c, [notice({ fromDueDate: "2026-12-10" })])).toBeNull();
    // Only the newest notice of the commitment counts (listed newest first).
    expect(awaitedNotice(c, [notice({ state: "contested" }), notice()])).toBeNull();
    expect(awaitedNotice(c, [notice(), notice({ state: "contested" })])?.state).toBe("awaiting");
  });
});
