import { z } from "zod";
import { advocacyBreaches, ADVOCACY_SOURCE_MAX } from "#app/domain/advocacy-rules.ts";
import {
  ADVOCACY_KINDS,
  EMOTION_TAGS,
  POLARITIES,
  RESOLVED_VALUES,
  SEVERITIES,
  SUPPORT_STATUSES,
} from "#app/domain/vocabulary.ts";

import { currencyCode, isoDate, moneyAmount, normalizeDecimal, optionalText, plainText, requiredText, version } from "./fields.ts";
import { wallTime } from "./wall-time.ts";
import { MAX_FUTURE_MINUTES, PLAIN_KINDS } from "./touchpoint.values.ts";
export {
  FACT_KINDS,
  MAX_FUTURE_MINUTES,
  newTouchpointValues,
  PLAIN_KINDS,
  type TouchpointFormValues,
} from "./touchpoint.values.ts";

// The touchpoint forms: log, edit and update a support case. One schema per form,
// checked on the server. Kinds carry their own facts, so the form
// is a union on `kind`: an invoice needs its number, amount and due date; a
// support case its severity, status, opening time and SLA; the facts of other
// kinds are not read at all (without JavaScript every fieldset is on the page).

const pastTime = wallTime.refine((d) => d.getTime() <= Date.now() + MAX_FUTURE_MINUTES * 60_000, {
  params: { i18n: "touchpointForm.inFuture" },
});

/** SLA target in hours from opening ("8", "0,5"): a quarter of an hour up to a year. */
const slaHours = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const normalized = normalizeDecimal(value);
    const hours = normalized === null ? Number.NaN : Number(normalized);
    if (!(hours >= 0.25 && hours <= 8760)) {
      ctx.addIssue({ code: "custom", params: { i18n: "touchpointForm.slaHoursRange" } });
      return z.NEVER;
    }
    return hours;
  });

const common = {
  occurred_at: pastTime,
  title: requiredText(300),
  summary: optionalText(10_000),
  internal_notes: optionalText(10_000),
  stakeholder_ids: z.array(z.uuid()).max(200).default([]),
  user_ids: z.array(z.uuid()).max(200).default([]),
  sentiment: z.number().int().min(-2).max(2).optional(),
  treatment: z.number().int().min(1).max(5).optional(),
  resolved: z.enum(RESOLVED_VALUES).optional(),
  emotion_tags: z.array(z.enum(EMOTION_TAGS)).max(EMOTION_TAGS.length).default([]),
  moment_of_truth: z.boolean().default(false),
  positive_surprise: z.boolean().default(false),
  shared_with_customer: z.boolean().default(false),
};

const invoiceFacts = {
  kind: z.literal("invoice"),
  invoice_number: requiredText(100),
  invoice_amount: moneyAmount,
  invoice_currency: currencyCode.default("EUR"),
  invoice_due_date: isoDate,
  invoice_paid_on: isoDate.optional(),
  invoice_disputed: z.boolean().default(false),
  invoice_dispute_reason: optionalText(2000),
};

const caseFacts = {
  kind: z.literal("support_case"),
  case_severity: z.enum(SEVERITIES),
  case_status: z.enum(SUPPORT_STATUSES),
  case_opened_at: pastTime,
  case_sla_hours: slaHours,
  /** Empty with status resolved or closed: the server uses the time of saving. */
  case_resolved_at: pastTime.optional(),
};

/**
 * A reference given, a referral given, word of mouth: a polarity and a source
 * (app/domain/advocacy.ts, advocacyBreaches, says what is required). Parsed
 * loosely here so the domain's messages are the ones shown.
 */
const advocacyFacts = {
  kind: z.enum(ADVOCACY_KINDS),
  advocacy_polarity: z.enum(POLARITIES).optional().catch(undefined),
  advocacy_source: optionalText(ADVOCACY_SOURCE_MAX),
  advocacy_stakeholder_id: z.uuid().optional(),
};

