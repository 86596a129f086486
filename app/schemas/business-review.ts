import { z } from "zod";
import { isReviewCommentTarget } from "#app/domain/review-pack.ts";
import { wallTime } from "./wall-time.ts";
import { EXPECTATION_CATEGORIES } from "#app/domain/vocabulary.ts";
import { isoDate, optionalDate, optionalText, optionalUuid, requiredText, version } from "./fields.ts";

// The business review's forms (staff and portal), checked on the server. Empty
// fields arrive as "" and mean "none". Rules that need the stored record (the
// review's state, the holder being a present stakeholder) are the model's.

const formVersion = z.coerce.number().pipe(version);
const importance = z.coerce.number().int().min(1).max(3).default(2);

/** The longest period a review may cover: three years. */
export const REVIEW_MAX_DAYS = 3 * 366;

const periodOrdered = (r: { period_start: string; period_end: string }) => r.period_start <= r.period_end;
const periodIssue = { path: ["period_end"], params: { i18n: "review.periodOrder" } };

export const ReviewCreateForm = z
  .object({ title: requiredText(200), period_start: isoDate, period_end: isoDate })
  .refine(periodOrdered, periodIssue);
export type ReviewCreateInput = z.output<typeof ReviewCreateForm>;

export const ReviewTextForm = z.object({
  intent: z.literal("saveText"),
  version: formVersion,
  title: requiredText(200),
  summary: optionalText(10_000),
  highlights: optionalText(10_000),
});
export type ReviewTextInput = z.output<typeof ReviewTextForm>;

export const ReviewMoveForm = z.object({ intent: z.enum(["share", "publish"]), version: formVersion });

/** A commitment the KAM proposes for the next period. */
export const ReviewItemForm = z.object({
  intent: z.literal("addItem"),
  title: requiredText(300),
  description: optionalText(4000),
  due_date: optionalDate,
  importance,
});
export type ReviewItemInput = z.output<typeof ReviewItemForm>;

export const ReviewRemoveItemForm = z.object({ intent: z.literal("removeItem"), itemId: z.uuid() });

export const ReviewCommentForm = z.object({
  intent: z.literal("comment"),
  item_key: z.string().max(80).refine(isReviewCommentTarget),
  body: requiredText(4000),
});
export type ReviewCommentInput = z.output<typeof ReviewCommentForm>;

/** What the customer adds in the portal: an expectation for the next period, or an agenda point. */
export const PortalReviewItemForm = z.object({
  intent: z.enum(["addExpectation", "addAgenda"]),
  title: requiredText(300),
  description: optionalText(4000),
  due_date: optionalDate,
});
export type PortalReviewItemInput = z.output<typeof PortalReviewItemForm>;

/**
 * Recording the meeting: when it was, who took part on both sides, what was
 * said, and which items were agreed (each with its due date and holder).
 * Items come as agreed_<id>=on, due_<id>, holder_<id>.
 */
export const RecordMeetingForm = z.object({
  intent: z.literal("record"),
  version: formVersion,
  // A datetime-local value, read as Helsinki wall time; the meeting has happened.
  occurred_at: wallTime.refine((d) => d.getTime() <= Date.now() + 5 * 60_000, {
    params: { i18n: "touchpointForm.inFuture" },
  }),
  summary: optionalText(10_000),
  stakeholder_ids: z.array(z.uuid()).max(200).default([]),
  user_ids: z.array(z.uuid()).max(200).default([]),
  agreed: z
    .array(
      z.object({
        itemId: z.uuid(),
        due_date: isoDate,
        holder_stakeholder_id: optionalUuid,
        category: z.enum(EXPECTATION_CATEGORIES).default("delivery"),
      }),
    )
    .max(200)
    .default([]),
});
export type RecordMeetingInput = z.output<typeof RecordMeetingForm>;
