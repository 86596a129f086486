import { useLoaderData } from "@remix-run/react";
import { BandBadge } from "#app/components/portfolio-table.tsx";
import { FEW_NPS_RESPONDENTS } from "#app/domain/nps.ts";
import type { MoneyTotal } from "#app/domain/portfolio.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { BandKey } from "#app/models/portfolio.server.ts";
import type { loader } from "#app/routes/_app.portfolio._index.tsx";
import { RowTitleLink, TableHead } from "#app/components/ui/table.tsx";

// The portfolio page's totals (accounts and value by band, value at risk) and
// its KAMs side by side.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** Accounts and contract value per band, all of them, and the value at risk. */
export function PortfolioTotals({ totals }: { totals: Data["totals"] }) {
  const { t } = useI18n();
  // Accounts with too little data to judge are counted apart (never in At risk);
  // "not scored" shows only while some account waits for its first scores.
  const bands: BandKey[] = ["healthy", "watch", "at_risk", "not_enough_data"];
  if (totals.bands.unscored.accounts > 0) bands.push("unscored");
  return (
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
          <dd className="mt-1 text-lg font-semibold">{t("portfolio.accountsCount", { count: totals.all.accounts })}</dd>
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
  );
}

/** The KAMs of the portfolio side by side, each figure with its sample. */
export function KamComparisonTable({ kams }: { kams: Data["kams"] }) {
  const { t, number, decimal, percent, signed } = useI18n();
  return (
    <section aria-labelledby="kams-heading">
      <h2 id="kams-heading" className="text-lg font-semibold">
        {t("portfolio.kams")}
      </h2>
      <p className="text-sm text-slate-600">{t("portfolio.kams.help")}</p>
      <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="kam-comparison">
          <TableHead
            names={[t("portfolio.col.kam")]}
            figures={[
              t("portfolio.kams.accounts"),
              t("portfolio.kams.avgHealth"),
              t("portfolio.kams.atRisk"),
              t("portfolio.col.predictability"),
              t("portfolio.col.nps"),
              t("portfolio.col.signals"),
            ]}
          />
          <tbody className="divide-y divide-slate-200">
            {kams.map((k) => (
              <tr key={k.kam_id}>
                <td className="px-3 py-2">
                  <RowTitleLink to={`/portfolio/kams/${k.kam_id}`}>{k.kam_name}</RowTitleLink>
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
                    {k.predictability.fewData ? <span className="ml-1 italic">· {t("portfolio.fewData")}</span> : null}
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
  );
}

export function Money({ totals }: { totals: MoneyTotal[] }) {
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
