import { describe, expect, it } from "vitest";
import { invoiceTrouble } from "#app/domain/health.ts";
import type { ExpectationForScoring } from "#app/domain/predictability.ts";
import {
  evaluateRiskSignals,
  isEscalated,
  reconcileSignals,
  type RiskInput,
  type RiskRule,
  type RiskSignal,
  type RiskStakeholder,
} from "#app/domain/risk-rules.ts";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";
import { reasonParams } from "#app/components/signal-text.tsx";
import { formatters } from "#app/i18n/index.ts";
import { signalReasonKey } from "#app/i18n/messages/scores.ts";

const now = new Date("2026-11-22T12:00:00Z");
const today = "2026-11-22";
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
// The worked renewal examples use the watch threshold 45 (the band edges are the settings').
const settings = { ...DEFAULT_SCORING_SETTINGS, bands: { healthyFrom: 70, watchFrom: 45 } };

const stakeholder = (id: string, over: Partial<RiskStakeholder> = {}): RiskStakeholder => ({
  id,
  name: id.toUpperCase(),
  committeeRole: null,
  influence: 3,
  leftOn: null,
  lastTwoWayContact: daysAgo(10),
  ...over,
});

const expectation = (id: string, over: Partial<ExpectationForScoring> = {}): ExpectationForScoring => ({
  id,
  importance: 2,
  originalDueDate: "2026-10-01",
  dueDate: "2026-10-01",
  status: "resolved",
  outcome: "kept",
  deliveredOn: "2026-10-01",
  customerResponse: null,
  replans: [],
  ...over,
});
const open = (id: string, dueDate: string, importance: 1 | 2 | 3 = 2) =>
  expectation(id, { status: "open", outcome: null, deliveredOn: null, originalDueDate: dueDate, dueDate, importance });

/** A calm account: an active, recently contacted decision maker and champion; nothing else. */
function calm(over: Partial<RiskInput> = {}): RiskInput {
  return {
    accountId: "acc",
    today,
    expectations: [],
    stakeholders: [
      stakeholder("dm", { committeeRole: "decision_maker", influence: 5 }),
      stakeholder("ch", { committeeRole: "champion", influence: 4 }),
    ],
    npsAnswers: [],
    ratedTouchpoints: [],
    openSupportCases: [],
    invoices: [],
    renewalDate: null,
    healthScore: 80,
    ...over,
  };
}

const fired = (input: RiskInput, rule: RiskRule, s = settings) =>
  evaluateRiskSignals(input, s, now).filter((x) => x.rule === rule);

