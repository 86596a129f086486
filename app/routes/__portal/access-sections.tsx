import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { OneTimeLink } from "#app/components/mail-note.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button, FormAlert, SelectField } from "#app/components/ui/field.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { Table } from "#app/components/ui/table.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import type { Translate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { InviteForm } from "#app/schemas/portal.ts";

// The portal access page's parts (staff side): the invitation link just made,
// the invite form, pending invitations and the people with access, each row's
// actions for the account's KAM or an administrator.

export interface InvitationView {
  /** Shown to an administrator only (canHoldInvitationLink); null for the account's KAM. */
  link: string | null;
  email: string;
  name: string;
  expiresAt: Date | string;
  mailed: boolean;
}

/**
 * The invitation just made. An administrator gets its link, shown once, with a
 * ready mail in their language; the account's KAM only where it went (it goes
 * to the person alone, by e-mail, or waits in the outbox for an administrator).
 */
export function InvitationLink({
  invitation,
  account,
  me,
}: {
  invitation: InvitationView;
  account: string;
  me: string;
}) {
  const { t, dateTime } = useI18n();
  const { link } = invitation;
  const until = dateTime(invitation.expiresAt);
  return (
    <section
      role="status"
      aria-labelledby="link-heading"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4"
      data-testid="invitation-link"
    >
      <h2 id="link-heading" className="font-semibold">
        {t(link ? "portalAccess.linkHeading" : "portalAccess.sentHeading", { name: invitation.name })}
      </h2>
      {link ? (
        <>
          <OneTimeLink
            made={{ ...invitation, link }}
            until={t("portalAccess.linkOnce", { email: invitation.email, date: until })}
          />
          <p className="mt-2">
            <a
              href={invitationMail({ ...invitation, link }, { account, sender: me, t, dateTime })}
              className="font-medium text-brand-700 underline"
              data-testid="invitation-mailto"
            >
              {t("invite.mail")}
            </a>
          </p>
        </>
      ) : (
        <>
          <p className="mt-2 text-sm text-slate-800" data-testid="mail-note">
            {t(invitation.mailed ? "portalAccess.sentMailed" : "portalAccess.sentHeld", {
              email: invitation.email,
              date: until,
            })}
          </p>
          <p className="mt-2 text-sm text-slate-800">{t("portalAccess.sentWhy")}</p>
        </>
      )}
    </section>
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

/** One action on a table row: a small form posting `intent` for the row's record, its button naming the person. */
function RowAction({
  intent,
  name,
  value,
  label,
  who,
  danger = false,
}: {
  intent: string;
  name: string;
  value: string;
  label: string;
  who: string;
  danger?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={name} value={value} />
      <button type="submit" className={`text-sm underline ${danger ? "text-red-800" : "text-brand-700"}`}>
        {label}
        <span className="sr-only">: {who}</span>
      </button>
    </Form>
  );
}

/** The header of a table whose last column holds each row's actions. */
function withActions(t: Translate, head: string[]) {
  return [
    ...head,
    <span key="actions" className="sr-only">
      {t("table.actions")}
    </span>,
  ];
}

export interface PendingInvitationView {
  id: string;
  stakeholder_name: string;
  email: string;
  created_by_name: string | null;
  expires_at: Date | string;
}

export function PendingInvitations({
  invitations,
  canManage,
}: {
  invitations: PendingInvitationView[];
  canManage: boolean;
}) {
  const { t, dateTime } = useI18n();
  if (!invitations.length) return <p className="text-slate-700">{t("portalAccess.pendingEmpty")}</p>;
  const head = [
    t("portalAccess.col.person"),
    t("portalAccess.col.email"),
    t("portalAccess.col.invitedBy"),
    t("portalAccess.col.expires"),
  ];
  return (
    <Table head={withActions(t, head)} labelledBy="pending-heading">
      {invitations.map((i) => (
        <tr key={i.id} className="border-t border-slate-200">
          <td className="py-2 pr-3">{i.stakeholder_name}</td>
          <td className="py-2 pr-3">{i.email}</td>
          <td className="py-2 pr-3">{i.created_by_name ?? "—"}</td>
          <td className="py-2 pr-3">{dateTime(i.expires_at)}</td>
          <td className="py-2 text-right">
            {canManage ? (
              <RowAction
                intent="revoke_invitation"
                name="invitation_id"
                value={i.id}
                label={t("portalAccess.revokeInvitation")}
                who={i.stakeholder_name}
                danger
              />
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export interface PortalPersonView {
  user_id: string;
  stakeholder_id: string;
  stakeholder_name: string;
  stakeholder_title: string | null;
  email: string;
  created_at: Date | string;
  granted_by_name: string | null;
  revoked_at: Date | string | null;
  nps_asked_again_at: Date | string | null;
  npsState: "askedAgain" | "open" | "closed";
}

/** The people with access, those still using it first; asking the NPS question again and ending access. */
export function PortalPeople({ access, canManage }: { access: PortalPersonView[]; canManage: boolean }) {
  const { t, date } = useI18n();
  if (!access.length) return <p className="text-slate-700">{t("portalAccess.peopleEmpty")}</p>;
  const live = access.filter((a) => a.revoked_at === null);
  const ended = access.filter((a) => a.revoked_at !== null);
  const head = [
    t("portalAccess.col.person"),
    t("portalAccess.col.email"),
    t("portalAccess.col.since"),
    t("portalAccess.col.by"),
    t("portalAccess.col.status"),
  ];
  return (
    <Table head={withActions(t, head)} labelledBy="people-heading">
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
              <p className="text-xs text-slate-700">{t("npsAgain.pending", { date: date(a.nps_asked_again_at) })}</p>
            ) : null}
            {canManage && !a.revoked_at && a.npsState === "closed" ? (
              <RowAction
                intent="ask_nps"
                name="stakeholder_id"
                value={a.stakeholder_id}
                label={t("npsAgain.ask")}
                who={a.stakeholder_name}
              />
            ) : null}
            {canManage && !a.revoked_at ? (
              <RowAction
                intent="revoke"
                name="user_id"
                value={a.user_id}
                label={t("portalAccess.revoke")}
                who={a.stakeholder_name}
                danger
              />
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function InvitePanel({
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
