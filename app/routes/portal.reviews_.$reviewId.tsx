import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isPrintView, PrintButton, PrintViewBar } from "#app/components/print-button.tsx";
import { ReviewPackView, Section } from "#app/components/review-pack.tsx";
import { reviewOpenToCustomer, type ReviewSection, type ReviewState } from "#app/domain/review-pack.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { addCustomerComment, addCustomerItem, getPortalReview } from "#app/models/portal-reviews.server.ts";
import { withPortalCreate, withPortalScope } from "#app/models/portal-scope.server.ts";
import { SubmissionIdField } from "#app/components/ui/submission-id.tsx";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";
import { PortalReviewItemForm, ReviewCommentForm } from "#app/schemas/business-review.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, notFound, requirePortalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { reviewFormError, reviewWriteFailure, type ReviewFormError } from "#app/web/review-forms.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "committeeRole.",
    "expectation.delivered",
    "inbox.refusal.",
    "portalPropose.dueInPast",
    "portalReview.",
    "review.",
    "scoringSettings.",
    "touchpointForm.inFuture",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, data?.review.title ?? f.t("portalReview.title"));
};

// One business review in the portal: the pack as it was shared or published,
// with the customer's comments on any part of it, and their own expectations
// for the next period and agenda points. Everything through the portal's scope.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const reviewId = parseId(params.reviewId);
  const found = await withPortalScope(user.accountId, (trx) => getPortalReview(trx, user.accountId, reviewId));
  if (!found) notFound("review.notFound");
  return {
    ...found,
    comments: found.comments.map((c) => ({ ...c, who: c.from_customer ? c.stakeholder_name : null })),
    // The print view (`?print`) is the page without its forms: printing without JavaScript.
    printView: isPrintView(request),
    open: !isPrintView(request) && reviewOpenToCustomer(found.review.state as ReviewState),
    today: calendarDate(),
    // The creating forms' submission ids: one comment or item per form posted.
    submissionIds: { comment: newSubmissionId(), addExpectation: newSubmissionId(), addAgenda: newSubmissionId() },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requirePortalUser(request);
  const reviewId = parseId(params.reviewId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  const actor = { userId: user.id, accountId: user.accountId, stakeholderId: user.stakeholderId, ip };
  const fail = (form: string, error: unknown) =>
    reviewWriteFailure(error, { request, actor: user, f: formatters(locale), form, values, accountId: user.accountId });
  if (values.intent === "comment") {
    const parsed = ReviewCommentForm.safeParse(values, { error: errorMap });
    const form = `comment:${values.item_key}`;
    if (!parsed.success) {
      if (parsed.error.issues.some((i) => i.path[0] === "item_key")) badRequest();
      return reviewFormError(form, parsed.error.issues, values);
    }
    try {
      await withPortalCreate(
        user.accountId,
        submissionKey(formData, user.id, "portal_review_comment"),
        async (trx) => ({
          id: await addCustomerComment(trx, actor, reviewId, parsed.data),
        }),
      );
    } catch (error) {
      return fail(form, error);
    }
    return back(request, reviewId, t("portalReview.commented"));
  }
  if (values.intent === "addExpectation" || values.intent === "addAgenda") {
    const parsed = PortalReviewItemForm.safeParse(values, { error: errorMap });
    if (!parsed.success) return reviewFormError(values.intent, parsed.error.issues, values);
    try {
      await withPortalCreate(
        user.accountId,
        submissionKey(formData, user.id, `portal_review_${values.intent}`),
        async (trx) => ({
          id: await addCustomerItem(trx, actor, reviewId, parsed.data, calendarDate()),
        }),
      );
    } catch (error) {
      return fail(values.intent, error);
    }
    return back(
      request,
      reviewId,
      t(values.intent === "addExpectation" ? "portalReview.expectationAdded" : "portalReview.agendaAdded"),
    );
  }
  badRequest();
}

async function back(request: Request, reviewId: string, message: string) {
  return redirect(`/portal/reviews/${reviewId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";
const button = "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white";

function fieldsOf(error: ReviewFormError | null, form: string, prefix: string) {
  const mine = error && error.form === form ? error : null;
  const id = (name: string) => `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return {
    mine,
    id,
    value: (name: string) => mine?.values[name] ?? "",
    field: (name: string) => ({
      id: id(name),
      name,
      "aria-invalid": mine?.fields[name] ? true : undefined,
      "aria-describedby": mine?.fields[name] ? `${id(name)}-error` : undefined,
    }),
    message: (name: string) =>
      mine?.fields[name] ? (
        <p id={`${id(name)}-error`} className="text-sm text-red-800">
          {mine.fields[name]}
        </p>
      ) : null,
    formError: mine?.fields[""] ? (
      <p role="alert" className="text-sm text-red-800">
        {mine.fields[""]}
      </p>
    ) : null,
  };
}

function CommentForm({
  section,
  error,
  open,
  submissionId,
}: {
  section: string;
  error: ReviewFormError | null;
  open: boolean;
  submissionId: string;
}) {
  const { t } = useI18n();
  const f = fieldsOf(error, `comment:${section}`, `comment-${section}`);
  if (!open) return null;
  return (
    <details open={Boolean(f.mine)}>
      <summary className="cursor-pointer text-sm text-sky-800">{t("review.addComment")}</summary>
      <Form method="post" className="mt-2 flex flex-col gap-2" data-testid={`portal-comment-${section}`}>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="item_key" value={section} />
        <SubmissionIdField value={submissionId} />
        <label htmlFor={f.id("body")} className="text-sm font-medium">
          {t("review.comment")}
        </label>
        <textarea
          {...f.field("body")}
          defaultValue={f.value("body")}
          rows={2}
          maxLength={4000}
          required
          className={input}
        />
        {f.message("body")}
        {f.formError}
        <div>
          <button type="submit" className={button}>
            {t("review.sendComment")}
          </button>
        </div>
      </Form>
    </details>
  );
}

function AddItemForm({
  intent,
  error,
  today,
  submissionId,
}: {
  intent: "addExpectation" | "addAgenda";
  error: ReviewFormError | null;
  today: string;
  submissionId: string;
}) {
  const { t } = useI18n();
  const f = fieldsOf(error, intent, intent);
  return (
    <Form method="post" className="flex flex-col gap-2" data-testid={`portal-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      <SubmissionIdField value={submissionId} />
      {f.formError}
      <label htmlFor={f.id("title")} className="text-sm font-medium">
        {t(intent === "addExpectation" ? "portalReview.expectationTitle" : "portalReview.agendaTitle")}
      </label>
      <input {...f.field("title")} defaultValue={f.value("title")} maxLength={300} required className={input} />
      {f.message("title")}
      <label htmlFor={f.id("description")} className="text-sm font-medium">
        {t("review.itemDescription")}
      </label>
      <textarea
        {...f.field("description")}
        defaultValue={f.value("description")}
        rows={2}
        maxLength={4000}
        className={input}
      />
      {f.message("description")}
      {intent === "addExpectation" ? (
        <>
          <label htmlFor={f.id("due_date")} className="text-sm font-medium">
            {t("portalReview.expectedBy")}
          </label>
          <input
            {...f.field("due_date")}
            type="date"
            min={today}
            defaultValue={f.value("due_date")}
            className={input}
          />
          {f.message("due_date")}
        </>
      ) : null}
      <div>
        <button type="submit" className={button}>
          {t(intent === "addExpectation" ? "portalReview.addExpectation" : "portalReview.addAgenda")}
        </button>
      </div>
    </Form>
  );
}

export default function PortalReviewPage() {
  const { review, pack, items, comments, open, today, submissionIds, printView } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const error = actionData && "reviewError" in actionData ? actionData.reviewError : null;
  const on = (key: string) => comments.filter((c) => c.item_key === key);
  const groups = [
    { kind: "proposed", title: t("portalReview.proposed") },
    { kind: "customer_expectation", title: t("portalReview.yourExpectations") },
    { kind: "agenda", title: t("review.agenda") },
  ];
  return (
    <div className="flex flex-col gap-4" data-print-root data-testid="review-page">
      {printView ? <PrintViewBar back={`/portal/reviews/${review.id}`} /> : null}
      <div>
        <Link to="/portal/reviews" className="text-sm text-sky-800 underline print:hidden">
          ← {t("portalReview.title")}
        </Link>
        <h1 className="text-2xl font-bold" data-testid="review-title">
          {review.title}
        </h1>
        <p className="text-sm text-slate-700">
          {t("review.periodRange", { from: date(review.period_start), to: date(review.period_end) })} ·{" "}
          {t(`portalReview.state.${review.state}` as MessageKey)}
          {review.figures_on ? ` · ${t("portalReview.figuresOn", { date: date(review.figures_on) })}` : ""}
        </p>
        {printView ? null : <PrintButton className="mt-2" />}
      </div>
      <Section
        id="summary"
        title={t("review.summary")}
        comments={on("summary")}
        aside={<CommentForm section="summary" error={error} open={open} submissionId={submissionIds.comment} />}
      >
        <p className="whitespace-pre-line">{review.summary || t("review.noSummary")}</p>
      </Section>
      <Section
        id="highlights"
        title={t("review.highlights")}
        comments={on("highlights")}
        aside={<CommentForm section="highlights" error={error} open={open} submissionId={submissionIds.comment} />}
      >
        <p className="whitespace-pre-line">{review.highlights || t("review.noHighlights")}</p>
      </Section>
      {pack ? (
        <ReviewPackView
          pack={pack}
          comments={comments}
          aside={(section: ReviewSection) => (
            <CommentForm section={section} error={error} open={open} submissionId={submissionIds.comment} />
          )}
        />
      ) : (
        <p>{t("review.packUnreadable")}</p>
      )}
      <section aria-labelledby="next-period" className="flex flex-col gap-3 print:break-before-page">
        <h2 id="next-period" className="text-xl font-bold">
          {t("review.nextPeriod")}
        </h2>
        {groups.map((g) => {
          const list = items.filter((i) => i.kind === g.kind);
          return (
            <div
              key={g.kind}
              className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200 print:p-0 print:shadow-none print:ring-0"
            >
              <h3 className="font-semibold">{g.title}</h3>
              {list.length ? (
                <ul className="mt-2 flex flex-col gap-3">
                  {list.map((i) => (
                    <li key={i.id} className="text-sm" data-testid={`portal-item-${g.kind}`}>
                      <p className="font-medium">{i.title}</p>
                      {i.description ? <p className="whitespace-pre-line">{i.description}</p> : null}
                      <p className="text-slate-600">
                        {i.due_date ? t("review.dueOn", { date: date(i.due_date) }) : ""}
                        {i.stakeholder_name ? ` · ${i.stakeholder_name}` : ""}
                        {i.expectation_id ? ` · ${t("portalReview.agreed")}` : ""}
                      </p>
                      {on(`item:${i.id}`).map((c) => (
                        <p key={c.id} className="border-l-4 border-slate-200 pl-3" data-testid="pack-comment">
                          <span className="text-slate-600">{c.who ?? t("portalReview.yourKam")}: </span>
                          {c.body}
                        </p>
                      ))}
                      <div className="print:hidden">
                        <CommentForm
                          section={`item:${i.id}`}
                          error={error}
                          open={open}
                          submissionId={submissionIds.comment}
                        />
                      </div>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-sm text-slate-700">{t("review.noItems")}</p>
              )}
            </div>
          );
        })}
        {open ? (
          <div className="grid gap-4 sm:grid-cols-2 print:hidden">
            <section
              aria-labelledby="add-expectation"
              className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200"
            >
              <h3 id="add-expectation" className="mb-2 font-semibold">
                {t("portalReview.addExpectationHeading")}
              </h3>
              <AddItemForm
                intent="addExpectation"
                error={error}
                today={today}
                submissionId={submissionIds.addExpectation}
              />
            </section>
            <section aria-labelledby="add-agenda" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200">
              <h3 id="add-agenda" className="mb-2 font-semibold">
                {t("portalReview.addAgendaHeading")}
              </h3>
              <AddItemForm intent="addAgenda" error={error} today={today} submissionId={submissionIds.addAgenda} />
            </section>
          </div>
        ) : null}
      </section>
    </div>
  );
}