describe("risk signals", () => {
  it("fires nothing for a calm account", () => {
    expect(evaluateRiskSignals(calm(), settings, now)).toEqual([]);
  });

  describe("champion or decision maker left without successor", () => {
    it("fires for a champion who left when no active champion remains", () => {
      const input = calm({
        stakeholders: [
          stakeholder("dm", { committeeRole: "decision_maker" }),
          stakeholder("ch", { committeeRole: "champion", leftOn: "2026-10-01" }),
        ],
      });
      expect(fired(input, "key_person_left")).toEqual([
        {
          rule: "key_person_left",
          severity: "high",
          key: "key_person_left:ch",
          params: { role: "champion", stakeholderId: "ch", name: "CH", leftOn: "2026-10-01" },
          evidence: { kind: "stakeholder", id: "ch" },
        },
      ]);
    });

    it("does not fire when a successor holds the role", () => {
      const input = calm({
        stakeholders: [
          stakeholder("dm", { committeeRole: "decision_maker" }),
          stakeholder("ch-old", { committeeRole: "champion", leftOn: "2026-10-01" }),
          stakeholder("ch-new", { committeeRole: "champion" }),
        ],
      });
      expect(fired(input, "key_person_left")).toEqual([]);
    });

    it("fires once per role, naming the latest to leave, and ignores other roles", () => {
      const input = calm({
        stakeholders: [
          stakeholder("dm1", { committeeRole: "decision_maker", leftOn: "2025-03-01" }),
          stakeholder("dm2", { committeeRole: "decision_maker", leftOn: "2026-09-01" }),
          stakeholder("ch", { committeeRole: "champion" }),
          stakeholder("inf", { committeeRole: "influencer", leftOn: "2026-10-01" }),
        ],
      });
      expect(fired(input, "key_person_left").map((s) => [s.key, s.params.role])).toEqual([
        ["key_person_left:dm2", "decision_maker"],
      ]);
    });
  });

  describe("expectation overdue", () => {
    it("fires for an open expectation past its due date, severity by importance", () => {
      const input = calm({
        expectations: [open("e3", "2026-11-20", 3), open("e2", "2026-11-01", 2), open("e1", "2026-11-21", 1)],
      });
      const signals = fired(input, "expectation_overdue");
      expect(signals.map((s) => [s.key, s.severity, s.params.daysOverdue])).toEqual([
        ["expectation_overdue:e3", "high", 2],
        ["expectation_overdue:e2", "medium", 21],
        ["expectation_overdue:e1", "low", 1],
      ]);
      expect(signals[0]?.evidence).toEqual({ kind: "expectation", id: "e3" });
    });

    it("does not fire on the due date itself, nor once delivered", () => {
      const input = calm({
        expectations: [
          open("due-today", today),
          expectation("delivered-late", { outcome: "late", deliveredOn: "2026-11-10" }),
        ],
      });
      expect(fired(input, "expectation_overdue")).toEqual([]);
    });
  });

  describe("expectation due soon with nothing delivered", () => {
    it("fires from today up to 14 days ahead", () => {
      const input = calm({
        expectations: [open("today", today, 3), open("in14", "2026-12-06", 2), open("in15", "2026-12-07", 3)],
      });
      expect(fired(input, "expectation_due_soon").map((s) => [s.key, s.severity, s.params.daysLeft])).toEqual([
        ["expectation_due_soon:today", "medium", 0],
        ["expectation_due_soon:in14", "low", 14],
      ]);
    });

    it("does not fire for a resolved expectation due soon", () => {
      const input = calm({
        expectations: [
          expectation("done", { originalDueDate: "2026-11-30", dueDate: "2026-11-30", deliveredOn: "2026-11-20" }),
        ],
      });
      expect(fired(input, "expectation_due_soon")).toEqual([]);
    });
  });

  describe("two or more surprises in 90 days", () => {
    it("fires with two surprises due in the last 90 days, an open overdue one included", () => {
      const input = calm({
        expectations: [
          expectation("missed", { outcome: "missed", deliveredOn: null }),
          open("overdue", "2026-11-01"),
          expectation("fine"),
        ],
      });
      expect(fired(input, "repeated_surprises")).toEqual([
        {
          rule: "repeated_surprises",
          severity: "high",
          key: "repeated_surprises:acc",
          params: { count: 2, days: 90, expectationIds: ["overdue", "missed"] },
          evidence: { kind: "account", id: "acc" },
          escalation: [2],
        },
      ]);
    });

    it("does not fire for one surprise, nor count one due before the 90 days", () => {
      // 2026-11-22 − 90 days = 2026-08-24: that day counts, 08-23 does not.
      const at = (id: string, date: string) =>
        expectation(id, { outcome: "missed", deliveredOn: null, originalDueDate: date, dueDate: date });
      expect(fired(calm({ expectations: [at("a", "2026-10-01")] }), "repeated_surprises")).toEqual([]);
      expect(
        fired(calm({ expectations: [at("a", "2026-10-01"), at("old", "2026-08-23")] }), "repeated_surprises"),
      ).toEqual([]);
      expect(
        fired(calm({ expectations: [at("a", "2026-10-01"), at("edge", "2026-08-24")] }), "repeated_surprises"),
      ).toHaveLength(1);
    });
  });

  describe("detractor with high influence", () => {
    const answer = (stakeholderId: string, score: number, answeredAt = "2026-10-01T10:00:00Z") => ({
      stakeholderId,
      score,
      answeredAt,
    });

    it("fires for a latest answer of 0–6 from influence 4 or 5", () => {
      const input = calm({ npsAnswers: [answer("ch", 9, "2026-03-01T10:00:00Z"), answer("ch", 5), answer("dm", 6)] });
      const signals = fired(input, "influential_detractor");
      expect(signals.map((s) => [s.key, s.params.score, s.params.influence])).toEqual([
        ["influential_detractor:ch", 5, 4],
        ["influential_detractor:dm", 6, 5],
      ]);
      expect(signals[0]?.evidence).toEqual({ kind: "stakeholder", id: "ch" });
    });

    it("does not fire for low influence, a passive score or a superseded detractor answer", () => {
      const input = calm({
        stakeholders: [...calm().stakeholders, stakeholder("low", { influence: 3 })],
        npsAnswers: [
          answer("low", 0),
          answer("dm", 7),
          answer("ch", 2, "2026-02-01T10:00:00Z"),
          answer("ch", 9, "2026-09-01T10:00:00Z"),
        ],
      });
      expect(fired(input, "influential_detractor")).toEqual([]);
    });

    it("keeps firing for someone who left, for 90 days after their leaving counts from, saying they left", () => {
      // Answered 0 on 1 Oct, left on 1 Nov (recorded that day): today, 22 Nov, is day 21 of 90.
      const gone = (leftOn: string, leftRecordedOn: string | null = leftOn) =>
        calm({
          stakeholders: [...calm().stakeholders, stakeholder("gone", { influence: 5, leftOn, leftRecordedOn })],
          npsAnswers: [answer("gone", 0)],
        });
      const signals = fired(gone("2026-11-01"), "influential_detractor");
      expect(signals.map((s) => [s.key, s.severity, s.params])).toEqual([
        [
          "influential_detractor:gone",
          "high",
          { stakeholderId: "gone", score: 0, influence: 5, answeredAt: "2026-10-01T10:00:00.000Z", leftOn: "2026-11-01" },
        ],
      ]);
      // Left on 2026-08-24: 2026-08-24 + 90 = 2026-11-22, the last day; left a day earlier: ended.
      // (Answered 1 Oct after leaving on 24 Aug would not count at all: the answers are given before.)
      const early = (leftOn: string) =>
        calm({
          stakeholders: [...calm().stakeholders, stakeholder("gone", { influence: 5, leftOn, leftRecordedOn: leftOn })],
          npsAnswers: [answer("gone", 0, "2026-08-01T10:00:00Z")],
        });
      expect(fired(early("2026-08-24"), "influential_detractor")).toHaveLength(1);
      expect(fired(early("2026-08-23"), "influential_detractor")).toEqual([]);
      // Back-dated: stated as 1 Jul but recorded today, so it counts from today (day 0 of 90).
      expect(fired(gone("2026-07-01", today), "influential_detractor")).toHaveLength(1);
      // An answer given after the leaving counted is not theirs to give for the customer.
      const after = calm({
        stakeholders: [...calm().stakeholders, stakeholder("gone", { influence: 5, leftOn: "2026-09-01", leftRecordedOn: "2026-09-01" })],
        npsAnswers: [answer("gone", 0)],
      });
      expect(fired(after, "influential_detractor")).toEqual([]);
    });
  });

  describe("no decision-maker contact", () => {
    const withDm = (contact: Date | null) =>
      calm({ stakeholders: [stakeholder("dm", { committeeRole: "decision_maker", lastTwoWayContact: contact })] });

    it("fires at 60 days without contact, not at 59", () => {
      expect(fired(withDm(daysAgo(59)), "no_dm_contact")).toEqual([]);
      expect(fired(withDm(daysAgo(60)), "no_dm_contact")).toEqual([
        {
          rule: "no_dm_contact",
          severity: "medium",
          key: "no_dm_contact:acc",
          params: { days: 60, limitDays: 60, hasDecisionMaker: true, stakeholderId: "dm" },
          evidence: { kind: "stakeholder", id: "dm" },
          escalation: [1, 0],
        },
      ]);
    });

    it("takes the setting for the limit", () => {
      expect(fired(withDm(daysAgo(40)), "no_dm_contact", { ...settings, dmContactDays: 30 })).toHaveLength(1);
    });

    it("fires when the decision maker was never contacted, or there is none", () => {
      expect(fired(withDm(null), "no_dm_contact")[0]?.params).toMatchObject({ days: null, hasDecisionMaker: true });
      const none = fired(calm({ stakeholders: [stakeholder("ch", { committeeRole: "champion" })] }), "no_dm_contact");
      expect(none[0]).toMatchObject({
        params: { days: null, hasDecisionMaker: false, stakeholderId: null },
        evidence: { kind: "account", id: "acc" },
      });
    });

    it("counts the most recent contact among several decision makers, and ignores one who left", () => {
      const input = calm({
        stakeholders: [
          stakeholder("dm-quiet", { committeeRole: "decision_maker", lastTwoWayContact: daysAgo(200) }),
          stakeholder("dm-recent", { committeeRole: "decision_maker", lastTwoWayContact: daysAgo(5) }),
          stakeholder("dm-left", {
            committeeRole: "decision_maker",
            lastTwoWayContact: daysAgo(1),
            leftOn: "2026-11-21",
          }),
        ],
      });
      expect(fired(input, "no_dm_contact")).toEqual([]);
      const onlyLeftRecent = calm({
        stakeholders: [
          stakeholder("dm-quiet", { committeeRole: "decision_maker", lastTwoWayContact: daysAgo(200) }),
          stakeholder("dm-left", {
            committeeRole: "decision_maker",
            lastTwoWayContact: daysAgo(1),
            leftOn: "2026-11-21",
          }),
        ],
      });
      expect(fired(onlyLeftRecent, "no_dm_contact")[0]?.params.days).toBe(200);
    });
  });

  describe("sentiment falling", () => {
    const rated = (...sentimentsOldestFirst: number[]) =>
      sentimentsOldestFirst.map((sentiment, i) => ({
        touchpointId: `t${i}`,
        sentiment,
        occurredAt: daysAgo(sentimentsOldestFirst.length - i),
      }));

    it("fires when the last three ratings strictly fall", () => {
      const signals = fired(calm({ ratedTouchpoints: rated(2, 1, 0, -1) }), "sentiment_falling");
      // The latest three are 1, 0, −1 (t1, t2, t3); the evidence is the latest.
      expect(signals).toEqual([
        {
          rule: "sentiment_falling",
          severity: "medium",
          key: "sentiment_falling:acc",
          params: { sentiments: [1, 0, -1], touchpointIds: ["t1", "t2", "t3"] },
          evidence: { kind: "touchpoint", id: "t3" },
          // The fall runs from t0 (2) to t3 (−1).
          escalation: [3],
        },
      ]);
    });

    it("does not fire on a level step, a rise at the end, or fewer than three ratings", () => {
      expect(fired(calm({ ratedTouchpoints: rated(1, 0, 0) }), "sentiment_falling")).toEqual([]);
      expect(fired(calm({ ratedTouchpoints: rated(1, 1, 0) }), "sentiment_falling")).toEqual([]);
      expect(fired(calm({ ratedTouchpoints: rated(2, 1, 0, 1) }), "sentiment_falling")).toEqual([]);
      expect(fired(calm({ ratedTouchpoints: rated(2, 1) }), "sentiment_falling")).toEqual([]);
    });

    it("orders the ratings by time, whatever order they come in", () => {
      expect(fired(calm({ ratedTouchpoints: rated(2, 1, 0).reverse() }), "sentiment_falling")).toHaveLength(1);
    });
  });

  describe("renewal near with low health", () => {
    it("fires within 90 days when health is under the watch threshold", () => {
      // 2026-11-22 + 90 days = 2027-02-20.
      const signals = fired(calm({ renewalDate: "2027-02-20", healthScore: 44.9 }), "renewal_at_risk");
      expect(signals).toEqual([
        {
          rule: "renewal_at_risk",
          severity: "high",
          key: "renewal_at_risk:acc",
          params: { renewalDate: "2027-02-20", daysToRenewal: 90, health: 44.9, watchFrom: 45 },
          evidence: { kind: "account", id: "acc" },
          escalation: [1, 0],
        },
      ]);
    });

    it("does not fire at the watch threshold, beyond 90 days, after the renewal, or without a health score", () => {
      expect(fired(calm({ renewalDate: "2027-02-20", healthScore: 45 }), "renewal_at_risk")).toEqual([]);
      expect(fired(calm({ renewalDate: "2027-02-21", healthScore: 20 }), "renewal_at_risk")).toEqual([]);
      expect(fired(calm({ renewalDate: "2026-11-21", healthScore: 20 }), "renewal_at_risk")).toEqual([]);
      expect(fired(calm({ renewalDate: "2026-12-01", healthScore: null }), "renewal_at_risk")).toEqual([]);
      expect(fired(calm({ renewalDate: today, healthScore: 20 }), "renewal_at_risk")).toHaveLength(1);
    });
  });

  describe("invoice disputed or long overdue", () => {
    const invoice = (touchpointId: string, dueDate: string, paidOn: string | null, disputed = false) => ({
      touchpointId,
      number: `INV-${touchpointId}`,
      amount: "1200.00",
      dueDate,
      paidOn,
      disputed,
    });

    it("fires for a disputed invoice and one unpaid more than 30 days past due", () => {
      const input = calm({
        invoices: [
          invoice("disputed", "2026-11-30", null, true),
          invoice("overdue31", "2026-10-22", null), // 31 days past due
          invoice("overdue30", "2026-10-23", null), // 30 days: not yet
          invoice("paid-late", "2026-08-01", "2026-10-01"),
        ],
      });
      expect(fired(input, "invoice_trouble").map((s) => [s.key, s.params.reason, s.params.daysOverdue])).toEqual([
        ["invoice_trouble:disputed", "disputed", null],
        ["invoice_trouble:overdue31", "overdue", 31],
      ]);
      expect(fired(input, "invoice_trouble")[1]?.evidence).toEqual({ kind: "touchpoint", id: "overdue31" });
    });

    it("treats a paid but disputed invoice as a trouble, and a paid one as none", () => {
      expect(invoiceTrouble(invoice("x", "2026-01-01", "2026-01-05", true), today)).toEqual({
        reason: "disputed",
        daysOverdue: null,
      });
      expect(invoiceTrouble(invoice("x", "2026-01-01", "2026-03-05"), today)).toBeNull();
    });
  });

  describe("support case past SLA", () => {
    const supportCase = (touchpointId: string, severity: string, slaDueAt: string) => ({
      touchpointId,
      severity,
      openedAt: "2026-11-20T08:00:00Z",
      slaDueAt,
    });

    it("fires for an open case past its SLA, high for high and critical cases", () => {
      const input = calm({
        openSupportCases: [
          supportCase("crit", "critical", "2026-11-22T09:00:00Z"),
          supportCase("norm", "normal", "2026-11-21T12:00:00Z"),
          supportCase("in-time", "critical", "2026-11-22T13:00:00Z"),
        ],
      });
      expect(fired(input, "support_past_sla").map((s) => [s.key, s.severity, s.params.hoursPastSla])).toEqual([
        ["support_past_sla:crit", "high", 3],
        ["support_past_sla:norm", "medium", 24],
      ]);
    });
  });

  it("lists the most severe first", () => {
    const signals = evaluateRiskSignals(
      calm({
        expectations: [open("low", "2026-11-20", 1), open("high", "2026-11-20", 3), open("mid", "2026-11-20", 2)],
      }),
      settings,
      now,
    );
    expect(signals.map((s) => s.severity)).toEqual(["high", "high", "medium", "low"]);
  });

  it("uses the UTC date of now when no calendar date is given", () => {
    const { today: _today, ...input } = calm({ expectations: [open("e", "2026-11-21")] });
    expect(evaluateRiskSignals(input, settings, now).map((s) => s.key)).toContain("expectation_overdue:e");
  });
});

