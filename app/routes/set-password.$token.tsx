import { getFormProps, getInputProps } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { Button, Field, FormAlert } from "#app/components/ui/field.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  findPasswordLink,
  PasswordLinkUnusableError,
  usePasswordLink,
  type PasswordLinkState,
} from "#app/models/password-links.server.ts";
import { SetPasswordForm } from "#app/schemas/password.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { homeFor } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { checkPasswordPolicy } from "#app/utils/password-policy.server.ts";
import { invitationLimits } from "#app/web/rate-limit.server.ts";
import { clientIp, cookieSecure, sessionMeta } from "#app/web/request.server.ts";
import { sessionSetCookie } from "#app/web/session.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export const handle: PageHandle = {
  messages: pageMessages("form.saving", "mailPrefs.notOffered", "password.", "portalInvite.signIn", "setPassword."),
};

// The one-time link an administrator gives a member of staff to set their own
// password (the first one, or after losing it). The token alone names the
// link; only its hash is stored. Looks and attempts are limited like portal
// invitations, per client address and per token.

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return [...pageTitle(f, f.t("setPassword.title")), { name: "referrer", content: "no-referrer" }];
};

type PageState = PasswordLinkState | "throttled";
const STATUS: Record<PageState, number> = {
  valid: 200,
  unknown: 404,
  expired: 410,
  used: 410,
  revoked: 410,
  throttled: 429,
};

function attempt(request: Request, token: string) {
  const limit = invitationLimits.check(clientIp(request), `password-link:${token.slice(0, 100)}`);
  return limit.allowed ? null : { "Retry-After": String(limit.retryAfterSeconds) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const throttled = attempt(request, params.token ?? "");
  if (throttled) return data({ state: "throttled" as PageState, user: null }, { status: 429, headers: throttled });
  const { state, link } = await findPasswordLink(db(), params.token ?? "");
  const user = state === "valid" && link ? { name: link.name, email: link.email } : null;
  return data({ state: state as PageState, user }, { status: STATUS[state] });
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { t, errorMap } = await actionContext(request);
  const token = params.token ?? "";
  const formData = await request.formData();
  const throttled = attempt(request, token);
  if (throttled)
    return data({ state: "throttled" as PageState, result: undefined }, { status: 429, headers: throttled });
  const found = await findPasswordLink(db(), token);
  if (found.state !== "valid" || !found.link)
    return data({ state: found.state as PageState, result: undefined }, { status: STATUS[found.state] });
  const schema = SetPasswordForm.superRefine(
    checkPasswordPolicy("password", { email: found.link.email, name: found.link.name }),
  );
  const submission = parseWithZod(formData, { schema, error: errorMap });
  if (submission.status !== "success") {
    return data({ state: null, result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  }
  try {
    const { session, user } = await db()
      .transaction()
      .execute((trx) => usePasswordLink(trx, token, submission.value.password, sessionMeta(request)));
    const headers = new Headers();
    headers.append("Set-Cookie", await sessionSetCookie(session, cookieSecure(request)));
    headers.append("Set-Cookie", await setFlash(request, { kind: "success", message: t("setPassword.done") }));
    return redirect(homeFor(user.role), { headers });
  } catch (error) {
    if (error instanceof PasswordLinkUnusableError)
      return data({ state: error.state as PageState, result: undefined }, { status: STATUS[error.state] });
    throw error;
  }
}

const STATE_MESSAGE: Record<Exclude<PageState, "valid">, MessageKey> = {
  throttled: "setPassword.throttled",
  expired: "setPassword.expired",
  used: "setPassword.used",
  revoked: "setPassword.revoked",
  unknown: "setPassword.unknown",
};

export default function SetPasswordPage() {
  const { state: loadedState, user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const state = actionData?.state ?? loadedState;
  const [form, fields] = useZodForm<typeof SetPasswordForm>("set-password", { lastResult: actionData?.result });
  return (
    <>
      <AppHeader user={null} />
      <main id="main" className="mx-auto mt-12 max-w-md px-4">
        <h1 className="text-2xl font-bold">{t("setPassword.title")}</h1>
        {state !== "valid" || !user ? (
          <div className="mt-4" data-testid="password-link-state" data-state={state}>
            <p className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">
              {t(STATE_MESSAGE[state === "valid" ? "unknown" : state])}
            </p>
            <Link to="/login" className="mt-4 inline-block font-medium text-brand-700 underline">
              {t("portalInvite.signIn")}
            </Link>
          </div>
        ) : (
          <>
            <p className="mt-2 text-slate-700">{t("setPassword.intro", { name: user.name, email: user.email })}</p>
            <Form method="post" {...getFormProps(form)} className="mt-6 flex flex-col gap-4">
              <input type="email" name="username" value={user.email} autoComplete="username" readOnly hidden />
              <FormAlert id={form.errorId} errors={form.errors} />
              <Field
                label={t("password.new")}
                hint={t("password.hint")}
                inputProps={{
                  ...getInputProps(fields.password, { type: "password" }),
                  autoComplete: "new-password",
                  autoFocus: true,
                }}
                field={fields.password}
              />
              <Field
                label={t("password.confirm")}
                inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }}
                field={fields.confirm}
              />
              <Button type="submit" pending={navigation.state === "submitting"} pendingLabel={t("form.saving")}>
                {t("setPassword.submit")}
              </Button>
            </Form>
          </>
        )}
      </main>
    </>
  );
}
