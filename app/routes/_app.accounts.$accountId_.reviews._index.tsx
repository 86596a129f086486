import { ADVOCACY_RULE_MESSAGES, EXPECTATION_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ACCOUNT_SECTIONS_MESSAGES, AccountSections } from "#app/components/account-sections.tsx";
import { SubmissionIdField } from "#app/components/ui/submission-id.tsx";
import { addDays, addMonths } from "#app/domain/dates.ts";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { createReview, listReviews } from "#app/models/business-reviews.server.ts";
import { once } from "#app/models/form-submissions.server.ts";
import { ReviewCreateForm } from "#app/schemas/business-review.ts";
import { db } from "#app/utils/db.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { reviewFormError, reviewWriteFailure } from "#app/web/review-forms.server.ts";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...EXPECTATION_RULE_MESSAGES,
    ...ADVOCACY_RULE_MESSAGES,
    ...ACCOUNT_SECTIONS_MESSAGES,
    "deliveryForm.withdrawnNote",
    "expectation.notProposed",
    "expectation.notResolved",
    "expectationForm.holderLeft",
    "expectationForm.holderNotOnAccount",
    "expectationForm.ownerNotStaff",
    "expectationForm.touchpointNotOnAccount",
    "expectationForm.touchpointRequired",
    "mailPrefs.notOffered",
    "review.",
    "scoringSettings.",
    "touchpointForm.inFuture",
    "touchpointForm.resolvedBeforeOpened",
    "touchpointForm.stakeholderNotOnAccount",
    "touchpointForm.userNotStaff",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("review.panel"), data?.account.name);
};

// An account's business reviews: every member of staff reads them (like the
// account); the account's editors start one for a period.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  const reviews = await listReviews(db(), accountId);
  const today = calendarDate();
  // The last full quarter by default.
  const quarterStart = `${today.slice(0, 4)}-${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const defaults = { period_start: addMonths(quarterStart, -3), period_end: addDays(quarterStart, -1) };
  return {
    account: { id: account.id, name: account.name },
    reviews: reviews.map((r) => ({ ...r, customer_comments: Number(r.customer_comments ?? 0) })),
    canCreate: canEditAccount(user, account),
    defaults,
    submissionId: newSubmissionId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  if (!canEditAccount(user, account)) throw await forbidden(request, user, "review.notAllowed", { accountId });
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v)]));
  const parsed = ReviewCreateForm.safeParse(values, { error: errorMap });
  if (!parsed.success) return reviewFormError("create", parsed.error.issues, values);
  let outcome: { repeated: boolean; result: { id: string } };
  try {
    outcome = await db()
      .transaction()
      .execute((trx) =>
        once(trx, submissionKey(formData, user.id, "business_review"), async () => {
          const created = await createReview(trx, { actor: user, ip }, accountId, parsed.data);
          return { id: created.id };
        }),
      );
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
  const message = outcome.repeated ? t("form.alreadySaved") : t("review.created");
  return redirect(`/accounts/${accountId}/reviews/${outcome.result.id}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function AccountReviewsPage() {
  const { account, reviews, canCreate, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, date } = useI18n();
  const error = actionData && "reviewError" in actionData ? actionData.reviewError : null;
  const value = (name: string, fallback: string) => error?.values[name] ?? fallback;
  const field = (name: string) => ({
    id: `review-${name}`,
    name,
    "aria-invalid": error?.fields[name] ? true : undefined,
    "aria-describedby": error?.fields[name] ? `review-${name}-error` : undefined,
  });
  const message = (name: string) =>
    error?.fields[name] ? (
      <p id={`review-${name}-error`} className="text-sm text-red-800">
        {error.fields[name]}
      </p>
    ) : null;
  const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
          {account.name}
        </Link>
        <h1 className="text-2xl font-bold">{t("review.panel")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">{t("review.intro")}</p>
      </div>
      <AccountSections accountId={account.id} current="reviews" />
      {reviews.length ? (
        <ul className="flex flex-col gap-2" data-testid="review-list">
          {reviews.map((r) => (
            <li key={r.id} className="rounded-lg border border-slate-300 bg-white p-3">
              <Link to={`/accounts/${account.id}/reviews/${r.id}`} className="font-semibold text-brand-700 underline">
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
      ) : (
        <p className="text-sm text-slate-700">{t("review.none")}</p>
      )}
      {canCreate ? (
        <section
          aria-labelledby="new-review-heading"
          className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4"
        >
          <h2 id="new-review-heading" className="font-semibold">
            {t("review.new")}
          </h2>
          <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-2" data-testid="review-create">
            <SubmissionIdField value={submissionId} />
            {error?.fields[""] ? <p className="text-sm text-red-800 sm:col-span-2">{error.fields[""]}</p> : null}
            <div className="flex flex-col gap-1 sm:col-span-2">
              <label htmlFor="review-title" className="text-sm font-medium">
                {t("review.title")}
              </label>
              <input {...field("title")} defaultValue={value("title", "")} maxLength={200} required className={input} />
              {message("title")}
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="review-period_start" className="text-sm font-medium">
                {t("review.periodStart")}
              </label>
              <input
                {...field("period_start")}
                type="date"
                defaultValue={value("period_start", defaults.period_start)}
                required
                className={input}
              />
              {message("period_start")}
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="review-period_end" className="text-sm font-medium">
                {t("review.periodEnd")}
              </label>
              <input
                {...field("period_end")}
                type="date"
                defaultValue={value("period_end", defaults.period_end)}
                required
                className={input}
              />
              {message("period_end")}
            </div>
            <div className="sm:col-span-2">
              <button
                type="submit"
                disabled={navigation.state === "submitting"}
                className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
              >
                {t("review.create")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
