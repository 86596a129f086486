import { describe, expect, it } from "vitest";
import { computePredictability } from "#app/domain/predictability.ts";
import {
  buildReviewPack,
  canMoveReview,
  isReviewCommentTarget,
  lastFullQuarter,
  periodMonths,
  previousPeriod,
  readReviewPack,
  type ReviewExpectationRow,
  type ReviewPackRows,
} from "#app/domain/review-pack.ts";
import { toScoringExpectations } from "#app/domain/scoring.ts";
import { TIME_ZONE } from "#app/domain/time.ts";

// A quarter, 2026-07-01 … 2026-09-30, judged on 2026-10-15.
const period = { from: "2026-07-01", to: "2026-09-30" };
const today = "2026-10-15";
const now = new Date("2026-10-15T09:00:00Z");

function exp(id: string, over: Partial<ReviewExpectationRow> = {}): ReviewExpectationRow {
  return {
    id,
    title: `E ${id}`,
    importance: 2,
    original_due_date: "2026-08-01",
    due_date: "2026-08-01",
    status: "resolved",
    outcome: "kept",
    delivered_on: "2026-08-01",
    customer_response: null,
    source: "contract",
    created_on: "2026-06-01",
    holder_name: null,
    ...over,
  };
}

const empty: ReviewPackRows = { expectations: [], replans: [], stakeholders: [], surveys: [], supportCases: [], invoices: [] };

