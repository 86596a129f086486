import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { NewToken, TokenForm, TokenList, tokenInputClass } from "#app/components/api-tokens.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createApiToken, listApiTokens, listTokenOwners, revokeApiToken } from "#app/models/api-tokens.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { AdminPage } from "#app/components/admin-nav.tsx";
import { titleMeta } from "#app/i18n/meta.ts";
import { ApiTokenCreateForm, ApiTokenId } from "#app/schemas/api-tokens.ts";
import { LabelledControl } from "#app/components/ui/field.tsx";

// Every API token: service tokens (acting as the administrator who creates
// them) and personal tokens of any member of staff.

export const meta: MetaFunction = titleMeta("title.apiTokens");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const [tokens, owners] = await Promise.all([listApiTokens(db()), listTokenOwners(db())]);
  return { tokens, owners };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, ip, errorMap, formData: form } = await postAsAdmin(request);
  if (form.get("intent") === "revoke") {
    const id = ApiTokenId.safeParse(form.get("id"));
    if (id.success)
      await db()
        .transaction()
        .execute((trx) => revokeApiToken(trx, user, id.data, ip));
    return redirect("/admin/api-tokens", {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("apiTokens.revokedFlash") }) },
    });
  }
  const values = { name: String(form.get("name") ?? ""), owner: String(form.get("owner") ?? "") };
  const parsed = ApiTokenCreateForm.safeParse(
    { name: form.get("name"), scope: form.get("scope"), owner: form.get("owner") ?? "" },
    { error: errorMap },
  );
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ errors, token: null, values }, { status: 400 });
  }
  try {
    const { name, scope, owner } = parsed.data;
    const created = await db()
      .transaction()
      .execute((trx) => createApiToken(trx, user, { name, scope, userId: owner || null }, ip));
    // Shown in this response only; never stored in clear, never in a redirect or cookie.
    return data({
      errors: {} as Record<string, string>,
      token: { name: created.name, value: created.token },
      values: { name: "", owner: "" },
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return data(
      { errors: { owner: t("apiTokens.ownerGone") } as Record<string, string>, token: null, values },
      { status: 400 },
    );
  }
}

export default function ApiTokensPage() {
  const { tokens, owners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = actionData?.errors ?? {};
  return (
    <AdminPage title={t("apiTokens.title")} intro={t("apiTokens.intro")}>
      <NewToken token={actionData?.token ?? null} />
      <TokenForm
        errors={errors}
        name={actionData?.values.name ?? ""}
        nameHint={t("apiTokens.nameHint")}
        pending={navigation.state !== "idle"}
        resetKey={actionData?.token?.value ?? "new"}
        extra={
          <LabelledControl id="owner" label={t("apiTokens.actsAs")}>
            <select
              id="owner"
              name="owner"
              defaultValue={actionData?.values.owner ?? ""}
              className={tokenInputClass}
              aria-invalid={errors.owner ? true : undefined}
              aria-describedby="owner-error"
            >
              <option value="">{t("apiTokens.actsAs.service")}</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {t("apiTokens.actsAs.user", { name: `${o.name} (${t(`role.${o.role}`)})` })}
                </option>
              ))}
            </select>
            <p id="owner-error" className="text-sm text-red-800" role="alert">
              {errors.owner ?? ""}
            </p>
          </LabelledControl>
        }
      />
      <h2 className="mt-8 text-lg font-semibold">{t("apiTokens.list")}</h2>
      <TokenList
        showActsAs
        tokens={tokens.map((token) => ({
          ...token,
          actsAs: token.user_id
            ? t("apiTokens.actsAs.user", { name: token.user_name ?? "" })
            : t("apiTokens.actsAs.service"),
          createdBy: token.created_by_name,
        }))}
      />
      <p className="mt-6 text-sm">
        <Link to="/settings/api-tokens" className="text-brand-700 underline">
          {t("myTokens.title")}
        </Link>
      </p>
    </AdminPage>
  );
}
