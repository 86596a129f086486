import { z } from "zod";
import { DELIVERY_OUTCOMES, EXPECTATION_CATEGORIES, EXPECTATION_SOURCES } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { DATED_OUTCOMES, isDatedOutcome } from "#app/domain/expectation-rules.ts";
import { isoDate, optional, optionalText, requiredText, version } from "./fields.ts";
import { LEDGER_GROUPS, type LedgerGroup } from "./expectation.values.ts";
export { DUE_SOON_DAYS, LEDGER_GROUPS, type ExpectationFormValues, type LedgerGroup } from "./expectation.values.ts";

// The expectation ledger's forms, one schema each, checked on the server. Rules that need the stored record (a new due date must differ from the
// current one; kept is on or before the due date, late after it) are checked by
// the model, which answers with a message at the field.

const expectationFields = {
  title: requiredText(300),
  description: optionalText(10_000),
  category: z.enum(EXPECTATION_CATEGORIES),
  holder_stakeholder_id: z.uuid().optional(),
  source: z.enum(EXPECTATION_SOURCES),
  source_touchpoint_id: z.uuid().optional(),
  importance: z.number().int().min(1).max(3),
  owner_id: z.uuid().optional(),
};

const touchpointNamed = (e: { source: string; source_touchpoint_id?: string | undefined }) =>
  e.source !== "touchpoint" || Boolean(e.source_touchpoint_id);
const touchpointIssue = {
  path: ["source_touchpoint_id"],
  params: { i18n: "expectationForm.touchpointRequired" },
  // Checked even when other fields have errors, so every message shows at once.
  when: ({ value }: { value: unknown }) => (value as { source?: unknown } | undefined)?.source === "touchpoint",
};

export const ExpectationCreateForm = z
  .object({ ...expectationFields, due_date: isoDate })
  .refine(touchpointNamed, touchpointIssue);

/** Editing never moves the due date: that is a re-plan, kept in the history with its reason. */
export const ExpectationEditForm = z.object({ ...expectationFields, version }).refine(touchpointNamed, touchpointIssue);

/**
 * A re-plan: the new date, why, and whether and on which day the customer was
 * told (a day given means they were). The rules that need the stored record
 * are app/domain/expectation-rules.ts's, checked by the model.
 */
export const ReplanForm = z.object({
  version,
  due_date: isoDate,
  reason: requiredText(2000),
  customer_notified: z.boolean().default(false),
  customer_notified_on: isoDate
    .refine((d) => d <= calendarDate(), { params: { i18n: "replanForm.notifiedInFuture" } })
    .optional(),
});

/** Outcomes that happened on a day: the delivery date is required for them. */
export { DATED_OUTCOMES };
const isDated = (outcome: unknown) => typeof outcome === "string" && isDatedOutcome(outcome);

export const DeliveryForm = z
  .object({
    version,
    outcome: z.enum(DELIVERY_OUTCOMES),
    // Today in Helsinki, read when the form is checked (the server's check is the one that counts).
    delivered_on: isoDate.refine((d) => d <= calendarDate(), { params: { i18n: "deliveryForm.inFuture" } }).optional(),
    delivery_note: optionalText(2000),
  })
  .refine((d) => !isDated(d.outcome) || Boolean(d.delivered_on), {
    path: ["delivered_on"],
    params: { i18n: "deliveryForm.dateRequired" },
    when: ({ value }) => isDated((value as { outcome?: unknown } | undefined)?.outcome),
  })
  .refine((d) => d.outcome !== "withdrawn" || Boolean(d.delivery_note), {
    path: ["delivery_note"],
    params: { i18n: "deliveryForm.withdrawnNote" },
    when: ({ value }) => (value as { outcome?: unknown } | undefined)?.outcome === "withdrawn",
  });

export const ReopenForm = z.object({ version, reason: optionalText(2000) });
export const AcceptForm = z.object({ version });
export const DeclineForm = z.object({ version, reason: requiredText(2000) });

export type ExpectationInput = z.output<typeof ExpectationCreateForm>;
export type ExpectationEditInput = z.output<typeof ExpectationEditForm>;
export type ReplanInput = z.output<typeof ReplanForm> & {
  /** The day the re-plan was made: today unless the API or import brings in a past one. */
  replanned_on?: string | undefined;
};
export type DeliveryInput = z.output<typeof DeliveryForm>;
export type ReopenInput = z.output<typeof ReopenForm>;
export type DeclineInput = z.output<typeof DeclineForm>;

/**
 * The ledger's filters as they travel in the URL. Each is read on its own: a
 * hand-edited bad value drops that filter, never the page.
 */
export const LedgerQuery = {
  group: optional(z.enum(LEDGER_GROUPS)),
  category: optional(z.enum(EXPECTATION_CATEGORIES)),
  holder: optional(z.uuid()),
  owner: optional(z.uuid()),
  cursor: optional(z.string().max(200)),
};

export interface LedgerFilterValues {
  group?: LedgerGroup | undefined;
  category?: (typeof EXPECTATION_CATEGORIES)[number] | undefined;
  holder?: string | undefined;
  owner?: string | undefined;
  cursor?: string | undefined;
}

export function parseLedgerQuery(params: URLSearchParams): LedgerFilterValues {
  const read = <K extends keyof typeof LedgerQuery>(key: K) => {
    const parsed = LedgerQuery[key].safeParse(params.get(key) ?? undefined);
    return parsed.success ? parsed.data : undefined;
  };
  return {
    group: read("group") as LedgerGroup | undefined,
    category: read("category") as LedgerFilterValues["category"],
    holder: read("holder") as string | undefined,
    owner: read("owner") as string | undefined,
    cursor: read("cursor") as string | undefined,
  };
}
