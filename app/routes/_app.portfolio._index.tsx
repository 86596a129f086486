import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { PooledPredictabilityFigures } from "#app/components/pooled-predictability.tsx";
import { Pager, PortfolioFilterForm, PortfolioTable } from "#app/components/portfolio-table.tsx";
import { Card } from "#app/components/ui/panel.tsx";
import { canViewKamPage, portfolioOwnerScope } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listPortfolio, pooledPredictability, portfolioScope, portfolioSummary } from "#app/models/portfolio.server.ts";
import { pooledWindow } from "#app/models/surprises.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { hasPortfolioFilters, parsePortfolioView } from "#app/schemas/portfolio.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { KamComparisonTable, PortfolioTotals } from "#app/routes/__portfolio/portfolio-sections.tsx";

export const meta: MetaFunction = titleMeta("title.portfolio");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const view = parsePortfolioView(new URL(request.url).searchParams);
  const ownOnly = portfolioOwnerScope(user) !== null;
  const scope = portfolioScope(user, view, new Date());
  // The whole visible portfolio (a KAM's own accounts for a KAM), whatever the
  // table's filters: one aggregate over account_scores.
  // One pass over the view's scores gives the totals and the KAM comparison, and
  // the pooled figure too when the view is unfiltered (else that is its own sum).
  const filtered = hasPortfolioFilters(view);
  const [page, summary, wholePortfolio, { months }, managers] = await Promise.all([
    listPortfolio(db(), scope, { sort: view.sort, dir: view.dir, cursor: view.cursor, limit: view.size }),
    portfolioSummary(db(), scope),
    filtered ? pooledPredictability(db(), { ownerId: portfolioOwnerScope(user), today: scope.today }) : null,
    pooledWindow(db(), scope.today),
    ownOnly ? Promise.resolve([]) : listAccountManagers(db()),
  ]);
  const totals = summary.totals;
  const predictability = wholePortfolio ?? summary.predictability;
  // The comparison shows each KAM's predictability with its sample: only those travel to the page.
  const kams = ownOnly
    ? []
    : summary.kams.map(({ predictability: p, ...k }) => ({
        ...k,
        predictability: { value: p.value, sample: p.sample, fewData: p.fewData },
      }));
  return {
    ...page,
    totals,
    predictability,
    months,
    kams,
    managers: managers.map((m) => ({ id: m.id, name: m.name })),
    view,
    ownOnly,
    viewer: { id: user.id, role: user.role },
    filtered,
  };
}

export default function PortfolioPage() {
  const { accounts, nextCursor, totals, predictability, months, kams, managers, view, ownOnly, viewer, filtered } =
    useLoaderData<typeof loader>();
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("cursor");
  const kamHref = (ownerId: string) => (canViewKamPage(viewer, ownerId) ? `/portfolio/kams/${ownerId}` : null);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-bold">{ownOnly ? t("portfolio.titleMine") : t("portfolio.title")}</h1>
        <div className="ml-auto flex gap-2">
          <Link
            to={view.kam && !ownOnly ? `/portfolio/trends?kam=${view.kam}` : "/portfolio/trends"}
            className="rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium"
          >
            {t("portfolio.trends")}
          </Link>
          <Link
            to={view.kam && !ownOnly ? `/portfolio/experience?kam=${view.kam}` : "/portfolio/experience"}
            className="rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium"
          >
            {t("experience.link")}
          </Link>
          <a
            href={`/portfolio.csv?${exportParams}`}
            download
            className="rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium"
          >
            {t("portfolio.export")}
          </a>
        </div>
      </div>
      {ownOnly ? <p className="-mt-4 text-sm text-slate-600">{t("portfolio.mineNote")}</p> : null}

      <PortfolioFilterForm filters={view} sort={view.sort} dir={view.dir} kams={managers} />

      <PortfolioTotals totals={totals} />

      <Card name="pooled">
        <h2 id="pooled-heading" className="font-semibold">
          {ownOnly ? t("pooled.portfolioTitleMine") : t("pooled.portfolioTitle")}
        </h2>
        <PooledPredictabilityFigures
          p={predictability}
          months={months}
          surprisesHref="/portfolio/surprises"
          testId="portfolio-pooled"
        />
      </Card>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" className="sr-only">
          {t("kam.accounts")}
        </h2>
        {accounts.length ? (
          <PortfolioTable rows={accounts} sort={view.sort} dir={view.dir} kamHref={kamHref} />
        ) : (
          <p className="rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200">
            {filtered ? t("portfolio.emptyFiltered") : t("portfolio.empty")}
          </p>
        )}
        <Pager nextCursor={nextCursor} />
      </section>

      {kams.length ? <KamComparisonTable kams={kams} /> : null}
    </div>
  );
}
