import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import { respondToDelivery } from "#app/models/portal-actions.server.ts";
import { answerNoticeInPortal } from "#app/models/portal-notices.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { DeliveryResponseForm, NoticeAnswerForm } from "#app/schemas/portal.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import type { actionContext } from "#app/web/actions.server.ts";
import type { PortalUser } from "#app/web/auth.server.ts";
import { attemptPortalWrite, portalActor, thankAndReturn } from "./actions.server.ts";

// The commitments page's two answers: to a delivery (confirmed or disputed) and
// to a re-plan's notice (confirmed or contested). Both for the customer's own
// account only: the models read the account from the actor, which is the session's.

/** The request, the signed-in customer, the form sent, and the action's language and address. */
export type CommitmentsActionContext = Awaited<ReturnType<typeof actionContext>> & {
  request: Request;
  user: PortalUser;
  formData: FormData;
};

/** The reply to one card's form, routed back to it by its id. */
function replyTo(id: string) {
  return (result: SubmissionResult<string[]>, status: number) => data({ id, result }, { status });
}

/** The customer confirms or contests a re-plan they were told of. */
export async function answerNotice({ request, user, formData, t, locale, errorMap, ip }: CommitmentsActionContext) {
  const reply = replyTo(String(formData.get("replan_id") ?? "").slice(0, 100));
  const submission = parseWithZod(formData, { schema: NoticeAnswerForm, error: errorMap });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  const actor = portalActor(user, ip);
  const refused = await attemptPortalWrite(submission, () => answerNoticeInPortal(actor, submission.value), {
    request,
    user,
    locale,
    notFound: "error.noCommitment",
  });
  if (refused) return reply(refused.result, refused.status);
  const message = t(
    submission.value.answer === "confirmed" ? "portalNotices.thanksConfirmed" : "portalNotices.thanksContested",
  );
  return thankAndReturn(request, "/portal/commitments", message);
}

/** The customer confirms a delivery or disputes it. */
export async function answerDelivery({ request, user, formData, t, locale, errorMap, ip }: CommitmentsActionContext) {
  const reply = replyTo(String(formData.get("expectation_id") ?? "").slice(0, 100));
  const submission = parseWithZod(formData, { schema: DeliveryResponseForm, error: errorMap });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  const actor = portalActor(user, ip);
  const refused = await attemptPortalWrite(
    submission,
    () => withPortalWrite(user.accountId, (trx) => respondToDelivery(trx, actor, submission.value)),
    { request, user, locale, notFound: "error.noCommitment" },
  );
  if (refused) {
    // The delivery changed since the page was shown: a lost race.
    const { error } = refused;
    const changed = error instanceof FieldError && error.fieldErrors[""]?.key === "portalCommitments.changed";
    return reply(refused.result, changed ? 409 : refused.status);
  }
  const message =
    submission.value.response === "confirmed"
      ? t("portalCommitments.thanksConfirmed")
      : t("portalCommitments.thanksDisputed");
  return thankAndReturn(request, "/portal/commitments", message);
}
