import { canLogTouchpoint } from "#app/domain/permissions.ts";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { TouchpointForm } from "#app/components/touchpoint-form.tsx";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { createTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { listLogFormOptions } from "#app/models/touchpoints.server.ts";
import { newTouchpointValues, TouchpointCreateForm } from "#app/schemas/touchpoint.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { once } from "#app/models/form-submissions.server.ts";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.logTouchpoint"), data?.account.name);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  if (!canLogTouchpoint(user, account)) throw await forbidden(request, user, "error.forbidden", { accountId });
  const options = await listLogFormOptions(db(), accountId);
  return {
    account: { id: account.id, name: account.name },
    options,
    defaults: newTouchpointValues({
      now: instantToWallTime(new Date(), TIME_ZONE),
      userId: user.id,
      currency: account.currency,
    }),
    submissionId: newSubmissionId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: TouchpointCreateForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let repeated: boolean;
  try {
    ({ repeated } = await db()
      .transaction()
      .execute((trx) =>
        once(trx, submissionKey(formData, user.id, "touchpoint"), async () => {
          await createTouchpoint(trx, { actor: user, ip }, accountId, submission.value);
          return {};
        }),
      ));
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, { request, actor: user, locale, accountId });
    return data({ result }, { status });
  }
  const message = repeated ? t("form.alreadySaved") : t("touchpointForm.logged");
  return redirect(`/accounts/${accountId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function NewTouchpointPage() {
  const { account, options, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div>
      <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
        ← {t("touchpointEdit.backTo", { name: account.name })}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-bold">{t("touchpointForm.newTitleFor", { account: account.name })}</h1>
      <TouchpointForm
        mode="create"
        defaults={defaults}
        options={options}
        lastResult={actionData?.result}
        cancelTo={`/accounts/${account.id}`}
        hiddenFields={{ submission_id: submissionId }}
      />
    </div>
  );
}
