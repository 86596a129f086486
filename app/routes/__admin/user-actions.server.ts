import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { wakeOutboxWorker } from "#app/models/outbox-worker.server.ts";
import { changeUserRole, issuePasswordReset, setUserDisabled, UserAdminError } from "#app/models/user-admin.server.ts";
import { RoleForm, StatusForm } from "#app/schemas/user-admin.ts";
import { db } from "#app/utils/db.server.ts";
import { mailSending } from "#app/utils/env.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import type { actionContext } from "#app/web/actions.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { conflictReply } from "#app/web/forms.server.ts";

// One internal user's forms (app/routes/_app.admin.users.$userId.tsx), one
// function an intent: each saves against the version the form was shown and
// answers a refusal (a lost race, the last active administrator) on its form.
// The route has checked the role; it turns NotFoundError and ForbiddenError
// into their pages.

export interface UserActionContext extends Awaited<ReturnType<typeof actionContext>> {
  request: Request;
  userId: string;
  actor: Parameters<typeof changeUserRole>[1]["actor"];
}

/** Back to the user's page with a message of what was done. */
async function back({ request, userId }: UserActionContext, message: string) {
  return redirect(`/admin/users/${userId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export async function saveRole(context: UserActionContext, formData: FormData) {
  const { t, locale, errorMap, actor, ip, userId } = context;
  const intent = "role" as const;
  const submission = parseWithZod(formData, { schema: RoleForm, error: errorMap });
  if (submission.status !== "success") return data({ intent, result: submission.reply(), link: null }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => changeUserRole(trx, { actor, ip }, userId, submission.value.role, submission.value.version));
  } catch (error) {
    if (error instanceof ConflictError) {
      const { result } = conflictReply(submission, locale, error, { role: t("userAdmin.role") });
      return data({ intent, result, link: null }, { status: 409 });
    }
    if (!(error instanceof UserAdminError)) throw error;
    const result = submission.reply({ fieldErrors: { role: [t(`userAdmin.error.${error.code}`)] } });
    return data({ intent, result, link: null }, { status: 400 });
  }
  return back(context, t("userAdmin.roleSaved"));
}

/** Disable (which ends the user's sessions at once) or enable again. */
export async function saveStatus(context: UserActionContext, formData: FormData, intent: "disable" | "enable") {
  const { t, errorMap, actor, ip, userId } = context;
  const submission = parseWithZod(formData, { schema: StatusForm, error: errorMap });
  if (submission.status !== "success") badRequest();
  try {
    await db()
      .transaction()
      .execute((trx) => setUserDisabled(trx, { actor, ip }, userId, intent === "disable", submission.value.version));
  } catch (error) {
    if (error instanceof ConflictError) {
      const result = submission.reply({
        formErrors: [t("form.conflict", { name: error.changedBy ?? t("userAdmin.someone") })],
      });
      return data({ intent, result, link: null }, { status: 409 });
    }
    if (!(error instanceof UserAdminError)) throw error;
    const result = submission.reply({ formErrors: [t(`userAdmin.error.${error.code}`)] });
    return data({ intent, result, link: null }, { status: 400 });
  }
  return back(context, intent === "disable" ? t("userAdmin.disabledMsg") : t("userAdmin.enabledMsg"));
}

/** A new one-time link to set a password, in this one response only (never cached). */
export async function newPasswordLink({ request, actor, ip, userId }: UserActionContext) {
  const link = await db()
    .transaction()
    .execute((trx) => issuePasswordReset(trx, { actor, ip }, userId));
  const url = new URL(`/set-password/${link.token}`, request.url).toString();
  wakeOutboxWorker();
  return data(
    { intent: "link" as const, result: undefined, link: { url, expiresAt: link.expiresAt, mailed: mailSending() } },
    { headers: { "Cache-Control": "no-store" } },
  );
}
