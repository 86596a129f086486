import { describe, expect, it } from "vitest";
import {
  deliveryBreaches,
  dueDateEditBreaches,
  holderBreaches,
  importanceBreaches,
  noticeDay,
  notOpenBreaches,
  replanBreaches,
  resolutionEditBreaches,
  type ReplanFacts,
} from "#app/domain/expectation-rules.ts";

const today = "2026-11-22";

describe("expectation rules: what a delivery may say about its dates", () => {
  const due = "2026-11-10";
  it("accepts kept on or before the due date and late after it", () => {
    expect(deliveryBreaches({ outcome: "kept", deliveredOn: "2026-11-10", dueDate: due, today })).toEqual([]);
    expect(deliveryBreaches({ outcome: "late", deliveredOn: "2026-11-11", dueDate: due, today })).toEqual([]);
    expect(deliveryBreaches({ outcome: "missed", deliveredOn: null, dueDate: due, today })).toEqual([]);
  });
  it("refuses kept dated after the due date, pointing to late", () => {
    expect(deliveryBreaches({ outcome: "kept", deliveredOn: "2026-11-11", dueDate: due, today })).toEqual([
      { field: "delivered_on", key: "deliveryForm.keptAfterDue", params: { date: due } },
    ]);
  });
  it("refuses late dated on or before the due date", () => {
    expect(deliveryBreaches({ outcome: "late", deliveredOn: due, dueDate: due, today })).toEqual([
      { field: "delivered_on", key: "deliveryForm.lateNotAfterDue", params: { date: due } },
    ]);
  });
  it("refuses a delivery dated after today, and a dated outcome without its date", () => {
    expect(deliveryBreaches({ outcome: "exceeded", deliveredOn: "2026-11-23", dueDate: "2026-12-01", today })).toEqual([
      { field: "delivered_on", key: "deliveryForm.inFuture" },
    ]);
    expect(deliveryBreaches({ outcome: "partial", deliveredOn: undefined, dueDate: due, today })).toEqual([
      { field: "delivered_on", key: "deliveryForm.dateRequired" },
    ]);
  });
});

describe("expectation rules: a withdrawal's stated day", () => {
  const recordedOn = "2026-09-01";
  it("refuses a withdrawal dated before the expectation was recorded, naming that day", () => {
    expect(
      deliveryBreaches({ outcome: "withdrawn", deliveredOn: "2026-08-31", dueDate: "2026-10-01", today, recordedOn }),
    ).toEqual([{ field: "delivered_on", key: "deliveryForm.withdrawnBeforeRecorded", params: { date: recordedOn } }]);
  });
  it("accepts one dated on the day it was recorded or later, or not dated at all", () => {
    for (const deliveredOn of [recordedOn, "2026-10-15", null]) {
      expect(deliveryBreaches({ outcome: "withdrawn", deliveredOn, dueDate: "2026-10-01", today, recordedOn })).toEqual([]);
    }
  });
  it("has no bound when the same write records the expectation (an import row or API request that creates it)", () => {
    expect(deliveryBreaches({ outcome: "withdrawn", deliveredOn: "2025-01-01", dueDate: "2025-02-01", today })).toEqual([]);
  });
  it("leaves other outcomes' days to their own rules", () => {
    expect(deliveryBreaches({ outcome: "kept", deliveredOn: "2026-08-20", dueDate: "2026-10-01", today, recordedOn })).toEqual([]);
  });
  it("still refuses a withdrawal dated in the future first", () => {
    expect(
      deliveryBreaches({ outcome: "withdrawn", deliveredOn: "2026-11-23", dueDate: "2026-10-01", today, recordedOn }),
    ).toEqual([{ field: "delivered_on", key: "deliveryForm.inFuture" }]);
  });
});

describe("expectation rules: who may hold it", () => {
  it("refuses a new holder who has left or is not on the account", () => {
    expect(holderBreaches("h1", { leftOn: "2026-10-01" })).toEqual([
      { field: "holder_stakeholder_id", key: "expectationForm.holderLeft" },
    ]);
    expect(holderBreaches("h1", undefined, null, "holder")).toEqual([
      { field: "holder", key: "expectationForm.holderNotOnAccount" },
    ]);
    expect(holderBreaches("h1", { leftOn: null })).toEqual([]);
  });
  it("lets the holder an expectation already has stay after they left", () => {
    expect(holderBreaches("h1", { leftOn: "2026-10-01" }, "h1")).toEqual([]);
  });
});

