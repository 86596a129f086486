import type { LoaderFunctionArgs } from "@remix-run/node";
import { experienceWindow, parseExperiencePeriod } from "#app/domain/experience.ts";
import { canViewAccount } from "#app/domain/permissions.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { dateOf } from "#app/domain/dates.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { loadDisconfirmation } from "#app/models/experience-ratings.server.ts";
import { forbidden } from "#app/web/auth.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { db } from "#app/utils/db.server.ts";

/**
 * The customer's ratings against what they expected over the period of the URL
 * (?months=), as the account's Experience section shows them: one row per
 * month (below, as, above, the balance; empty when not enough data), in the
 * reader's language, numbers machine-readable.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const months = parseExperiencePeriod(new URL(request.url).searchParams.get("months"));
  const figures = await loadDisconfirmation(db(), accountId, experienceWindow(calendarDate(), months));
  const { t } = formatters(await resolveLocale(request));
  const header = [t("expected.csv.month"), t("expected.csv.below"), t("expected.csv.as"), t("expected.csv.above"), t("expected.csv.ratings"), t("expected.csv.balance")];
  const rows: CsvCell[][] = [
    ...figures.byMonth.map((m) => [m.month, m.below, m.as, m.above, m.ratings, m.balance]),
    [t("expected.csv.total"), figures.balance.below, figures.balance.as, figures.balance.above, figures.balance.ratings, figures.balance.balance],
    [],
    [t("expected.csv.ratedOn"), t("expected.csv.who"), t("expected.csv.what"), t("expected.csv.rating"), t("expected.csv.word")],
    ...figures.latest.map((r) => [
      dateOf(r.rated_at, TIME_ZONE),
      r.stakeholder_name ?? "",
      r.subject_title ?? "",
      t(`portalExpected.rating.${r.rating}` as MessageKey),
      r.word,
    ]),
  ];
  return csvResponse(
    `kohtaamo-expected-${account.external_id ?? account.id}.csv`,
    header,
    (async function* () {
      yield rows;
    })(),
  );
}
