import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { mailSending } from "#app/utils/env.server.ts";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { createInternalUser, listInternalUsers, UserAdminError } from "#app/models/user-admin.server.ts";
import { CreateUserForm } from "#app/schemas/user-admin.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { forbidden, requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { CreatedUserNote, NewUserPanel, UsersTable } from "#app/routes/__admin/users-sections.tsx";

// Internal users (administrators, directors, KAMs): who they are, their role,
// whether they are active. A new user gets a one-time link to set their own
// password; the administrator never types or sees it.

export const meta: MetaFunction = titleMeta("userAdmin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"] as const);
  return { users: await listInternalUsers(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData } = await postAsAdmin(request);
  const submission = parseWithZod(formData, { schema: CreateUserForm, error: errorMap });
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
  const { t } = useI18n();
  return (
    <div className="max-w-5xl">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t("userAdmin.title")}</h1>
      <p className="mt-1 text-slate-700">{t("userAdmin.intro")}</p>
      {actionData?.created ? <CreatedUserNote created={actionData.created} /> : null}
      <NewUserPanel lastResult={actionData?.created ? undefined : actionData?.result} />
      <UsersTable users={users} />
    </div>
  );
}