describe("solved but treated badly", () => {
  const tp = (id: string, at: string, treatment: number | null, resolved: string | null) => ({
    touchpointId: id,
    title: id.toUpperCase(),
    occurredAt: at,
    treatment,
    resolved,
  });

  it("fires at solvedBadlyCount (2) within solvedBadlyDays (90), evidence the latest", () => {
    const input = calm({
      treatedTouchpoints: [tp("a", "2026-09-01T10:00:00Z", 2, "yes"), tp("b", "2026-11-20T10:00:00Z", 1, "yes")],
    });
    expect(fired(input, "solved_treated_badly")).toEqual([
      {
        rule: "solved_treated_badly",
        severity: "medium",
        key: "solved_treated_badly:acc",
        evidence: { kind: "touchpoint", id: "b" },
        params: { count: 2, days: 90, title: "B", touchpointIds: ["b", "a"] },
        escalation: [2],
      },
    ]);
  });

  it("does not fire for one, for those treated 3 or better, unresolved ones, or ones older than the window", () => {
    const input = calm({
      treatedTouchpoints: [
        tp("one", "2026-11-20T10:00:00Z", 1, "yes"),
        tp("neither", "2026-11-20T10:00:00Z", 3, "yes"),
        tp("partly", "2026-11-20T10:00:00Z", 1, "partly"),
        tp("unknown", "2026-11-20T10:00:00Z", null, "yes"),
        // 2026-08-24 is today − 90 (counts); 2026-08-23 is one day older (does not).
        tp("old", "2026-08-23T10:00:00Z", 1, "yes"),
      ],
    });
    expect(fired(input, "solved_treated_badly")).toEqual([]);
    const edge = calm({ treatedTouchpoints: [tp("one", "2026-11-20T10:00:00Z", 1, "yes"), tp("edge", "2026-08-24T10:00:00Z", 2, "yes")] });
    expect(fired(edge, "solved_treated_badly")).toHaveLength(1);
  });

  it("follows the settings: one in 30 days", () => {
    const input = calm({ treatedTouchpoints: [tp("a", "2026-11-01T10:00:00Z", 2, "yes")] });
    expect(fired(input, "solved_treated_badly", { ...settings, solvedBadlyCount: 1, solvedBadlyDays: 30 })).toHaveLength(1);
    expect(fired(input, "solved_treated_badly", { ...settings, solvedBadlyCount: 1, solvedBadlyDays: 20 })).toEqual([]);
  });
});

