import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { LinkPage, LinkUnusable, NewPasswordForm } from "#app/components/one-time-link-page.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  findPasswordLink,
  PasswordLinkUnusableError,
  usePasswordLink,
} from "#app/models/password-links.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { homeFor } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { redirectWithSession } from "#app/web/flash.server.ts";
import {
  choosePasswordAttempt,
  linkRefused,
  lookAtLink,
  type LinkPageState,
} from "#app/web/one-time-link.server.ts";
import { sessionMeta } from "#app/web/request.server.ts";
import { linkPageMeta } from "#app/i18n/meta.ts";

// The one-time link an administrator gives a member of staff to set their own
// password (the first one, or after losing it). The token alone names the
// link; only its hash is stored. Looks and attempts are limited like portal
// invitations, per client address and per token.

export const meta: MetaFunction = linkPageMeta("setPassword.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { state, shown, init } = await lookAtLink(request, {
    kind: "password-link",
    token: params.token ?? "",
    find: (token) => findPasswordLink(db(), token),
    shown: (link) => ({ name: link.name, email: link.email }),
  });
  return data({ state, user: shown }, init);
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { t, errorMap } = await actionContext(request);
  const token = params.token ?? "";
  const attempt = await choosePasswordAttempt(request, {
    kind: "password-link",
    token,
    errorMap,
    find: (token) => findPasswordLink(db(), token),
    owner: (link) => ({ email: link.email, name: link.name }),
  });
  if ("answer" in attempt) return attempt.answer;
  const password = attempt.submission.value.password;
  try {
    const { session, user } = await db()
      .transaction()
      .execute((trx) => usePasswordLink(trx, token, password, sessionMeta(request)));
    return redirectWithSession(request, homeFor(user.role), session, t("setPassword.done"));
  } catch (error) {
    if (error instanceof PasswordLinkUnusableError)
      return linkRefused(error.state);
    throw error;
  }
}

const STATE_MESSAGE: Record<Exclude<LinkPageState, "valid">, MessageKey> = {
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
  const state = actionData?.state ?? loadedState;
  return (
    <LinkPage title={t("setPassword.title")}>
      {state !== "valid" || !user ? (
        <LinkUnusable
          testId="password-link-state"
          state={state}
          message={t(STATE_MESSAGE[state === "valid" ? "unknown" : state])}
          signIn={t("portalInvite.signIn")}
          linkClassName="text-brand-700"
        />
      ) : (
        <>
          <p className="mt-2 text-slate-700">{t("setPassword.intro", { name: user.name, email: user.email })}</p>
          <NewPasswordForm
            id="set-password"
            lastResult={actionData?.result}
            email={user.email}
            labels={{
              password: t("password.new"),
              confirm: t("password.confirm"),
              submit: t("setPassword.submit"),
              submitting: t("form.saving"),
            }}
          />
        </>
      )}
    </LinkPage>
  );
}
