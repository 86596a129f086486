import { describe, expect, it } from "vitest";
import { answerableNotice, noticeStanding, type NoticeClaim } from "#app/domain/notice.ts";
import { classifyExpectation, type ExpectationForScoring } from "#app/domain/predictability.ts";
import { evaluateRiskSignals } from "#app/domain/risk-rules.ts";
import { replanForScoring, type ReplanRow } from "#app/domain/scoring.ts";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";

// Worked by hand. The re-plan is recorded on 2026-11-03 at 10:00 UTC and its
// notice mailed to the account's portal users in the same instant; the contest
// period is 14 days, so an unanswered notice stands from 2026-11-17.
const recordedAt = "2026-11-03T10:00:00Z";
const rule = (today: string) => ({ today, contestDays: 14 });
const claim = (over: Partial<NoticeClaim> = {}): NoticeClaim => ({
  customerNotified: true,
  recordedAt,
  reachedAt: recordedAt,
  answers: [],
  ...over,
});

describe("noticeStanding", () => {
  it("a re-plan recorded without notice has none", () => {
    expect(noticeStanding(claim({ customerNotified: false }), rule("2026-12-31"))).toEqual({
      state: "none",
      counts: false,
      standsFrom: null,
    });
    expect(noticeStanding(claim({ customerNotified: null }), rule("2026-12-31")).counts).toBe(false);
  });

  it("an unanswered notice waits 14 days from the day it was recorded, then stands", () => {
    expect(noticeStanding(claim(), rule("2026-11-03"))).toEqual({ state: "awaiting", counts: false, standsFrom: "2026-11-17" });
    expect(noticeStanding(claim(), rule("2026-11-16")).state).toBe("awaiting");
    expect(noticeStanding(claim(), rule("2026-11-17"))).toEqual({ state: "uncontested", counts: true, standsFrom: "2026-11-17" });
  });

  it("the period follows the setting", () => {
    expect(noticeStanding(claim(), { today: "2026-11-05", contestDays: 2 }).state).toBe("uncontested");
    expect(noticeStanding(claim(), { today: "2026-11-05", contestDays: 3 }).state).toBe("awaiting");
  });

  it("the recording day is read in the vendor's zone", () => {
    // 23:30 UTC on 2 Nov is 3 Nov in Helsinki: stands from 17 Nov there, 16 Nov in UTC.
    const late = claim({ recordedAt: "2026-11-02T23:30:00Z", reachedAt: "2026-11-02T23:30:00Z" });
    expect(noticeStanding(late, rule("2026-11-16")).state).toBe("uncontested");
    expect(noticeStanding(late, { ...rule("2026-11-16"), timeZone: "Europe/Helsinki" }).state).toBe("awaiting");
  });

  it("a confirmation counts at once", () => {
    const confirmed = claim({ answers: [{ answer: "confirmed", at: "2026-11-04T08:00:00Z" }] });
    expect(noticeStanding(confirmed, rule("2026-11-04"))).toEqual({ state: "confirmed", counts: true, standsFrom: "2026-11-17" });
  });

  it("a contest always wins: within the period, after it, and over a confirmation before or after", () => {
    const contest = { answer: "contested" as const, at: "2026-11-05T08:00:00Z" };
    const confirm = { answer: "confirmed" as const, at: "2026-11-04T08:00:00Z" };
    expect(noticeStanding(claim({ answers: [contest] }), rule("2026-11-05")).state).toBe("contested");
    // 40 days later, long after the notice stood unanswered: the customer's word still wins.
    const late = { answer: "contested" as const, at: "2026-12-13T08:00:00Z" };
    expect(noticeStanding(claim({ answers: [late] }), rule("2026-12-13"))).toEqual({
      state: "contested",
      counts: false,
      standsFrom: "2026-11-17",
    });
    expect(noticeStanding(claim({ answers: [confirm, contest] }), rule("2026-11-05")).state).toBe("contested");
    expect(noticeStanding(claim({ answers: [contest, { ...confirm, at: "2026-11-06T08:00:00Z" }] }), rule("2026-11-06")).state).toBe(
      "contested",
    );
  });

  it("nobody could see it (no portal user when recorded): unanswered, it never stands", () => {
    const unseen = claim({ reachedAt: null });
    expect(noticeStanding(unseen, rule("2026-11-03"))).toEqual({ state: "unreachable", counts: false, standsFrom: null });
    expect(noticeStanding(unseen, rule("2026-11-17"))).toEqual({ state: "unreachable", counts: false, standsFrom: null });
    // A year on, still not counted.
    expect(noticeStanding(unseen, rule("2027-11-03"))).toEqual({ state: "unreachable", counts: false, standsFrom: null });
  });

  it("nobody could see it: the customer's confirmation (a portal user invited later) still counts, a contest still wins", () => {
    const confirmed = claim({ reachedAt: null, answers: [{ answer: "confirmed", at: "2026-12-01T08:00:00Z" }] });
    expect(noticeStanding(confirmed, rule("2026-12-01"))).toEqual({ state: "confirmed", counts: true, standsFrom: null });
    const contested = claim({ reachedAt: null, answers: [{ answer: "contested", at: "2026-12-01T08:00:00Z" }] });
    expect(noticeStanding(contested, rule("2026-12-01"))).toEqual({ state: "contested", counts: false, standsFrom: null });
  });

  it("the period runs from when the notice reached the customer, never before it was recorded", () => {
    // Mailed on 10 Nov (after it was recorded on 3 Nov): stands from 24 Nov.
    const later = claim({ reachedAt: "2026-11-10T09:00:00Z" });
    expect(noticeStanding(later, rule("2026-11-23"))).toEqual({ state: "awaiting", counts: false, standsFrom: "2026-11-24" });
    expect(noticeStanding(later, rule("2026-11-24")).state).toBe("uncontested");
    // A reach stamped before the recording (a clock a little behind): still from 3 Nov, never earlier.
    const early = claim({ reachedAt: "2026-10-01T09:00:00Z" });
    expect(noticeStanding(early, rule("2026-11-16")).state).toBe("awaiting");
    expect(noticeStanding(early, rule("2026-11-17"))).toEqual({ state: "uncontested", counts: true, standsFrom: "2026-11-17" });
  });

  it("a re-plan recorded before Kohtaamo kept whether a notice reached anyone is judged as before", () => {
    const old = claim({ reachedAt: "unknown" });
    expect(noticeStanding(old, rule("2026-11-16"))).toEqual({ state: "awaiting", counts: false, standsFrom: "2026-11-17" });
    expect(noticeStanding(old, rule("2026-11-17"))).toEqual({ state: "uncontested", counts: true, standsFrom: "2026-11-17" });
  });

  it("what the customer may still answer", () => {
    expect(answerableNotice("awaiting")).toEqual(["confirmed", "contested"]);
    expect(answerableNotice("unreachable")).toEqual(["confirmed", "contested"]);
    expect(answerableNotice("uncontested")).toEqual(["confirmed", "contested"]);
    expect(answerableNotice("confirmed")).toEqual(["contested"]);
    expect(answerableNotice("contested")).toEqual([]);
    expect(answerableNotice("none")).toEqual([]);
  });
});

