import { PORTAL_ANSWER_MESSAGES } from "#app/i18n/message-groups.ts";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getTextareaProps,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ErrorList, Field, FormAlert, TextareaField } from "#app/components/ui/field.tsx";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { nextNpsDate, npsQuestionOpen } from "#app/models/nps-again.server.ts";
import { answerNps, rateTouchpoint } from "#app/models/portal-actions.server.ts";
import { lastNpsAnswer, listRateableTouchpoints, npsAskedAgainAt } from "#app/models/portal.server.ts";
import { CsatForm, ExpectationRatingForm, NpsForm, type ExpectationRatingInput } from "#app/schemas/portal.ts";
import { listRateable, rateAgainstExpectation } from "#app/models/experience-ratings.server.ts";
import { EXPECTATION_RATINGS } from "#app/domain/disconfirmation.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, requirePortalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { withPortalScope, withPortalWrite } from "#app/models/portal-scope.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...PORTAL_ANSWER_MESSAGES,
    "validation.",
    "portalExpected.",
    "kind.",
    "npsAgain.portalNote",
    "portalFeedback.",
    "title.feedback",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.feedback"));
};

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
  requirePost(request);
  const user = await requirePortalUser(request);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent !== "nps" && intent !== "csat" && intent !== "expectation") badRequest();
  const id = String(formData.get(intent === "expectation" ? "subject_id" : "touchpoint_id") ?? "").slice(0, 100);
  const reply = (result: SubmissionResult<string[]>, status: number) =>
    data({ intent: intent as Intent, id, result }, { status });
  const actor = { userId: user.id, accountId: user.accountId, stakeholderId: user.stakeholderId, ip };
  const submission =
    intent === "nps"
      ? parseWithZod(formData, { schema: NpsForm, error: errorMap })
      : intent === "csat"
        ? parseWithZod(formData, { schema: CsatForm, error: errorMap })
        : parseWithZod(formData, { schema: ExpectationRatingForm, error: errorMap });
  if (submission.status !== "success") return reply(submission.reply(), 400);
  try {
    await withPortalWrite(user.accountId, (trx) =>
      intent === "nps"
        ? answerNps(trx, actor, submission.value as { score: number; comment: string })
        : intent === "csat"
          ? rateTouchpoint(trx, actor, submission.value as { touchpoint_id: string; score: number; comment: string })
          : rateAgainstExpectation(trx, actor, submission.value as ExpectationRatingInput).then(() => undefined),
    );
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      notFound: "error.noTouchpoint",
    });
    return reply(result, status);
  }
  const message = t(
    intent === "nps"
      ? "portalFeedback.npsThanks"
      : intent === "csat"
        ? "portalFeedback.csatThanks"
        : "portalExpected.thanks",
  );
  return redirect("/portal/feedback", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function PortalFeedback() {
  const { nps, touchpoints, rateable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime } = useI18n();
  const npsResult = actionData?.intent === "nps" ? actionData.result : undefined;
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">{t("portalFeedback.title")}</h1>

      <section aria-labelledby="nps-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200">
        <h2 id="nps-heading" className="text-lg font-semibold">
          {t("portalFeedback.npsHeading")}
        </h2>
        {nps ? (
          <p className="mt-1 text-sm text-slate-700" data-testid="nps-answered">
            {t("portalFeedback.npsAnswered", { score: nps.score, date: date(nps.answeredAt), next: date(nps.next) })}
          </p>
        ) : null}
        {nps?.askedAgain ? (
          <p className="mt-1 text-sm font-medium text-sky-900" data-testid="nps-asked-again">
            {t("npsAgain.portalNote")}
          </p>
        ) : null}
        {!nps || nps.canAnswer || npsResult ? <NpsFormView lastResult={npsResult} /> : null}
      </section>

      <section aria-labelledby="csat-heading">
        <h2 id="csat-heading" className="text-lg font-semibold">
          {t("portalFeedback.csatHeading")}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t("portalFeedback.csatIntro")}</p>
        {touchpoints.length ? (
          <ul className="mt-3 flex flex-col gap-3">
            {touchpoints.map((tp) => (
              <li key={tp.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200" data-testid="csat-item">
                <p className="flex flex-wrap items-baseline gap-2">
                  <span className="text-xs font-semibold uppercase text-slate-600">
                    {t(`kind.${tp.kind as TouchpointKind}`)}
                  </span>
                  <span className="font-semibold">{tp.title}</span>
                  <span className="text-xs text-slate-600">{dateTime(tp.occurred_at)}</span>
                </p>
                {tp.my_score !== null ? (
                  <p className="mt-1 text-sm text-slate-700">{t("portalFeedback.csatYours", { score: tp.my_score })}</p>
                ) : (
                  <CsatFormView
                    touchpointId={tp.id}
                    lastResult={
                      actionData?.intent === "csat" && actionData.id === tp.id ? actionData.result : undefined
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("portalFeedback.csatEmpty")}</p>
        )}
      </section>

      <section aria-labelledby="expected-heading" data-testid="portal-expected">
        <h2 id="expected-heading" className="text-lg font-semibold">
          {t("portalExpected.heading")}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t("portalExpected.intro")}</p>
        {rateable.length ? (
          <ul className="mt-3 flex flex-col gap-3">
            {rateable.map((item) => (
              <li
                key={item.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200"
                data-testid="expected-item"
              >
                <p className="flex flex-wrap items-baseline gap-2">
                  <span className="text-xs font-semibold uppercase text-slate-600">
                    {item.subject === "expectation"
                      ? t("portalExpected.delivery")
                      : t(`kind.${item.kind as TouchpointKind}`)}
                  </span>
                  <span className="font-semibold">{item.title}</span>
                  <span className="text-xs text-slate-600">
                    {item.subject === "expectation" ? date(String(item.on)) : dateTime(item.on)}
                  </span>
                </p>
                {item.myRating ? (
                  <p className="mt-1 text-sm text-slate-700" data-testid="expected-yours">
                    {t("portalExpected.yours", { rating: t(`portalExpected.rating.${item.myRating}` as MessageKey) })}
                    {item.myWord ? ` “${item.myWord}”` : ""}
                  </p>
                ) : (
                  <ExpectationRatingView
                    subject={item.subject}
                    subjectId={item.id}
                    lastResult={
                      actionData?.intent === "expectation" && actionData.id === item.id ? actionData.result : undefined
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("portalExpected.empty")}</p>
        )}
      </section>
    </div>
  );
}

function ExpectationRatingView({
  subject,
  subjectId,
  lastResult,
}: {
  subject: "touchpoint" | "expectation";
  subjectId: string;
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const pending = useIsPending(subjectId, "subject_id");
  const [form, fields] = useZodForm<typeof ExpectationRatingForm>(`expected-${subjectId}`, { lastResult });
  const inputs = getCollectionProps(fields.rating, { type: "radio", options: [...EXPECTATION_RATINGS] });
  const initial = typeof fields.rating.initialValue === "string" ? fields.rating.initialValue : "";
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-col gap-2">
      <input type="hidden" name="intent" value="expectation" />
      <input type="hidden" name="subject" value={subject} />
      <input type="hidden" name="subject_id" value={subjectId} />
      <FormAlert id={form.errorId} errors={form.errors} />
      <fieldset aria-describedby={fields.rating.errors?.length ? fields.rating.errorId : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t("portalExpected.question")}</legend>
        <div className="mt-1 flex flex-wrap gap-1">
          {inputs.map(({ key, ...props }, i) => (
            <label
              key={key ?? props.id}
              className="flex items-center gap-2 rounded border border-slate-300 px-2 py-1 text-sm has-[:checked]:border-sky-700 has-[:checked]:bg-sky-50"
            >
              <input {...props} defaultChecked={EXPECTATION_RATINGS[i] === initial} className="h-4 w-4" />
              {t(`portalExpected.rating.${EXPECTATION_RATINGS[i]!}` as MessageKey)}
            </label>
          ))}
        </div>
        <ErrorList field={fields.rating} />
      </fieldset>
      <Field
        label={t("portalExpected.word")}
        inputProps={{ ...getInputProps(fields.word, { type: "text" }), maxLength: 200 }}
        field={fields.word}
      />
      <div>
        <Button
          type="submit"
          pending={pending}
          pendingLabel={t("portalFeedback.sending")}
          className="bg-sky-700 hover:bg-sky-800"
        >
          {t("portalExpected.submit")}
        </Button>
      </div>
    </Form>
  );
}

function ScoreScale({
  meta,
  values,
  legend,
}: {
  meta: FieldMetadata<any, any, string[]>;
  values: string[];
  legend: string;
}) {
  const inputs = getCollectionProps(meta, { type: "radio", options: values });
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-1">
        {inputs.map(({ key, ...props }, i) => (
          <label
            key={key ?? props.id}
            className="flex flex-col items-center rounded border border-slate-300 px-2 py-1 text-sm has-[:checked]:border-sky-700 has-[:checked]:bg-sky-50"
          >
            <input {...props} defaultChecked={values[i] === initial} className="h-4 w-4" />
            {values[i]}
          </label>
        ))}
      </div>
      <ErrorList field={meta} />
    </fieldset>
  );
}

const NPS_VALUES = Array.from({ length: 11 }, (_, i) => String(i));
const CSAT_VALUES = ["1", "2", "3", "4", "5"];

function NpsFormView({ lastResult }: { lastResult?: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const pending = useIsPending("nps");
  const [form, fields] = useZodForm<typeof NpsForm>("nps", { lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 flex flex-col gap-3">
      <input type="hidden" name="intent" value="nps" />
      <FormAlert id={form.errorId} errors={form.errors} />
      <ScoreScale meta={fields.score} values={NPS_VALUES} legend={t("portalFeedback.npsQuestion")} />
      <p className="-mt-2 flex justify-between text-xs text-slate-600">
        <span>{t("portalFeedback.npsLow")}</span>
        <span>{t("portalFeedback.npsHigh")}</span>
      </p>
      <TextareaField
        label={t("portalFeedback.npsWhy")}
        textareaProps={{ ...getTextareaProps(fields.comment), rows: 3, maxLength: 2000 }}
        field={fields.comment}
      />
      <div>
        <Button
          type="submit"
          pending={pending}
          pendingLabel={t("portalFeedback.sending")}
          className="bg-sky-700 hover:bg-sky-800"
        >
          {t("portalFeedback.npsSubmit")}
        </Button>
      </div>
    </Form>
  );
}

function CsatFormView({
  touchpointId,
  lastResult,
}: {
  touchpointId: string;
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const pending = useIsPending(touchpointId, "touchpoint_id");
  const [form, fields] = useZodForm<typeof CsatForm>(`csat-${touchpointId}`, { lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 flex flex-col gap-2">
      <input type="hidden" name="intent" value="csat" />
      <input type="hidden" name="touchpoint_id" value={touchpointId} />
      <FormAlert id={form.errorId} errors={form.errors} />
      <ScoreScale meta={fields.score} values={CSAT_VALUES} legend={t("portalFeedback.csatScore")} />
      <TextareaField
        label={t("portalFeedback.csatComment")}
        textareaProps={{ ...getTextareaProps(fields.comment), rows: 2, maxLength: 2000 }}
        field={fields.comment}
      />
      <div>
        <Button
          type="submit"
          pending={pending}
          pendingLabel={t("portalFeedback.sending")}
          className="bg-sky-700 hover:bg-sky-800"
        >
          {t("portalFeedback.csatSubmit")}
        </Button>
      </div>
    </Form>
  );
}
