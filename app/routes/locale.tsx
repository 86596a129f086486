import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localeSetCookie } from "#app/web/locale.server.ts";
import { db } from "#app/utils/db.server.ts";
import { getSessionUser, safeRedirect } from "#app/web/session.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { requirePost } from "#app/web/actions.server.ts";
import { LocaleForm } from "#app/schemas/locale.ts";

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = LocaleForm.safeParse(form);
  if (!parsed.success) badRequest("error.unknownLanguage");
  const user = await getSessionUser(request);
  if (user) {
    await db().updateTable("users").set({ locale: parsed.data.locale }).where("id", "=", user.id).execute();
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeSetCookie(request, parsed.data.locale) },
  });
}

export function loader() {
  return redirect("/");
}
