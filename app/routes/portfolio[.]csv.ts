import type { LoaderFunctionArgs } from "@remix-run/node";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { formatters, type Translate } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { portfolioBatches, portfolioScope, type PortfolioRow } from "#app/models/portfolio.server.ts";
import { parsePortfolioView } from "#app/schemas/portfolio.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { csvResponse, type CsvCell } from "#app/web/csv.server.ts";
import { db } from "#app/utils/db.server.ts";

/** How many accounts one query reads and one chunk of the response carries. */
const BATCH_SIZE = 500;

/**
 * The portfolio as it is on screen — the same filters, scope and order from the
 * URL — as CSV, every page of it. Headers and labels in the user's language;
 * numbers and dates machine-readable (dot decimals, ISO dates).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const view = parsePortfolioView(new URL(request.url).searchParams);
  const scope = portfolioScope(user, view, new Date());
  const { t } = formatters(await resolveLocale(request));
  const batches = portfolioBatches(db(), scope, { sort: view.sort, dir: view.dir, limit: BATCH_SIZE });
  return csvResponse(`kohtaamo-portfolio-${scope.today}.csv`, header(t), records(batches, t));
}

/** Each batch of accounts as the file's rows (the batches' own cleanup runs if the download stops). */
async function* records(batches: AsyncGenerator<PortfolioRow[]>, t: Translate): AsyncGenerator<CsvCell[][]> {
  for await (const batch of batches) yield batch.map((r) => record(r, t));
}

function header(t: Translate): string[] {
  return [
    t("portfolio.col.account"),
    t("portfolio.col.tier"),
    t("portfolio.col.stage"),
    t("portfolio.col.band"),
    t("portfolio.col.health"),
    t("portfolio.col.trend"),
    t("portfolio.col.predictability"),
    t("portfolio.col.predictabilitySample"),
    t("portfolio.col.nps"),
    t("portfolio.col.npsRespondents"),
    t("portfolio.col.coverage"),
    t("portfolio.col.singleThreaded"),
    t("portfolio.col.value"),
    t("portfolio.col.currency"),
    t("portfolio.col.renewal"),
    t("portfolio.col.signals"),
    t("portfolio.col.kam"),
    "id",
  ];
}

function record(r: PortfolioRow, t: Translate): (string | number)[] {
  const opt = (v: string | number | null | undefined) => (v == null ? "" : v);
  return [
    r.name,
    t(`tier.${r.tier as Tier}`),
    t(`stage.${r.lifecycle_stage as LifecycleStage}`),
    r.band ? t(`health.band.${r.band}`) : t("portfolio.unscored"),
    opt(r.health),
    opt(r.health_delta),
    opt(r.predictability),
    r.predictability_sample ?? 0,
    opt(r.nps),
    r.nps_respondents ?? 0,
    opt(r.coverage),
    r.single_threaded == null ? "" : r.single_threaded ? 1 : 0,
    opt(r.contract_value),
    r.currency,
    opt(r.renewal_date),
    r.open_signals ?? 0,
    r.owner_name,
    r.id,
  ];
}
