import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { MailNote } from "#app/components/mail-note.tsx";
import { FormAlert } from "#app/components/ui/field.tsx";
import { IntentForm } from "#app/components/ui/intent-form.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { action, loader } from "#app/routes/_app.admin.users.$userId.tsx";
import type { RoleForm } from "#app/schemas/user-admin.ts";
import { PostButton } from "./post-button.tsx";
import { RoleSelect, UserStatusBadge } from "./user-admin.tsx";

// One internal user's page: who they are, and a panel for each thing an
// administrator does to them (their role; disable or enable; a new one-time
// password link). Every form works without JavaScript.

type User = ReturnType<typeof useLoaderData<typeof loader>>["user"];
type Reply = ReturnType<typeof useActionData<typeof action>>;

export function UserHeader({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <>
      <Link to="/admin/users" className="text-sm text-brand-700 underline">
        ← {t("userAdmin.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{user.name}</h1>
      <p className="text-slate-700">
        {user.email} · {t(`role.${user.role}`)} <UserStatusBadge disabledAt={user.disabled_at} />
      </p>
      <p className="mt-1 text-sm text-slate-700" data-testid="live-sessions">
        {t("userAdmin.liveSessions", { count: user.live_sessions })} ·{" "}
        <Link to={`/admin/audit?user=${user.id}`} className="text-brand-700 underline">
          {t("userAdmin.auditLink")}
        </Link>
      </p>
    </>
  );
}

export function RolePanel({ user, reply }: { user: User; reply: Reply }) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof RoleForm>(`role-${user.id}`, {
    lastResult: reply?.intent === "role" ? reply.result : undefined,
    defaultValue: { role: user.role },
  });
  return (
    <Panel id="role" title={t("userAdmin.roleHeading")} className="mt-6">
      <IntentForm form={form} intent="role" version={user.version} submitLabel={t("userAdmin.saveRole")}>
        <RoleSelect field={fields.role} />
      </IntentForm>
    </Panel>
  );
}

/** Disable the user (their sessions end at once) or enable them again. */
export function StatusPanel({ user, isMe, reply }: { user: User; isMe: boolean; reply: Reply }) {
  const { t } = useI18n();
  const disabling = useIsPending("disable");
  const enabling = useIsPending("enable");
  const errors =
    reply && (reply.intent === "disable" || reply.intent === "enable") ? reply.result?.error?.[""] : undefined;
  const disabled = Boolean(user.disabled_at);
  const help = disabled ? t("userAdmin.enableHelp") : t(isMe ? "userAdmin.disableSelfHelp" : "userAdmin.disableHelp");
  return (
    <Panel id="status" title={t("userAdmin.statusHeading")} help={help} className="mt-6">
      <Form method="post" className="flex flex-col gap-3" aria-describedby={errors ? "status-errors" : undefined}>
        <FormAlert id="status-errors" errors={errors ?? undefined} />
        <input type="hidden" name="version" value={user.version} />
        <div>
          <button
            type="submit"
            name="intent"
            value={disabled ? "enable" : "disable"}
            disabled={disabling || enabling}
            className={`rounded-md px-4 py-2 font-semibold text-white disabled:opacity-60 ${disabled ? "bg-brand-700" : "bg-red-700"}`}
          >
            {disabled ? t("userAdmin.enable") : t("userAdmin.disable")}
          </button>
        </div>
      </Form>
    </Panel>
  );
}

/** A new one-time link to set a password; the link just made is shown here once. */
export function PasswordLinkPanel({ user, reply }: { user: User; reply: Reply }) {
  const { t, dateTime } = useI18n();
  const pending = useIsPending("link");
  const link = reply?.link;
  return (
    <Panel id="link" title={t("userAdmin.linkHeading")} help={t("userAdmin.linkHelp")} className="mt-6">
      {link ? (
        <div
          role="status"
          className="mb-3 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200"
          data-testid="password-link"
        >
          <p className="break-all font-mono text-sm">
            <a href={link.url}>{link.url}</a>
          </p>
          <p className="mt-1 text-sm">{t("userAdmin.linkExpires", { date: dateTime(link.expiresAt) })}</p>
          <MailNote mailed={link.mailed} email={user.email} />
        </div>
      ) : null}
      <PostButton intent="link" pending={pending} className="!bg-white !text-brand-800 ring-1 ring-brand-700">
        {t("userAdmin.newLink")}
      </PostButton>
    </Panel>
  );
}
