import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { revalidateAfterConflict } from "#app/web/revalidate.ts";
import { AdminNav } from "#app/components/admin-nav.tsx";
import { getInternalUser } from "#app/models/user-admin.server.ts";
import { postAsAdmin } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireRole } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { parseId } from "#app/web/params.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { PasswordLinkPanel, RolePanel, StatusPanel, UserHeader } from "#app/routes/__admin/user-panels.tsx";
import { newPasswordLink, saveRole, saveStatus } from "#app/routes/__admin/user-actions.server.ts";

// One internal user: change their role, disable or re-enable them (disabling
// ends their sessions at once), or issue a new one-time password link. Each
// form carries the version it was shown, so two administrators never silently
// overwrite each other; the last active administrator cannot be removed.

export const meta: MetaFunction<typeof loader> = recordMeta("userAdmin.title", (data, f) => [
  data.user.name,
  f.t("userAdmin.title"),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireRole(request, ["admin"] as const);
  const user = await getInternalUser(db(), parseId(params.userId));
  if (!user) notFound("error.noUser");
  return { user, isMe: user.id === me.id };
}

// After a lost race (409) the page reloads the user as now saved; the form keeps the choice made.
export const shouldRevalidate = revalidateAfterConflict;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: me, formData, ...posted } = await postAsAdmin(request);
  const context = { ...posted, request, userId: parseId(params.userId), actor: me };
  const intent = formData.get("intent");
  try {
    if (intent === "role") return await saveRole(context, formData);
    if (intent === "disable" || intent === "enable") return await saveStatus(context, formData, intent);
    if (intent === "link") return await newPasswordLink(context);
  } catch (error) {
    if (error instanceof NotFoundError) notFound("error.noUser");
    if (error instanceof ForbiddenError) throw await forbidden(request, me, error.key);
    throw error;
  }
  badRequest();
}

export default function UserPage() {
  const { user, isMe } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <AdminNav />
      <UserHeader user={user} />
      <RolePanel user={user} reply={reply} />
      <StatusPanel user={user} isMe={isMe} reply={reply} />
      {user.disabled_at ? null : <PasswordLinkPanel user={user} reply={reply} />}
    </div>
  );
}
