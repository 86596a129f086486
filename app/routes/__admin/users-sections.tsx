import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { OneTimeLink } from "#app/components/mail-note.tsx";
import { Button, FormAlert } from "#app/components/ui/field.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { Table } from "#app/components/ui/table.tsx";
import { useIsPending } from "#app/components/ui/pending.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.admin.users._index.tsx";
import type { CreateUserForm } from "#app/schemas/user-admin.ts";
import { RoleSelect, UserStatusBadge } from "./user-admin.tsx";
import { InputFor } from "#app/components/ui/select-for.tsx";

// The list of internal users: the one-time link of a user just made, the
// form that makes one, and the table of users with their role and status.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** A user just made: their one-time link to set a password, shown in this response only. */
export interface CreatedUserView {
  name: string;
  email: string;
  link: string;
  expiresAt: Date | string;
  mailed: boolean;
}

export function CreatedUserNote({ created }: { created: CreatedUserView }) {
  const { t, dateTime } = useI18n();
  return (
    <section
      role="status"
      className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4"
      data-testid="password-link"
    >
      <h2 className="font-semibold">{t("userAdmin.createdHeading", { name: created.name })}</h2>
      <OneTimeLink
        made={created}
        until={t("userAdmin.linkOnce", { email: created.email, date: dateTime(created.expiresAt) })}
      />
    </section>
  );
}

/** Name, address and role of a new user; a refused one comes back with what was typed. */
export function NewUserPanel({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const pending = useIsPending();
  const [form, fields] = useZodForm<typeof CreateUserForm>("create-user", {
    lastResult,
    defaultValue: { role: "kam" },
  });
  return (
    <Panel id="new-user" title={t("userAdmin.create")} className="mt-6">
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-3">
          <FormAlert id={form.errorId} errors={form.errors} />
        </div>
        <InputFor meta={fields.name} label={t("userAdmin.name")} type="text" autoComplete="off" />
        <InputFor meta={fields.email} label={t("userAdmin.email")} type="email" autoComplete="off" />
        <RoleSelect field={fields.role} />
        <div className="sm:col-span-3">
          <Button type="submit" pending={pending} pendingLabel={t("userAdmin.creating")}>
            {t("userAdmin.createSubmit")}
          </Button>
        </div>
      </Form>
    </Panel>
  );
}

export function UsersTable({ users }: { users: Data["users"] }) {
  const { t } = useI18n();
  const head = [
    t("userAdmin.name"),
    t("userAdmin.email"),
    t("userAdmin.role"),
    t("userAdmin.status"),
    t("userAdmin.sessions"),
  ];
  return (
    <div className="mt-6">
      <Table head={head} testId="users-table">
        {users.map((u) => (
          <tr key={u.id} className="border-t border-slate-200 align-top" data-testid="user-row">
            <td className="py-2 pr-3">
              <Link to={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline">
                {u.name}
              </Link>
            </td>
            <td className="py-2 pr-3">{u.email}</td>
            <td className="py-2 pr-3">{t(`role.${u.role}`)}</td>
            <td className="py-2 pr-3">
              <UserStatusBadge disabledAt={u.disabled_at} />
            </td>
            <td className="py-2 pr-3">{u.live_sessions}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