describe("reconciling signals with the stored ones", () => {
  const sig = (key: string): RiskSignal => ({
    rule: "expectation_overdue",
    severity: "medium",
    key,
    params: {},
    evidence: { kind: "expectation", id: key },
  });
  const row = (key: string, acknowledgedAt: string | null, resolvedAt: string | null, id = key) => ({
    id,
    key,
    acknowledgedAt,
    resolvedAt,
  });

  it("inserts a key never seen before", () => {
    expect(reconcileSignals([sig("a")], [])).toEqual({ insert: [sig("a")], reopen: [], refresh: [], escalate: [], resolve: [] });
  });

  it("resolves an open stored signal that no longer fires, and leaves resolved ones alone", () => {
    const stored = [row("a", "2026-11-01T00:00:00Z", null), row("b", null, "2026-10-01T00:00:00Z")];
    expect(reconcileSignals([], stored)).toEqual({ insert: [], reopen: [], refresh: [], escalate: [], resolve: [stored[0]] });
  });

  it("keeps an open signal that still fires, with its acknowledgement", () => {
    const stored = [row("a", "2026-11-01T00:00:00Z", null)];
    const r = reconcileSignals([sig("a")], stored);
    expect(r.refresh).toEqual([{ signal: sig("a"), stored: stored[0] }]);
    expect(r.insert).toEqual([]);
    expect(r.reopen).toEqual([]);
    expect(r.resolve).toEqual([]);
  });

  it("opens a new instance when a resolved cause fires again, the old acknowledgement not carried over", () => {
    const stored = [row("a", "2026-10-15T00:00:00Z", "2026-11-01T00:00:00Z")];
    expect(reconcileSignals([sig("a")], stored)).toEqual({ insert: [], reopen: [sig("a")], refresh: [], escalate: [], resolve: [] });
  });

  it("refreshes the open instance when the history also holds resolved ones", () => {
    const stored = [row("a", null, "2026-09-01T00:00:00Z", "old"), row("a", null, null, "current")];
    const r = reconcileSignals([sig("a")], stored);
    expect(r.refresh.map((x) => x.stored.id)).toEqual(["current"]);
    expect(r.reopen).toEqual([]);
  });

  it("takes a key once even if it fires twice", () => {
    expect(reconcileSignals([sig("a"), sig("a")], []).insert).toHaveLength(1);
  });

  it("follows a cause through firing, acknowledgement, resolution and return", () => {
    const overdue = calm({ expectations: [open("e", "2026-11-20")] });
    const delivered = calm({
      expectations: [
        expectation("e", {
          originalDueDate: "2026-11-20",
          dueDate: "2026-11-20",
          outcome: "late",
          deliveredOn: "2026-11-21",
        }),
      ],
    });
    const keys = (input: RiskInput) =>
      evaluateRiskSignals(input, settings, now).filter((s) => s.rule === "expectation_overdue");

    // 1. Fires: a new key.
    const first = reconcileSignals(keys(overdue), []);
    expect(first.insert.map((s) => s.key)).toEqual(["expectation_overdue:e"]);
    // 2. Acknowledged and still firing: kept as it is.
    const acknowledged = [row("expectation_overdue:e", "2026-11-22T13:00:00Z", null)];
    expect(reconcileSignals(keys(overdue), acknowledged).refresh).toHaveLength(1);
    // 3. Delivered: resolved.
    expect(reconcileSignals(keys(delivered), acknowledged).resolve).toEqual(acknowledged);
    // 4. Reopened and overdue again: a new open instance.
    const resolved = [row("expectation_overdue:e", "2026-11-22T13:00:00Z", "2026-11-23T09:00:00Z")];
    expect(reconcileSignals(keys(overdue), resolved).reopen.map((s) => s.key)).toEqual(["expectation_overdue:e"]);
  });
});

