import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { NewToken, TokenForm, TokenList } from "#app/components/api-tokens.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createApiToken, listPersonalTokens, revokeApiToken } from "#app/models/api-tokens.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { OwnApiTokenCreateForm, ApiTokenId } from "#app/schemas/api-tokens.ts";

// A member of staff's own personal API tokens: acting with their rights.

export const meta: MetaFunction = titleMeta("myTokens.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  return { tokens: await listPersonalTokens(db(), user), isAdmin: user.role === "admin" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, ip, errorMap, formData: form } = await postAs(request, requireInternalUser);
  if (form.get("intent") === "revoke") {
    const id = ApiTokenId.safeParse(form.get("id"));
    // Only one's own: another's token, or none, is not there for this user.
    const revoked =
      id.success &&
      (await db()
        .transaction()
        .execute((trx) => revokeApiToken(trx, user, id.data, ip, { ownOnly: true })));
    if (!revoked) notFound();
    return redirect("/settings/api-tokens", {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("apiTokens.revokedFlash") }) },
    });
  }
  const parsed = OwnApiTokenCreateForm.safeParse(
    { name: form.get("name"), scope: form.get("scope") },
    { error: errorMap },
  );
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ errors, token: null, values: { name: String(form.get("name") ?? "") } }, { status: 400 });
  }
  const created = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, user, { ...parsed.data, userId: user.id }, ip));
  // Shown in this response only; never stored in clear, never in a redirect or cookie.
  return data({
    errors: {} as Record<string, string>,
    token: { name: created.name, value: created.token },
    values: { name: "" },
  });
}

export default function MyApiTokensPage() {
  const { tokens, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-bold">{t("myTokens.title")}</h1>
      <p className="mt-2 text-slate-700">{t("myTokens.intro")}</p>
      <NewToken token={actionData?.token ?? null} />
      <TokenForm
        errors={actionData?.errors ?? {}}
        name={actionData?.values.name ?? ""}
        nameHint={t("myTokens.nameHint")}
        pending={navigation.state !== "idle"}
        resetKey={actionData?.token?.value ?? "new"}
      />
      <h2 className="mt-8 text-lg font-semibold">{t("apiTokens.list")}</h2>
      <TokenList tokens={tokens} showActsAs={false} />
      {isAdmin ? (
        <p className="mt-6 text-sm">
          <Link to="/admin/api-tokens" className="text-brand-700 underline">
            {t("myTokens.adminLink")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
