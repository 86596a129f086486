import { z } from "zod";
import { COMMITTEE_ROLES, STANCES } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { isoDate, optionalText, requiredText, version } from "./fields.ts";
import { plannedTime } from "./planned-touchpoint.ts";
export { parseShowLeft, SHOW_LEFT_PARAM, type StakeholderFormValues } from "./stakeholder.values.ts";

// The buying committee's forms, checked on the server (never in the browser). Rules that
// need other rows (reports-to is a present person of the same account and does
// not close a loop) are checked by the model, which answers at the field.

/** Digits with the usual separators, an optional leading +: "+358 40 123 4567", "(09) 123-456". */
const PHONE = /^\+?[0-9][0-9 ()./-]{2,39}$/;

const stakeholderFields = {
  name: requiredText(200),
  title: optionalText(200),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((v) => PHONE.test(v), { params: { i18n: "stakeholderForm.phoneInvalid" } })
    .optional(),
  /** No role is a choice too: the field is empty. */
  committee_role: z.enum(COMMITTEE_ROLES).optional(),
  influence: z.number().int().min(1).max(5),
  stance: z.enum(STANCES),
  reports_to_id: z.uuid().optional(),
};

export const StakeholderCreateForm = z.object(stakeholderFields);
export const StakeholderEditForm = z.object({ ...stakeholderFields, version });

/** The one-click role change from the committee table. */
export const RoleForm = z.object({
  stakeholder_id: z.uuid(),
  committee_role: z.enum(COMMITTEE_ROLES).optional(),
  version,
});

export const LeaveForm = z.object({
  version,
  // Today in Helsinki, read when the form is checked (the server's check is the one that counts).
  left_on: isoDate.refine((d) => d <= calendarDate(), { params: { i18n: "leaveForm.inFuture" } }),
  note: optionalText(2000),
});

export const RejoinForm = z.object({
  version,
  /** Marked as left by mistake: the "left" entry goes from the timeline too. */
  mistake: z.boolean().default(false),
});

/** Naming a successor for someone who left: their open expectations move, the first meeting is planned. */
export const HandoverForm = z.object({
  version,
  successor_id: z.uuid(),
  /** The successor takes over the role of the one who left (closes a key-person gap). */
  take_role: z.boolean().default(false),
  /** When to meet the successor first (Helsinki wall time); empty: not planned yet. */
  first_meeting_at: plannedTime.optional(),
});

export type StakeholderInput = z.output<typeof StakeholderCreateForm>;
export type StakeholderEditInput = z.output<typeof StakeholderEditForm>;
export type RoleInput = z.output<typeof RoleForm>;
export type LeaveInput = z.output<typeof LeaveForm>;
export type RejoinInput = z.output<typeof RejoinForm>;
export type HandoverInput = z.output<typeof HandoverForm>;

/** What the create/edit form shows: every field as the browser sends it. */
