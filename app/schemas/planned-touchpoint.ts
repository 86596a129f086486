import { z } from "zod";
import { PLANNED_KINDS } from "#app/domain/planned-touchpoints.ts";
import { optionalText, optionalUuid, requiredText, version } from "./fields.ts";
import { wallTime } from "./wall-time.ts";

// Planned touchpoints: the plan form (new and edit) and cancelling. Plain
// forms (they post without JavaScript); empty fields arrive as "" and mean
// "none". The planned time is Helsinki wall time, like the log form's.

/** A datetime-local value read as Helsinki wall time (wallTime); the day rule (today or later) is the model's. */
export const plannedTime = wallTime;

export const PlanFields = z.object({
  kind: z.enum(PLANNED_KINDS),
  planned_for: plannedTime,
  title: requiredText(300),
  notes: optionalText(4000),
  stakeholder_ids: z.array(z.uuid()).max(200).default([]),
  owner_id: optionalUuid,
  /** A small deliberate surprise for the chosen people (a checkbox: "on" when ticked). */
  positive_surprise: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
});
/** A plan as the model takes it; not a surprise unless said. */
export type PlanInput = Omit<z.output<typeof PlanFields>, "positive_surprise"> & { positive_surprise?: boolean };

export const CreatePlanForm = PlanFields.extend({ intent: z.literal("plan") });
export const UpdatePlanForm = PlanFields.extend({ intent: z.literal("updatePlan"), planId: z.uuid(), version: z.coerce.number().pipe(version) });
export const CancelPlanForm = z.object({ intent: z.literal("cancelPlan"), planId: z.uuid(), version: z.coerce.number().pipe(version) });

/** The log form's link to the plan it records (a hidden field; empty: none). */
export const RecordsPlanField = optionalUuid;

/** A plan form's refusal: messages by field, what was typed kept. */
export interface PlanFormError {
  formId: string;
  fields: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** A posted plan form as the schema reads it: the participants are repeated fields. */
export function planFormFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of form) if (typeof value === "string" && name !== "stakeholder_ids") fields[name] = value;
  fields.stakeholder_ids = form.getAll("stakeholder_ids").filter((v): v is string => typeof v === "string");
  return fields;
}
