import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AccountSections } from "#app/components/account-sections.tsx";
import { ReviewPackView } from "#app/components/review-pack.tsx";
import { isPrintView, PrintViewBar } from "#app/components/print-button.tsx";
import {
  CommentForm,
  RecordMeeting,
  ReviewActions,
  ReviewNextPeriod,
  ReviewWords,
  type ReviewPageData,
} from "#app/routes/__reviews/staff-forms.tsx";
import { EXPECTATION_CATEGORIES } from "#app/domain/vocabulary.ts";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { listHolderChoices } from "#app/models/expectations.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { canEditAccount } from "#app/domain/permissions.ts";
import { reviewItemsEditable, reviewTextEditable } from "#app/domain/review-pack.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getReview, reviewPackOf } from "#app/models/business-reviews.server.ts";
import { db } from "#app/utils/db.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { notFound } from "#app/web/auth.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { requireReviewEditor } from "./__reviews/editor.server.ts";
import { writeReviewIntent } from "./__reviews/staff-actions.server.ts";

export const meta: MetaFunction<typeof loader> = recordMeta("review.panel", (data) => [
  data.review.title,
  data.account.name,
]);

// One business review: its pack (live while a draft, stored once shared or
// published), the KAM's words and proposed commitments, what the customer added
// and the comments from both sides. Every member of staff reads it; the
// account's editors change it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, reviewId, account } = await requireAccountPage(request, params, "reviewId");
  const found = await getReview(db(), accountId, reviewId);
  if (!found) notFound("review.notFound");
  const { review, items, comments } = found;
  const { pack, frozen } = await reviewPackOf(db(), review, { today: calendarDate(), now: new Date() });
  // The print view (`?print`) is the page without its forms: printing without JavaScript.
  const printView = isPrintView(request);
  const canEdit = !printView && canEditAccount(user, account);
  const recording = canEdit && review.state === "published";
  const [holders, staff] = recording
    ? await Promise.all([listHolderChoices(db(), accountId), listStaff(db())])
    : [[], []];
  return {
    choices: {
      stakeholders: holders.filter((h) => h.left_on === null).map((h) => ({ id: h.id, name: h.name })),
      staff: staff.map((s) => ({ id: s.id, name: s.name })),
      categories: EXPECTATION_CATEGORIES,
      now: instantToWallTime(new Date(), TIME_ZONE),
      ownerId: account.owner_id,
      meetingTouchpointId: review.meeting_touchpoint_id,
    },
    account: { id: account.id, name: account.name },
    review: {
      id: review.id,
      title: review.title,
      period_start: review.period_start,
      period_end: review.period_end,
      state: review.state,
      summary: review.summary,
      highlights: review.highlights,
      figures_on: review.figures_on,
      published_at: review.published_at,
      held_at: review.held_at,
      meeting_touchpoint_id: review.meeting_touchpoint_id,
      version: review.version,
    },
    pack,
    frozen,
    items,
    comments: comments.map((c) => ({ ...c, who: c.from_customer ? c.stakeholder_name : c.author_name })),
    canEdit,
    printView,
    canEditText: canEdit && reviewTextEditable(review.state),
    canEditItems: canEdit && reviewItemsEditable(review.state),
    // The creating forms' submission ids (comments; proposed commitments): one record per form posted.
    submissionIds: canEdit ? { comment: newSubmissionId(), item: newSubmissionId() } : undefined,
  } satisfies ReviewPageData & Record<string, unknown>;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const editor = await requireReviewEditor(request, params, "reviewId");
  return writeReviewIntent(editor, editor.reviewId);
}

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime } = useI18n();
  const { account, review, pack, frozen, printView } = data;
  const error = actionData && "reviewError" in actionData ? actionData.reviewError : null;
  return (
    <div className="flex flex-col gap-6 print:gap-3" data-print-root data-testid="review-page">
      {printView ? <PrintViewBar back={`/accounts/${account.id}/reviews/${review.id}`} /> : null}
      <div>
        <Link to={`/accounts/${account.id}/reviews`} className="text-sm text-brand-700 underline print:hidden">
          ← {t("review.panel")}
        </Link>
        <p className="text-sm text-slate-700">{account.name}</p>
        <h1 className="text-2xl font-bold" data-testid="review-title">
          {review.title}
        </h1>
        <p className="text-sm text-slate-700">
          {t("review.periodRange", { from: date(review.period_start), to: date(review.period_end) })} ·{" "}
          <span data-testid="review-state">{t(`review.state.${review.state}` as MessageKey)}</span>
        </p>
        <p className="text-sm text-slate-700">
          {frozen && review.figures_on
            ? t(review.published_at ? "review.frozenOn" : "review.sharedFiguresOn", { date: date(review.figures_on) })
            : t("review.liveFigures")}
          {review.held_at ? ` · ${t("review.heldOn", { date: dateTime(review.held_at) })}` : ""}
        </p>
      </div>
      {printView ? null : (
        <div className="print:hidden">
          <AccountSections accountId={account.id} current="reviews" />
        </div>
      )}
      {printView ? null : <ReviewActions data={data} error={error} />}
      <ReviewWords data={data} error={error} />
      {pack ? (
        <ReviewPackView
          pack={pack}
          comments={data.comments}
          aside={(section) => <CommentForm data={data} error={error} section={section} />}
        />
      ) : (
        <p>{t("review.packUnreadable")}</p>
      )}
      <ReviewNextPeriod data={data} error={error} />
      <RecordMeeting data={data} error={error} choices={data.choices} />
    </div>
  );
}
