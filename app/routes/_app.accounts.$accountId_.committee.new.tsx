import { parseWithZod } from "@conform-to/zod/v4";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { StakeholderForm } from "#app/components/stakeholder-form.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createStakeholder } from "#app/models/stakeholder-changes.server.ts";
import { listReportingLinks } from "#app/models/stakeholders.server.ts";
import { StakeholderCreateForm, type StakeholderFormValues } from "#app/schemas/stakeholder.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { forbidden, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { once } from "#app/models/form-submissions.server.ts";
import { newSubmissionId, submissionKey } from "#app/web/submission.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "committeeChange.",
    "committeePage.title",
    "committeeRole.",
    "form.",
    "leaveForm.alreadyLeft",
    "leaveForm.inFuture",
    "mailPrefs.notOffered",
    "portalTouchpoint.",
    "rejoinForm.notLeft",
    "scoringSettings.",
    "stakeholderForm.",
    "stance.",
    "title.addPerson",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.addPerson"), data?.account.name);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canEditAccount(user, account)) throw await forbidden(request, user, "error.committeeRights", { accountId });
  const links = await listReportingLinks(db(), accountId);
  const defaults: StakeholderFormValues = {
    name: "",
    title: "",
    email: "",
    phone: "",
    committee_role: "",
    influence: "3",
    stance: "neutral",
    reports_to_id: "",
    version: 1,
  };
  return {
    account: { id: account.id, name: account.name },
    managers: links.filter((l) => l.left_on === null).map((l) => ({ id: l.id, name: l.name, left_on: l.left_on })),
    defaults,
    submissionId: newSubmissionId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: StakeholderCreateForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let repeated: boolean;
  try {
    ({ repeated } = await db()
      .transaction()
      .execute((trx) =>
        once(trx, submissionKey(formData, user.id, "stakeholder"), async () => {
          await createStakeholder(trx, { actor: user, ip, t }, accountId, submission.value);
          return {};
        }),
      ));
  } catch (error) {
    const { status, result } = await writeErrorReply(error, submission, { request, actor: user, locale, accountId });
    return data({ result }, { status });
  }
  const message = repeated ? t("form.alreadySaved") : t("stakeholderForm.created", { name: submission.value.name });
  return redirect(`/accounts/${accountId}/committee`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function NewStakeholderPage() {
  const { account, managers, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const committee = `/accounts/${account.id}/committee`;
  return (
    <div>
      <Link to={committee} className="text-sm text-brand-700 underline">
        ← {t("committeePage.title", { name: account.name })}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-bold">{t("stakeholderForm.newTitle", { name: account.name })}</h1>
      <StakeholderForm
        mode="create"
        defaults={defaults}
        managers={managers}
        lastResult={actionData?.result}
        cancelTo={committee}
        submissionId={submissionId}
      />
    </div>
  );
}