describe("the review pack's commitments", () => {
  // Hand-worked: seven expectations due in the quarter, one before it, one proposal.
  //  a kept on time (w2)                                   predictable
  //  b due 08-01, re-planned on 07-20 with notice to 08-20, delivered 08-15 (w3): late with notice, predictable
  //  c kept but delivered 08-05 against 08-01, no re-plan (w1): late without notice
  //  d missed (w2)
  //  e partial (w1)
  //  f kept, disputed by the customer (w3)
  //  g open, due 09-01, nothing delivered (w2): still overdue on 10-15
  //  h due 2026-05-01 (before the quarter): not counted
  //  p proposed by the customer in the quarter: not a commitment, but a stated expectation
  //  w withdrawn with agreement, due 08-10: left out of the sample
  // Weight total 2+3+1+2+1+3+2 = 14; predictable weight 2+3 = 5 → 5/14.
  const rows: ReviewPackRows = {
    ...empty,
    expectations: [
      exp("a", { created_on: "2026-07-02" }),
      exp("b", { importance: 3, due_date: "2026-08-20", delivered_on: "2026-08-15", outcome: "late", created_on: "2026-07-03" }),
      exp("c", { importance: 1, delivered_on: "2026-08-05" }),
      exp("d", { outcome: "missed", delivered_on: null }),
      exp("e", { importance: 1, outcome: "partial", delivered_on: "2026-07-30" }),
      exp("f", { importance: 3, customer_response: "disputed_partly" }),
      exp("g", { status: "open", outcome: null, delivered_on: null, due_date: "2026-09-01", original_due_date: "2026-09-01" }),
      exp("h", { due_date: "2026-05-01", original_due_date: "2026-05-01", delivered_on: "2026-05-01" }),
      exp("p", { status: "proposed", outcome: null, delivered_on: null, source: "customer", created_on: "2026-09-10", holder_name: "Liisa" }),
      exp("w", { outcome: "withdrawn", delivered_on: "2026-08-10", due_date: "2026-08-10", original_due_date: "2026-08-10" }),
    ],
    replans: [
      {
        expectation_id: "b",
        from_due_date: "2026-08-01",
        to_due_date: "2026-08-20",
        at: "2026-07-20T10:00:00Z",
        customer_notified: true,
        replanned_on: "2026-07-20",
        customer_notified_on: "2026-07-20",
        notice_reached_at: "2026-07-20T10:00:00Z",
        notice_reach_unknown: false,
      },
    ],
  };
  const pack = buildReviewPack(rows, { period, today, now });

  it("splits what came due by the predictability verdicts, and the counts add up to the sample", () => {
    expect(pack.commitments).toMatchObject({
      made: 2,
      cameDue: 7,
      kept: 1,
      lateWithNotice: 1,
      lateWithoutNotice: 1,
      overdue: 1,
      missed: 1,
      partial: 1,
      disputed: 1,
      withdrawn: 1,
    });
    const c = pack.commitments;
    expect(c.kept + c.lateWithNotice + c.lateWithoutNotice + c.overdue + c.missed + c.partial + c.disputed).toBe(c.cameDue);
    expect(c.surprises.map((s) => s.title).sort()).toEqual(["E c", "E d", "E e", "E f", "E g"]);
  });

  it("leaves out a kept one recorded after its date until the customer confirms it, and counts it apart", () => {
    // x: due 08-01, recorded 08-02 (Helsinki), kept on 08-01 (w2): not in cameDue until confirmed.
    const late = exp("x", { created_at: "2026-08-02T06:00:00Z" });
    const padded = buildReviewPack({ ...rows, expectations: [...rows.expectations, late] }, { period, today, now });
    expect(padded.commitments).toMatchObject({ cameDue: 7, kept: 1, unconfirmed: 1 });
    expect(padded.predictability).toMatchObject({ sample: 7, weightTotal: 14, predictableWeight: 5 });
    const confirmed = { ...late, customer_response: "confirmed" };
    const after = buildReviewPack({ ...rows, expectations: [...rows.expectations, confirmed] }, { period, today, now });
    expect(after.commitments).toMatchObject({ cameDue: 8, kept: 2, unconfirmed: 0 });
  });

  it("has the account page's predictability for the same window (importance-weighted)", () => {
    expect(pack.predictability).toMatchObject({ sample: 7, predictable: 2, weightTotal: 14, predictableWeight: 5 });
    expect(pack.predictability.value).toBeCloseTo(5 / 14, 10);
    const direct = computePredictability(toScoringExpectations(rows.expectations, rows.replans, { today, contestDays: 14 }), { today, window: period, timeZone: TIME_ZONE });
    expect(pack.predictability.value).toBe(direct.value);
    expect(pack.predictability.sample).toBe(direct.sample);
  });

  it("draws the trend per month; a month where nothing came due has no value; the open overdue one counts on", () => {
    // e was delivered (partly) on 07-30 but counts on its promised date, 08-01; g, open
    // past 09-01, counts in September only (every window ending after its date).
    expect(pack.trend.map((m) => [m.month, m.sample, m.value])).toEqual([
      ["2026-07", 0, null],
      ["2026-08", 6, 5 / 12],
      ["2026-09", 1, 0],
    ]);
  });

  it("compares with the quarter before, with its sample (few data said so)", () => {
    expect(pack.previousPredictability).toMatchObject({ value: 1, sample: 1, fewData: true });
  });

  it("lists what the customer said they expect, recorded in the period", () => {
    expect(pack.customerExpectations).toEqual([
      { title: "E p", status: "proposed", dueDate: "2026-08-01", holder: "Liisa", recordedOn: "2026-09-10" },
    ]);
  });
});

