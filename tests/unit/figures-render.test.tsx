import { describe, expect, it } from "vitest";
import { assembleTrends } from "#app/domain/portfolio-trends.ts";
import { KamComparison, TrendsTable } from "#app/routes/__portfolio/trends-sections.tsx";
import { renderInPage as render } from "#tests/setup/render-page.tsx";

// The trends page's tables say each figure with the sample it is made of, and
// the KAM chart reads a mean health out as the table beside it shows it.

const none = {
  healthy: 0,
  watch: 0,
  at_risk: 0,
  not_enough_data: 0,
  unscored: 0,
  health_sum: null,
  health_count: 0,
  nps_weighted: null,
  nps_respondents: 0,
};
const snapshot = (owner_id: string, owner_name: string, values: Record<string, unknown>) => ({
  month: "2026-11-01",
  owner_id,
  owner_name,
  ...none,
  ...values,
});

describe("the trends page's figures", () => {
  it("gives mean health with the accounts it is the mean of, and the KAM chart reads it to one decimal", async () => {
    // Aino: 60.3 and 70.6 (65.45, shown 65.5), and one account without enough data to judge.
    const trends = assembleTrends(
      ["2026-11-01"],
      [
        snapshot("a", "Aino", { healthy: 1, watch: 1, health_sum: "130.9", health_count: 2 }),
        snapshot("a", "Aino", { not_enough_data: 1 }),
        snapshot("b", "Bertta", { healthy: 1, health_sum: "80.0", health_count: 1 }),
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
    expect(healthChart).not.toContain("<td>66</td>");
  });
});
