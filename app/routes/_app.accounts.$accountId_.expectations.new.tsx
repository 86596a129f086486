import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ExpectationForm } from "#app/components/expectation-form.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createExpectation } from "#app/models/expectation-changes.server.ts";
import { listLedgerOptions } from "#app/models/expectations.server.ts";
import { ExpectationCreateForm, type ExpectationFormValues } from "#app/schemas/expectation.ts";
import { requireAccountRight } from "./__account/account-right.server.ts";
import { createOnAccount } from "./__account/create-action.server.ts";
import { FormPage } from "./__account/page-heads.tsx";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.recordExpectation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountRight(request, params, {
    may: canEditAccount,
    refusal: "error.expectationRights",
  });
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

export function action({ request, params }: ActionFunctionArgs) {
  return createOnAccount(request, {
    name: "expectation",
    schema: ExpectationCreateForm,
    accountId: () => parseId(params.accountId),
    write: (trx, context, accountId, value) => createExpectation(trx, context, accountId, value),
    done: (accountId) => `/accounts/${accountId}/expectations`,
    saved: (t) => t("expectationForm.created"),
  });
}

export default function NewExpectationPage() {
  const { account, options, defaults, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const ledger = `/accounts/${account.id}/expectations`;
  return (
    <FormPage back={ledger} backLabel={t("ledger.title")} title={t("expectationForm.newTitle", { name: account.name })}>
      <ExpectationForm
        mode="create"
        defaults={defaults}
        options={options}
        lastResult={actionData?.result}
        cancelTo={ledger}
        submissionId={submissionId}
      />
    </FormPage>
  );
}
