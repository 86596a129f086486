import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { nextNpsDate, npsQuestionOpen } from "#app/models/nps-again.server.ts";
import { answerNps, rateTouchpoint } from "#app/models/portal-actions.server.ts";
import { lastNpsAnswer, listRateableTouchpoints, npsAskedAgainAt } from "#app/models/portal.server.ts";
import { CsatForm, ExpectationRatingForm, NpsForm, type ExpectationRatingInput } from "#app/schemas/portal.ts";
import { listRateable, rateAgainstExpectation } from "#app/models/experience-ratings.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { badRequest, requirePortalUser } from "#app/web/auth.server.ts";
import { withPortalScope, withPortalWrite } from "#app/models/portal-scope.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { attemptPortalWrite, portalActor, thankAndReturn } from "#app/routes/__portal/actions.server.ts";
import { CsatSection, ExpectedSection, NpsSection } from "#app/routes/__portal/feedback-sections.tsx";

export const meta: MetaFunction = titleMeta("title.feedback");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const { last, askedAgainAt, touchpoints, rateable } = await withPortalScope(user.accountId, async (trx) => ({
    last: await lastNpsAnswer(trx, user.accountId, user.stakeholderId),
    askedAgainAt: await npsAskedAgainAt(trx, user.accountId, user.stakeholderId),
    touchpoints: await listRateableTouchpoints(trx, user.accountId, user.stakeholderId),
    rateable: await listRateable(trx, user.accountId, user.stakeholderId),
  }));
  const answeredAt = last ? new Date(last.answered_at) : null;
  return {
    nps: last
      ? {
          score: last.score,
          answeredAt: last.answered_at,
          next: nextNpsDate(answeredAt!),
          canAnswer: npsQuestionOpen(answeredAt, askedAgainAt),
          askedAgain: Boolean(askedAgainAt && askedAgainAt > answeredAt!),
        }
      : null,
    touchpoints,
    rateable,
  };
}

type Intent = "nps" | "csat" | "expectation";

/** The recommendation question, or a rating of one shared touchpoint of the customer's own account. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, t, locale, errorMap, ip, formData } = await postAs(request, requirePortalUser);
  const intent = formData.get("intent");
  if (intent !== "nps" && intent !== "csat" && intent !== "expectation") badRequest();
  const id = String(formData.get(intent === "expectation" ? "subject_id" : "touchpoint_id") ?? "").slice(0, 100);
  const reply = (result: SubmissionResult<string[]>, status: number) =>
    data({ intent: intent as Intent, id, result }, { status });
  const actor = portalActor(user, ip);
  const submission =
    intent === "nps"
      ? parseWithZod(formData, { schema: NpsForm, error: errorMap })
      : intent === "csat"
        ? parseWithZod(formData, { schema: CsatForm, error: errorMap })
        : parseWithZod(formData, { schema: ExpectationRatingForm, error: errorMap });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  const refused = await attemptPortalWrite(
    submission,
    () =>
      withPortalWrite(user.accountId, (trx) =>
        intent === "nps"
          ? answerNps(trx, actor, submission.value as { score: number; comment: string })
          : intent === "csat"
            ? rateTouchpoint(trx, actor, submission.value as { touchpoint_id: string; score: number; comment: string })
            : rateAgainstExpectation(trx, actor, submission.value as ExpectationRatingInput).then(() => undefined),
      ),
    { request, user, locale, notFound: "error.noTouchpoint" },
  );
  if (refused) return reply(refused.result, refused.status);
  const message = t(
    intent === "nps"
      ? "portalFeedback.npsThanks"
      : intent === "csat"
        ? "portalFeedback.csatThanks"
        : "portalExpected.thanks",
  );
  return thankAndReturn(request, "/portal/feedback", message);
}

export default function PortalFeedback() {
  const { nps, touchpoints, rateable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  // A reply reaches only the form it was for: its intent, and the item it rated.
  const resultFor = (intent: Intent) => (id: string) =>
    actionData?.intent === intent && actionData.id === id ? actionData.result : undefined;
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">{t("portalFeedback.title")}</h1>
      <NpsSection nps={nps} lastResult={actionData?.intent === "nps" ? actionData.result : undefined} />
      <CsatSection touchpoints={touchpoints} resultFor={resultFor("csat")} />
      <ExpectedSection rateable={rateable} resultFor={resultFor("expectation")} />
    </div>
  );
}
