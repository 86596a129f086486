import { getTextareaProps, type SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { PortalForm, RadioChoice, SCALE_CHOICE } from "#app/components/portal-form.tsx";
import { TextareaField } from "#app/components/ui/field.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { EXPECTATION_RATINGS } from "#app/domain/disconfirmation.ts";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { CsatForm, ExpectationRatingForm, NpsForm } from "#app/schemas/portal.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";

// The portal's feedback page in its three parts: the recommendation question
// (NPS), a rating of each shared touchpoint (CSAT), and how what was delivered
// or met compared with what the customer expected. Each form posts to the
// page's action with its intent; a reply reaches only the form it was for.

type Reply = SubmissionResult<string[]> | undefined;

export interface NpsView {
  score: number;
  answeredAt: Date | string;
  next: Date | string;
  canAnswer: boolean;
  askedAgain: boolean;
}

/** The recommendation question: the last answer and when it may be given again, or the form. */
export function NpsSection({ nps, lastResult }: { nps: NpsView | null; lastResult: Reply }) {
  const { t, date } = useI18n();
  return (
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
      {!nps || nps.canAnswer || lastResult ? <NpsFormView lastResult={lastResult} /> : null}
    </section>
  );
}

/** A section of things to rate: its heading and intro, then the list, or what it says when there is none. */
function RatingSection({
  id,
  title,
  intro,
  empty,
  testId,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  empty: string;
  testId?: string;
  children: ReactNode[];
}) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={testId}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{intro}</p>
      {children.length ? (
        <ul className="mt-3 flex flex-col gap-3">{children}</ul>
      ) : (
        <p className="mt-2 text-slate-700">{empty}</p>
      )}
    </section>
  );
}

/** One thing to rate: what it was, its title and when, then the rating given or the form. */
function RatedItem({
  testId,
  kind,
  title,
  when,
  children,
}: {
  testId: string;
  kind: string;
  title: string;
  when: string;
  children: ReactNode;
}) {
  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200" data-testid={testId}>
      <p className="flex flex-wrap items-baseline gap-2">
        <span className="text-xs font-semibold uppercase text-slate-600">{kind}</span>
        <span className="font-semibold">{title}</span>
        <span className="text-xs text-slate-600">{when}</span>
      </p>
      {children}
    </li>
  );
}

export interface RateableTouchpointView {
  id: string;
  kind: string;
  title: string;
  occurred_at: Date | string;
  my_score: number | null;
}

/** Each shared touchpoint the customer took part in, with their score or the form to give one. */
export function CsatSection({
  touchpoints,
  resultFor,
}: {
  touchpoints: RateableTouchpointView[];
  resultFor: (id: string) => Reply;
}) {
  const { t, dateTime } = useI18n();
  return (
    <RatingSection
      id="csat"
      title={t("portalFeedback.csatHeading")}
      intro={t("portalFeedback.csatIntro")}
      empty={t("portalFeedback.csatEmpty")}
    >
      {touchpoints.map((tp) => (
        <RatedItem
          key={tp.id}
          testId="csat-item"
          kind={t(`kind.${tp.kind as TouchpointKind}`)}
          title={tp.title}
          when={dateTime(tp.occurred_at)}
        >
          {tp.my_score !== null ? (
            <p className="mt-1 text-sm text-slate-700">{t("portalFeedback.csatYours", { score: tp.my_score })}</p>
          ) : (
            <CsatFormView touchpointId={tp.id} lastResult={resultFor(tp.id)} />
          )}
        </RatedItem>
      ))}
    </RatingSection>
  );
}

export interface RateableView {
  id: string;
  subject: "touchpoint" | "expectation";
  kind: string | null;
  title: string;
  on: Date | string;
  myRating: string | null;
  myWord: string | null;
}

/** What was delivered or met, each against what the customer expected: their rating, or the form. */
export function ExpectedSection({
  rateable,
  resultFor,
}: {
  rateable: RateableView[];
  resultFor: (id: string) => Reply;
}) {
  const { t, date, dateTime } = useI18n();
  return (
    <RatingSection
      id="expected"
      title={t("portalExpected.heading")}
      intro={t("portalExpected.intro")}
      empty={t("portalExpected.empty")}
      testId="portal-expected"
    >
      {rateable.map((item) => (
        <RatedItem
          key={item.id}
          testId="expected-item"
          kind={
            item.subject === "expectation" ? t("portalExpected.delivery") : t(`kind.${item.kind as TouchpointKind}`)
          }
          title={item.title}
          when={item.subject === "expectation" ? date(String(item.on)) : dateTime(item.on)}
        >
          {item.myRating ? (
            <p className="mt-1 text-sm text-slate-700" data-testid="expected-yours">
              {t("portalExpected.yours", { rating: t(`portalExpected.rating.${item.myRating}` as MessageKey) })}
              {item.myWord ? ` “${item.myWord}”` : ""}
            </p>
          ) : (
            <ExpectationRatingView subject={item.subject} subjectId={item.id} lastResult={resultFor(item.id)} />
          )}
        </RatedItem>
      ))}
    </RatingSection>
  );
}

