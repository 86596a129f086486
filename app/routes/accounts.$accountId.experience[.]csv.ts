import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseExperiencePeriod } from "#app/domain/experience.ts";
import { canViewAccount } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { forbidden } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { csvResponse } from "#app/web/csv.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { db } from "#app/utils/db.server.ts";
import { experienceCsvHeader, experienceCsvRows } from "./__experience/csv.ts";

/** The account's treated well × resolved cells over the period of the URL (?months=), as its Experience section shows them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const months = parseExperiencePeriod(new URL(request.url).searchParams.get("months"));
  const experience = await loadExperience(db(), { accountId }, { today: calendarDate(), months });
  const { t } = formatters(await resolveLocale(request));
  return csvResponse(`kohtaamo-experience-${account.external_id ?? account.id}.csv`, experienceCsvHeader(t), experienceCsvRows(t, experience));
}
