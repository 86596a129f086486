import { describe, expect, it } from "vitest";
import { assembleTrends } from "#app/domain/portfolio-trends.ts";
import { DisconfirmationPanel } from "#app/components/disconfirmation.tsx";
import { InboxList } from "#app/components/inbox-list.tsx";
import { CommitmentCard } from "#app/components/portal-commitment.tsx";
import { ReviewPackView } from "#app/components/review-pack.tsx";
import { buildReviewPack } from "#app/domain/review-pack.ts";
import { KamComparison, TrendCharts, TrendsTable } from "#app/routes/__portfolio/trends-sections.tsx";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { snapshotRow, verdictRow } from "#tests/setup/trend-rows.ts";

// Figures as pages show them: the trends' tables say each figure with the
// sample it is made of, and a chart reads a figure out (its table for screen
// readers) as the table or headline beside it shows it.

const AINO = { owner_id: "a", owner_name: "Aino" };
const BERTTA = { owner_id: "b", owner_name: "Bertta" };

/** A review pack of nothing (the period's figures are set by each test). */
const emptyPack = () =>
  buildReviewPack(
    { expectations: [], replans: [], stakeholders: [], surveys: [], supportCases: [], invoices: [] },
    { period: { from: "2026-07-01", to: "2026-09-30" }, today: "2026-10-15", now: new Date("2026-10-15T09:00:00Z") },
  );

