import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { RISK_RULES, type RiskRule } from "#app/domain/risk-rules.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadInboxSettings, saveInboxSettings } from "#app/models/inbox.server.ts";
import { InboxSettingsForm } from "#app/schemas/task.ts";
import { db } from "#app/utils/db.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { requireRole } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { messagesByField } from "#app/web/plain-forms.server.ts";
import { LabelledControl } from "#app/components/ui/field.tsx";

export const meta: MetaFunction = titleMeta("inboxSettings.title");

// Administrators only: when a director's inbox escalates a High signal, how far
// ahead due items show, how long survey answers stay, and the playbook (signal
// rules that open a task for the account's KAM when raised).

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return { settings: await loadInboxSettings(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData: form } = await postAsAdmin(request);
  const fields = Object.fromEntries(form) as Record<string, string>;
  const parsed = InboxSettingsForm.safeParse(fields, { error: errorMap });
  if (!parsed.success) {
    return data({ errors: messagesByField(parsed.error.issues), values: fields }, { status: 400 });
  }
  const rules = form
    .getAll("playbookRules")
    .map(String)
    .filter((r) => (RISK_RULES as readonly string[]).includes(r));
  await db()
    .transaction()
    .execute((trx) => saveInboxSettings(trx, { ...parsed.data, playbookRules: rules }, user.id, ip));
  return redirect("/admin/inbox", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("inboxSettings.saved") }) },
  });
}

export default function InboxSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const number = (name: "escalationDays" | "dueSoonDays" | "surveyDays", min: number, max: number) => {
    const error = actionData?.errors[name];
    return (
      <LabelledControl id={`is-${name}`} label={t(`inboxSettings.${name}`)}>
        <input
          id={`is-${name}`}
          name={name}
          type="number"
          min={min}
          max={max}
          required
          defaultValue={actionData?.values[name] ?? String(settings[name])}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `is-${name}-error` : undefined}
          className="w-32 rounded-md border border-slate-400 px-2 py-1.5"
        />
        {error ? (
          <p id={`is-${name}-error`} className="text-sm text-red-800">
            {error}
          </p>
        ) : null}
      </LabelledControl>
    );
  };
  return (
    <div>
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("inboxSettings.title")}</h1>
      <Form method="post" className="mt-4 flex flex-col gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {number("escalationDays", 1, 90)}
        {number("dueSoonDays", 0, 60)}
        {number("surveyDays", 1, 365)}
        <fieldset>
          <legend className="text-sm font-medium">{t("inboxSettings.playbook")}</legend>
          <p className="text-xs text-slate-600">{t("inboxSettings.playbookHelp")}</p>
          <div className="mt-2 grid gap-1 sm:grid-cols-2">
            {RISK_RULES.map((rule) => (
              <label key={rule} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="playbookRules"
                  value={rule}
                  defaultChecked={settings.playbookRules.includes(rule)}
                />
                {t(`signal.rule.${rule as RiskRule}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
            {t("inboxSettings.save")}
          </button>
        </div>
      </Form>
    </div>
  );
}
