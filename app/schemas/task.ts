import { z } from "zod";
import { INBOX_KINDS } from "#app/domain/inbox.ts";
import { isoDate, optional, optionalDate, optionalText, optionalUuid, requiredText, version } from "./fields.ts";

// Tasks (next steps): the form on My work, the account page and the inbox, and
// the inbox's done / snooze / hand-over forms. Empty form fields arrive as ""
// and mean "none".

export const TASK_VISIBILITIES = ["account", "private"] as const;

/** The fields of a new task; the account comes from the URL or a hidden field checked against it. */
export const TaskFields = z.object({
  title: requiredText(300),
  due_on: optionalDate,
  owner_id: optionalUuid,
  visibility: z.enum(TASK_VISIBILITIES).default("account"),
  notes: optionalText(4000),
  expectation_id: optionalUuid,
  signal_id: optionalUuid,
  stakeholder_id: optionalUuid,
  touchpoint_id: optionalUuid,
  inbox_item_key: optional(
    z
      .string()
      .max(200)
      .regex(/^[a-z_]+:[0-9a-f-]{36}(@[0-9A-Za-z:._-]{1,40})?$/),
  ),
});
export type TaskInput = z.output<typeof TaskFields>;

export const CreateTaskForm = TaskFields.extend({ intent: z.literal("createTask"), accountId: z.uuid() });

/** A task's own fields changed from the account's task list, as last seen (version); links stay as they are. */
export const UpdateTaskForm = TaskFields.pick({
  title: true,
  due_on: true,
  owner_id: true,
  visibility: true,
  notes: true,
}).extend({
  intent: z.literal("updateTask"),
  accountId: z.uuid(),
  taskId: z.uuid(),
  version: z.coerce.number().pipe(version),
});

export const TaskStateForm = z.object({
  intent: z.enum(["completeTask", "reopenTask", "cancelTask"]),
  accountId: z.uuid(),
  taskId: z.uuid(),
  version: z.coerce.number().pipe(version),
});

const itemKey = z.string().max(200);

export const InboxDoneForm = z.object({ intent: z.literal("done"), key: itemKey });
export const InboxSnoozeForm = z.object({ intent: z.literal("snooze"), key: itemKey, until: isoDate });
export const InboxHandOverForm = z.object({ intent: z.literal("handOver"), key: itemKey, to: z.uuid() });

export const InboxKindSchema = z.enum(INBOX_KINDS);

/** A task form's refusal, shown beside its fields with what was typed (formId tells the page's task forms apart). */
export interface TaskFormError {
  formId: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

/** The administrator's inbox settings form; playbook rules come as repeated checkbox values. */
export const InboxSettingsForm = z.object({
  escalationDays: z.coerce.number().int().min(1).max(90),
  dueSoonDays: z.coerce.number().int().min(0).max(60),
  surveyDays: z.coerce.number().int().min(1).max(365),
});
