import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AccountForm } from "#app/components/account-form.tsx";
import { canChangeAccountOwner, canEditAccount } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AccountEditForm } from "#app/schemas/account.ts";
import { actionContext, requirePost } from "#app/utils/actions.server.ts";
import { badRequest, forbidden, httpError, notFound, requireInternalUser, type InternalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/utils/flash.server.ts";
import { conflictReply, type ConflictInfo } from "#app/utils/forms.server.ts";
import { parseId } from "#app/utils/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, data ? f.t("title.editNamed", { name: data.account.name }) : f.t("title.editAccount"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  if (!canEditAccount(user, account)) throw await forbidden(request, user, undefined, { accountId });
  return {
    account,
    owners: canChangeAccountOwner(user) ? await listAccountManagers(db()) : null,
  };
}

export const ArchiveForm = z.object({ intent: z.enum(["archive", "restore"]), version: z.coerce.number().int().min(1).max(2_147_483_647) });

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const context = { actor: user, ip };
  const done = async (message: string) =>
    redirect(`/accounts/${accountId}`, { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) } });

  const intent = formData.get("intent");
  if (intent === "archive" || intent === "restore") {
    const parsed = ArchiveForm.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest();
    try {
      await db()
        .transaction()
        .execute((trx) => setAccountArchived(trx, context, accountId, intent === "archive", parsed.data.version));
    } catch (error) {
      throw await asResponse(error, request, user, accountId);
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
    if (error instanceof ConflictError) {
      return data(
        conflictReply(submission, locale, error, {
          name: t("accountForm.name"),
          industry: t("accountForm.industry"),
          tier: t("accountForm.tier"),
          lifecycle_stage: t("accountForm.stage"),
          relationship_start: t("accountForm.relationshipStart"),
          contract_value: t("accountForm.contractValue"),
          currency: t("accountForm.currency"),
          renewal_date: t("accountForm.renewalDate"),
          owner_id: t("accountForm.owner"),
        }),
        { status: 409 },
      );
    }
    throw await asResponse(error, request, user, accountId);
  }
  return done(t("accountForm.saved"));
}

/** The answer to a model's refusal (recorded when it is a 403), or the error itself when it is not one. */
async function asResponse(error: unknown, request: Request, user: InternalUser, accountId: string): Promise<unknown> {
  if (error instanceof ForbiddenError) return forbidden(request, user, error.key, { accountId });
  if (error instanceof NotFoundError) return httpError(404, "error.notFound");
  if (error instanceof ConflictError) return httpError(409, "error.accountChanged");
  return error;
}

export default function EditAccountPage() {
  const { account, owners } = useLoaderData<typeof loader>();
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
    </div>
  );
}