describe("figures as the pages show them", () => {
  it("gives mean health with the accounts it is the mean of, and the KAM chart reads it to one decimal", async () => {
    // Aino: 60.3 and 70.6 (65.45, shown 65.5), and one account without enough data to judge.
    const trends = assembleTrends(
      ["2026-11-01"],
      [
        snapshotRow("2026-11-01", AINO, { healthy: 1, watch: 1, health_sum: "130.9", health_count: 2 }),
        snapshotRow("2026-11-01", AINO, { not_enough_data: 1 }),
        snapshotRow("2026-11-01", BERTTA, { healthy: 1, health_sum: "80.0", health_count: 1 }),
      ],
      [],
    );
    const table = await render(<TrendsTable months={trends.months} />);
    // (130.9 + 80.0) / 3 = 70.3 over three health figures, of four accounts.
    expect(table).toContain('70.3<span class="block text-xs text-slate-600">n = 3</span>');

    const paging = { page: 1, pages: 1, from: 1, to: 2, total: 2 };
    const comparison = await render(<KamComparison kams={trends.kams} paging={paging} />);
    const healthChart = comparison.slice(comparison.indexOf("Mean health by KAM"));
    expect(healthChart).toContain("<td>65.5</td>");
    // The KAMs' health table gives each mean with its sample: Aino's two health figures of three accounts.
    const ainoCell = comparison.slice(comparison.indexOf('data-testid="kam-health-table"'));
    expect(ainoCell).toContain("65.5<span");
    expect(ainoCell).toMatch(/65\.5<span class="block text-xs text-slate-600">n = 2 · 3 acc\. · At risk: 0<\/span>/);
    expect(healthChart).not.toContain("<td>66</td>");
  });

  it("reads a share out in a chart as the tables and headlines round it: 23 of 40 is 58 %, −1 of 8 is −13 %", async () => {
    // The trends' charts are given the share itself, as the review pack's and the balance's now are
    // (there, 0.575 × 100 = 57.49999999999999 was rounded to 57 before formatting: the cases below).
    const trends = assembleTrends(
      ["2026-11-01"],
      [],
      [verdictRow("2026-11-01", AINO, { weight_total: 40, predictable_weight: 23, sample: 40, surprises: 0 })],
    );
    const charts = await render(<TrendCharts months={trends.months} />);
    const byPortfolio = charts.slice(charts.indexOf("Predictability by month"));
    expect(byPortfolio).toContain("<td>58%</td>");
    const paging = { page: 1, pages: 1, from: 1, to: 1, total: 1 };
    const comparison = await render(<KamComparison kams={trends.kams} paging={paging} />);
    expect(comparison.slice(comparison.indexOf("Predictability by KAM"))).toContain("<td>58%</td>");

    // One above and two below of eight ratings in a month: a balance of −12.5 %, −13 % in the headline and the chart.
    const month = { below: 2, as: 5, above: 1, ratings: 8, balance: -1 / 8, fewData: false };
    const panel = await render(
      <DisconfirmationPanel
        figures={{ balance: month, byMonth: [{ month: "2026-11", ...month }], latest: [] }}
        csvHref="/x.csv"
      />,
    );
    expect(panel).toContain('data-testid="expected-balance">-13%');
    expect(panel).toContain("<td>-13%</td>");
  });

  it("reads the review pack's predictability by month as its table does: 23 of 40 is 58 %", async () => {
    // The chart rounded 0.575 × 100 (57.49999999999999) to 57 beside the table's 58 %.
    const pack = emptyPack();
    const trend = [{ month: "2026-07", from: "2026-07-01", to: "2026-07-31", value: 23 / 40, sample: 40 }];
    const html = await render(<ReviewPackView pack={{ ...pack, trend }} />);
    const chart = html.slice(html.indexOf("<caption>"));
    expect(chart).toContain("<td>58%</td>");
  });

  it("says the review pack's NPS rests on few answers, as the account page does", async () => {
    const pack = emptyPack();
    const nps = { score: 100, respondents: 1, promoters: 1, passives: 0, detractors: 0, fewData: true };
    const few = await render(<ReviewPackView pack={{ ...pack, nps }} />);
    expect(few).toContain('data-testid="pack-nps-few">Only 1 person answered: too few for a reliable NPS.</p>');
    const enough = await render(
      <ReviewPackView pack={{ ...pack, nps: { ...nps, respondents: 12, promoters: 12, fewData: false } }} />,
    );
    expect(enough).not.toContain("pack-nps-few");
  });

  it("gives the review pack's satisfaction from five answers, and says why it gives none from fewer", async () => {
    const pack = emptyPack();
    const few = await render(<ReviewPackView pack={{ ...pack, csat: { answers: 2, mean: null } }} />);
    expect(few).toContain(
      'data-testid="pack-csat-few">Only 2 satisfaction answers in the period: too few for a reliable mean.</p>',
    );
    expect(few).not.toContain("/ 5");
    const enough = await render(<ReviewPackView pack={{ ...pack, csat: { answers: 5, mean: 3.6 } }} />);
    expect(enough).toContain("3.6 / 5");
    expect(enough).not.toContain("pack-csat-few");
    // Nobody answered: "not enough data", no note about answers.
    expect(await render(<ReviewPackView pack={pack} />)).not.toContain("pack-csat-few");
  });

  it("tells the customer why a commitment due later counts as due earlier, and when a notice would change that", async () => {
    const c = {
      id: "e1",
      title: "Moved quietly",
      status: "open",
      outcome: null,
      original_due_date: "2026-12-01",
      promised_date: null,
      due_date: "2026-12-20",
      delivered_on: null,
      customer_response: null,
      customer_comment: "",
      holder_name: null,
      version: 1,
      replans: [{ from_due_date: "2026-12-01", to_due_date: "2026-12-20", at: "2026-12-03T10:00:00Z" }],
    };
    const html = await render(<CommitmentCard commitment={c} daysOverdue={4} dueForCustomer="2026-12-01" />);
    expect(html).toContain("4 days overdue");
    expect(html).toContain(
      'data-testid="portal-due-for-customer">Counts as due on 1 Dec 2026, the date you were expecting it: the move to 20 Dec 2026 does not count as notice given before that day.</p>',
    );
    // A notice of the move still awaits the customer's answer: it moves the day once it stands.
    const awaiting = await render(
      <CommitmentCard
        commitment={c}
        daysOverdue={4}
        dueForCustomer="2026-12-01"
        pendingNotice={{ movesTo: "2026-12-18", standsOn: "2026-12-09" }}
      />,
    );
    expect(awaiting).toContain(
      "Counts as due on 1 Dec 2026 until our notice of the move to 18 Dec 2026 stands (see “Changes we told you about”; unanswered, it stands on 9 Dec 2026).</p>",
    );
    // Not overdue yet, but listed by the earlier day: the card says which day counts.
    const soon = await render(<CommitmentCard commitment={c} dueForCustomer="2026-12-01" />);
    expect(soon).toContain('data-testid="portal-due-for-customer">Counts as due on 1 Dec 2026');
    expect(soon).not.toContain("overdue");
    // Due on its own due date: nothing to explain.
    const plain = await render(
      <CommitmentCard
        commitment={{ ...c, original_due_date: "2026-12-20" }}
        daysOverdue={4}
        dueForCustomer="2026-12-20"
      />,
    );
    expect(plain).not.toContain("portal-due-for-customer");
  });

  it("lists an expectation overdue for the customer with its due date as the ledger gives it, and the date they were promised", async () => {
    const item = {
      key: "expectation_overdue:e1",
      kind: "expectation_overdue" as const,
      accountId: "a1",
      accountName: "Aalto Oy",
      sourceId: "e1",
      at: "2026-12-01T00:00:00Z",
      dueOn: "2026-12-01",
      title: "Moved quietly",
      pressing: false,
      details: { importance: 2, dueDate: "2026-12-20" },
      handedBy: null,
    };
    const html = await render(<InboxList items={[item]} today="2026-12-05" staff={[]} />);
    expect(html).toContain("Due 20 Dec 2026 · customer was promised 1 Dec 2026");
    // Not moved: its due date alone.
    const plain = await render(
      <InboxList
        items={[{ ...item, details: { importance: 2, dueDate: "2026-12-01" } }]}
        today="2026-12-05"
        staff={[]}
      />,
    );
    expect(plain).toContain("Due 1 Dec 2026");
    expect(plain).not.toContain("customer was promised");
  });
  it("says in an inbox signal what the signal is about, as the risk pages do, and keeps snoozing and handing over folded until one is refused", async () => {
    const item = {
      key: "signal:s1",
      kind: "signal" as const,
      accountId: "a1",
      accountName: "Aalto Oy",
      sourceId: "s1",
      at: "2026-11-30T08:00:00Z",
      dueOn: null,
      title: "expectation_overdue",
      pressing: true,
      details: { rule: "expectation_overdue", severity: "high", reraised: 0 },
      signalParams: {
        expectationId: "e1",
        title: "Root-cause report",
        dueDate: "2026-11-29",
        importance: 3,
        daysOverdue: 6,
      },
      handedBy: null,
    };
    const html = await render(<InboxList items={[item]} today="2026-12-05" staff={[{ id: "u2", name: "Ville" }]} />);
    expect(html).toContain("“Root-cause report” was due on 29 Nov 2026 and is 6 days overdue.");
    expect(html).toContain("Since 30 Nov 2026");
    // Folded: the snooze and hand-over forms are in a closed disclosure.
    expect(html).toMatch(/<details class="[^"]*"><summary[^>]*>Snooze or hand over<\/summary>/);
    // A refused snooze opens it, with the refused day kept.
    const refused = await render(
      <InboxList
        items={[item]}
        today="2026-12-05"
        staff={[]}
        error={{ key: "signal:s1", field: "until", message: "Pick a day from today on.", value: "2026-12-01" }}
      />,
    );
    expect(refused).toMatch(/<details class="[^"]*" open=""><summary[^>]*>Snooze or hand over<\/summary>/);
    expect(refused).toContain('value="2026-12-01"');
    // A director's escalation says the reason too, with whose account it is.
    const escalation = await render(
      <InboxList
        items={[
          {
            ...item,
            key: "signal_escalation:s1",
            kind: "signal_escalation" as const,
            details: { rule: "expectation_overdue", severity: "high", owner: "Kalle" },
          },
        ]}
        today="2026-12-05"
        staff={[]}
      />,
    );
    expect(escalation).toContain("“Root-cause report” was due on 29 Nov 2026 and is 6 days overdue.");
    expect(escalation).toContain("Kalle");
    expect(escalation).toContain("Not acknowledged yet.");
    // Acknowledged by the KAM: the director reads who, when and what they noted.
    const acknowledged = await render(
      <InboxList
        items={[
          {
            ...item,
            key: "signal_escalation:s1",
            kind: "signal_escalation" as const,
            details: {
              rule: "expectation_overdue",
              severity: "high",
              owner: "Kalle",
              ackBy: "Kalle",
              ackOn: "2026-12-02T10:00:00.000Z",
              ackNote: "Calling their CFO",
            },
          },
        ]}
        today="2026-12-05"
        staff={[]}
      />,
    );
    expect(acknowledged).toContain("Acknowledged by Kalle on 2 Dec 2026, still open.");
    expect(acknowledged).toContain("“Calling their CFO”");
    // The wording for the case at hand comes with the item, worked out on the server (signalReasonVariant).
    const noDecisionMaker = await render(
      <InboxList
        items={[
          {
            ...item,
            title: "no_dm_contact",
            details: { rule: "no_dm_contact", severity: "high", reraised: 0, reasonVariant: "noDecisionMaker" },
            signalParams: { days: null, limitDays: 60, hasDecisionMaker: false },
          },
        ]}
        today="2026-12-05"
        staff={[]}
      />,
    );
    expect(noDecisionMaker).toContain("No active decision maker is known: we do not know whom to talk to.");
  });
});
