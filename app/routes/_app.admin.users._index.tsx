import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MailNote } from "#app/components/mail-note.tsx";
import { mailSending } from "#app/utils/env.server.ts";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button, Field, FormAlert, SelectField } from "#app/components/ui/field.tsx";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { createInternalUser, listInternalUsers, UserAdminError } from "#app/models/user-admin.server.ts";
import { CreateUserForm } from "#app/schemas/user-admin.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { forbidden, requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages("adminNav.", "inbox.", "mailPrefs.notOffered", "outbox.", "userAdmin.", "validation."),
};

// Internal users (administrators, directors, KAMs): who they are, their role,
// whether they are active. A new user gets a one-time link to set their own
// password; the administrator never types or sees it.

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("userAdmin.title"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return { users: await listInternalUsers(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireRole(request, ["admin"] as const);
  const { t, errorMap, ip } = await actionContext(request);
  const submission = parseWithZod(await request.formData(), { schema: CreateUserForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const created = await db()
      .transaction()
      .execute((trx) => createInternalUser(trx, { actor: user, ip }, submission.value));
    const link = new URL(`/set-password/${created.token}`, request.url).toString();
    wakeOutboxWorker();
    // The link is in this one response only: never cached, never stored in clear.
    return data(
      {
        result: submission.reply({ resetForm: true }),
        created: {
          id: created.user.id,
          name: created.user.name,
          email: created.user.email,
          link,
          expiresAt: created.expiresAt,
          mailed: mailSending(),
        },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (error instanceof UserAdminError) {
      return data(
        { result: submission.reply({ fieldErrors: { email: [t(`userAdmin.error.${error.code}`)] } }), created: null },
        { status: 400 },
      );
    }
    if (error instanceof ForbiddenError) throw await forbidden(request, user, error.key);
    throw error;
  }
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, date, dateTime } = useI18n();
  const [form, fields] = useZodForm<typeof CreateUserForm>("create-user", {
    lastResult: actionData?.created ? undefined : actionData?.result,
    defaultValue: { role: "kam" },
  });
  return (
    <div className="max-w-5xl">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("userAdmin.title")}</h1>
      <p className="mt-1 text-slate-700">{t("userAdmin.intro")}</p>

      {actionData?.created ? (
        <section
          role="status"
          className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4"
          data-testid="password-link"
        >
          <h2 className="font-semibold">{t("userAdmin.createdHeading", { name: actionData.created.name })}</h2>
          <p className="mt-2 break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200">
            <a href={actionData.created.link}>{actionData.created.link}</a>
          </p>
          <p className="mt-2 text-sm text-slate-800">
            {t("userAdmin.linkOnce", { email: actionData.created.email, date: dateTime(actionData.created.expiresAt) })}
          </p>
          <MailNote mailed={actionData.created.mailed} email={actionData.created.email} />
        </section>
      ) : null}

      <section
        aria-labelledby="new-user-heading"
        className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="new-user-heading" className="mb-3 font-semibold">
          {t("userAdmin.create")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-3">
          <div className="sm:col-span-3">
            <FormAlert id={form.errorId} errors={form.errors} />
          </div>
          <Field
            label={t("userAdmin.name")}
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }}
            field={fields.name}
          />
          <Field
            label={t("userAdmin.email")}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }}
            field={fields.email}
          />
          <SelectField
            label={t("userAdmin.role")}
            selectProps={getSelectProps(fields.role)}
            options={INTERNAL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            field={fields.role}
          />
          <div className="sm:col-span-3">
            <Button type="submit" pending={navigation.state === "submitting"} pendingLabel={t("userAdmin.creating")}>
              {t("userAdmin.createSubmit")}
            </Button>
          </div>
        </Form>
      </section>

      <div className="mt-6 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="users-table">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("userAdmin.name")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("userAdmin.email")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("userAdmin.role")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("userAdmin.status")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("userAdmin.sessions")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <td className="px-3 py-2">
                  <Link to={`/admin/users/${u.id}`} className="font-medium text-brand-700 underline">
                    {u.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">{t(`role.${u.role}`)}</td>
                <td className="px-3 py-2">
                  {u.disabled_at ? (
                    <Badge tone="bad">{t("userAdmin.disabledSince", { date: date(u.disabled_at) })}</Badge>
                  ) : (
                    <Badge tone="good">{t("userAdmin.active")}</Badge>
                  )}
                </td>
                <td className="px-3 py-2">{u.live_sessions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