describe("the review pack's other figures", () => {
  it("judges NPS at the end of the period, keeps the customer's words and the period's CSAT", () => {
    const pack = buildReviewPack(
      {
        ...empty,
        stakeholders: [
          { id: "s1", name: "Aino", influence: 3, left_on: null, created_on: "2025-01-01", committee_role: "decision_maker" },
          { id: "s2", name: "Bertta", influence: 3, left_on: null, created_on: "2026-08-01", committee_role: "champion" },
          { id: "s3", name: "Cecilia", influence: 3, left_on: "2026-09-15", created_on: "2025-01-01", committee_role: "user" },
        ],
        surveys: [
          { stakeholder_id: "s1", stakeholder_name: "Aino", kind: "nps", score: 10, comment: "Great team", answered_at: "2026-08-10T10:00:00Z" },
          // After the period: not counted in its NPS.
          { stakeholder_id: "s1", stakeholder_name: "Aino", kind: "nps", score: 2, comment: "", answered_at: "2026-10-05T10:00:00Z" },
          { stakeholder_id: "s2", stakeholder_name: "Bertta", kind: "nps", score: 5, comment: null, answered_at: "2026-09-01T10:00:00Z" },
          // Left before the end of the period: what she said before leaving still counts …
          { stakeholder_id: "s3", stakeholder_name: "Cecilia", kind: "nps", score: 10, comment: null, answered_at: "2026-07-05T10:00:00Z" },
          // … and nothing given after it (she no longer speaks for the customer).
          { stakeholder_id: "s3", stakeholder_name: "Cecilia", kind: "nps", score: 1, comment: null, answered_at: "2026-09-20T10:00:00Z" },
          { stakeholder_id: "s2", stakeholder_name: "Bertta", kind: "csat", score: 4, comment: "Quick fix", answered_at: "2026-09-02T10:00:00Z" },
          { stakeholder_id: "s1", stakeholder_name: "Aino", kind: "csat", score: 3, comment: null, answered_at: "2026-07-02T10:00:00Z" },
        ],
      },
      { period, today, now },
    );
    // Aino and Cecilia (before she left) promoters, Bertta detractor: (2 − 1) / 3 = 33.
    expect(pack.nps).toMatchObject({ score: 33, respondents: 3, promoters: 2, detractors: 1, fewData: false });
    // Two satisfaction answers: counted, but no mean (the Experience pages' five-answer rule).
    expect(pack.csat).toEqual({ answers: 2, mean: null });
    expect(pack.words.map((w) => w.comment)).toEqual(["Quick fix", "Great team"]);
    expect(pack.committee).toEqual([
      { name: "Cecilia", role: "user", change: "left", on: "2026-09-15" },
      { name: "Bertta", role: "champion", change: "joined", on: "2026-08-01" },
    ]);
  });

  it("gives the period's CSAT mean from five answers, as the Experience pages do, to one decimal", () => {
    const csat = (score: number, day: string) =>
      ({ stakeholder_id: "s1", stakeholder_name: "Aino", kind: "csat", score, comment: null, answered_at: `2026-${day}T10:00:00Z` }) as const;
    const rows = { ...empty, surveys: [csat(5, "07-02"), csat(4, "07-20"), csat(4, "08-03"), csat(2, "09-01")] };
    // Four answers in the period (and one before it, which does not count): still no mean.
    const four = buildReviewPack({ ...rows, surveys: [...rows.surveys, csat(1, "06-30")] }, { period, today, now });
    expect(four.csat).toEqual({ answers: 4, mean: null });
    // The fifth in the period: (5 + 4 + 4 + 2 + 3) / 5 = 3.6.
    const five = buildReviewPack({ ...rows, surveys: [...rows.surveys, csat(3, "09-30")] }, { period, today, now });
    expect(five.csat).toEqual({ answers: 5, mean: 3.6 });
  });

  it("reads a pack frozen before the CSAT rule without its mean of too few answers", () => {
    const frozen = { ...buildReviewPack(empty, { period, today, now }), csat: { answers: 1, mean: 5 } };
    expect(readReviewPack(JSON.parse(JSON.stringify(frozen)))?.csat).toEqual({ answers: 1, mean: null });
    const enough = { ...frozen, csat: { answers: 6, mean: 4.2 } };
    expect(readReviewPack(JSON.parse(JSON.stringify(enough)))?.csat).toEqual({ answers: 6, mean: 4.2 });
  });

  it("counts support cases opened in the period and invoices due in it", () => {
    const pack = buildReviewPack(
      {
        ...empty,
        supportCases: [
          { title: "Fast", severity: "low", status: "resolved", opened_at: "2026-07-10T08:00:00Z", sla_due_at: "2026-07-11T08:00:00Z", resolved_at: "2026-07-10T12:00:00Z" },
          { title: "Slow", severity: "high", status: "resolved", opened_at: "2026-08-10T08:00:00Z", sla_due_at: "2026-08-10T12:00:00Z", resolved_at: "2026-08-12T12:00:00Z" },
          { title: "Open", severity: "medium", status: "open", opened_at: "2026-09-29T08:00:00Z", sla_due_at: "2026-10-05T08:00:00Z", resolved_at: null },
          { title: "Before", severity: "low", status: "resolved", opened_at: "2026-06-10T08:00:00Z", sla_due_at: "2026-06-11T08:00:00Z", resolved_at: "2026-06-20T08:00:00Z" },
        ],
        invoices: [
          { number: "1", amount: "100.00", currency: "EUR", due_date: "2026-07-15", paid_on: "2026-07-14", disputed: false },
          { number: "2", amount: "200.00", currency: "EUR", due_date: "2026-08-15", paid_on: "2026-08-30", disputed: false },
          { number: "3", amount: "300.00", currency: "EUR", due_date: "2026-09-15", paid_on: null, disputed: true },
          { number: "4", amount: "400.00", currency: "EUR", due_date: "2026-10-15", paid_on: null, disputed: false },
        ],
      },
      { period, today, now },
    );
    // "Open" is still open but its SLA (10-05) is after the end of the period: not past it then.
    expect(pack.support).toMatchObject({ opened: 3, resolved: 2, pastSla: 1, stillOpen: 1 });
    expect(pack.invoices).toMatchObject({ due: 3, disputed: 1, paidLate: 1, unpaid: 1 });
  });
});

