import type { LoaderFunctionArgs } from "@remix-run/node";
// csv-stringify (the `csv` project by Adaltas, MIT, no dependencies, maintained
// since 2010) quotes and escapes by RFC 4180 — commas, quotes and line breaks in
// account names — so we do not hand-roll an escaper. Its sync API turns one
// keyset batch into text; the stream below pulls the next batch only when the
// client has taken the previous one.
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "#app/domain/spreadsheet.ts";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { formatters, type Translate } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { portfolioBatches, portfolioScope, type PortfolioRow } from "#app/models/portfolio.server.ts";
import { parsePortfolioView } from "#app/schemas/portfolio.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
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
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // The byte-order mark makes spreadsheet programs read the file as UTF-8 (ä, ö, €).
      controller.enqueue(encoder.encode(`\uFEFF${stringify([header(t).map(neutraliseFormula)])}`));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(next.value.map((row) => record(row, t).map((v) => (typeof v === "string" ? neutraliseFormula(v) : v))))));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kohtaamo-portfolio-${scope.today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
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
