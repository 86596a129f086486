import { z } from "zod";
import { DATE_YEARS, isDateInRange, isIsoDate } from "#app/domain/dates.ts";
import { INBOX_KINDS } from "#app/domain/inbox.ts";
import { isPlainText } from "#app/domain/text.ts";

// The JSON API's tasks and inbox: bodies and records, one Zod schema each (the
// routes check bodies with them and /api/v1/openapi.json is generated from them).

const text = (max: number) => z.string().max(max).refine(isPlainText, "Remove the control characters.");
const date = z.iso
  .date()
  .refine((v) => !isIsoDate(v) || isDateInRange(v), `A date in the years ${DATE_YEARS.min}–${DATE_YEARS.max}.`)
  .describe("A calendar date, YYYY-MM-DD.");

/** A task upserted by external_id: a field left out keeps its stored value (a new task needs a title); null clears it. */
export const TaskBody = z
  .object({
    external_id: z.string().trim().min(1).max(200).refine(isPlainText, "Remove the control characters.").describe("Your system's id for the task; upserts match on it."),
    title: text(300).trim().min(1).optional(),
    notes: text(4000).nullable().optional(),
    due_on: date.nullable().optional(),
    owner_email: z.email().max(320).optional().describe("The member of staff who does it; the token's user when left out of a new task."),
    visibility: z.enum(["account", "private"]).optional().describe("account: every colleague sees it (the default); private: its owner, its creator, directors and administrators."),
    state: z.enum(["open", "done", "cancelled"]).optional(),
  })
  .strict();
export type TaskBodyInput = z.output<typeof TaskBody>;

export const TaskRecord = z.object({
  id: z.uuid(),
  external_id: z.string().nullable(),
  title: z.string(),
  notes: z.string(),
  due_on: z.iso.date().nullable(),
  owner_email: z.string(),
  visibility: z.enum(["account", "private"]),
  state: z.enum(["open", "done", "cancelled"]),
  origin: z.string(),
  completed_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  version: z.number().int(),
});

export const InboxItemRecord = z.object({
  id: z.string().describe("The item's key: its kind and its source's id. Stable while the item is the same."),
  kind: z.enum(INBOX_KINDS),
  account_external_id: z.string().nullable(),
  created_at: z.iso.datetime().describe("When it happened: the customer's answer, the signal's first sighting; for due items the due day; for a planned touchpoint its planned time."),
  due_on: z.iso.date().nullable().optional(),
  title: z.string().describe("The source's own words: an expectation's, task's or planned touchpoint's title, a signal's rule, a survey answer's comment."),
});
