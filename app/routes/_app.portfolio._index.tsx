import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PooledPredictabilityFigures } from "#app/components/pooled-predictability.tsx";
import { BandBadge, Pager, PortfolioFilterForm, PortfolioTable } from "#app/components/portfolio-table.tsx";
import { FEW_NPS_RESPONDENTS } from "#app/domain/nps.ts";
import { canViewKamPage, portfolioOwnerScope } from "#app/domain/permissions.ts";
import type { MoneyTotal } from "#app/domain/portfolio.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import {
  listPortfolio,
  pooledPredictability,
  portfolioScope,
  portfolioSummary,
  type BandKey,
} from "#app/models/portfolio.server.ts";
import { pooledWindow } from "#app/models/surprises.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { hasPortfolioFilters, parsePortfolioView } from "#app/schemas/portfolio.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "accounts.renewalWithin",
    "experience.link",
    "health.band.at_risk",
    "health.band.healthy",
    "health.band.not_enough_data",
    "health.band.watch",
    "kam.accounts",
    "landmark.",
    "paging.first",
    "paging.next",
    "pooled.",
    "portfolio.",
    "predictability.",
    "scoringSettings.",
    "stage.",
    "tier.",
    "title.portfolio",
    "validation.currency",
    "validation.dateRange",
    "validation.number",
    "validation.plainText",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.portfolio"));
};

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
  const kams = ownOnly ? [] : summary.kams;
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
  const { t, number, decimal, percent, signed } = useI18n();
  const [searchParams] = useSearchParams();
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("cursor");
  const kamHref = (ownerId: string) => (canViewKamPage(viewer, ownerId) ? `/portfolio/kams/${ownerId}` : null);
  // Accounts with too little data to judge are counted apart (never in At risk);
  // "not scored" shows only while some account waits for its first scores.
  const bands: BandKey[] = ["healthy", "watch", "at_risk", "not_enough_data"];
  if (totals.bands.unscored.accounts > 0) bands.push("unscored");
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

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="sr-only">
          {t("portfolio.totals")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7" data-testid="portfolio-totals">
          {bands.map((b) => (
            <div key={b} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-band={b}>
              <dt>
                <BandBadge band={b === "unscored" ? null : b} />
              </dt>
              <dd className="mt-1 text-lg font-semibold">
                {t("portfolio.accountsCount", { count: totals.bands[b].accounts })}
              </dd>
              <dd className="text-sm text-slate-700">
                <Money totals={totals.bands[b].value} />
              </dd>
              {b === "not_enough_data" ? (
                <dd className="text-xs text-slate-600">{t("portfolio.notEnoughDataHelp")}</dd>
              ) : null}
            </div>
          ))}
          <div className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <dt className="text-sm font-medium">{t("portfolio.totalsAll")}</dt>
            <dd className="mt-1 text-lg font-semibold">
              {t("portfolio.accountsCount", { count: totals.all.accounts })}
            </dd>
            <dd className="text-sm text-slate-700">
              <Money totals={totals.all.value} />
            </dd>
          </div>
          <div className="rounded-lg bg-red-50 p-3 shadow-sm ring-1 ring-red-300" data-testid="value-at-risk">
            <dt className="text-sm font-medium text-red-900">{t("portfolio.valueAtRisk")}</dt>
            <dd className="mt-1 text-lg font-semibold text-red-900">
              <Money totals={totals.valueAtRisk} />
            </dd>
            <dd className="text-xs text-red-900">{t("portfolio.valueAtRiskHelp")}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="pooled-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="pooled-heading" className="font-semibold">
          {ownOnly ? t("pooled.portfolioTitleMine") : t("pooled.portfolioTitle")}
        </h2>
        <PooledPredictabilityFigures
          p={predictability}
          months={months}
          surprisesHref="/portfolio/surprises"
          testId="portfolio-pooled"
        />
      </section>

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

      {kams.length ? (
        <section aria-labelledby="kams-heading">
          <h2 id="kams-heading" className="text-lg font-semibold">
            {t("portfolio.kams")}
          </h2>
          <p className="text-sm text-slate-600">{t("portfolio.kams.help")}</p>
          <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="kam-comparison">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("portfolio.col.kam")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.kams.accounts")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.kams.avgHealth")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.kams.atRisk")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.col.predictability")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.col.nps")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("portfolio.col.signals")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {kams.map((k) => (
                  <tr key={k.kam_id}>
                    <td className="px-3 py-2">
                      <Link
                        to={`/portfolio/kams/${k.kam_id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {k.kam_name}
                      </Link>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{number(k.accounts)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {k.avg_health == null ? "—" : decimal(k.avg_health, 1)}
                      <span className="block text-xs text-slate-600">{t("portfolio.sample", { count: k.scored })}</span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{number(k.at_risk)}</td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="kam-predictability-cell">
                      {percent(k.predictability.value)}
                      <span className="block text-xs text-slate-600">
                        {t("portfolio.sample", { count: k.predictability.sample })}
                        {k.predictability.fewData ? (
                          <span className="ml-1 italic">· {t("portfolio.fewData")}</span>
                        ) : null}
                      </span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {signed(k.nps)}
                      <span className="block text-xs text-slate-600">
                        {t("portfolio.respondents", { count: k.nps_respondents })}
                        {k.nps_respondents < FEW_NPS_RESPONDENTS ? (
                          <span className="ml-1 italic">· {t("portfolio.fewData")}</span>
                        ) : null}
                      </span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{number(k.open_signals)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function Money({ totals }: { totals: MoneyTotal[] }) {
  const { money } = useI18n();
  if (!totals.length) return <>—</>;
  return (
    <>
      {totals.map((m, i) => (
        <span key={m.currency}>
          {i > 0 ? " · " : null}
          {money(m.amount, m.currency)}
        </span>
      ))}
    </>
  );
}