describe("expectation rules: how a due date moves", () => {
  it("refuses an edit that moves the due date or rewrites the original one", () => {
    const stored = { dueDate: "2026-12-01", originalDueDate: "2026-11-01" };
    expect(dueDateEditBreaches(stored, { dueDate: "2026-12-01", originalDueDate: "2026-11-01" })).toEqual([]);
    expect(dueDateEditBreaches(stored, {})).toEqual([]);
    expect(dueDateEditBreaches(stored, { dueDate: "2027-01-01" })).toEqual([
      { field: "due_date", key: "expectation.dueDateByReplanOnly", params: { date: "2026-12-01" } },
    ]);
    expect(dueDateEditBreaches(stored, { originalDueDate: "2026-10-01" })).toMatchObject([
      { field: "original_due_date" },
    ]);
  });

  const ok: ReplanFacts = {
    status: "open",
    currentDueDate: "2026-11-10",
    newDueDate: "2026-12-10",
    reason: "Supplier delay",
    replannedOn: "2026-11-05",
    notifiedOn: "2026-11-05",
    lastReplannedOn: null,
    today,
  };
  it("accepts a past re-plan with its real days", () => {
    expect(replanBreaches(ok)).toEqual([]);
  });
  it("refuses a re-plan of what is not open, to the same date, or without a reason", () => {
    expect(replanBreaches({ ...ok, status: "resolved" })).toEqual([{ field: "", key: "expectation.notOpen" }]);
    expect(replanBreaches({ ...ok, newDueDate: ok.currentDueDate, reason: " " })).toEqual([
      { field: "due_date", key: "replanForm.sameDate", params: { date: "2026-11-10" } },
      { field: "reason", key: "replanForm.reasonRequired" },
    ]);
  });
  it("refuses days in the future, a re-plan before the last one, and a new date before the re-plan", () => {
    expect(replanBreaches({ ...ok, replannedOn: "2026-11-23" })).toEqual([
      { field: "replanned_on", key: "replanForm.madeInFuture" },
    ]);
    expect(replanBreaches({ ...ok, notifiedOn: "2026-11-30" })).toEqual([
      { field: "customer_notified_on", key: "replanForm.notifiedInFuture" },
    ]);
    expect(replanBreaches({ ...ok, lastReplannedOn: "2026-11-06" })).toEqual([
      { field: "replanned_on", key: "replanForm.beforeLastReplan", params: { date: "2026-11-06" } },
    ]);
    expect(replanBreaches({ ...ok, newDueDate: "2026-11-01" })).toEqual([
      { field: "due_date", key: "replanForm.newDateBeforeReplan", params: { date: "2026-11-05" } },
    ]);
    // Told earlier than it was recorded: the new date may be as early as the notice.
    expect(replanBreaches({ ...ok, replannedOn: "2026-11-20", notifiedOn: "2026-10-28", newDueDate: "2026-11-01" })).toEqual([]);
    expect(replanBreaches({ ...ok, notifiedOn: null, newDueDate: "2026-11-04" })).toMatchObject([{ key: "replanForm.newDateBeforeReplan" }]);
  });
  it("takes notice without a day as given the day of the re-plan", () => {
    expect(noticeDay(true, null, "2026-11-05")).toBe("2026-11-05");
    expect(noticeDay(true, "2026-11-01", "2026-11-05")).toBe("2026-11-01");
    expect(noticeDay(false, null, "2026-11-05")).toBeNull();
  });
});

