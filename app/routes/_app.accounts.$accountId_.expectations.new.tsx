import { parseWithZod } from "@conform-to/zod/v4";
import { LEDGER_MESSAGES } from "#app/i18n/message-groups.ts";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ExpectationForm } from "#app/components/expectation-form.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createExpectation } from "#app/models/expectation-changes.server.ts";
import { listLedgerOptions } from "#app/models/expectations.server.ts";
import { ExpectationCreateForm, type ExpectationFormValues } from "#app/schemas/expectation.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { forbidden, requireInternalUser } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { createOnce } from "#app/web/create-once.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(...LEDGER_MESSAGES, "committeeRole.", "expSource.", "kind.", "title.recordExpectation"),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.recordExpectation"), data?.account.name);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canEditAccount(user, account)) throw await forbidden(request, user, "error.expectationRights", { accountId });
  const url = new URL(request.url);
  // "Record an expectation" from a touchpoint can name it: ?touchpoint=<id>.
  const touchpointId = url.searchParams.get("touchpoint");
  const options = await listLedgerOptions(db(), accountId);
  const fromTouchpoint = options.touchpoints.some((tp) => tp.id === touchpointId) ? touchpointId! : "";
  const defaults: ExpectationFormValues = {
    title: "",
    description: "",
    category: "delivery",
    holder_stakeholder_id: "",
    source: fromTouchpoint ? "touchpoint" : "contract",
    source_touchpoint_id: fromTouchpoint,
    importance: "2",
    due_date: "",
    owner_id: account.owner_id,
    version: 1,
  };
  return { account: { id: account.id, name: account.name }, options, defaults, submissionId: newSubmissionId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ExpectationCreateForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { repeated, refused } = await createOnce(
    formData,
    "expectation",
    submission,
    { request, actor: user, locale, accountId },
    (trx) => createExpectation(trx, { actor: user, ip }, accountId, submission.value),
  );
  if (refused) return refused;
  const message = repeated ? t("form.alreadySaved") : t("expectationForm.created");
  return redirect(`/accounts/${accountId}/expectations`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function NewExpectationPage() {
  const { account, options, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const ledger = `/accounts/${account.id}/expectations`;
  return (
    <div>
      <Link to={ledger} className="text-sm text-brand-700 underline">
        ← {t("ledger.title")}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-bold">{t("expectationForm.newTitle", { name: account.name })}</h1>
      <ExpectationForm
        mode="create"
        defaults={defaults}
        options={options}
        lastResult={actionData?.result}
        cancelTo={ledger}
        submissionId={submissionId}
      />
    </div>
  );
}
