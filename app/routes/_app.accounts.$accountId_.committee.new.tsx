import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { StakeholderForm } from "#app/components/stakeholder-form.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createStakeholder } from "#app/models/stakeholder-changes.server.ts";
import { listReportingLinks } from "#app/models/stakeholders.server.ts";
import { StakeholderCreateForm, type StakeholderFormValues } from "#app/schemas/stakeholder.ts";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { requireAccountRight } from "./__account/account-right.server.ts";
import { createOnAccount } from "./__account/create-action.server.ts";
import { FormPage } from "./__account/page-heads.tsx";

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.addPerson");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountRight(request, params, {
    may: canEditAccount,
    refusal: "error.committeeRights",
  });
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

export function action({ request, params }: ActionFunctionArgs) {
  return createOnAccount(request, {
    name: "stakeholder",
    schema: StakeholderCreateForm,
    accountId: () => parseId(params.accountId),
    write: (trx, context, accountId, value) => createStakeholder(trx, context, accountId, value),
    done: (accountId) => `/accounts/${accountId}/committee`,
    saved: (t, value) => t("stakeholderForm.created", { name: value.name }),
  });
}

export default function NewStakeholderPage() {
  const { account, managers, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const committee = `/accounts/${account.id}/committee`;
  return (
    <FormPage
      back={committee}
      backLabel={t("committeePage.title", { name: account.name })}
      title={t("stakeholderForm.newTitle", { name: account.name })}
    >
      <StakeholderForm
        mode="create"
        defaults={defaults}
        managers={managers}
        lastResult={actionData?.result}
        cancelTo={committee}
        submissionId={submissionId}
      />
    </FormPage>
  );
}