describe("account-keyed signals that get worse", () => {
  const ackedRow = (signal: RiskSignal, ackEscalation: number[] | null) => ({
    id: "row",
    key: signal.key,
    acknowledgedAt: "2026-11-20T10:00:00Z",
    resolvedAt: null,
    ackEscalation,
  });
  const only = (input: RiskInput, rule: RiskRule, s = settings, at = now) =>
    evaluateRiskSignals(input, s, at).filter((x) => x.rule === rule);
  const missedOn = (id: string, date: string) =>
    expectation(id, { outcome: "missed", deliveredOn: null, originalDueDate: date, dueDate: date });

  it("compares only levels both have, and re-raises on any level that rose", () => {
    expect(isEscalated([3], [2])).toBe(true);
    expect(isEscalated([2], [2])).toBe(false);
    expect(isEscalated([1], [2])).toBe(false);
    expect(isEscalated([1, 1], [1, 0])).toBe(true);
    expect(isEscalated([2, 0], [1, 1])).toBe(true);
    expect(isEscalated([2], [])).toBe(false);
    expect(isEscalated(undefined, [1])).toBe(false);
  });

  it("re-raises repeated surprises at a third surprise after two were acknowledged, not while it stays at two", () => {
    const two = only(calm({ expectations: [missedOn("a", "2026-10-01"), missedOn("b", "2026-10-05")] }), "repeated_surprises");
    const acknowledged = [ackedRow(two[0]!, two[0]!.escalation!)];
    expect(reconcileSignals(two, acknowledged)).toMatchObject({ refresh: [{ stored: { id: "row" } }], escalate: [] });
    const three = only(
      calm({ expectations: [missedOn("a", "2026-10-01"), missedOn("b", "2026-10-05"), missedOn("c", "2026-11-10")] }),
      "repeated_surprises",
    );
    expect(three[0]!.escalation).toEqual([3]);
    const plan = reconcileSignals(three, acknowledged);
    expect(plan.escalate.map((e) => [e.signal.key, e.stored.id])).toEqual([["repeated_surprises:acc", "row"]]);
    expect(plan.refresh).toEqual([]);
    // Not acknowledged: simply refreshed, whatever the levels.
    expect(reconcileSignals(three, [{ ...acknowledged[0]!, acknowledgedAt: null, ackEscalation: null }]).refresh).toHaveLength(1);
    // Acknowledged before levels were kept: refreshed (the store adopts today's levels).
    expect(reconcileSignals(three, [ackedRow(three[0]!, null)]).refresh).toHaveLength(1);
  });

  it("re-raises no decision-maker contact when the gap crosses the next multiple of the limit, or the decision maker goes", () => {
    const withContact = (days: number | null, leftOn: string | null = null) =>
      calm({
        stakeholders: [
          stakeholder("dm", { committeeRole: "decision_maker", lastTwoWayContact: days === null ? null : daysAgo(days), leftOn }),
          stakeholder("ch", { committeeRole: "champion" }),
        ],
      });
    const at60 = only(withContact(60), "no_dm_contact");
    const at119 = only(withContact(119), "no_dm_contact");
    const at120 = only(withContact(120), "no_dm_contact");
    const gone = only(withContact(70, "2026-11-01"), "no_dm_contact");
    expect([at60, at119, at120, gone].map((x) => x[0]!.escalation)).toEqual([[1, 0], [1, 0], [2, 0], [1, 1]]);
    const acknowledged = [ackedRow(at60[0]!, at60[0]!.escalation!)];
    expect(reconcileSignals(at119, acknowledged).escalate).toEqual([]);
    expect(reconcileSignals(at120, acknowledged).escalate).toHaveLength(1);
    expect(reconcileSignals(gone, acknowledged).escalate).toHaveLength(1);
  });

  it("re-raises falling sentiment when it falls further, not when the same fall is seen again", () => {
    const rated = (...sentimentsOldestFirst: number[]) =>
      sentimentsOldestFirst.map((sentiment, i) => ({ touchpointId: `t${i}`, sentiment, occurredAt: daysAgo(20 - i) }));
    const first = only(calm({ ratedTouchpoints: rated(0, 1, 0, -1) }), "sentiment_falling");
    expect(first[0]!.escalation).toEqual([2]);
    const further = only(calm({ ratedTouchpoints: rated(0, 1, 0, -1, -2) }), "sentiment_falling");
    expect(further[0]!.escalation).toEqual([3]);
    const acknowledged = [ackedRow(first[0]!, [2])];
    expect(reconcileSignals(first, acknowledged).escalate).toEqual([]);
    expect(reconcileSignals(further, acknowledged).escalate).toHaveLength(1);
  });

  it("re-raises a renewal at risk as the renewal nears by a third of the window, or health falls 10 more points", () => {
    const at = (renewalDate: string, healthScore: number) => only(calm({ renewalDate, healthScore }), "renewal_at_risk")[0]!;
    // 90 days out at 44 health; 61 days; 60 days; 30 days; health down to 34.
    expect(at("2027-02-20", 44).escalation).toEqual([1, 0]);
    expect(at("2027-01-22", 44).escalation).toEqual([1, 0]);
    expect(at("2027-01-21", 44).escalation).toEqual([2, 0]);
    expect(at("2026-12-22", 44).escalation).toEqual([3, 0]);
    expect(at("2027-02-20", 34).escalation).toEqual([1, 1]);
    const acknowledged = [ackedRow(at("2027-02-20", 44), [1, 0])];
    expect(reconcileSignals([at("2027-02-10", 40)], acknowledged).escalate).toEqual([]);
    expect(reconcileSignals([at("2027-01-21", 44)], acknowledged).escalate).toHaveLength(1);
    expect(reconcileSignals([at("2027-02-20", 34)], acknowledged).escalate).toHaveLength(1);
  });

  it("keeps signals keyed by something else (an expectation, a person) free of levels", () => {
    const signals = evaluateRiskSignals(calm({ expectations: [open("late", "2026-11-01")] }), settings, now);
    expect(signals.find((x) => x.rule === "expectation_overdue")?.escalation).toBeUndefined();
  });
});

