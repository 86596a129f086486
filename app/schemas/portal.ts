import { z } from "zod";
import { NOTICE_ANSWERS } from "#app/domain/notice.ts";
import { EXPECTATION_CATEGORIES } from "#app/domain/vocabulary.ts";
import { EXPECTATION_RATINGS } from "#app/domain/disconfirmation.ts";
import { calendarDate } from "#app/domain/time.ts";
import { isoDate, optionalText, requiredText, version } from "./fields.ts";
import { SetPasswordForm } from "./password.ts";
import { CUSTOMER_ANSWERS } from "./portal.values.ts";
export { CUSTOMER_ANSWERS, NPS_INTERVAL_DAYS, type CustomerAnswer } from "./portal.values.ts";

// The portal's forms and the staff's portal-access forms. Messages come from the
// localized error map; rules that need stored rows are checked by the models.

/** Accepting a portal invitation: a new password, typed twice (the shared password rules). */
export const AcceptInvitationForm = SetPasswordForm;

export const InviteForm = z.object({ stakeholder_id: z.uuid() });
export const RevokeAccessForm = z.object({ user_id: z.uuid() });
export const RevokeInvitationForm = z.object({ invitation_id: z.uuid() });
export const AskNpsAgainForm = z.object({ stakeholder_id: z.uuid() });

/** Confirming a delivery, or disputing it; a dispute says what is wrong. */
export const DeliveryResponseForm = z
  .object({
    expectation_id: z.uuid(),
    version,
    response: z.enum(CUSTOMER_ANSWERS),
    comment: optionalText(2000),
  })
  .refine((v) => v.response === "confirmed" || (typeof v.comment === "string" && v.comment.length > 0), {
    path: ["comment"],
    params: { i18n: "portalCommitments.commentRequired" },
    when: ({ value }) => {
      const response = (value as { response?: unknown } | undefined)?.response;
      return typeof response === "string" && response !== "confirmed";
    },
  });

/**
 * The customer's answer to a re-plan's notice: "yes, we were told" or "we were
 * not told" (app/domain/notice.ts), with an optional note.
 */
export const NoticeAnswerForm = z.object({
  intent: z.literal("notice"),
  replan_id: z.uuid(),
  answer: z.enum(NOTICE_ANSWERS),
  note: optionalText(2000),
});

/** A customer stating what they expect of us: it reaches the KAM as a proposal. */
export const ProposeExpectationForm = z.object({
  title: requiredText(300),
  description: optionalText(4000),
  category: z.enum(EXPECTATION_CATEGORIES),
  // Today in Helsinki when checked; the server's check is the one that counts.
  due_date: isoDate.refine((d) => d >= calendarDate(), { params: { i18n: "portalPropose.dueInPast" } }),
});

export const NpsForm = z.object({
  score: z.number().int().min(0).max(10),
  comment: optionalText(2000),
});

export const CsatForm = z.object({
  touchpoint_id: z.uuid(),
  score: z.number().int().min(1).max(5),
  comment: optionalText(2000),
});

export type NoticeAnswerInput = z.output<typeof NoticeAnswerForm>;
export type DeliveryResponseInput = z.output<typeof DeliveryResponseForm>;
export type ProposeExpectationInput = z.output<typeof ProposeExpectationForm>;
export type NpsInput = z.output<typeof NpsForm>;
export type CsatInput = z.output<typeof CsatForm>;

/** The customer's rating of a delivery or a shared touchpoint against what they expected (beside CSAT; docs/scoring.md). */
export const ExpectationRatingForm = z.object({
  subject: z.enum(["touchpoint", "expectation"]),
  subject_id: z.uuid(),
  rating: z.enum(EXPECTATION_RATINGS),
  word: optionalText(200),
});
export type ExpectationRatingInput = z.output<typeof ExpectationRatingForm>;

