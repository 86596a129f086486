import { describe, expect, it } from "vitest";
import { daysOverdue, dueForCustomer, isAnswerableDelivery, pendingNotice } from "#app/domain/commitments.ts";
import type { ReplanForScoring } from "#app/domain/predictability.ts";

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

  it("finds where notices still awaiting an answer would move the promise once they stand, by the promise's own rule", () => {
    // As replanForScoring gives them: an awaiting notice does not count yet (customerNotified false).
    const replan = (
      fromDueDate: string,
      toDueDate: string,
      on: string,
      over: Partial<ReplanForScoring> = {},
    ): ReplanForScoring => ({
      fromDueDate,
      toDueDate,
      at: `${on}T10:00:00Z`,
      customerNotified: false,
      replannedOn: on,
      notifiedOn: null,
      claimedNotice: true,
      claimedNoticeOn: on,
      noticeState: "awaiting",
      noticeStandsFrom: "2026-12-09",
      ...over,
    });
    const silent = (from: string, to: string, on: string) =>
      replan(from, to, on, {
        claimedNotice: false,
        claimedNoticeOn: null,
        noticeState: "none",
        noticeStandsFrom: null,
      });
    // Due 1 Dec; on 25 Nov moved to 20 Dec, the customer told that day: awaiting until 9 Dec.
    expect(pendingNotice("2026-12-01", [replan("2026-12-01", "2026-12-20", "2026-11-25")], "UTC")).toEqual({
      movesTo: "2026-12-20",
      standsOn: "2026-12-09",
    });
    // Moved silently on 10 Nov to 10 Dec, then to 20 Dec on 15 Nov with notice, awaiting: the customer was still
    // expecting 1 Dec when told, so once it stands the promise is 20 Dec.
    expect(
      pendingNotice(
        "2026-12-01",
        [silent("2026-12-01", "2026-12-10", "2026-11-10"), replan("2026-12-10", "2026-12-20", "2026-11-15")],
        "UTC",
      ),
    ).toEqual({ movesTo: "2026-12-20", standsOn: "2026-12-09" });
    // Nobody could see it when it was recorded ('unreachable'): it moves the promise only once the customer confirms it.
    const unseen = { noticeState: "unreachable" as const, noticeStandsFrom: null };
    expect(pendingNotice("2026-12-01", [replan("2026-12-01", "2026-12-20", "2026-11-25", unseen)], "UTC")).toEqual({
      movesTo: "2026-12-20",
      standsOn: null,
    });
    // Told only on the day itself or after it: standing or not, it moves nothing.
    expect(pendingNotice("2026-12-01", [replan("2026-12-01", "2026-12-20", "2026-12-01")], "UTC")).toBeNull();
    // The day passed unannounced before the notice: nothing later moves the promise.
    expect(
      pendingNotice(
        "2026-12-01",
        [silent("2026-12-01", "2026-12-10", "2026-12-03"), replan("2026-12-10", "2026-12-20", "2026-12-04")],
        "UTC",
      ),
    ).toBeNull();
    // Nothing awaits: confirmed (it already counts), contested (it never will), or no notice at all.
    const confirmed = replan("2026-12-01", "2026-12-20", "2026-11-25", {
      noticeState: "confirmed",
      customerNotified: true,
    });
    expect(pendingNotice("2026-12-01", [confirmed], "UTC")).toBeNull();
    expect(
      pendingNotice(
        "2026-12-01",
        [replan("2026-12-01", "2026-12-20", "2026-11-25", { noticeState: "contested" })],
        "UTC",
      ),
    ).toBeNull();
    expect(pendingNotice("2026-12-01", [silent("2026-12-01", "2026-12-20", "2026-11-25")], "UTC")).toBeNull();
    // Two moves awaiting: the promise moves to the last once both stand, on the later of their days.
    expect(
      pendingNotice(
        "2026-12-01",
        [
          replan("2026-12-01", "2026-12-10", "2026-11-20", { noticeStandsFrom: "2026-12-04" }),
          replan("2026-12-10", "2026-12-20", "2026-11-25", { noticeStandsFrom: "2026-12-09" }),
        ],
        "UTC",
      ),
    ).toEqual({ movesTo: "2026-12-20", standsOn: "2026-12-09" });
  });
});