function ExpectationRatingView({
  subject,
  subjectId,
  lastResult,
}: {
  subject: "touchpoint" | "expectation";
  subjectId: string;
  lastResult: Reply;
}) {
  const { t } = useI18n();
  const pending = useIsPending(subjectId, "subject_id");
  const [form, fields] = useZodForm<typeof ExpectationRatingForm>(`expected-${subjectId}`, { lastResult });
  return (
    <PortalForm
      form={form}
      hidden={{ intent: "expectation", subject, subject_id: subjectId }}
      className="mt-2 flex flex-col gap-2"
      pending={pending}
      pendingLabel={t("portalFeedback.sending")}
      submitLabel={t("portalExpected.submit")}
    >
      <RadioChoice
        meta={fields.rating}
        values={EXPECTATION_RATINGS}
        labelOf={(rating) => t(`portalExpected.rating.${rating}` as MessageKey)}
        legend={t("portalExpected.question")}
        labelClassName={`flex items-center gap-2 ${SCALE_CHOICE}`}
      />
      <InputFor meta={fields.word} label={t("portalExpected.word")} type="text" maxLength={200} />
    </PortalForm>
  );
}

const NPS_VALUES = Array.from({ length: 11 }, (_, i) => String(i));
const CSAT_VALUES = ["1", "2", "3", "4", "5"];

/** A score on a scale with an optional comment: the recommendation question, and the rating of a touchpoint. */
function ScoreFormView({
  formId,
  lastResult,
  hidden,
  className,
  pending,
  values,
  legend,
  scaleEnds,
  commentLabel,
  commentRows,
  submitLabel,
}: {
  formId: string;
  lastResult: Reply;
  hidden: Record<string, string>;
  className: string;
  pending: boolean;
  values: string[];
  legend: string;
  /** What the scale's two ends mean, under it. */
  scaleEnds?: ReactNode;
  commentLabel: string;
  commentRows: number;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof NpsForm | typeof CsatForm>(formId, { lastResult });
  return (
    <PortalForm
      form={form}
      hidden={hidden}
      className={className}
      pending={pending}
      pendingLabel={t("portalFeedback.sending")}
      submitLabel={submitLabel}
    >
      <RadioChoice
        meta={fields.score}
        values={values}
        legend={legend}
        labelClassName={`flex flex-col items-center ${SCALE_CHOICE}`}
      />
      {scaleEnds}
      <TextareaField
        label={commentLabel}
        textareaProps={{ ...getTextareaProps(fields.comment), rows: commentRows, maxLength: 2000 }}
        field={fields.comment}
      />
    </PortalForm>
  );
}

function NpsFormView({ lastResult }: { lastResult: Reply }) {
  const { t } = useI18n();
  const pending = useIsPending("nps");
  return (
    <ScoreFormView
      formId="nps"
      lastResult={lastResult}
      hidden={{ intent: "nps" }}
      className="mt-3 flex flex-col gap-3"
      pending={pending}
      values={NPS_VALUES}
      legend={t("portalFeedback.npsQuestion")}
      scaleEnds={
        <p className="-mt-2 flex justify-between text-xs text-slate-600">
          <span>{t("portalFeedback.npsLow")}</span>
          <span>{t("portalFeedback.npsHigh")}</span>
        </p>
      }
      commentLabel={t("portalFeedback.npsWhy")}
      commentRows={3}
      submitLabel={t("portalFeedback.npsSubmit")}
    />
  );
}

function CsatFormView({ touchpointId, lastResult }: { touchpointId: string; lastResult: Reply }) {
  const { t } = useI18n();
  const pending = useIsPending(touchpointId, "touchpoint_id");
  return (
    <ScoreFormView
      formId={`csat-${touchpointId}`}
      lastResult={lastResult}
      hidden={{ intent: "csat", touchpoint_id: touchpointId }}
      className="mt-2 flex flex-col gap-2"
      pending={pending}
      values={CSAT_VALUES}
      legend={t("portalFeedback.csatScore")}
      commentLabel={t("portalFeedback.csatComment")}
      commentRows={2}
      submitLabel={t("portalFeedback.csatSubmit")}
    />
  );
}
