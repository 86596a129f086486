import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccountForm } from "#app/components/account-form.tsx";
import { canChangeAccountOwner } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createAccount } from "#app/models/account-changes.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AccountCreateForm } from "#app/schemas/account.ts";
import { postAs } from "#app/web/actions.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";

export const meta: MetaFunction = titleMeta("title.newAccount");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  return {
    owners: canChangeAccountOwner(user) ? await listAccountManagers(db()) : null,
    me: user.id,
    submissionId: newSubmissionId(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData } = await postAs(request, requireInternalUser);
  const submission = parseWithZod(formData, { schema: AccountCreateForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { repeated, result } = await oncePerSubmission(formData, user.id, "account", async (trx) => {
      const account = await createAccount(trx, { actor: user, ip }, submission.value);
      return { accountId: account.id };
    });
    const message = repeated ? t("form.alreadySaved") : t("accountForm.created");
    return redirect(`/accounts/${String(result.accountId)}`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });
  } catch (error) {
    if (error instanceof ForbiddenError) {
      return data({ result: submission.reply({ formErrors: [t(error.key)] }) }, { status: 403 });
    }
    throw error;
  }
}

export default function NewAccountPage() {
  const { owners, me, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold">{t("accountForm.newTitle")}</h1>
      <AccountForm
        mode="create"
        owners={owners}
        defaults={
          owners
            ? {
                name: "",
                industry: "",
                tier: "standard",
                lifecycle_stage: "onboarding",
                relationship_start: null,
                contract_value: null,
                currency: "EUR",
                renewal_date: null,
                owner_id: me,
                version: 1,
              }
            : undefined
        }
        lastResult={actionData?.result}
        cancelTo="/accounts"
        submissionId={submissionId}
      />
    </div>
  );
}