describe("expectation rules: what became of an expectation changes only while it is open", () => {
  const missed = { status: "resolved", outcome: "missed", deliveredOn: null };
  const kept = { status: "resolved", outcome: "kept", deliveredOn: "2026-10-01" };
  const refused = (field: string) => [{ field, key: "expectation.notOpen" }];
  it("lets a write resolve an open expectation, however it resolves it", () => {
    const open = { status: "open", outcome: null, deliveredOn: null };
    expect(resolutionEditBreaches(open, { status: "resolved", outcome: "kept", deliveredOn: "2026-10-01" })).toEqual([]);
    expect(resolutionEditBreaches(open, { status: "open", outcome: null })).toEqual([]);
  });
  it("refuses re-resolving a resolved one: another outcome, another day, or none (a reopening)", () => {
    expect(resolutionEditBreaches(missed, { status: "resolved", outcome: "kept", deliveredOn: "2026-09-30" })).toEqual(
      refused("outcome"),
    );
    expect(resolutionEditBreaches(kept, { status: "resolved", outcome: "kept", deliveredOn: "2026-09-20" })).toEqual(
      refused("delivered_on"),
    );
    expect(resolutionEditBreaches(kept, { deliveredOn: null })).toEqual(refused("delivered_on"));
    expect(resolutionEditBreaches(kept, { status: "open", outcome: null })).toEqual(refused("outcome"));
    // A proposal is accepted, not resolved by a write.
    expect(resolutionEditBreaches({ status: "proposed", outcome: null, deliveredOn: null }, { status: "open", outcome: null })).toEqual(
      refused("outcome"),
    );
  });
  it("passes a write that repeats what is stored, or leaves it out", () => {
    expect(resolutionEditBreaches(missed, { status: "resolved", outcome: "missed", deliveredOn: null })).toEqual([]);
    expect(resolutionEditBreaches(kept, { status: "resolved", outcome: "kept", deliveredOn: "2026-10-01" })).toEqual([]);
    expect(resolutionEditBreaches(kept, {})).toEqual([]);
  });
  it("is the forms' rule: only an open expectation is re-planned or delivered", () => {
    expect(notOpenBreaches("open")).toEqual([]);
    expect(notOpenBreaches("resolved")).toEqual(refused(""));
  });
});

describe("expectation rules: importance is not lowered once the promise was judged", () => {
  // today 2026-11-22 (the vendor's calendar date); importance 3 stored.
  const open = (due: string, promised: string | null = null) => ({
    status: "open",
    importance: 3,
    original_due_date: due,
    due_date: due,
    promised_date: promised,
  });
  const refused = [{ field: "importance", key: "expectation.importanceNotLowered" }];
  it("lowers it while the customer's date is today or later (due today is not late yet)", () => {
    expect(importanceBreaches(open("2026-11-22"), 1, today)).toEqual([]);
    expect(importanceBreaches(open("2026-12-01"), 2, today)).toEqual([]);
  });
  it("refuses lowering it from the day after the customer's date", () => {
    expect(importanceBreaches(open("2026-11-21"), 1, today)).toEqual(refused);
    expect(importanceBreaches(open("2026-11-21"), 2, today)).toEqual(refused);
  });
  it("reads the customer's date: moved on 2026-12-20 without notice, still due 2026-11-10 for them", () => {
    const moved = { ...open("2026-11-10"), due_date: "2026-12-20", promised_date: "2026-11-10" };
    expect(importanceBreaches(moved, 1, today)).toEqual(refused);
    // Moved with notice in time: the customer expects 2026-12-20.
    expect(importanceBreaches({ ...moved, promised_date: "2026-12-20" }, 1, today)).toEqual([]);
  });
  it("refuses lowering a resolved one, even delivered before its date", () => {
    expect(importanceBreaches({ ...open("2026-12-15"), status: "resolved" }, 1, today)).toEqual(refused);
  });
  it("refuses lowering one delivered before and reopened, though its date has not come", () => {
    expect(importanceBreaches({ ...open("2026-12-15"), everResolved: true }, 1, today)).toEqual(refused);
    expect(importanceBreaches({ ...open("2026-12-15"), everResolved: false }, 1, today)).toEqual([]);
  });
  it("raises it, or leaves it as it is, at any time", () => {
    expect(importanceBreaches({ ...open("2026-10-01"), importance: 1 }, 3, today)).toEqual([]);
    expect(importanceBreaches({ ...open("2026-10-01"), status: "resolved", importance: 2 }, 3, today)).toEqual([]);
    expect(importanceBreaches(open("2026-10-01"), 3, today)).toEqual([]);
    expect(importanceBreaches(open("2026-10-01"), undefined, today)).toEqual([]);
  });
});
