// Which wording of a signal's reason fits its stored params: the rule's own, or
// a variant for the case at hand (no decision maker at all, a detractor who has
// since left, a disputed invoice…). Decided here, on the server, and sent with
// the signal, so a page's script carries no copy of these cases.
import type { RiskRule } from "./signal.ts";

export const SIGNAL_REASON_VARIANTS = [
  "noDecisionMaker",
  "never",
  "left",
  "disputed",
  "notDelivered",
  "datePassed",
] as const;
export type SignalReasonVariant = (typeof SIGNAL_REASON_VARIANTS)[number];

/** The variant of the reason's wording for these params, or null for the rule's own. */
export function signalReasonVariant(rule: RiskRule | string, params: unknown): SignalReasonVariant | null {
  const p = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  switch (rule) {
    case "no_dm_contact":
      if (p.hasDecisionMaker === false) return "noDecisionMaker";
      return p.days === null || p.days === undefined ? "never" : null;
    case "influential_detractor":
      return typeof p.leftOn === "string" ? "left" : null;
    case "invoice_trouble":
      return p.reason === "disputed" ? "disputed" : null;
    case "delivery_disputed":
      return p.response === "disputed_not_delivered" ? "notDelivered" : null;
    case "proposal_unanswered":
      return typeof p.daysPastDue === "number" && p.daysPastDue > 0 ? "datePassed" : null;
    default:
      return null;
  }
}
