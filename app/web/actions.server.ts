import { formatters, type Locale } from "#app/i18n/index.ts";
import { resolveLocale } from "./locale.server.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { requireRole } from "./auth.server.ts";
import { clientIp } from "./request.server.ts";

/**
 * Changes are made only by POST: an action asked with PUT, PATCH or DELETE is
 * answered 405 before anything else is read. Every route action (the token API
 * aside, which answers per method) calls this first.
 */
export function requirePost(request: Request): void {
  if (request.method.toUpperCase() !== "POST") {
    throw new Response("Use POST to change data.", {
      status: 405,
      statusText: "Method Not Allowed",
      headers: { Allow: "POST" },
    });
  }
}

/** What every action needs to know about the request besides its form. */
export async function actionContext(request: Request) {
  const locale: Locale = await resolveLocale(request);
  const f = formatters(locale);
  return { locale, t: f.t, errorMap: zodErrorMap(f.t), ip: clientIp(request) };
}

/** The request's side of an action: language, translator, validation messages, client address. */
export type ActionContext = Awaited<ReturnType<typeof actionContext>>;

/**
 * The head of an action: a POST only (405 else), the user `guard` lets through
 * (e.g. requireInternalUser, requirePortalUser; it refuses everyone else), the
 * action's context, then the form posted.
 */
export async function postAs<U>(request: Request, guard: (request: Request) => Promise<U>) {
  requirePost(request);
  const user = await guard(request);
  const context = await actionContext(request);
  return { user, ...context, formData: await request.formData() };
}

/** The head of an action on an administrators' page: postAs with an administrator only (403 else). */
export function postAsAdmin(request: Request) {
  return postAs(request, (request) => requireRole(request, ["admin"] as const));
}
