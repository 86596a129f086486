import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseExperiencePeriod } from "#app/domain/experience.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters } from "#app/i18n/index.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { csvResponse } from "#app/web/csv.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { requirePortfolioOwner } from "#app/web/portfolio-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { experienceCsvHeader, experienceCsvRows } from "./__experience/csv.ts";

/** The pooled treated well × resolved cells (the portfolio, or ?kam=; a KAM always their own), as the page shows them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { params, ownerId } = await requirePortfolioOwner(request);
  const months = parseExperiencePeriod(params.get("months"));
  const experience = await loadExperience(db(), { ownerId }, { today: calendarDate(), months });
  const { t } = formatters(await resolveLocale(request));
  return csvResponse("kohtaamo-portfolio-experience.csv", experienceCsvHeader(t), experienceCsvRows(t, experience));
}
