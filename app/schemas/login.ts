import { z } from "zod";
import type { Translate } from "#app/i18n/index.ts";

// The sign-in form.

/** The sign-in form; its two messages are the page's own. */
export function loginSchema(t: Translate) {
  return z.object({
    email: z.email({ error: t("login.emailInvalid") }).max(254),
    password: z.string({ error: t("login.passwordRequired") }).min(1, t("login.passwordRequired")).max(1000),
    redirectTo: z.string().optional(),
  });
}
