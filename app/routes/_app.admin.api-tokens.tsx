import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "#app/models/api-tokens.server.ts";
import { plainText } from "#app/schemas/fields.ts";
import { actionContext, requirePost } from "#app/utils/actions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/utils/flash.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.apiTokens"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return { tokens: await listApiTokens(db()) };
}

export const CreateForm = z.object({ name: plainText(100).min(1), scope: z.enum(["read", "read_write"]) });

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireRole(request, ["admin"] as const);
  const { t, ip, errorMap } = await actionContext(request);
  const form = await request.formData();
  if (form.get("intent") === "revoke") {
    const id = z.uuid().safeParse(form.get("id"));
    if (id.success) await db().transaction().execute((trx) => revokeApiToken(trx, user, id.data, ip));
    return redirect("/admin/api-tokens", { headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("apiTokens.revokedFlash") }) } });
  }
  const parsed = CreateForm.safeParse({ name: form.get("name"), scope: form.get("scope") }, { error: errorMap });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ errors, token: null, values: { name: String(form.get("name") ?? "") } }, { status: 400 });
  }
  const created = await db().transaction().execute((trx) => createApiToken(trx, user, parsed.data, ip));
  // Shown in this response only; never stored in clear, never in a redirect or cookie.
  return data({ errors: {} as Record<string, string>, token: { name: created.name, value: created.token }, values: { name: "" } });
}

export default function ApiTokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const input = "rounded-md border border-slate-400 bg-white px-3 py-2";
  return (
    <div className="max-w-4xl">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("apiTokens.title")}</h1>
      <p className="mt-2 text-slate-700">{t("apiTokens.intro")}</p>
      {actionData?.token ? (
        <div role="status" className="mt-4 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200">
          <p className="font-semibold">{t("apiTokens.created")}</p>
          <p className="mt-2 text-sm">{actionData.token.name}</p>
          <code className="mt-1 block break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200" data-testid="new-token">
            {actionData.token.value}
          </code>
        </div>
      ) : null}
      <Form method="post" className="mt-6 flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-col gap-1">
          <label htmlFor="name" className="text-sm font-medium">{t("apiTokens.name")}</label>
          <input
            id="name"
            name="name"
            required
            maxLength={100}
            defaultValue={actionData?.values.name ?? ""}
            className={input}
            aria-invalid={actionData?.errors.name ? true : undefined}
            aria-describedby="name-hint name-error"
          />
          <p id="name-hint" className="text-xs text-slate-600">{t("apiTokens.nameHint")}</p>
          <p id="name-error" className="text-sm text-red-800" role="alert">{actionData?.errors.name ?? ""}</p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="scope" className="text-sm font-medium">{t("apiTokens.scope")}</label>
          <select id="scope" name="scope" defaultValue="read" className={input}>
            <option value="read">{t("apiTokens.scope.read")}</option>
            <option value="read_write">{t("apiTokens.scope.read_write")}</option>
          </select>
        </div>
        <button type="submit" name="intent" value="create" disabled={navigation.state !== "idle"} className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60">
          {t("apiTokens.create")}
        </button>
      </Form>
      <h2 className="mt-8 text-lg font-semibold">{t("apiTokens.list")}</h2>
      {tokens.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("apiTokens.none")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">{t("apiTokens.name")}</th>
                <th scope="col" className="px-3 py-2">{t("apiTokens.scope")}</th>
                <th scope="col" className="px-3 py-2">{t("apiTokens.col.created")}</th>
                <th scope="col" className="px-3 py-2">{t("apiTokens.col.lastUsed")}</th>
                <th scope="col" className="px-3 py-2">{t("apiTokens.col.state")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td className="px-3 py-2">{token.name}</td>
                  <td className="px-3 py-2">{t(`apiTokens.scope.${token.scope}`)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {dateTime(token.created_at)} · {token.created_by_name ?? ""}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{token.last_used_at ? dateTime(token.last_used_at) : t("apiTokens.never")}</td>
                  <td className="px-3 py-2">
                    {token.revoked_at ? (
                      t("apiTokens.revoked", { date: dateTime(token.revoked_at) })
                    ) : (
                      <Form method="post" className="flex items-center gap-2">
                        <span>{t("apiTokens.active")}</span>
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" name="intent" value="revoke" className="rounded border border-red-700 px-2 py-0.5 text-red-800">
                          {t("apiTokens.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
