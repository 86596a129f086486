// The rules about the business around the relationship: renewal_at_risk,
// invoice_trouble, support_past_sla (decisions in ../risk-rules.ts).
import { diffDays } from "../dates.ts";
import { invoiceTrouble, isPastSla } from "../health.ts";
import type { ScoringSettings } from "../scoring-settings.ts";
import { signal, type RiskInput, type RiskSignal } from "./signal.ts";

export function renewalAtRisk(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const { renewalDate, healthScore } = input;
  if (!renewalDate || healthScore === null) return [];
  const daysToRenewal = diffDays(today, renewalDate);
  if (daysToRenewal < 0 || daysToRenewal > settings.renewalSoonDays) return [];
  if (healthScore >= settings.bands.watchFrom) return [];
  return [
    signal(
      "renewal_at_risk",
      "high",
      input.accountId,
      { kind: "account", id: input.accountId },
      {
        renewalDate,
        daysToRenewal,
        health: healthScore,
        watchFrom: settings.bands.watchFrom,
      },
      [
        daysToRenewal * 3 > settings.renewalSoonDays * 2 ? 1 : daysToRenewal * 3 > settings.renewalSoonDays ? 2 : 3,
        Math.floor((settings.bands.watchFrom - healthScore) / 10),
      ],
    ),
  ];
}

export function invoiceTroubles(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const out: RiskSignal[] = [];
  for (const invoice of input.invoices) {
    const trouble = invoiceTrouble(invoice, today, settings.invoiceOverdueDays);
    if (!trouble) continue;
    out.push(
      signal(
        "invoice_trouble",
        "medium",
        invoice.touchpointId,
        { kind: "touchpoint", id: invoice.touchpointId },
        {
          reason: trouble.reason,
          number: invoice.number,
          amount: invoice.amount === null ? null : String(invoice.amount),
          dueDate: invoice.dueDate,
          daysOverdue: trouble.daysOverdue,
        },
      ),
    );
  }
  return out;
}

export function supportPastSla(input: RiskInput, now: Date): RiskSignal[] {
  return input.openSupportCases
    .filter((c) => isPastSla(c, now))
    .map((c) =>
      signal(
        "support_past_sla",
        c.severity === "critical" || c.severity === "high" ? "high" : "medium",
        c.touchpointId,
        { kind: "touchpoint", id: c.touchpointId },
        {
          caseSeverity: c.severity,
          slaDueAt: new Date(c.slaDueAt).toISOString(),
          hoursPastSla: Math.floor((now.getTime() - new Date(c.slaDueAt).getTime()) / 3_600_000),
        },
      ),
    );
}