describe("a customer's stated expectation left unanswered", () => {
  // Today 2026-11-22; the answer is due within proposalAnswerDays (14) of the day it was stated.
  const proposal = (id: string, statedOn: string, dueDate: string) => ({ id, title: `Wish ${id}`, statedOn, dueDate });
  const acked = (signal: RiskSignal) => ({
    id: "row",
    key: signal.key,
    acknowledgedAt: "2026-11-20T10:00:00Z",
    resolvedAt: null,
    ackEscalation: signal.escalation ?? null,
  });

  it("fires Medium from the 14th day after it was stated, not on the 13th", () => {
    const input = calm({
      proposals: [proposal("d14", "2026-11-08", "2026-12-31"), proposal("d13", "2026-11-09", "2026-12-31")],
    });
    expect(fired(input, "proposal_unanswered")).toEqual([
      {
        rule: "proposal_unanswered",
        severity: "medium",
        key: "proposal_unanswered:d14",
        evidence: { kind: "expectation", id: "d14" },
        params: {
          expectationId: "d14",
          title: "Wish d14",
          dueDate: "2026-12-31",
          statedOn: "2026-11-08",
          daysWaiting: 14,
          answerDays: 14,
          daysPastDue: 0,
        },
        escalation: [0],
      },
    ]);
  });

  it("fires High once the date the customer asked for has passed, however recently it was stated; not on the date itself", () => {
    const input = calm({
      proposals: [
        proposal("yesterday", "2026-11-20", "2026-11-21"),
        proposal("today", "2026-11-22", "2026-11-22"),
        // The review's case: 60 days past its date.
        proposal("sixty", "2026-09-01", "2026-09-23"),
      ],
    });
    expect(fired(input, "proposal_unanswered").map((s) => [s.key, s.severity, s.params.daysWaiting, s.params.daysPastDue, s.escalation])).toEqual([
      ["proposal_unanswered:sixty", "high", 82, 60, [1]],
      ["proposal_unanswered:yesterday", "high", 2, 1, [1]],
    ]);
  });

  it("waits as long as the setting says", () => {
    const input = calm({ proposals: [proposal("d20", "2026-11-02", "2027-01-31"), proposal("d30", "2026-10-23", "2027-01-31")] });
    const s30 = { ...settings, proposalAnswerDays: 30 };
    expect(fired(input, "proposal_unanswered", s30).map((s) => [s.key, s.params.daysWaiting, s.params.answerDays])).toEqual([
      ["proposal_unanswered:d30", 30, 30],
    ]);
  });

  it("fires for nothing without proposals (accepted or declined ones are not proposals any more)", () => {
    expect(fired(calm({ proposals: [] }), "proposal_unanswered")).toEqual([]);
    expect(fired(calm(), "proposal_unanswered")).toEqual([]);
  });

  it("is raised anew, unacknowledged, as High when the date passes after the Medium was acknowledged", () => {
    const waiting = fired(calm({ proposals: [proposal("p", "2026-11-01", "2026-11-25")] }), "proposal_unanswered");
    const stillWaiting = fired(calm({ today: "2026-11-25", proposals: [proposal("p", "2026-11-01", "2026-11-25")] }), "proposal_unanswered");
    const passed = fired(calm({ today: "2026-11-26", proposals: [proposal("p", "2026-11-01", "2026-11-25")] }), "proposal_unanswered");
    expect([waiting, stillWaiting, passed].map((x) => [x[0]!.severity, x[0]!.escalation])).toEqual([
      ["medium", [0]],
      ["medium", [0]],
      ["high", [1]],
    ]);
    const acknowledged = [acked(waiting[0]!)];
    expect(reconcileSignals(stillWaiting, acknowledged)).toMatchObject({ refresh: [{ stored: { id: "row" } }], escalate: [] });
    expect(reconcileSignals(passed, acknowledged).escalate.map((e) => [e.signal.severity, e.stored.id])).toEqual([["high", "row"]]);
  });

  it("says what waits, in English and Finnish, by whether the date has passed", () => {
    const [late, waiting] = fired(
      calm({ proposals: [proposal("w", "2026-11-01", "2026-12-15"), proposal("l", "2026-11-10", "2026-11-19")] }),
      "proposal_unanswered",
    );
    const say = (locale: "en" | "fi", s: RiskSignal) => {
      const f = formatters(locale);
      return f.t(signalReasonKey(s.rule, s.params), reasonParams(s.params, f));
    };
    expect(signalReasonKey("proposal_unanswered", waiting!.params)).toBe("signal.reason.proposal_unanswered");
    expect(signalReasonKey("proposal_unanswered", late!.params)).toBe("signal.reason.proposal_unanswered.datePassed");
    expect(say("en", waiting!)).toMatch(/^The customer stated “Wish w” on .+, asking for it by .+, and has had no answer for 21 days: accept it or decline it with a reason\.$/);
    expect(say("en", late!)).toMatch(/^The customer stated “Wish l” on .+, asking for it by .+: that date passed 3 days ago and they still have no answer\./);
    expect(say("fi", waiting!)).toMatch(/^Asiakas kertoi odotuksensa ”Wish w” .+ eikä ole saanut vastausta 21 päivään: hyväksy se tai hylkää se perustellen\.$/);
    expect(say("fi", late!)).toMatch(/päivä meni 3 päivää sitten/);
  });
});
