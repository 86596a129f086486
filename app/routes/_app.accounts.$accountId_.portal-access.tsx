import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MailNote } from "#app/components/mail-note.tsx";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { mailSending } from "#app/utils/env.server.ts";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button, FormAlert, SelectField } from "#app/components/ui/field.tsx";
import { canManagePortalAccess } from "#app/domain/permissions.ts";
import type { Translate } from "#app/i18n/index.ts";
import { ACCOUNT_SECTIONS_MESSAGES, AccountSections } from "#app/components/account-sections.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import {
  createInvitation,
  listPortalAccess,
  PortalAccessError,
  revokeAccess,
  revokeInvitation,
} from "#app/models/portal-access.server.ts";
import { askNpsAgain, NpsAgainError, npsQuestionOpen } from "#app/models/nps-again.server.ts";
import { AskNpsAgainForm, InviteForm, RevokeAccessForm, RevokeInvitationForm } from "#app/schemas/portal.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { invitationLimits } from "#app/web/rate-limit.server.ts";
import { Panel } from "#app/components/ui/panel.tsx";
import { PortalLife } from "#app/components/portal-life.tsx";
import { awaitingConfirmation, listPortalLife } from "#app/models/portal-life.server.ts";
import { Table } from "#app/components/ui/table.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...ACCOUNT_SECTIONS_MESSAGES,
    "inbox.",
    "invite.",
    "ledger.backTo",
    "mailPrefs.notOffered",
    "npsAgain.",
    "outbox.",
    "password.mismatch",
    "portalAccess.",
    "portalCommitments.commentRequired",
    "portalLife.",
    "portalPropose.dueInPast",
    "portalTouchpoint.",
    "table.",
    "title.portalAccess",
    "validation.",
  ),
};

