import { getFormProps, getSelectProps } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button, FormAlert, SelectField } from "#app/components/ui/field.tsx";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { MailNote } from "#app/components/mail-note.tsx";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { mailSending } from "#app/utils/env.server.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import {
  changeUserRole,
  getInternalUser,
  issuePasswordReset,
  setUserDisabled,
  UserAdminError,
} from "#app/models/user-admin.server.ts";
import { RoleForm, StatusForm } from "#app/schemas/user-admin.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { conflictReply } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "adminNav.",
    "form.saving",
    "inbox.",
    "mailPrefs.notOffered",
    "outbox.",
    "userAdmin.",
    "validation.",
  ),
};

// One internal user: change their role, disable or re-enable them (disabling
// ends their sessions at once), or issue a new one-time password link. Each
// form carries the version it was shown, so two administrators never silently
// overwrite each other; the last active administrator cannot be removed.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, data?.user.name, f.t("userAdmin.title"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireRole(request, ["admin"] as const);
  const user = await getInternalUser(db(), parseId(params.userId));
  if (!user) notFound("error.noUser");
  return { user, isMe: user.id === me.id };
}

// After a lost race (409) the page reloads the user as now saved; the form keeps the choice made.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const me = await requireRole(request, ["admin"] as const);
  const userId = parseId(params.userId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const context = { actor: me, ip };
  const back = async (message: string) =>
    redirect(`/admin/users/${userId}`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });
  try {
    if (intent === "role") {
      const submission = parseWithZod(formData, { schema: RoleForm, error: errorMap });
      if (submission.status !== "success")
        return data({ intent, result: submission.reply(), link: null }, { status: 400 });
      try {
        await db()
          .transaction()
          .execute((trx) => changeUserRole(trx, context, userId, submission.value.role, submission.value.version));
      } catch (error) {
        if (error instanceof ConflictError) {
          const { result } = conflictReply(submission, locale, error, { role: t("userAdmin.role") });
          return data({ intent, result, link: null }, { status: 409 });
        }
        if (error instanceof UserAdminError) {
          return data(
            {
              intent,
              result: submission.reply({ fieldErrors: { role: [t(`userAdmin.error.${error.code}`)] } }),
              link: null,
            },
            { status: 400 },
          );
        }
        throw error;
      }
      return back(t("userAdmin.roleSaved"));
    }
    if (intent === "disable" || intent === "enable") {
      const submission = parseWithZod(formData, { schema: StatusForm, error: errorMap });
      if (submission.status !== "success") badRequest();
      try {
        await db()
          .transaction()
          .execute((trx) => setUserDisabled(trx, context, userId, intent === "disable", submission.value.version));
      } catch (error) {
        if (error instanceof ConflictError) {
          const result = submission.reply({
            formErrors: [t("form.conflict", { name: error.changedBy ?? t("userAdmin.someone") })],
          });
          return data({ intent, result, link: null }, { status: 409 });
        }
        if (error instanceof UserAdminError) {
          return data(
            { intent, result: submission.reply({ formErrors: [t(`userAdmin.error.${error.code}`)] }), link: null },
            { status: 400 },
          );
        }
        throw error;
      }
      return back(intent === "disable" ? t("userAdmin.disabledMsg") : t("userAdmin.enabledMsg"));
    }
    if (intent === "link") {
      const link = await db()
        .transaction()
        .execute((trx) => issuePasswordReset(trx, context, userId));
      const url = new URL(`/set-password/${link.token}`, request.url).toString();
      wakeOutboxWorker();
      return data(
        { intent, result: undefined, link: { url, expiresAt: link.expiresAt, mailed: mailSending() } },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
  } catch (error) {
    if (error instanceof NotFoundError) notFound("error.noUser");
    if (error instanceof ForbiddenError) throw await forbidden(request, me, error.key);
    throw error;
  }
  badRequest();
}

export default function UserPage() {
  const { user, isMe } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, date, dateTime } = useI18n();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [roleForm, roleFields] = useZodForm<typeof RoleForm>(`role-${user.id}`, {
    lastResult: actionData?.intent === "role" ? actionData.result : undefined,
    defaultValue: { role: user.role },
  });
  const statusErrors =
    actionData && (actionData.intent === "disable" || actionData.intent === "enable")
      ? actionData.result?.error?.[""]
      : undefined;
  const disabled = Boolean(user.disabled_at);
  return (
    <div className="max-w-3xl">
      <AdminNav />
      <Link to="/admin/users" className="text-sm text-brand-700 underline">
        ← {t("userAdmin.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{user.name}</h1>
      <p className="text-slate-700">
        {user.email} · {t(`role.${user.role}`)}{" "}
        {disabled ? (
          <Badge tone="bad">{t("userAdmin.disabledSince", { date: date(user.disabled_at) })}</Badge>
        ) : (
          <Badge tone="good">{t("userAdmin.active")}</Badge>
        )}
      </p>
      <p className="mt-1 text-sm text-slate-700" data-testid="live-sessions">
        {t("userAdmin.liveSessions", { count: user.live_sessions })} ·{" "}
        <Link to={`/admin/audit?user=${user.id}`} className="text-brand-700 underline">
          {t("userAdmin.auditLink")}
        </Link>
      </p>

      <section aria-labelledby="role-heading" className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="role-heading" className="mb-3 font-semibold">
          {t("userAdmin.roleHeading")}
        </h2>
        <Form method="post" {...getFormProps(roleForm)} className="flex flex-wrap items-end gap-4">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="version" value={user.version} />
          <div className="w-full">
            <FormAlert id={roleForm.errorId} errors={roleForm.errors} />
          </div>
          <SelectField
            label={t("userAdmin.role")}
            selectProps={getSelectProps(roleFields.role)}
            options={INTERNAL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            field={roleFields.role}
          />
          <Button type="submit" pending={busy("role")} pendingLabel={t("form.saving")}>
            {t("userAdmin.saveRole")}
          </Button>
        </Form>
      </section>

      <section
        aria-labelledby="status-heading"
        className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="status-heading" className="mb-1 font-semibold">
          {t("userAdmin.statusHeading")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">
          {disabled ? t("userAdmin.enableHelp") : t(isMe ? "userAdmin.disableSelfHelp" : "userAdmin.disableHelp")}
        </p>
        <Form
          method="post"
          className="flex flex-col gap-3"
          aria-describedby={statusErrors ? "status-errors" : undefined}
        >
          <FormAlert id="status-errors" errors={statusErrors ?? undefined} />
          <input type="hidden" name="version" value={user.version} />
          <div>
            <button
              type="submit"
              name="intent"
              value={disabled ? "enable" : "disable"}
              disabled={busy("disable") || busy("enable")}
              className={`rounded-md px-4 py-2 font-semibold text-white disabled:opacity-60 ${disabled ? "bg-brand-700" : "bg-red-700"}`}
            >
              {disabled ? t("userAdmin.enable") : t("userAdmin.disable")}
            </button>
          </div>
        </Form>
      </section>

      {disabled ? null : (
        <section
          aria-labelledby="link-heading"
          className="mt-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
        >
          <h2 id="link-heading" className="mb-1 font-semibold">
            {t("userAdmin.linkHeading")}
          </h2>
          <p className="mb-3 text-sm text-slate-700">{t("userAdmin.linkHelp")}</p>
          {actionData?.link ? (
            <div
              role="status"
              className="mb-3 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200"
              data-testid="password-link"
            >
              <p className="break-all font-mono text-sm">
                <a href={actionData.link.url}>{actionData.link.url}</a>
              </p>
              <p className="mt-1 text-sm">
                {t("userAdmin.linkExpires", { date: dateTime(actionData.link.expiresAt) })}
              </p>
              <MailNote mailed={actionData.link.mailed} email={user.email} />
            </div>
          ) : null}
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="link"
              disabled={busy("link")}
              className="rounded-md border border-brand-700 px-4 py-2 font-semibold text-brand-800 disabled:opacity-60"
            >
              {t("userAdmin.newLink")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