// The worked case of predictability: due 2026-11-10; on 2026-11-03 the manager
// re-plans it to 2026-11-20 "told on 2026-11-03"; delivered (kept) 2026-11-19.
// Counted as notice, the promise is 2026-11-20 and the delivery predictable;
// not counted, the promise stays 2026-11-10 and it is 9 days late: a surprise.
describe("predictability reads the notice as it stands", () => {
  const row = (answers: ReplanRow["notice_answers"] = [], over: Partial<ReplanRow> = {}): ReplanRow => ({
    expectation_id: "e",
    from_due_date: "2026-11-10",
    to_due_date: "2026-11-20",
    at: recordedAt,
    customer_notified: true,
    replanned_on: "2026-11-03",
    customer_notified_on: "2026-11-03",
    notice_answers: answers,
    notice_reached_at: recordedAt,
    notice_reach_unknown: false,
    ...over,
  });
  const expectation = (r: ReplanRow, today: string): ExpectationForScoring => ({
    id: "e",
    importance: 2,
    originalDueDate: "2026-11-10",
    dueDate: "2026-11-20",
    status: "resolved",
    outcome: "kept",
    deliveredOn: "2026-11-19",
    customerResponse: null,
    replans: [replanForScoring(r, rule(today))],
  });
  const verdict = (r: ReplanRow, today: string) => classifyExpectation(expectation(r, today), today);

  it("awaiting on 2026-11-16: not notice yet, so a surprise against 2026-11-10", () => {
    expect(verdict(row(), "2026-11-16")).toEqual({
      kind: "surprise",
      reason: "late_without_notice",
      promisedDate: "2026-11-10",
      daysLate: 9,
    });
  });

  it("confirmed: predictable at once", () => {
    expect(verdict(row([{ answer: "confirmed", at: "2026-11-04T09:00:00Z" }]), "2026-11-16")).toEqual({
      kind: "predictable",
      promisedDate: "2026-11-20",
    });
  });

  it("unanswered past the period: predictable", () => {
    expect(verdict(row(), "2026-11-17").kind).toBe("predictable");
  });

  it("contested, even after the period: a surprise, and a signal", () => {
    const contested = row([{ answer: "contested", at: "2026-11-25T09:00:00Z" }]);
    expect(verdict(contested, "2026-11-25")).toMatchObject({ kind: "surprise", reason: "late_without_notice", daysLate: 9 });
    const signals = evaluateRiskSignals(
      {
        accountId: "a",
        today: "2026-11-25",
        expectations: [{ ...expectation(contested, "2026-11-25"), title: "Pilot" }],
        stakeholders: [{ id: "s", committeeRole: "decision_maker", influence: 3, leftOn: null, lastTwoWayContact: "2026-11-20T10:00:00Z" }],
        npsAnswers: [],
        ratedTouchpoints: [],
        openSupportCases: [],
        invoices: [],
        renewalDate: null,
        healthScore: null,
      },
      DEFAULT_SCORING_SETTINGS,
      new Date("2026-11-25T12:00:00Z"),
    ).filter((s) => s.rule === "notice_contested");
    expect(signals).toEqual([
      {
        rule: "notice_contested",
        severity: "medium",
        key: "notice_contested:e",
        evidence: { kind: "expectation", id: "e" },
        params: {
          expectationId: "e",
          title: "Pilot",
          fromDueDate: "2026-11-10",
          toDueDate: "2026-11-20",
          claimedOn: "2026-11-03",
          contestedOn: "2026-11-25",
        },
      },
    ]);
  });

  it("back-dating the notice or the re-plan does not start the period earlier", () => {
    // Typed in on 2026-11-03 with "told on" 2026-10-01 and "re-planned on" 2026-10-01: still awaiting until 2026-11-17.
    const backdated = row([], { replanned_on: "2026-10-01", customer_notified_on: "2026-10-01" });
    expect(verdict(backdated, "2026-11-16")).toMatchObject({ kind: "surprise", promisedDate: "2026-11-10" });
    expect(verdict(backdated, "2026-11-17")).toMatchObject({ kind: "predictable", promisedDate: "2026-11-20" });
  });

  it("nobody could see the notice: a surprise however long after, until the customer confirms", () => {
    const unseen = row([], { notice_reached_at: null });
    expect(verdict(unseen, "2026-11-17")).toEqual({
      kind: "surprise",
      reason: "late_without_notice",
      promisedDate: "2026-11-10",
      daysLate: 9,
    });
    expect(verdict(unseen, "2027-06-01")).toMatchObject({ kind: "surprise", reason: "late_without_notice", daysLate: 9 });
    const confirmed = row([{ answer: "confirmed", at: "2026-12-01T09:00:00Z" }], { notice_reached_at: null });
    expect(verdict(confirmed, "2026-12-01")).toEqual({ kind: "predictable", promisedDate: "2026-11-20" });
  });

  it("nobody could see the notice of an open one: overdue from the date the customer expected, and stays so", () => {
    // Open, due 2026-11-10, re-planned on 2026-11-03 "customer told" to 2026-12-20; today 2026-12-01.
    const open = (r: ReplanRow): ExpectationForScoring => ({
      ...expectation(r, "2026-12-01"),
      dueDate: "2026-12-20",
      status: "open",
      outcome: null,
      deliveredOn: null,
    });
    const to = { to_due_date: "2026-12-20" };
    const unseen = row([], { ...to, notice_reached_at: null });
    expect(classifyExpectation(open(unseen), "2026-12-01")).toMatchObject({
      kind: "surprise",
      reason: "overdue",
      promisedDate: "2026-11-10",
      daysLate: 21,
    });
    // The same notice mailed to a portal user stood on 2026-11-17: not due yet.
    expect(classifyExpectation(open(row([], to)), "2026-12-01").kind).not.toBe("surprise");
  });

  it("a re-plan recorded without notice is untouched by answers", () => {
    const silent = row([{ answer: "confirmed", at: "2026-11-04T09:00:00Z" }], { customer_notified: false, customer_notified_on: null });
    expect(verdict(silent, "2026-11-30")).toMatchObject({ kind: "surprise", promisedDate: "2026-11-10" });
  });
});
