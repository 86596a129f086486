import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { isPrintView, PrintButton, PrintViewBar } from "#app/components/print-button.tsx";
import { ReviewPackView, Section } from "#app/components/review-pack.tsx";
import { reviewOpenToCustomer, type ReviewSection, type ReviewState } from "#app/domain/review-pack.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { addCustomerComment, addCustomerItem, getPortalReview } from "#app/models/portal-reviews.server.ts";
import { withPortalCreate, withPortalScope } from "#app/models/portal-scope.server.ts";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";
import { PortalReviewItemForm, ReviewCommentForm } from "#app/schemas/business-review.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, notFound, requirePortalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";
import { reviewFormError, reviewWriteFailure } from "#app/web/review-forms.server.ts";
import { portalActor, thankAndReturn } from "#app/routes/__portal/actions.server.ts";
import { AddItemForms, CommentForm, ItemGroup } from "#app/routes/__portal/review-forms.tsx";

export const meta: MetaFunction<typeof loader> = recordMeta("portalReview.title", (data) => [data.review.title]);

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
  const actor = portalActor(user, ip);
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
    return thankAndReturn(request, `/portal/reviews/${reviewId}`, t("portalReview.commented"));
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
    return thankAndReturn(
      request,
      `/portal/reviews/${reviewId}`,
      t(values.intent === "addExpectation" ? "portalReview.expectationAdded" : "portalReview.agendaAdded"),
    );
  }
  badRequest();
}

export default function PortalReviewPage() {
  const { review, pack, items, comments, open, today, submissionIds, printView } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date } = useI18n();
  const error = actionData && "reviewError" in actionData ? actionData.reviewError : null;
  const on = (key: string) => comments.filter((c) => c.item_key === key);
  const forms = { error, open, submissionId: submissionIds.comment };
  // The review's own words, each a section the customer may comment on.
  const written = [
    { id: "summary", title: t("review.summary"), text: review.summary || t("review.noSummary") },
    { id: "highlights", title: t("review.highlights"), text: review.highlights || t("review.noHighlights") },
  ] as const;
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
      {written.map((w) => (
        <Section key={w.id} id={w.id} title={w.title} comments={on(w.id)} aside={<CommentForm section={w.id} {...forms} />}>
          <p className="whitespace-pre-line">{w.text}</p>
        </Section>
      ))}
      {pack ? (
        <ReviewPackView
          pack={pack}
          comments={comments}
          aside={(section: ReviewSection) => <CommentForm section={section} {...forms} />}
        />
      ) : (
        <p>{t("review.packUnreadable")}</p>
      )}
      <section aria-labelledby="next-period" className="flex flex-col gap-3 print:break-before-page">
        <h2 id="next-period" className="text-xl font-bold">
          {t("review.nextPeriod")}
        </h2>
        {groups.map((g) => (
          <ItemGroup
            key={g.kind}
            kind={g.kind}
            title={g.title}
            items={items.filter((i) => i.kind === g.kind)}
            commentsOn={on}
            forms={forms}
          />
        ))}
        {open ? <AddItemForms error={error} today={today} submissionIds={submissionIds} /> : null}
      </section>
    </div>
  );
}
