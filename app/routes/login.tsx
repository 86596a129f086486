import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { AppHeader } from "#app/components/app-header.tsx";
import { Button, ErrorList } from "#app/components/ui/field.tsx";
import { formatters } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { recordThrottledSignIn, signIn } from "#app/models/users.server.ts";
import { checkAuthLimit } from "#app/web/rate-limit.server.ts";
import { homeFor } from "#app/web/auth.server.ts";
import { clientIp, cookieSecure, sessionMeta } from "#app/web/request.server.ts";
import { getSessionUser, safeRedirect, sessionSetCookie } from "#app/web/session.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { requirePost } from "#app/web/actions.server.ts";
import type { PageHandle } from "#app/root.tsx";
import { loginSchema } from "#app/schemas/login.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";

// A plain-HTML page: its form posts without JavaScript, so it sends none (app/root.tsx).
export const handle: PageHandle = { hydrate: false };

export const meta: MetaFunction = titleMeta("title.signIn");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(homeFor(user.role));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const { t } = formatters(await resolveLocale(request));
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema(t) });
  const ip = clientIp(request);
  const attemptedEmail = formData.get("email");
  const limit = checkAuthLimit(ip, typeof attemptedEmail === "string" ? attemptedEmail.slice(0, 254) : null);
  if (!limit.allowed) {
    await recordThrottledSignIn(typeof attemptedEmail === "string" ? attemptedEmail : "", ip);
    return data(
      submission.reply({
        formErrors: [t("login.tooMany", { seconds: limit.retryAfterSeconds })],
        hideFields: ["password"],
      }),
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn(email, password, sessionMeta(request));
  if (!result) {
    return data(submission.reply({ formErrors: [t("login.failed")], hideFields: ["password"] }), { status: 401 });
  }
  const home = homeFor(result.user.role);
  // A customer is only ever sent to the portal, whatever redirectTo says.
  const target = result.user.role === "customer" ? home : safeRedirect(redirectTo, home);
  return redirect(target, { headers: { "Set-Cookie": await sessionSetCookie(result.session, cookieSecure(request)) } });
}

export default function LoginPage() {
  const { t } = useI18n();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useZodForm<ReturnType<typeof loginSchema>>("login", { lastResult });
  // A refused sign-in empties the password, as the server-rendered page (without JavaScript) does.
  const passwordId = fields.password.id;
  useEffect(() => {
    const input = lastResult ? document.getElementById(passwordId) : null;
    if (input instanceof HTMLInputElement) input.value = "";
  }, [lastResult, passwordId]);
  return (
    <>
      <AppHeader user={null} />
      <main id="main" className="mx-auto mt-16 max-w-sm px-4">
        <h1 className="text-2xl font-bold">{t("login.title")}</h1>
        <p className="mt-2 text-slate-700">{t("login.intro")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-8 flex flex-col gap-4">
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <InputFor meta={fields.email} label={t("login.email")} type="email" autoComplete="username" autoFocus />
          <InputFor
            meta={fields.password}
            label={t("login.password")}
            type="password"
            autoComplete="current-password"
          />
          <ErrorList field={form} />
          <Button type="submit" pending={navigation.state === "submitting"} pendingLabel={t("login.submitting")}>
            {t("login.submit")}
          </Button>
        </Form>
      </main>
    </>
  );
}