describe("periods and the review's life", () => {
  it("clips months to the period and finds the period before", () => {
    expect(periodMonths({ from: "2026-07-15", to: "2026-09-10" })).toEqual([
      { month: "2026-07", from: "2026-07-15", to: "2026-07-31" },
      { month: "2026-08", from: "2026-08-01", to: "2026-08-31" },
      { month: "2026-09", from: "2026-09-01", to: "2026-09-10" },
    ]);
    expect(previousPeriod(period)).toEqual({ from: "2026-03-31", to: "2026-06-30" });
  });

  it("moves draft → shared → published → held, never back", () => {
    expect(canMoveReview("draft", "shared")).toBe(true);
    expect(canMoveReview("draft", "published")).toBe(true);
    expect(canMoveReview("shared", "published")).toBe(true);
    expect(canMoveReview("published", "held")).toBe(true);
    expect(canMoveReview("published", "shared")).toBe(false);
    expect(canMoveReview("shared", "held")).toBe(false);
    expect(canMoveReview("held", "published")).toBe(false);
  });

  it("takes comments on a section or an item only, and reads back only a pack it knows", () => {
    expect(isReviewCommentTarget("predictability")).toBe(true);
    expect(isReviewCommentTarget("item:6f1c3b1e-2a77-4a5b-9d7e-0a3f4e5d6c7b")).toBe(true);
    expect(isReviewCommentTarget("password_hash")).toBe(false);
    expect(readReviewPack({ packVersion: 99 })).toBeNull();
    const pack = buildReviewPack(empty, { period, today, now });
    expect(readReviewPack(JSON.parse(JSON.stringify(pack)))).toEqual(pack);
    expect(pack.predictability).toMatchObject({ value: null, sample: 0, fewData: true });
    expect(pack.nps.score).toBeNull();
  });
});

describe("a new review's period", () => {
  it("is the last full quarter before today's", () => {
    expect(lastFullQuarter("2026-10-15")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(lastFullQuarter("2026-12-31")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(lastFullQuarter("2026-04-01")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    // Across the new year: the year before's last quarter.
    expect(lastFullQuarter("2027-02-28")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });
});
