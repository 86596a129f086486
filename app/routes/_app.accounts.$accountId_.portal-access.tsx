import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { canManagePortalAccess } from "#app/domain/permissions.ts";
import { AccountSections } from "#app/components/account-sections.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listPortalAccess } from "#app/models/portal-access.server.ts";
import { npsQuestionOpen } from "#app/models/nps-again.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { requireAccountRight } from "./__account/account-right.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { Panel } from "#app/components/ui/panel.tsx";
import { PortalLife } from "#app/components/portal-life.tsx";
import { awaitingConfirmation, listPortalLife } from "#app/models/portal-life.server.ts";
import { portalAccessIntent } from "#app/routes/__portal/access-actions.server.ts";
import {
  InvitationLink,
  InvitePanel,
  PendingInvitations,
  PortalPeople,
} from "#app/routes/__portal/access-sections.tsx";

// Who from this account may use the customer portal. Every member of staff may
// look; the account's own KAM or an administrator invites and ends access.

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.portalAccess");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const portal = await listPortalAccess(db(), accountId);
  const [life, awaiting] = [await listPortalLife(db(), accountId), await awaitingConfirmation(db(), accountId)];
  return {
    life,
    awaiting,
    account: { id: account.id, name: account.name },
    ...portal,
    // Whether each person's NPS question is open now, open because asked again, or closed for now.
    access: portal.access.map((a) => {
      const answered = a.nps_answered_at ? new Date(a.nps_answered_at) : null;
      const askedAgain = Boolean(a.nps_asked_again_at && answered && a.nps_asked_again_at > answered);
      const npsState = askedAgain ? "askedAgain" : npsQuestionOpen(answered, null) ? "open" : "closed";
      return { ...a, npsState: npsState as "askedAgain" | "open" | "closed" };
    }),
    me: user.name,
    canManage: canManagePortalAccess(user, account),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { user, accountId } = await requireAccountRight(request, params, {
    may: canManagePortalAccess,
    refusal: "error.portalAccessRights",
  });
  const context = await actionContext(request);
  const formData = await request.formData();
  try {
    const answer = await portalAccessIntent({ ...context, request, user, accountId, formData });
    if (answer) return answer;
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.key, { accountId });
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  badRequest();
}

export default function PortalAccessPage() {
  const { account, access, invitations, invitable, canManage, me, life, awaiting } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="flex max-w-4xl flex-col gap-8">
      <div>
        <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
          ← {t("ledger.backTo", { name: account.name })}
        </Link>
        <h1 className="mt-2 text-2xl font-bold break-words">{t("portalAccess.title", { name: account.name })}</h1>
        <div className="mt-3">
          <AccountSections accountId={account.id} current="portalAccess" />
        </div>
        <p className="mt-1 text-slate-700">{t("portalAccess.intro")}</p>
        {canManage ? null : <p className="mt-2 rounded-md bg-slate-100 p-3 text-sm">{t("portalAccess.readOnly")}</p>}
      </div>

      {actionData?.invitation ? (
        <InvitationLink invitation={actionData.invitation} account={account.name} me={me} />
      ) : null}

      <PortalLife life={life} awaiting={awaiting} />

      {canManage ? (
        <Panel id="invite" title={t("portalAccess.invite")} className="">
          <InvitePanel invitable={invitable} lastResult={actionData?.invitation ? undefined : actionData?.result} />
        </Panel>
      ) : null}

      <Panel id="pending" title={t("portalAccess.pending")} className="">
        <PendingInvitations invitations={invitations} canManage={canManage} />
      </Panel>

      <Panel id="people" title={t("portalAccess.people")} className="">
        <PortalPeople access={access} canManage={canManage} />
      </Panel>
    </div>
  );
}