function advocacyIssues(
  v: { kind: string; advocacy_polarity?: string | undefined; advocacy_source: string; advocacy_stakeholder_id?: string | undefined },
  ctx: z.RefinementCtx,
) {
  const facts = { polarity: v.advocacy_polarity, source: v.advocacy_source, stakeholder: v.advocacy_stakeholder_id };
  for (const b of advocacyBreaches(v.kind, facts)) {
    ctx.addIssue({ code: "custom", path: [b.field], params: { i18n: b.key } });
  }
}

const resolvedAfterOpened = (c: { case_opened_at: Date; case_resolved_at?: Date | undefined }) =>
  !c.case_resolved_at || c.case_resolved_at >= c.case_opened_at;
const resolvedIssue = {
  path: ["case_resolved_at"],
  params: { i18n: "touchpointForm.resolvedBeforeOpened" },
  // Compare the times even when other fields have errors, so every message shows at once.
  when: ({ value }: { value: unknown }) => {
    const v = value as { case_opened_at?: unknown; case_resolved_at?: unknown } | undefined;
    return v?.case_opened_at instanceof Date && v?.case_resolved_at instanceof Date;
  },
};

const plainKind = z.enum(PLAIN_KINDS as [(typeof PLAIN_KINDS)[number], ...(typeof PLAIN_KINDS)[number][]]);

/** The log form's "next step": an optional task linked to the new touchpoint, made in the same transaction. */
const nextStep = {
  next_step_title: optionalText(300),
  next_step_due: isoDate.optional(),
};
const dueNeedsTitle = {
  path: ["next_step_title"],
  params: { i18n: "nextStep.needsTitle" },
};

export const TouchpointCreateForm = z
  .discriminatedUnion("kind", [
    z.object({ kind: plainKind, ...common, ...nextStep }),
    z.object({ ...common, ...invoiceFacts, ...nextStep }),
    z.object({ ...common, ...caseFacts, ...nextStep }).refine(resolvedAfterOpened, resolvedIssue),
    z.object({ ...common, ...advocacyFacts, ...nextStep }).superRefine(advocacyIssues),
  ])
  .refine((v) => !v.next_step_due || v.next_step_title !== "", dueNeedsTitle);

export const TouchpointEditForm = z.discriminatedUnion("kind", [
  z.object({ kind: plainKind, ...common, version }),
  z.object({ ...common, ...invoiceFacts, version }),
  z.object({ ...common, ...caseFacts, version }).refine(resolvedAfterOpened, resolvedIssue),
  z.object({ ...common, ...advocacyFacts, version }).superRefine(advocacyIssues),
]);

/** The small form that moves a support case along: status, and when it was resolved. */
export const SupportCaseUpdateForm = z.object({
  version,
  case_status: z.enum(SUPPORT_STATUSES),
  case_resolved_at: pastTime.optional(),
});

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What the log form sends: a touchpoint and, optionally, its next step. */
export type TouchpointLogInput = z.output<typeof TouchpointCreateForm>;
/** A touchpoint's own fields (forms, the API, imports). */
export type TouchpointInput = DistributiveOmit<TouchpointLogInput, "next_step_title" | "next_step_due">;
export type TouchpointEditInput = z.output<typeof TouchpointEditForm>;
export type SupportCaseUpdateInput = z.output<typeof SupportCaseUpdateForm>;


/** Deleting a touchpoint: confirmed, with the version the person saw. */
export const TouchpointDeleteForm = z.object({
  confirm: z.literal("yes"),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});

/** The quick-log page's query: an account search and a picked account. */
export const LogQuery = z.object({
  q: plainText(100).optional().catch(undefined),
  account: z.string().optional(),
});

/**
 * The log form's start from a link: `with` a person of the account, and
 * `moment=1` to mark it a moment of truth (the first meeting with a successor).
 * Anything unreadable is ignored.
 */
export const LogPresetQuery = z.object({
  with: z.uuid().optional().catch(undefined),
  moment: z.literal("1").optional().catch(undefined),
});
