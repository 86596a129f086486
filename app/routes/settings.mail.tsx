import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";
import type { MailChoice } from "#app/domain/outbox.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { OwnSettingsPage } from "#app/routes/__settings/own-page.tsx";
import { listMailPreferences, saveMailPreferences } from "#app/models/mail-preferences.server.ts";
import { captureAddressOf, renewCaptureAddress } from "#app/models/mail-in.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { MailPreferencesForm } from "#app/schemas/mail-preferences.ts";
import { db } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { homeFor, requireUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";

// Any signed-in user, staff or customer, chooses per kind of mail whether it is
// sent at once, gathered into their daily digest, or not at all. Only the kinds
// their role receives are listed (app/domain/mail-preferences.ts). Staff also
// see their capture address for mail in (README "Mail in") and can renew it.

export const meta: MetaFunction = titleMeta("mailPrefs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const staff = user.role !== "customer";
  return {
    user: { name: user.name, role: user.role, email: user.email },
    home: homeFor(user.role),
    preferences: await listMailPreferences(db(), user),
    capture: staff
      ? { address: await captureAddressOf(db(), user.id), on: appEnv().INBOUND_SMTP_PORT !== undefined }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, ip, formData } = await postAs(request, requireUser);
  const form = Object.fromEntries(formData);
  if (form.intent === "captureAddress") {
    if (user.role === "customer") throw new Response("Not allowed", { status: 403 });
    const address = await db()
      .transaction()
      .execute((trx) => renewCaptureAddress(trx, { actor: user, ip }));
    return redirect("/settings/mail", {
      headers: {
        "Set-Cookie": await setFlash(request, { kind: "success", message: t("mailIn.created", { address }) }),
      },
    });
  }
  const parsed = MailPreferencesForm.safeParse(form);
  if (!parsed.success) return data({ error: t("mailPrefs.notOffered") }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => saveMailPreferences(trx, { user, ip }, parsed.data));
  } catch (error) {
    if (error instanceof FieldError) return data({ error: t("mailPrefs.notOffered") }, { status: 400 });
    throw error;
  }
  return redirect("/settings/mail", {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("mailPrefs.saved") }) },
  });
}

/** A kind with no digest choice is simply sent or not ("Send" rather than "At once"). */
const choiceLabel = (choices: readonly MailChoice[], choice: MailChoice) =>
  choice === "immediate" && !choices.includes("digest")
    ? ("mailPrefs.choice.send" as const)
    : (`mailPrefs.choice.${choice}` as const);

export default function MailSettingsPage() {
  const { user, home, preferences, capture } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const digestOff =
    preferences.some((p) => p.kind === "kam_digest" && p.choice === "off") &&
    preferences.some((p) => p.choice === "digest");
  return (
    <OwnSettingsPage
      user={user}
      home={home}
      title={t("mailPrefs.title")}
      intro={t("mailPrefs.intro")}
      mainClassName="max-w-xl px-4 pb-10"
    >
      {preferences.length === 0 ? (
        <p className="mt-6">{t("mailPrefs.none")}</p>
      ) : (
        <Form method="post" className="mt-6 flex flex-col gap-4">
          <FormAlert id="mail-prefs-error" errors={actionData?.error ? [actionData.error] : undefined} />
          {digestOff ? (
            <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              {t("mailPrefs.digestOff")}
            </p>
          ) : null}
          {preferences.map((p) => (
            <fieldset
              key={p.kind}
              className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              aria-describedby={`mp-${p.kind}-hint`}
            >
              <legend className="px-1 font-semibold">{t(`outbox.kind.${p.kind}`)}</legend>
              <p id={`mp-${p.kind}-hint`} className="text-sm text-slate-600">
                {t(`mailPrefs.hint.${p.kind}`)}
              </p>
              <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                {p.choices.map((choice) => (
                  <label key={choice} className="flex min-h-6 items-center gap-2 text-sm">
                    <input type="radio" name={p.kind} value={choice} defaultChecked={p.choice === choice} />
                    {t(choiceLabel(p.choices, choice))}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <div>
            <Button type="submit" pending={navigation.state === "submitting"} pendingLabel={t("form.saving")}>
              {t("mailPrefs.save")}
            </Button>
          </div>
        </Form>
      )}
      {capture ? (
        <Card name="capture" className="mt-8">
          <CardTitle name="capture">{t("mailIn.heading")}</CardTitle>
          <p className="mt-1 text-sm text-slate-700">{t("mailIn.intro")}</p>
          {capture.address ? (
            <>
              <p className="mt-3 text-sm font-medium">{t("mailIn.yourAddress")}</p>
              <p className="mt-1 break-all font-mono text-sm" data-testid="capture-address">
                {capture.address}
              </p>
              <p className="mt-1 text-sm text-slate-600">{t("mailIn.ownAddressOnly", { email: user.email })}</p>
            </>
          ) : (
            <p className="mt-3 text-sm">{t("mailIn.none")}</p>
          )}
          {capture.on ? null : (
            <p role="note" className="mt-2 text-sm text-amber-900">
              {t("mailIn.off")}
            </p>
          )}
          <Form method="post" className="mt-3 flex flex-col gap-1">
            <input type="hidden" name="intent" value="captureAddress" />
            <div>
              <Button type="submit" aria-describedby={capture.address ? "capture-renew-hint" : undefined}>
                {capture.address ? t("mailIn.renew") : t("mailIn.create")}
              </Button>
            </div>
            {capture.address ? (
              <p id="capture-renew-hint" className="text-sm text-slate-600">
                {t("mailIn.renewHint")}
              </p>
            ) : null}
          </Form>
        </Card>
      ) : null}
    </OwnSettingsPage>
  );
}
