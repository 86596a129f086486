import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { OwnSettingsPage } from "#app/routes/__settings/own-page.tsx";
import {
  changeOwnPassword,
  checkCurrentPassword,
  PasswordChangedMeanwhileError,
} from "#app/models/own-password.server.ts";
import { ChangePasswordForm } from "#app/schemas/password.ts";
import { postAs } from "#app/web/actions.server.ts";
import { homeFor, requireUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { redirectWithSession } from "#app/web/flash.server.ts";
import { checkPasswordPolicy } from "#app/utils/password-policy.server.ts";
import { checkAuthLimit } from "#app/web/rate-limit.server.ts";
import { sessionMeta } from "#app/web/request.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";
import { NewPasswordFields } from "#app/components/new-password-fields.tsx";

// Any signed-in user, staff or customer, changes their own password here. The
// attempts share the sign-in limits (per client address and per e-mail), so a
// stolen session cannot guess the current password faster than the sign-in
// form allows. Success ends every other session and renews this one.

export const meta: MetaFunction = titleMeta("password.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, role: user.role, email: user.email }, home: homeFor(user.role) };
}

const HIDDEN = ["current_password", "password", "confirm"];

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData } = await postAs(request, requireUser);
  const schema = ChangePasswordForm.superRefine(checkPasswordPolicy("password", user)).refine(
    (v) => v.password !== v.current_password,
    { path: ["password"], params: { i18n: "password.sameAsCurrent" } },
  );
  const submission = parseWithZod(formData, { schema, error: errorMap });
  const limit = checkAuthLimit(ip, user.email);
  if (!limit.allowed) {
    return data(
      submission.reply({
        formErrors: [t("password.tooMany", { seconds: limit.retryAfterSeconds })],
        hideFields: HIDDEN,
      }),
      {
        status: 429,
        headers: { "Retry-After": String(limit.retryAfterSeconds) },
      },
    );
  }
  if (submission.status !== "success") return data(submission.reply({ hideFields: HIDDEN }), { status: 400 });
  const meta = sessionMeta(request);
  const verified = await checkCurrentPassword(user.id, submission.value.current_password, meta);
  if (!verified) {
    return data(
      submission.reply({ fieldErrors: { current_password: [t("password.currentWrong")] }, hideFields: HIDDEN }),
      { status: 400 },
    );
  }
  try {
    const session = await db()
      .transaction()
      .execute((trx) => changeOwnPassword(trx, user.id, verified, submission.value.password, meta));
    return redirectWithSession(request, "/password", session, t("password.changed"));
  } catch (error) {
    if (error instanceof PasswordChangedMeanwhileError) {
      return data(submission.reply({ formErrors: [t("password.changedMeanwhile")], hideFields: HIDDEN }), {
        status: 409,
      });
    }
    throw error;
  }
}

export default function ChangePasswordPage() {
  const { user, home } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ChangePasswordForm>("change-password", { lastResult });
  return (
    <OwnSettingsPage
      user={user}
      home={home}
      title={t("password.title")}
      intro={t("password.intro")}
      mainClassName="max-w-md px-4"
    >
      <Form method="post" {...getFormProps(form)} className="mt-6 flex flex-col gap-4">
        <input type="email" name="username" value={user.email} autoComplete="username" readOnly hidden />
        <FormAlert id={form.errorId} errors={form.errors} />
        <InputFor
          meta={fields.current_password}
          label={t("password.current")}
          type="password"
          autoComplete="current-password"
        />
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirm}
          labels={{ password: t("password.new"), confirm: t("password.confirm") }}
        />
        <Button type="submit" pending={navigation.state === "submitting"} pendingLabel={t("form.saving")}>
          {t("password.submit")}
        </Button>
      </Form>
    </OwnSettingsPage>
  );
}
