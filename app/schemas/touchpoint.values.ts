// The touchpoint forms' kinds, limits and fresh values.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.
import { ADVOCACY_KINDS, LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";

/** How far ahead of now a time may be: clocks differ and people round up, but a touchpoint has happened. */
export const MAX_FUTURE_MINUTES = 60;

export const FACT_KINDS = ["invoice", "support_case", ...ADVOCACY_KINDS] as const;
export const PLAIN_KINDS = LOGGABLE_TOUCHPOINT_KINDS.filter(
  (k): k is Exclude<(typeof LOGGABLE_TOUCHPOINT_KINDS)[number], (typeof FACT_KINDS)[number]> =>
    !(FACT_KINDS as readonly string[]).includes(k),
);

/** What the form shows: every field as the browser sends it. */
export interface TouchpointFormValues {
  kind: string;
  occurred_at: string;
  title: string;
  summary: string;
  internal_notes: string;
  stakeholder_ids: string[];
  user_ids: string[];
  sentiment: string;
  treatment: string;
  resolved: string;
  emotion_tags: string[];
  moment_of_truth: boolean;
  positive_surprise: boolean;
  shared_with_customer: boolean;
  invoice_number: string;
  invoice_amount: string;
  invoice_currency: string;
  invoice_due_date: string;
  invoice_paid_on: string;
  invoice_disputed: boolean;
  invoice_dispute_reason: string;
  case_severity: string;
  case_status: string;
  case_opened_at: string;
  case_sla_hours: string;
  case_resolved_at: string;
  advocacy_polarity: string;
  advocacy_source: string;
  advocacy_stakeholder_id: string;
  version: number;
}

/** A fresh log form: a meeting now (Helsinki wall time) with the author taking part. */
export function newTouchpointValues({
  now,
  userId,
  currency = "EUR",
}: {
  now: string;
  userId: string;
  currency?: string;
}): TouchpointFormValues {
  return {
    kind: "meeting",
    occurred_at: now,
    title: "",
    summary: "",
    internal_notes: "",
    stakeholder_ids: [],
    user_ids: [userId],
    sentiment: "",
    treatment: "",
    resolved: "",
    emotion_tags: [],
    moment_of_truth: false,
    positive_surprise: false,
    shared_with_customer: false,
    invoice_number: "",
    invoice_amount: "",
    invoice_currency: currency,
    invoice_due_date: "",
    invoice_paid_on: "",
    invoice_disputed: false,
    invoice_dispute_reason: "",
    case_severity: "normal",
    case_status: "open",
    case_opened_at: now,
    case_sla_hours: "",
    case_resolved_at: "",
    advocacy_polarity: "",
    advocacy_source: "",
    advocacy_stakeholder_id: "",
    version: 1,
  };
}
