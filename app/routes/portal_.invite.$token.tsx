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
  acceptInvitation,
  findInvitation,
  InvitationUnusableError,
  PortalAccessError,
  type InvitationState,
} from "#app/models/portal-access.server.ts";
import { AcceptInvitationForm } from "#app/schemas/portal.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { checkPasswordPolicy } from "#app/utils/password-policy.server.ts";
import { invitationLimits } from "#app/web/rate-limit.server.ts";
import { clientIp, cookieSecure, sessionMeta } from "#app/web/request.server.ts";
import { sessionSetCookie } from "#app/web/session.server.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "mailPrefs.notOffered",
    "password.common",
    "password.hint",
    "password.mismatch",
    "password.personal",
    "password.tooLong",
    "password.tooShort",
    "portalCommitments.commentRequired",
    "portalInvite.",
    "portalPropose.dueInPast",
    "title.invitation",
    "validation.",
  ),
};

// The one-time invitation link. Outside the portal layout: the visitor is not
// signed in yet. The token alone names the invitation (only its hash is stored).

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return [...pageTitle(f, f.t("title.invitation")), { name: "referrer", content: "no-referrer" }];
};

type PageState = InvitationState | "throttled";
const STATUS: Record<PageState, number> = {
  valid: 200,
  unknown: 404,
  expired: 410,
  used: 410,
  revoked: 410,
  throttled: 429,
};

/**
 * Guessing tokens is bounded: every look at a link, and every attempt to
 * accept one, counts per client address and per token (a token is 32 random
 * bytes, so this is a second line of defence).
 */
function invitationAttempt(request: Request, token: string) {
  const limit = invitationLimits.check(clientIp(request), `invitation:${token.slice(0, 100)}`);
  return limit.allowed ? null : { "Retry-After": String(limit.retryAfterSeconds) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const throttled = invitationAttempt(request, params.token ?? "");
  if (throttled)
    return data({ state: "throttled" as PageState, invitation: null }, { status: 429, headers: throttled });
  const { state, invitation } = await findInvitation(db(), params.token ?? "");
  const shown =
    state === "valid" && invitation
      ? { name: invitation.stakeholder_name, account: invitation.account_name, email: invitation.email }
      : null;
  return data({ state: state as PageState, invitation: shown }, { status: STATUS[state] });
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const token = params.token ?? "";
  const formData = await request.formData();
  const throttled = invitationAttempt(request, token);
  if (throttled)
    return data({ state: "throttled" as PageState, result: undefined }, { status: 429, headers: throttled });
  const found = await findInvitation(db(), token);
  if (found.state !== "valid" || !found.invitation)
    return data({ state: found.state as PageState, result: undefined }, { status: STATUS[found.state] });
  const owner = { email: found.invitation.email, name: found.invitation.stakeholder_name };
  const schema = AcceptInvitationForm.superRefine(checkPasswordPolicy("password", owner));
  const submission = parseWithZod(formData, { schema, error: errorMap });
  if (submission.status !== "success") {
    return data({ state: null, result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  }
  try {
    const { session } = await db()
      .transaction()
      .execute((trx) =>
        acceptInvitation(trx, token, submission.value.password, { ...sessionMeta(request), ip, locale }),
      );
    const headers = new Headers();
    headers.append("Set-Cookie", await sessionSetCookie(session, cookieSecure(request)));
    headers.append("Set-Cookie", await setFlash(request, { kind: "success", message: t("portalInvite.welcome") }));
    return redirect("/portal", { headers });
  } catch (error) {
    if (error instanceof InvitationUnusableError) {
      return data({ state: error.state as PageState, result: undefined }, { status: STATUS[error.state] });
    }
    if (error instanceof PortalAccessError) {
      const result = submission.reply({
        formErrors: [t(`portalAccess.error.${error.code}`)],
        hideFields: ["password", "confirm"],
      });
      return data({ state: null, result }, { status: 400 });
    }
    throw error;
  }
}

const STATE_MESSAGE: Record<Exclude<PageState, "valid">, MessageKey> = {
  throttled: "portalInvite.throttled",
  expired: "portalInvite.expired",
  used: "portalInvite.used",
  revoked: "portalInvite.revoked",
  unknown: "portalInvite.unknown",
};

export default function AcceptInvitation() {
  const { state: loadedState, invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const state = actionData?.state ?? loadedState;
  const [form, fields] = useZodForm<typeof AcceptInvitationForm>("accept-invitation", {
    lastResult: actionData?.result,
  });
  return (
    <>
      <AppHeader user={null} />
      <main id="main" className="mx-auto mt-12 max-w-md px-4">
        <h1 className="text-2xl font-bold">{t("portalInvite.title")}</h1>
        {state !== "valid" || !invitation ? (
          <div className="mt-4" data-testid="invitation-state" data-state={state}>
            <p className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">
              {t(STATE_MESSAGE[state === "valid" ? "unknown" : state])}
            </p>
            <Link to="/login" className="mt-4 inline-block font-medium text-sky-800 underline">
              {t("portalInvite.signIn")}
            </Link>
          </div>
        ) : (
          <>
            <p className="mt-2 text-slate-700">
              {t("portalInvite.intro", { name: invitation.name, account: invitation.account })}
            </p>
            <p className="mt-1 text-slate-700">{t("portalInvite.emailIs", { email: invitation.email })}</p>
            <Form method="post" {...getFormProps(form)} className="mt-6 flex flex-col gap-4">
              <input type="email" name="username" value={invitation.email} autoComplete="username" readOnly hidden />
              <FormAlert id={form.errorId} errors={form.errors} />
              <Field
                label={t("portalInvite.password")}
                hint={t("password.hint")}
                inputProps={{
                  ...getInputProps(fields.password, { type: "password" }),
                  autoComplete: "new-password",
                  autoFocus: true,
                }}
                field={fields.password}
              />
              <Field
                label={t("portalInvite.confirm")}
                inputProps={{ ...getInputProps(fields.confirm, { type: "password" }), autoComplete: "new-password" }}
                field={fields.confirm}
              />
              <Button
                type="submit"
                pending={navigation.state === "submitting"}
                pendingLabel={t("portalInvite.submitting")}
                className="bg-sky-700 hover:bg-sky-800"
              >
                {t("portalInvite.submit")}
              </Button>
            </Form>
          </>
        )}
      </main>
    </>
  );
}
