import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { lastFullQuarter } from "#app/domain/review-pack.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createReview, listReviews } from "#app/models/business-reviews.server.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import { ReviewCreateForm } from "#app/schemas/business-review.ts";
import { db } from "#app/utils/db.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { reviewFormError, reviewWriteFailure } from "#app/web/review-forms.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { AccountPageHeader } from "./__account/page-header.tsx";
import { NewReviewSection } from "./__reviews/create-form.tsx";
import { redirectWithSuccess, requireReviewEditor } from "./__reviews/editor.server.ts";

export const meta: MetaFunction<typeof loader> = accountPageMeta("review.panel");

// An account's business reviews: every member of staff reads them (like the
// account); the account's editors start one for a period.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const reviews = await listReviews(db(), accountId);
  return {
    account: { id: account.id, name: account.name },
    reviews: reviews.map((r) => ({ ...r, customer_comments: Number(r.customer_comments ?? 0) })),
    canCreate: canEditAccount(user, account),
    defaults: reviewPeriodDefaults(calendarDate()),
    submissionId: newSubmissionId(),
  };
}

/** A new review's period: the last full quarter. */
function reviewPeriodDefaults(today: string) {
  const quarter = lastFullQuarter(today);
  return { period_start: quarter.from, period_end: quarter.to };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, accountId, locale, errorMap, ip, formData, values } = await requireReviewEditor(request, params);
  const parsed = ReviewCreateForm.safeParse(values, { error: errorMap });
  if (!parsed.success) return reviewFormError("create", parsed.error.issues, values);
  let outcome: { repeated: boolean; result: { id: string } };
  try {
    outcome = await oncePerSubmission(formData, user.id, "business_review", async (trx) => {
      const created = await createReview(trx, { actor: user, ip }, accountId, parsed.data);
      return { id: created.id };
    });
  } catch (error) {
    return reviewWriteFailure(error, {
      request,
      actor: user,
      f: formatters(locale),
      form: "create",
      values,
      accountId,
    });
  }
  const { t } = formatters(locale);
  const message = outcome.repeated ? t("form.alreadySaved") : t("review.created");
  return redirectWithSuccess(request, `/accounts/${accountId}/reviews/${outcome.result.id}`, message);
}

type ReviewListItem = {
  id: string;
  title: string;
  period_start: string;
  period_end: string;
  state: string;
  customer_comments: number;
};

/** The account's reviews, newest period first, each with its state and what the customer added. */
function ReviewList({ accountId, reviews }: { accountId: string; reviews: ReviewListItem[] }) {
  const { t, date } = useI18n();
  if (!reviews.length) return <p className="text-sm text-slate-700">{t("review.none")}</p>;
  return (
    <ul className="flex flex-col gap-2" data-testid="review-list">
      {reviews.map((r) => (
        <li key={r.id} className="rounded-lg border border-slate-300 bg-white p-3">
          <Link to={`/accounts/${accountId}/reviews/${r.id}`} className="font-semibold text-brand-700 underline">
            {r.title}
          </Link>
          <p className="text-sm text-slate-700">
            {t("review.periodRange", { from: date(r.period_start), to: date(r.period_end) })} ·{" "}
            {t(`review.state.${r.state}` as MessageKey)}
            {r.customer_comments ? ` · ${t("review.customerComments", { count: r.customer_comments })}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function AccountReviewsPage() {
  const { account, reviews, canCreate, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const error = actionData && "reviewError" in actionData ? actionData.reviewError : null;
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader
        account={account}
        title={t("review.panel")}
        intro={<p className="mt-1 max-w-3xl text-sm text-slate-700">{t("review.intro")}</p>}
        current="reviews"
      />
      <ReviewList accountId={account.id} reviews={reviews} />
      {canCreate ? <NewReviewSection defaults={defaults} submissionId={submissionId} error={error} /> : null}
    </div>
  );
}
