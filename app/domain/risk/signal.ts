// What a risk rule returns and what the rules read (the rules and their
// decisions are listed in ../risk-rules.ts).
import type { ExpectationRating } from "../disconfirmation.ts";
import type { InvoiceForScoring, SupportCaseForScoring } from "../health.ts";
import type { NpsAnswer } from "../nps.ts";
import type { ExpectationForScoring } from "../predictability.ts";

export const RISK_RULES = [
  "key_person_left",
  "expectation_overdue",
  "expectation_due_soon",
  "repeated_surprises",
  "influential_detractor",
  "no_dm_contact",
  "sentiment_falling",
  "renewal_at_risk",
  "invoice_trouble",
  "delivery_disputed",
  "notice_contested",
  "proposal_unanswered",
  "support_past_sla",
  "solved_treated_badly",
  "below_expected",
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export type RiskSeverity = "high" | "medium" | "low";
export type EvidenceKind = "expectation" | "stakeholder" | "touchpoint" | "account";
export type SignalParamValue = string | number | boolean | null | string[] | number[];

export interface RiskSignal {
  rule: RiskRule;
  severity: RiskSeverity;
  /** Names the cause: `<rule>:<id>`. Stable across evaluations while the cause lasts. */
  key: string;
  /** Plain data for the reason's wording. */
  params: Record<string, SignalParamValue>;
  evidence: { kind: EvidenceKind; id: string };
  /** Account-keyed rules: levels that rise as the cause gets worse (see the decisions above). */
  escalation?: number[];
}

export interface RiskStakeholder {
  id: string;
  name?: string;
  committeeRole: string | null;
  influence: number;
  /** 'YYYY-MM-DD' when they left; null while active. */
  leftOn: string | null;
  /** 'YYYY-MM-DD', the vendor's calendar date their leaving was recorded; null or absent when unknown. */
  leftRecordedOn?: string | null;
  lastTwoWayContact: Date | string | null;
}

export interface RiskExpectation extends ExpectationForScoring {
  title?: string;
}

/** An expectation the customer stated in the portal, still awaiting the account manager's answer (status 'proposed'). */
export interface RiskProposal {
  id: string;
  title?: string | null;
  /** The date the customer asked for, 'YYYY-MM-DD'. */
  dueDate: string;
  /** The vendor's calendar date the customer stated it, 'YYYY-MM-DD'. */
  statedOn: string;
}

export interface RatedTouchpoint {
  touchpointId: string;
  /** −2..2 */
  sentiment: number;
  occurredAt: Date | string;
}

export interface TreatedTouchpoint {
  touchpointId: string;
  title?: string | null;
  occurredAt: Date | string;
  treatment: number | null;
  resolved: string | null;
}

export interface RiskInput {
  accountId: string;
  /** The vendor's calendar date; the UTC date of `now` unless told. */
  today?: string;
  expectations: RiskExpectation[];
  stakeholders: RiskStakeholder[];
  npsAnswers: NpsAnswer[];
  ratedTouchpoints: RatedTouchpoint[];
  /** Open (and waiting) support cases only. */
  openSupportCases: SupportCaseForScoring[];
  invoices: InvoiceForScoring[];
  renewalDate: string | null;
  healthScore: number | null;
  /** Touchpoints with felt treatment and resolution recorded, at least those of the last solvedBadlyDays days. */
  treatedTouchpoints?: TreatedTouchpoint[];
  /** The customer's ratings against their expectation, at least those of the last belowExpectedDays days. */
  experienceRatings?: RatedAgainstExpectation[];
  /** The customer's proposals not yet accepted or declined (the proposal_unanswered rule). */
  proposals?: RiskProposal[];
  /** The zone re-plan instants without a day are read in; UTC unless told. */
  timeZone?: string;
}

/** A customer's rating of a delivery or a touchpoint against what they expected. */
export interface RatedAgainstExpectation {
  id: string;
  rating: ExpectationRating;
  ratedAt: Date | string;
  /** What was rated: a touchpoint or an expectation's delivery, with its title. */
  subject: { kind: "touchpoint" | "expectation"; id: string; title: string | null };
}

/** A signal of `rule` keyed by `id` (its cause). */
export function signal(
  rule: RiskRule,
  severity: RiskSeverity,
  id: string,
  evidence: RiskSignal["evidence"],
  params: RiskSignal["params"],
  escalation?: number[],
): RiskSignal {
  return { rule, severity, key: `${rule}:${id}`, params, evidence, ...(escalation ? { escalation } : {}) };
}
