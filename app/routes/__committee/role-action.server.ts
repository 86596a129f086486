import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { RoleReply } from "#app/components/role-buttons.tsx";
import type { Actor } from "#app/domain/permissions.ts";
import type { CommitteeRole } from "#app/domain/vocabulary.ts";
import { formatters, type Locale } from "#app/i18n/index.ts";
import { setStakeholderRole } from "#app/models/stakeholder-changes.server.ts";
import { RoleForm } from "#app/schemas/stakeholder.ts";
import type { actionContext } from "#app/web/actions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";

/**
 * The one-click role change (intent=role) wherever the committee table is: the
 * account page and the committee page. Version-checked: a role someone else
 * saved meanwhile is answered with 409 and what they saved. On success the
 * browser goes back to `back` (with the person's row in view) and a flash says so.
 */
export async function changeRole(
  request: Request,
  formData: FormData,
  { actor, accountId, back, context }: {
    actor: Actor;
    accountId: string;
    back: URL;
    context: Awaited<ReturnType<typeof actionContext>>;
  },
) {
  const { t, locale, errorMap, ip } = context;
  const stakeholderId = parseId(String(formData.get("stakeholder_id") ?? ""));
  const submission = parseWithZod(formData, { schema: RoleForm, error: errorMap });
  if (submission.status !== "success") {
    return data({ role: { stakeholderId, result: submission.reply() } satisfies RoleReply }, { status: 400 });
  }
  let name: string;
  try {
    const saved = await db()
      .transaction()
      .execute((trx) => setStakeholderRole(trx, { actor, ip, t }, accountId, stakeholderId, submission.value));
    name = saved.name;
  } catch (error) {
    const { status, ...reply } = await writeErrorReply(error, submission, {
      request,
      actor,
      locale,
      accountId,
      labels: { committee_role: t("committee.role") },
      shown: (_field, _value, current) => roleLabel(locale, current.committee_role),
      notFound: "error.noPerson",
    });
    return data({ role: { stakeholderId, ...reply } satisfies RoleReply }, { status });
  }
  back.searchParams.delete("index");
  const search = back.searchParams.toString();
  return redirect(`${back.pathname}${search ? `?${search}` : ""}#person-${stakeholderId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("committee.roleChanged", { name }) }) },
  });
}

function roleLabel(locale: Locale, role: unknown): string {
  const { t } = formatters(locale);
  return typeof role === "string" && role ? t(`committeeRole.${role as CommitteeRole}`) : t("committee.noRole");
}
