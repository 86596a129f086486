import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "#app/i18n/index.ts";
import { localeCookie } from "#app/i18n/locale.server.ts";
import { db } from "#app/utils/db.server.ts";
import { getSessionUser, safeRedirect } from "#app/utils/session.server.ts";

export const LocaleForm = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LocaleForm.safeParse(form);
  if (!parsed.success) throw new Response("Unknown language.", { status: 400 });
  const user = await getSessionUser(request);
  if (user) {
    await db().updateTable("users").set({ locale: parsed.data.locale }).where("id", "=", user.id).execute();
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

export function loader() {
  return redirect("/");
}
