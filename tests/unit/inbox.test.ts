import { describe, expect, it } from "vitest";
import {
  handOverRefusal,
  inboxItemKey,
  inboxTier,
  isDetractor,
  orderInbox,
  parseInboxItemKey,
  resolveInboxSettings,
  snoozeRefusal,
  visibleToday,
  type InboxItem,
} from "#app/domain/inbox.ts";
import { canChangeTask, canSeeTask } from "#app/domain/permissions.ts";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const item = (n: number, over: Partial<InboxItem>): InboxItem => ({
  key: inboxItemKey(over.kind ?? "signal", id(n)),
  kind: "signal",
  accountId: id(100),
  accountName: "Kestilä Oy",
  sourceId: id(n),
  at: "2026-12-01T10:00:00.000Z",
  dueOn: null,
  title: "",
  pressing: false,
  details: {},
  ...over,
});

describe("inbox order", () => {
  const today = "2026-12-05";
  it("puts disputes and detractors first, then what is overdue, then the newest", () => {
    const items = [
      item(1, { kind: "customer_expectation", at: "2026-12-05T09:00:00.000Z" }),
      item(2, { kind: "expectation_overdue", at: "2026-12-01T00:00:00.000Z", dueOn: "2026-12-01" }),
      item(3, { kind: "survey_answer", pressing: true, at: "2026-12-02T08:00:00.000Z" }),
      item(4, { kind: "survey_answer", pressing: false, at: "2026-12-04T08:00:00.000Z" }),
      item(5, { kind: "customer_dispute", pressing: true, at: "2026-12-03T08:00:00.000Z" }),
      item(6, { kind: "task_due", at: "2026-12-04T00:00:00.000Z", dueOn: "2026-12-04" }),
      item(7, { kind: "task_due", at: "2026-12-08T00:00:00.000Z", dueOn: "2026-12-08" }),
    ];
    expect(orderInbox(items, today).map((i) => i.sourceId)).toEqual([id(5), id(3), id(6), id(2), id(7), id(1), id(4)]);
  });
  it("ranks by tier", () => {
    expect(inboxTier({ kind: "signal", pressing: true, dueOn: null }, today)).toBe(0);
    expect(inboxTier({ kind: "signal", pressing: false, dueOn: null }, today)).toBe(2);
    expect(inboxTier({ kind: "task_due", pressing: false, dueOn: today }, today)).toBe(2);
    expect(inboxTier({ kind: "task_due", pressing: false, dueOn: "2026-12-04" }, today)).toBe(1);
  });
  it("knows a detractor", () => {
    expect([0, 6, 7, 9].map((s) => isDetractor("nps", s))).toEqual([true, true, false, false]);
    expect([1, 2, 3, 5].map((s) => isDetractor("csat", s))).toEqual([true, true, false, false]);
  });
});

describe("inbox keys and state", () => {
  it("round-trips a key with and without a stamp, and refuses anything else", () => {
    expect(parseInboxItemKey(inboxItemKey("expectation_due", id(1), "2026-12-09"))).toEqual({ kind: "expectation_due", sourceId: id(1), stamp: "2026-12-09" });
    expect(parseInboxItemKey(inboxItemKey("signal", id(2)))).toEqual({ kind: "signal", sourceId: id(2), stamp: null });
    expect(parseInboxItemKey(`nonsense:${id(1)}`)).toBeNull();
    expect(parseInboxItemKey("signal:' or 1=1")).toBeNull();
  });
  it("hides done items, snoozed ones until their day, and those handed on", () => {
    const base = { item_key: "k", done_at: null, snoozed_until: null, handed_to: null };
    expect(visibleToday(undefined, "me", "2026-12-05")).toBe(true);
    expect(visibleToday({ ...base, done_at: new Date() }, "me", "2026-12-05")).toBe(false);
    expect(visibleToday({ ...base, snoozed_until: "2026-12-06" }, "me", "2026-12-05")).toBe(false);
    expect(visibleToday({ ...base, snoozed_until: "2026-12-06" }, "me", "2026-12-06")).toBe(true);
    expect(visibleToday({ ...base, handed_to: "you" }, "me", "2026-12-05")).toBe(false);
  });
  it("hands over only to another active member of staff, and snoozes only ahead", () => {
    expect(handOverRefusal("me", { id: "me", role: "kam", disabled_at: null })).toBe("selfHandOver");
    expect(handOverRefusal("me", { id: "c", role: "customer", disabled_at: null })).toBe("notStaff");
    expect(handOverRefusal("me", { id: "d", role: "kam", disabled_at: new Date() })).toBe("notStaff");
    expect(handOverRefusal("me", undefined)).toBe("notStaff");
    expect(handOverRefusal("me", { id: "you", role: "director", disabled_at: null })).toBeNull();
    expect(snoozeRefusal("2026-12-05", "2026-12-05")).toBe("snoozeNotAhead");
    expect(snoozeRefusal("2026-12-06", "2026-12-05")).toBeNull();
    expect(snoozeRefusal("2028-01-01", "2026-12-05")).toBe("snoozeTooFar");
  });
  it("reads settings with defaults for anything missing or out of range", () => {
    expect(resolveInboxSettings(undefined)).toEqual({ escalationDays: 3, dueSoonDays: 7, surveyDays: 30, playbookRules: [] });
    expect(resolveInboxSettings({ escalationDays: 10, dueSoonDays: -1, playbookRules: ["champion_left", 3] })).toEqual({
      escalationDays: 10,
      dueSoonDays: 7,
      surveyDays: 30,
      playbookRules: ["champion_left"],
    });
  });
});

describe("task permissions", () => {
  const kam = { id: "k1", role: "kam" as const };
  const other = { id: "k2", role: "kam" as const };
  const director = { id: "d", role: "director" as const };
  const account = { owner_id: "k1" };
  it("keeps a private task from other KAMs, not from directors", () => {
    const task = { owner_id: "k1", created_by: "k1", visibility: "private" };
    expect([canSeeTask(kam, task), canSeeTask(other, task), canSeeTask(director, task)]).toEqual([true, false, true]);
    expect(canSeeTask(other, { ...task, visibility: "account" })).toBe(true);
    expect(canSeeTask(other, { ...task, owner_id: "k2" })).toBe(true);
  });
  it("lets the owner, the creator and the account's editors change a task", () => {
    const shared = { owner_id: "k1", created_by: "k1", visibility: "account" };
    expect(canChangeTask(other, account, shared)).toBe(false);
    expect(canChangeTask(other, account, { ...shared, owner_id: "k2" })).toBe(true);
    expect(canChangeTask(director, account, shared)).toBe(true);
    expect(canChangeTask({ id: "c", role: "customer" }, account, shared)).toBe(false);
  });
});