// Who from this account may use the customer portal. Every member of staff may
// look; the account's own KAM or an administrator invites and ends access.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.portalAccess"), data?.account.name);
};

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
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canManagePortalAccess(user, account))
    throw await forbidden(request, user, "error.portalAccessRights", { accountId });
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const context = { actor: user, ip };
  const done = async (message: string) =>
    redirect(`/accounts/${accountId}/portal-access`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });

  try {
    if (intent === "invite") {
      const submission = parseWithZod(formData, { schema: InviteForm, error: errorMap });
      // Sending is limited per client address and per member of staff, like accepting.
      const limit = invitationLimits.check(ip, `inviter:${user.id}`);
      if (!limit.allowed) {
        const result = submission.reply({
          formErrors: [t("portalAccess.tooMany", { seconds: limit.retryAfterSeconds })],
        });
        return data(
          { result, invitation: null },
          { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
        );
      }
      if (submission.status !== "success")
        return data({ result: submission.reply(), invitation: null }, { status: 400 });
      try {
        const created = await db()
          .transaction()
          .execute((trx) => createInvitation(trx, context, accountId, submission.value.stakeholder_id));
        const link = new URL(`/portal/invite/${created.token}`, request.url).toString();
        wakeOutboxWorker();
        // The link is in this one response only: never cached, never stored.
        return data(
          {
            result: submission.reply({ resetForm: true }),
            invitation: {
              link,
              email: created.invitation.email,
              name: created.stakeholderName,
              expiresAt: created.invitation.expires_at,
              mailed: mailSending(),
            },
          },
          { headers: { "Cache-Control": "no-store" } },
        );
      } catch (error) {
        if (error instanceof PortalAccessError) {
          const result = submission.reply({ fieldErrors: { stakeholder_id: [t(`portalAccess.error.${error.code}`)] } });
          return data({ result, invitation: null }, { status: 400 });
        }
        throw error;
      }
    }
    if (intent === "revoke") {
      const parsed = RevokeAccessForm.safeParse(Object.fromEntries(formData));
      if (!parsed.success) badRequest();
      await db()
        .transaction()
        .execute((trx) => revokeAccess(trx, context, accountId, parsed.data.user_id));
      return done(t("portalAccess.revokedMsg"));
    }
    if (intent === "ask_nps") {
      const parsed = AskNpsAgainForm.safeParse(Object.fromEntries(formData));
      if (!parsed.success) badRequest();
      try {
        const { name } = await db()
          .transaction()
          .execute((trx) => askNpsAgain(trx, context, accountId, parsed.data.stakeholder_id));
        return done(t("npsAgain.done", { name }));
      } catch (error) {
        if (!(error instanceof NpsAgainError)) throw error;
        const message = t(error.code === "left" ? "npsAgain.left" : "npsAgain.noPortal", { name: error.personName });
        return redirect(`/accounts/${accountId}/portal-access`, {
          headers: { "Set-Cookie": await setFlash(request, { kind: "error", message }) },
        });
      }
    }
    if (intent === "revoke_invitation") {
      const parsed = RevokeInvitationForm.safeParse(Object.fromEntries(formData));
      if (!parsed.success) badRequest();
      await db()
        .transaction()
        .execute((trx) => revokeInvitation(trx, context, accountId, parsed.data.invitation_id));
      return done(t("portalAccess.invitationRevokedMsg"));
    }
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
  const { t, date, dateTime } = useI18n();
  const live = access.filter((a) => a.revoked_at === null);
  const ended = access.filter((a) => a.revoked_at !== null);
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
        <section
          role="status"
          aria-labelledby="link-heading"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-4"
          data-testid="invitation-link"
        >
          <h2 id="link-heading" className="font-semibold">
            {t("portalAccess.linkHeading", { name: actionData.invitation.name })}
          </h2>
          <p className="mt-2 break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200">
            <a href={actionData.invitation.link}>{actionData.invitation.link}</a>
          </p>
          <p className="mt-2 text-sm text-slate-800">
            {t("portalAccess.linkOnce", {
              email: actionData.invitation.email,
              date: dateTime(actionData.invitation.expiresAt),
            })}
          </p>
          <MailNote mailed={actionData.invitation.mailed} email={actionData.invitation.email} />
          <p className="mt-2">
            <a
              href={invitationMail(actionData.invitation, { account: account.name, sender: me, t, dateTime })}
              className="font-medium text-brand-700 underline"
              data-testid="invitation-mailto"
            >
              {t("invite.mail")}
            </a>
          </p>
        </section>
      ) : null}

      <PortalLife life={life} awaiting={awaiting} />

      {canManage ? (
        <Panel id="invite" title={t("portalAccess.invite")} className="">
          <InvitePanel invitable={invitable} lastResult={actionData?.invitation ? undefined : actionData?.result} />
        </Panel>
      ) : null}

      <Panel id="pending" title={t("portalAccess.pending")} className="">
        {invitations.length ? (
          <Table
            head={[
              t("portalAccess.col.person"),
              t("portalAccess.col.email"),
              t("portalAccess.col.invitedBy"),
              t("portalAccess.col.expires"),
              <span key="actions" className="sr-only">
                {t("table.actions")}
              </span>,
            ]}
            labelledBy="pending-heading"
          >
            {invitations.map((i) => (
              <tr key={i.id} className="border-t border-slate-200">
                <td className="py-2 pr-3">{i.stakeholder_name}</td>
                <td className="py-2 pr-3">{i.email}</td>
                <td className="py-2 pr-3">{i.created_by_name ?? "—"}</td>
                <td className="py-2 pr-3">{dateTime(i.expires_at)}</td>
                <td className="py-2 text-right">
                  {canManage ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke_invitation" />
                      <input type="hidden" name="invitation_id" value={i.id} />
                      <button type="submit" className="text-sm text-red-800 underline">
                        {t("portalAccess.revokeInvitation")}
                        <span className="sr-only">: {i.stakeholder_name}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="text-slate-700">{t("portalAccess.pendingEmpty")}</p>
        )}
      </Panel>

      <Panel id="people" title={t("portalAccess.people")} className="">
        {access.length ? (
          <Table
            head={[
              t("portalAccess.col.person"),
              t("portalAccess.col.email"),
              t("portalAccess.col.since"),
              t("portalAccess.col.by"),
              t("portalAccess.col.status"),
              <span key="actions" className="sr-only">
                {t("table.actions")}
              </span>,
            ]}
            labelledBy="people-heading"
          >
            {[...live, ...ended].map((a) => (
              <tr key={a.user_id} className="border-t border-slate-200" data-testid="portal-user">
                <td className="py-2 pr-3">
                  {a.stakeholder_name}
                  {a.stakeholder_title ? <span className="text-slate-600"> · {a.stakeholder_title}</span> : null}
                </td>
                <td className="py-2 pr-3">{a.email}</td>
                <td className="py-2 pr-3">{date(a.created_at)}</td>
                <td className="py-2 pr-3">{a.granted_by_name ?? "—"}</td>
                <td className="py-2 pr-3">
                  {a.revoked_at ? (
                    <Badge>{t("portalAccess.revokedOn", { date: date(a.revoked_at) })}</Badge>
                  ) : (
                    <Badge tone="good">{t("portalAccess.active")}</Badge>
                  )}
                </td>
                <td className="py-2 text-right">
                  {!a.revoked_at && a.npsState === "askedAgain" && a.nps_asked_again_at ? (
                    <p className="text-xs text-slate-700">
                      {t("npsAgain.pending", { date: date(a.nps_asked_again_at) })}
                    </p>
                  ) : null}
                  {canManage && !a.revoked_at && a.npsState === "closed" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="ask_nps" />
                      <input type="hidden" name="stakeholder_id" value={a.stakeholder_id} />
                      <button type="submit" className="text-sm text-brand-700 underline">
                        {t("npsAgain.ask")}
                        <span className="sr-only">: {a.stakeholder_name}</span>
                      </button>
                    </Form>
                  ) : null}
                  {canManage && !a.revoked_at ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="user_id" value={a.user_id} />
                      <button type="submit" className="text-sm text-red-800 underline">
                        {t("portalAccess.revoke")}
                        <span className="sr-only">: {a.stakeholder_name}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="text-slate-700">{t("portalAccess.peopleEmpty")}</p>
        )}
      </Panel>
    </div>
  );
}

function InvitePanel({
  invitable,
  lastResult,
}: {
  invitable: { id: string; name: string; title: string; email: string | null }[];
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const pending = useIsPending("invite");
  const [form, fields] = useZodForm<typeof InviteForm>("invite", { lastResult });
  const withEmail = invitable.filter((s) => s.email);
  if (!withEmail.length) return <p className="text-slate-700">{t("portalAccess.nobody")}</p>;
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
      <input type="hidden" name="intent" value="invite" />
      <FormAlert id={form.errorId} errors={form.errors} />
      <SelectField
        label={t("portalAccess.stakeholder")}
        selectProps={getSelectProps(fields.stakeholder_id)}
        placeholder=""
        options={withEmail.map((s) => ({
          value: s.id,
          label: `${s.name}${s.title ? `, ${s.title}` : ""} · ${s.email}`,
        }))}
        field={fields.stakeholder_id}
      />
      {invitable.length > withEmail.length ? (
        <p className="-mt-2 text-xs text-slate-600">
          {invitable
            .filter((s) => !s.email)
            .map((s) => t("portalAccess.noEmailOption", { name: s.name }))
            .join(", ")}
        </p>
      ) : null}
      <div>
        <Button type="submit" pending={pending} pendingLabel={t("portalAccess.creating")}>
          {t("portalAccess.create")}
        </Button>
      </div>
    </Form>
  );
}

/** A mailto: link with the invitation written out in the inviter's language; Kohtaamo itself sends nothing. */
function invitationMail(
  invitation: { link: string; email: string; name: string; expiresAt: Date | string },
  {
    account,
    sender,
    t,
    dateTime,
  }: { account: string; sender: string; t: Translate; dateTime: (d: Date | string) => string },
): string {
  const subject = t("invite.mailSubject", { account });
  const body = t("invite.mailBody", {
    name: invitation.name,
    date: dateTime(invitation.expiresAt),
    link: invitation.link,
    sender,
  });
  return `mailto:${invitation.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
