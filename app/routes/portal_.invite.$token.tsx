import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { LinkPage, LinkUnusable, NewPasswordForm } from "#app/components/one-time-link-page.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  acceptInvitation,
  findInvitation,
  InvitationUnusableError,
  PortalAccessError,
} from "#app/models/portal-access.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { redirectWithSession } from "#app/web/flash.server.ts";
import { linkPageMeta } from "#app/i18n/meta.ts";
import {
  choosePasswordAttempt,
  type LinkPageState,
  linkRefused,
  lookAtLink,
  passwordReply,
} from "#app/web/one-time-link.server.ts";
import { sessionMeta } from "#app/web/request.server.ts";

// The one-time invitation link. Outside the portal layout: the visitor is not
// signed in yet. The token alone names the invitation (only its hash is stored).

export const meta: MetaFunction = linkPageMeta("title.invitation");

// Guessing tokens is bounded: every look at a link, and every attempt to
// accept one, counts per client address and per token (a token is 32 random
// bytes, so this is a second line of defence).

/** The invitation the token names, as the link pages look a link up. */
async function findLink(token: string) {
  const { state, invitation } = await findInvitation(db(), token);
  return { state, link: invitation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { state, shown, init } = await lookAtLink(request, {
    kind: "invitation",
    token: params.token ?? "",
    find: findLink,
    shown: (invitation) => ({
      name: invitation.stakeholder_name,
      account: invitation.account_name,
      email: invitation.email,
    }),
  });
  return data({ state, invitation: shown }, init);
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const token = params.token ?? "";
  const attempt = await choosePasswordAttempt(request, {
    kind: "invitation",
    token,
    errorMap,
    find: findLink,
    owner: (invitation) => ({ email: invitation.email, name: invitation.stakeholder_name }),
  });
  if ("answer" in attempt) return attempt.answer;
  const { submission } = attempt;
  try {
    const { session } = await db()
      .transaction()
      .execute((trx) =>
        acceptInvitation(trx, token, submission.value.password, { ...sessionMeta(request), ip, locale }),
      );
    return redirectWithSession(request, "/portal", session, t("portalInvite.welcome"));
  } catch (error) {
    if (error instanceof InvitationUnusableError) {
      return linkRefused(error.state);
    }
    if (error instanceof PortalAccessError) {
      const result = submission.reply({
        formErrors: [t(`portalAccess.error.${error.code}`)],
        hideFields: ["password", "confirm"],
      });
      return passwordReply(result);
    }
    throw error;
  }
}

const STATE_MESSAGE: Record<Exclude<LinkPageState, "valid">, MessageKey> = {
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
  const state = actionData?.state ?? loadedState;
  return (
    <LinkPage title={t("portalInvite.title")}>
      {state !== "valid" || !invitation ? (
        <LinkUnusable
          testId="invitation-state"
          state={state}
          message={t(STATE_MESSAGE[state === "valid" ? "unknown" : state])}
          signIn={t("portalInvite.signIn")}
          linkClassName="text-sky-800"
        />
      ) : (
        <>
          <p className="mt-2 text-slate-700">
            {t("portalInvite.intro", { name: invitation.name, account: invitation.account })}
          </p>
          <p className="mt-1 text-slate-700">{t("portalInvite.emailIs", { email: invitation.email })}</p>
          <NewPasswordForm
            id="accept-invitation"
            lastResult={actionData?.result}
            email={invitation.email}
            labels={{
              password: t("portalInvite.password"),
              confirm: t("portalInvite.confirm"),
              submit: t("portalInvite.submit"),
              submitting: t("portalInvite.submitting"),
            }}
            buttonClassName="bg-sky-700 hover:bg-sky-800"
          />
        </>
      )}
    </LinkPage>
  );
}
