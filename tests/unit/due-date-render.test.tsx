import { describe, expect, it } from "vitest";
import { renderInPage as render } from "#tests/setup/render-page.tsx";
import { DueDate } from "#app/components/expectation-badge.tsx";

// An expectation's due date as the ledger and the account page's open list show
// it: the date first agreed below it only when a re-plan moved it.

describe("an expectation's due date", () => {
  it("shows the date first agreed only when a re-plan moved it, and what follows it", async () => {
    const kept = await render(<DueDate e={{ due_date: "2026-06-01", original_due_date: "2026-06-01" }} />);
    expect(kept).toBe("1 Jun 2026");
    const moved = await render(
      <>
        <DueDate e={{ due_date: "2026-06-15", original_due_date: "2026-06-01" }} />
        <i>next</i>
      </>,
    );
    expect(moved).toBe('15 Jun 2026<span class="block text-xs text-slate-600">originally 1 Jun 2026</span><i>next</i>');
  });
});
