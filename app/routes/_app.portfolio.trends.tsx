import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LineChart } from "#app/components/charts/line-chart.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { ScrollBox } from "#app/components/ui/table.tsx";
import { portfolioOwnerScope } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { portfolioTrends, rollUpClosedMonths } from "#app/models/portfolio-trends.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { PortfolioFilterSchema } from "#app/schemas/portfolio.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "health.band.at_risk",
    "health.band.healthy",
    "health.band.not_enough_data",
    "health.band.watch",
    "kam.back",
    "portfolio.",
    "predictability.surprises",
    "title.portfolioTrends",
    "trends.",
    "validation.currency",
    "validation.dateRange",
    "validation.number",
    "validation.plainText",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.portfolioTrends"));
};

// The whole portfolio or one KAM's accounts (?kam=), month by month. A KAM sees
// their own accounts only (portfolioOwnerScope), like the portfolio.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const kamParam = PortfolioFilterSchema.shape.kam.safeParse(new URL(request.url).searchParams.get("kam"));
  const own = portfolioOwnerScope(user);
  const ownerId = own ?? (kamParam.success ? (kamParam.data ?? null) : null);
  const today = calendarDate();
  // Closed months are figured once, the first time anyone looks after they end.
  await rollUpClosedMonths(db(), today);
  const [trends, managers] = await Promise.all([
    portfolioTrends(db(), { ownerId, today }),
    own ? Promise.resolve([]) : listAccountManagers(db()),
  ]);
  return {
    months: trends.months,
    // KAMs side by side: for the whole portfolio only (one KAM's view has nobody to compare with).
    kams: ownerId === null ? trends.kams : [],
    ownerId,
    managers: managers.map((m) => ({ id: m.id, name: m.name })),
    ownOnly: own !== null,
  };
}

