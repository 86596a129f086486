import type { RiskRule } from "#app/domain/risk-rules.ts";
import { COMMITTEE_ROLES, type CommitteeRole } from "#app/domain/vocabulary.ts";
import type { Formatters } from "#app/i18n/index.ts";
import type { SignalReasonVariant } from "#app/domain/risk/reason.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** Where a risk signal's evidence lives in the app. */
export function evidenceHref(s: { account_id: string; evidence_kind: string; evidence_id: string }): string {
  const base = `/accounts/${s.account_id}`;
  switch (s.evidence_kind) {
    case "expectation":
      return `${base}/expectations/${s.evidence_id}`;
    case "stakeholder":
      return `${base}/committee/${s.evidence_id}`;
    case "touchpoint":
      return `${base}/touchpoints/${s.evidence_id}`;
    default:
      return base;
  }
}

/** A signal's title: what kind of risk it is. */
export function SignalTitle({ rule }: { rule: RiskRule }) {
  const { t } = useI18n();
  return <>{t(`signal.rule.${rule}`)}</>;
}

/**
 * A signal's reason in words, filled from its stored params; `variant` (signalReasonVariant, worked out on
 * the server and sent with the signal) picks the wording for the case at hand.
 */
export function SignalReason({
  rule,
  params,
  variant,
}: {
  rule: RiskRule;
  params: unknown;
  variant: SignalReasonVariant | null | undefined;
}) {
  const f = useI18n();
  const key = (variant ? `signal.reason.${rule}.${variant}` : `signal.reason.${rule}`) as Parameters<typeof f.t>[0];
  return <>{f.t(key, reasonParams(params, f))}</>;
}

/**
 * Stored params as text for the message: dates, roles and lists read as words;
 * numbers stay numbers (the message formats them), sentiments carry their sign.
 */
export function reasonParams(params: unknown, f: Pick<Formatters, "t" | "date" | "number" | "signed">): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!params || typeof params !== "object") return out;
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (typeof value === "number") out[key] = value;
    else if (typeof value === "string") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = f.date(value);
      else if ((COMMITTEE_ROLES as readonly string[]).includes(value)) out[key] = f.t(`committeeRole.${value as CommitteeRole}`);
      else out[key] = value;
    } else if (typeof value === "boolean") out[key] = value ? "✓" : "—";
    else if (Array.isArray(value))
      out[key] = value.map((v) => (typeof v === "number" ? (key === "sentiments" ? f.signed(v) : f.number(v, 1)) : String(v))).join(", ");
    else out[key] = "—";
  }
  return out;
}
