import { describe, expect, it } from "vitest";
import type { ExpectationForScoring } from "#app/domain/predictability.ts";
import { evaluateRiskSignals, type RiskInput } from "#app/domain/risk-rules.ts";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";
import { signalReasonKey } from "#app/i18n/messages/scores.ts";

const now = new Date("2026-11-22T12:00:00Z");

const delivered = (id: string, customerResponse: ExpectationForScoring["customerResponse"]) => ({
  id,
  title: `Title ${id}`,
  importance: 2 as const,
  originalDueDate: "2026-11-01",
  dueDate: "2026-11-01",
  status: "resolved" as const,
  outcome: "kept" as const,
  deliveredOn: "2026-11-01",
  customerResponse,
  replans: [],
});

function input(expectations: ReturnType<typeof delivered>[]): RiskInput {
  const recent = new Date(now.getTime() - 5 * 86_400_000);
  return {
    accountId: "acc",
    today: "2026-11-22",
    expectations,
    stakeholders: [
      { id: "dm", committeeRole: "decision_maker", influence: 5, leftOn: null, lastTwoWayContact: recent },
      { id: "ch", committeeRole: "champion", influence: 4, leftOn: null, lastTwoWayContact: recent },
    ],
    npsAnswers: [],
    ratedTouchpoints: [],
    openSupportCases: [],
    invoices: [],
    renewalDate: null,
    healthScore: 80,
  };
}

describe("a delivery the customer disputes", () => {
  it("raises one signal per disputed delivery: high when not delivered, medium when partly", () => {
    const signals = evaluateRiskSignals(
      input([delivered("a", "confirmed"), delivered("b", "disputed_partly"), delivered("c", "disputed_not_delivered"), delivered("d", null)]),
      DEFAULT_SCORING_SETTINGS,
      now,
    ).filter((s) => s.rule === "delivery_disputed");
    expect(signals).toEqual([
      {
        rule: "delivery_disputed",
        severity: "high",
        key: "delivery_disputed:c",
        evidence: { kind: "expectation", id: "c" },
        params: { expectationId: "c", title: "Title c", dueDate: "2026-11-01", deliveredOn: "2026-11-01", response: "disputed_not_delivered" },
      },
      {
        rule: "delivery_disputed",
        severity: "medium",
        key: "delivery_disputed:b",
        evidence: { kind: "expectation", id: "b" },
        params: { expectationId: "b", title: "Title b", dueDate: "2026-11-01", deliveredOn: "2026-11-01", response: "disputed_partly" },
      },
    ]);
    expect(signalReasonKey("delivery_disputed", signals[0]!.params)).toBe("signal.reason.delivery_disputed.notDelivered");
    expect(signalReasonKey("delivery_disputed", signals[1]!.params)).toBe("signal.reason.delivery_disputed");
  });
});
