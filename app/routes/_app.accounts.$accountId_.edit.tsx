import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { postToAccount } from "#app/routes/__account/post.server.ts";
import { AccountForm } from "#app/components/account-form.tsx";
import { canArchiveAccount, canChangeAccountOwner, canEditAccount } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AccountEditForm, ArchiveForm } from "#app/schemas/account.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { requireAccountRight } from "./__account/account-right.server.ts";
import { db } from "#app/utils/db.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { refusalResponse, writeErrorReply, type ConflictInfo } from "#app/web/forms.server.ts";
import { recordMeta } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = recordMeta("title.editAccount", (data, f) => [
  f.t("title.editNamed", { name: data.account.name }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, account } = await requireAccountRight(request, params, { may: canEditAccount });
  return {
    account,
    owners: canChangeAccountOwner(user) ? await listAccountManagers(db()) : null,
    // Archiving takes an account out of the portfolio and the risk inbox: a director's or an admin's, not its KAM's.
    mayArchive: canArchiveAccount(user),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, accountId, formData } = await postToAccount(request, params);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const context = { actor: user, ip };
  const done = (message: string) => redirectWithFlash(request, `/accounts/${accountId}`, message);

  const intent = formData.get("intent");
  if (intent === "archive" || intent === "restore") {
    const parsed = ArchiveForm.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest();
    try {
      await db()
        .transaction()
        .execute((trx) => setAccountArchived(trx, context, accountId, intent === "archive", parsed.data.version));
    } catch (error) {
      throw await refusalResponse(error, { request, actor: user, accountId, conflict: "error.accountChanged" });
    }
    return done(intent === "archive" ? t("account.archivedMsg") : t("account.restoredMsg"));
  }

  const submission = parseWithZod(formData, { schema: AccountEditForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => updateAccount(trx, context, accountId, submission.value));
  } catch (error) {
    const { status, ...body } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      accountId,
      labels: {
        name: t("accountForm.name"),
        industry: t("accountForm.industry"),
        tier: t("accountForm.tier"),
        lifecycle_stage: t("accountForm.stage"),
        relationship_start: t("accountForm.relationshipStart"),
        contract_value: t("accountForm.contractValue"),
        currency: t("accountForm.currency"),
        renewal_date: t("accountForm.renewalDate"),
        owner_id: t("accountForm.owner"),
      },
    });
    return data(body, { status });
  }
  return done(t("accountForm.saved"));
}

export default function EditAccountPage() {
  const { account, owners, mayArchive } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-10">
      <div>
        <h1 className="mb-6 text-2xl font-bold">{t("accountForm.editTitle", { name: account.name })}</h1>
        <AccountForm
          mode="edit"
          owners={owners}
          defaults={{ ...account, contract_value: account.contract_value }}
          lastResult={actionData?.result}
          conflict={(actionData as { conflict?: ConflictInfo } | undefined)?.conflict}
          cancelTo={`/accounts/${account.id}`}
        />
      </div>
      {mayArchive ? <ArchiveSection account={account} /> : null}
    </div>
  );
}

/** Archiving or restoring the account (directors and admins only: canArchiveAccount). */
function ArchiveSection({ account }: { account: { version: number; archived_at: Date | string | null } }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="archive-heading" className="max-w-2xl rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="archive-heading" className="font-semibold">
        {account.archived_at ? t("account.restore") : t("account.archive")}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t("account.archiveHelp")}</p>
      <Form method="post" className="mt-3">
        <input type="hidden" name="version" value={account.version} />
        <button
          type="submit"
          name="intent"
          value={account.archived_at ? "restore" : "archive"}
          className="rounded-md border border-slate-500 px-3 py-1.5 font-medium"
        >
          {account.archived_at ? t("account.restore") : t("account.archive")}
        </button>
      </Form>
    </section>
  );
}
