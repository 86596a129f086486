import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadScoringSettings, saveScoringSettings } from "#app/models/scores.server.ts";
import { userName } from "#app/models/users.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { badRequest, requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { SettingsForm, SettingsVersion } from "#app/schemas/scoring-settings.ts";
import { ScoringSettingsFields } from "#app/routes/__admin/scoring-fields.tsx";
import { conflictInfo, rescoreAfterSave } from "#app/routes/__admin/scoring.server.ts";

export const meta: MetaFunction = titleMeta("title.scoring");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  const stored = await loadScoringSettings(db());
  return {
    settings: stored.settings,
    version: stored.version,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy ? await userName(db(), stored.updatedBy) : null,
  };
}

// After a lost race (409) show who saved and the version now stored; the form keeps what was typed.
export const shouldRevalidate = revalidateAfterConflict;

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData } = await postAsAdmin(request);
  const version = SettingsVersion.safeParse(formData.get("version"));
  if (!version.success) badRequest();
  const submission = parseWithZod(formData, { schema: SettingsForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, submission.value, version.data, user.id, ip));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return data(
      {
        result: submission.reply({
          formErrors: [t("form.conflict", { name: error.changedBy ?? t("scoringAdmin.someone") })],
        }),
        conflict: conflictInfo(t, error, submission.value),
      },
      { status: 409 },
    );
  }
  const message = await rescoreAfterSave(db(), t);
  return redirect("/admin/scoring", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function ScoringSettingsPage() {
  const { settings, version, updatedAt, updatedBy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { result: SubmissionResult<string[]>; conflict?: ConflictInfo } | undefined;
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && navigation.formAction === "/admin/scoring";
  const [form, fields] = useZodForm<typeof SettingsForm>("scoring-settings", {
    lastResult: actionData?.result,
    defaultValue: settings,
  });
  const details = actionData?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }));
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <AdminNav />
        <h1 className="text-2xl font-bold">{t("scoringAdmin.title")}</h1>
        <p className="mt-1 text-slate-700">{t("scoringAdmin.intro")}</p>
        <p className="mt-1 text-sm text-slate-600">
          {updatedAt
            ? t("scoringAdmin.lastSaved", { at: dateTime(updatedAt), name: updatedBy ?? "—" })
            : t("scoringAdmin.defaultsRunning")}
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="flex flex-col gap-6">
        <input type="hidden" name="version" value={actionData?.conflict?.version ?? version} />
        <FormAlert id={form.errorId} errors={form.errors} details={details} />
        <ScoringSettingsFields fields={fields} />
        <div>
          <Button type="submit" pending={pending} pendingLabel={t("scoringAdmin.saving")}>
            {t("scoringAdmin.save")}
          </Button>
          <p className="mt-2 text-xs text-slate-600">{t("scoringAdmin.saveHelp")}</p>
        </div>
      </Form>
    </div>
  );
}
