import { formatters, type Locale } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/i18n/locale.server.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { clientIp } from "./request.server.ts";

/** What every action needs to know about the request besides its form. */
export async function actionContext(request: Request) {
  const locale: Locale = await resolveLocale(request);
  const f = formatters(locale);
  return { locale, t: f.t, errorMap: zodErrorMap(f.t), ip: clientIp(request) };
}