export default function TrendsPage() {
  const { months, kams, ownerId, managers, ownOnly } = useLoaderData<typeof loader>();
  const { t, month, number, decimal, percent, signed } = useI18n();
  const card = "rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200";
  const point = <T,>(pick: (m: (typeof months)[number]) => T) =>
    months.map((m) => ({ x: m.month, y: pick(m) as number | null }));
  const shortMonth = (d: string) => month(`${d}T12:00:00Z`);
  const common = { formatX: shortMonth, xLabel: t("trends.month"), emptyText: t("trends.empty") };
  return (
    <div className="flex flex-col gap-6">
      <div>
        {!ownOnly ? (
          <Link to="/portfolio" className="text-sm text-brand-700 underline">
            ← {t("kam.back")}
          </Link>
        ) : null}
        <h1 className="mt-2 text-2xl font-bold">{t("trends.title")}</h1>
        <p className="text-sm text-slate-600">{t("trends.intro")}</p>
      </div>
      {managers.length ? (
        <Form
          method="get"
          className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
        >
          <div className="flex flex-col gap-1">
            <label htmlFor="tr-kam" className="text-sm font-medium">
              {t("portfolio.filter.kam")}
            </label>
            <select
              id="tr-kam"
              name="kam"
              defaultValue={ownerId ?? ""}
              className="rounded-md border border-slate-400 bg-white px-2 py-1.5"
            >
              <option value="">{t("trends.wholePortfolio")}</option>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
            {t("portfolio.filter.apply")}
          </button>
        </Form>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <section className={card} aria-labelledby="bands-heading">
          <h2 id="bands-heading" className="font-semibold">
            {t("trends.bands")}
          </h2>
          <LineChart
            title={t("trends.bands")}
            series={[
              { key: "healthy", label: t("health.band.healthy"), points: point((m) => m.bands.healthy) },
              { key: "watch", label: t("health.band.watch"), points: point((m) => m.bands.watch) },
              { key: "at_risk", label: t("health.band.at_risk"), points: point((m) => m.bands.at_risk) },
              {
                key: "not_enough_data",
                label: t("health.band.not_enough_data"),
                points: point((m) => m.bands.not_enough_data),
              },
            ]}
            formatY={(v) => number(v)}
            {...common}
          />
        </section>
        <section className={card} aria-labelledby="pred-heading">
          <h2 id="pred-heading" className="font-semibold">
            {t("trends.predictability")}
          </h2>
          <LineChart
            title={t("trends.predictability")}
            series={[
              {
                key: "predictability",
                label: t("portfolio.col.predictability"),
                points: point((m) => (m.predictability == null ? null : m.predictability * 100)),
              },
            ]}
            yDomain={[0, 100]}
            formatY={(v) => percent(v / 100)}
            {...common}
          />
        </section>
        <section className={card} aria-labelledby="nps-heading">
          <h2 id="nps-heading" className="font-semibold">
            {t("trends.nps")}
          </h2>
          <LineChart
            title={t("trends.nps")}
            series={[{ key: "nps", label: t("portfolio.col.nps"), points: point((m) => m.nps) }]}
            yDomain={[-100, 100]}
            formatY={(v) => signed(v)}
            {...common}
          />
        </section>
        <section className={card} aria-labelledby="surprises-heading">
          <h2 id="surprises-heading" className="font-semibold">
            {t("trends.surprises")}
          </h2>
          <LineChart
            title={t("trends.surprises")}
            series={[{ key: "surprises", label: t("trends.surprises"), points: point((m) => m.surprises) }]}
            formatY={(v) => number(v)}
            {...common}
          />
        </section>
      </div>

      {kams.length > 1 ? <KamComparison kams={kams} /> : null}

      <section aria-labelledby="table-heading">
        <h2 id="table-heading" className="text-lg font-semibold">
          {t("trends.table")}
        </h2>
        <ScrollBox labelledBy="table-heading" className="mt-2 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="trends-table">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("trends.month")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("health.band.healthy")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("health.band.watch")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("health.band.at_risk")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("health.band.not_enough_data")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("portfolio.kams.avgHealth")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("portfolio.col.predictability")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("trends.surprises")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("portfolio.col.nps")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    {shortMonth(m.month)}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{number(m.bands.healthy)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(m.bands.watch)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(m.bands.at_risk)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(m.bands.not_enough_data)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {m.avgHealth == null ? "—" : decimal(m.avgHealth, 1)}
                    <span className="block text-xs text-slate-600">{t("portfolio.sample", { count: m.accounts })}</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {percent(m.predictability)}
                    <span className="block text-xs text-slate-600">
                      {t("portfolio.sample", { count: m.predictabilitySample })}
                      {m.fewData ? (
                        <>
                          {" "}
                          <Badge tone="warn">{t("portfolio.fewData")}</Badge>
                        </>
                      ) : null}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{number(m.surprises)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {signed(m.nps)}
                    <span className="block text-xs text-slate-600">
                      {t("portfolio.respondents", { count: m.npsRespondents })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </div>
  );
}

type KamTrends = ReturnType<typeof useLoaderData<typeof loader>>["kams"];

/**
 * KAMs side by side over the same months: a line per KAM (told apart by dash,
 * marker and a label at its end, not by colour alone), and a table per month ×
 * KAM whose every figure carries its sample, so a KAM with few expectations
 * due is not read like one with many.
 */
function KamComparison({ kams }: { kams: KamTrends }) {
  const { t, month, number, decimal, percent } = useI18n();
  const shortMonth = (d: string) => month(`${d}T12:00:00Z`);
  const card = "rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200";
  const monthList = kams[0]?.months.map((m) => m.month) ?? [];
  const common = { formatX: shortMonth, xLabel: t("trends.month"), emptyText: t("trends.empty") };
  return (
    <section aria-labelledby="compare-heading" className="flex flex-col gap-3" data-testid="kam-trends">
      <div>
        <h2 id="compare-heading" className="text-lg font-semibold">
          {t("trends.compare")}
        </h2>
        <p className="text-sm text-slate-600">{t("trends.compareIntro")}</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className={card}>
          <h3 className="font-semibold">{t("trends.compareChart")}</h3>
          <LineChart
            title={t("trends.compareChart")}
            series={kams.map((k) => ({
              key: k.kamId,
              label: k.kamName,
              points: k.months.map((m) => ({
                x: m.month,
                y: m.predictability == null ? null : m.predictability * 100,
              })),
            }))}
            yDomain={[0, 100]}
            formatY={(v) => percent(v / 100)}
            {...common}
          />
        </div>
        <div className={card}>
          <h3 className="font-semibold">{t("trends.compareHealthChart")}</h3>
          <LineChart
            title={t("trends.compareHealthChart")}
            series={kams.map((k) => ({
              key: k.kamId,
              label: k.kamName,
              points: k.months.map((m) => ({ x: m.month, y: m.avgHealth })),
            }))}
            yDomain={[0, 100]}
            formatY={(v) => number(v)}
            {...common}
          />
        </div>
      </div>
      <ScrollBox label={t("trends.compareChart")} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="kam-trends-table">
          <caption className="px-3 pt-2 text-left font-semibold">{t("trends.compareChart")}</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("trends.month")}
              </th>
              {kams.map((k) => (
                <th key={k.kamId} scope="col" className="px-3 py-2 text-right">
                  <Link to={`/portfolio/kams/${k.kamId}`} className="text-brand-700 underline-offset-2 hover:underline">
                    {k.kamName}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {monthList.map((mo, i) => (
              <tr key={mo}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  {shortMonth(mo)}
                </th>
                {kams.map((k) => {
                  const m = k.months[i]!;
                  return (
                    <td key={k.kamId} className="px-3 py-2 text-right tabular-nums" data-kam={k.kamId} data-month={mo}>
                      {percent(m.predictability)}
                      <span className="block text-xs text-slate-600">
                        {t("portfolio.sample", { count: m.predictabilitySample })}
                        {m.surprises ? ` · ${t("predictability.surprises", { n: m.surprises })}` : ""}
                        {m.predictabilitySample > 0 && m.fewData ? (
                          <>
                            {" "}
                            <Badge tone="warn">{t("portfolio.fewData")}</Badge>
                          </>
                        ) : null}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <ScrollBox label={t("trends.compareHealth")} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="kam-health-table">
          <caption className="px-3 pt-2 text-left font-semibold">{t("trends.compareHealth")}</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("trends.month")}
              </th>
              {kams.map((k) => (
                <th key={k.kamId} scope="col" className="px-3 py-2 text-right">
                  {k.kamName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {monthList.map((mo, i) => (
              <tr key={mo}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  {shortMonth(mo)}
                </th>
                {kams.map((k) => {
                  const m = k.months[i]!;
                  return (
                    <td key={k.kamId} className="px-3 py-2 text-right tabular-nums">
                      {m.avgHealth == null ? "—" : decimal(m.avgHealth, 1)}
                      <span className="block text-xs text-slate-600">
                        {t("trends.accountsShort", { count: m.accounts })} · {t("health.band.at_risk")}:{" "}
                        {number(m.bands.at_risk)}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
