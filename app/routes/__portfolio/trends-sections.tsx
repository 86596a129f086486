import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ComponentProps, ReactNode } from "react";
import { LineChart } from "#app/components/charts/line-chart.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { ScrollBox, TableHead } from "#app/components/ui/table.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.portfolio.trends.tsx";

// The portfolio trends page: its four charts, the month-by-month table, and
// the KAMs side by side.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Months = Data["months"];

const card = "rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200";

/** The charts' common props: months on the x axis, and what an empty chart says. */
function useMonthAxis() {
  const { t, month } = useI18n();
  const shortMonth = (d: string) => month(`${d}T12:00:00Z`);
  return { shortMonth, common: { formatX: shortMonth, xLabel: t("trends.month"), emptyText: t("trends.empty") } };
}

type ChartProps = Omit<ComponentProps<typeof LineChart>, "formatX" | "xLabel" | "emptyText">;

/** One chart of the portfolio's months in its card, under a heading that names it. */
function TrendChart({ id, ...chart }: ChartProps & { id: string }) {
  const { common } = useMonthAxis();
  return (
    <section className={card} aria-labelledby={id}>
      <h2 id={id} className="font-semibold">
        {chart.title}
      </h2>
      <LineChart {...chart} {...common} />
    </section>
  );
}

/** Bands, predictability, NPS and surprises, month by month. */
export function TrendCharts({ months }: { months: Months }) {
  const { t, number, percent, signed } = useI18n();
  const point = <T,>(pick: (m: Months[number]) => T) =>
    months.map((m) => ({ x: m.month, y: pick(m) as number | null }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TrendChart
        id="bands-heading"
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
      />
      <TrendChart
        id="pred-heading"
        title={t("trends.predictability")}
        series={[
          {
            key: "predictability",
            label: t("portfolio.col.predictability"),
            // The share itself, formatted as the table formats it (× 100 first, 57.5 % came out as 57 %).
            points: point((m) => m.predictability),
          },
        ]}
        yDomain={[0, 1]}
        formatY={(v) => percent(v)}
      />
      <TrendChart
        id="nps-heading"
        title={t("trends.nps")}
        series={[{ key: "nps", label: t("portfolio.col.nps"), points: point((m) => m.nps) }]}
        yDomain={[-100, 100]}
        formatY={(v) => signed(v)}
      />
      <TrendChart
        id="surprises-heading"
        title={t("trends.surprises")}
        series={[{ key: "surprises", label: t("trends.surprises"), points: point((m) => m.surprises) }]}
        formatY={(v) => number(v)}
      />
    </div>
  );
}

/** Every month's figures, each with its sample. */
export function TrendsTable({ months }: { months: Months }) {
  const { t, number, decimal, percent, signed } = useI18n();
  const { shortMonth } = useMonthAxis();
  return (
    <section aria-labelledby="table-heading">
      <h2 id="table-heading" className="text-lg font-semibold">
        {t("trends.table")}
      </h2>
      <ScrollBox labelledBy="table-heading" className="mt-2 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm" data-testid="trends-table">
          <TableHead
            names={[t("trends.month")]}
            figures={[
              t("health.band.healthy"),
              t("health.band.watch"),
              t("health.band.at_risk"),
              t("health.band.not_enough_data"),
              t("portfolio.kams.avgHealth"),
              t("portfolio.col.predictability"),
              t("trends.surprises"),
              t("portfolio.col.nps"),
            ]}
          />
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
                  <span className="block text-xs text-slate-600">{t("portfolio.sample", { count: m.healthSample })}</span>
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
  );
}

type KamTrends = Data["kams"];

/**
 * KAMs side by side over the same months: a line per KAM (told apart by dash,
 * marker and a label at its end, not by colour alone), and a table per month ×
 * KAM whose every figure carries its sample, so a KAM with few expectations
 * due is not read like one with many.
 */
type KamPaging = Data["kamPage"];

/** Which KAMs of how many are compared, and links to the pages before and after (keeping the rest of the view). */
function KamPager({ paging }: { paging: KamPaging }) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  if (paging.pages < 2) return null;
  const to = (page: number) => {
    const next = new URLSearchParams(searchParams);
    if (page === 1) next.delete("kamPage");
    else next.set("kamPage", String(page));
    const query = next.toString();
    return query ? `?${query}#compare-heading` : "?#compare-heading";
  };
  return (
    <nav aria-label={t("trends.kamPages")} className="flex flex-wrap items-center gap-4 text-sm" data-testid="kam-pager">
      <span>{t("trends.kamRange", { from: paging.from, to: paging.to, total: paging.total })}</span>
      {paging.page > 1 ? (
        <Link to={to(paging.page - 1)} className="text-brand-700 underline" rel="prev">
          {t("paging.previous")}
        </Link>
      ) : null}
      {paging.page < paging.pages ? (
        <Link to={to(paging.page + 1)} className="text-brand-700 underline" rel="next">
          {t("paging.next")}
        </Link>
      ) : null}
    </nav>
  );
}

export function KamComparison({ kams, paging }: { kams: KamTrends; paging: KamPaging }) {
  const { t, number, decimal, percent } = useI18n();
  return (
    <section aria-labelledby="compare-heading" className="flex flex-col gap-3" data-testid="kam-trends">
      <div>
        <h2 id="compare-heading" className="text-lg font-semibold">
          {t("trends.compare")}
        </h2>
        <p className="text-sm text-slate-600">{t("trends.compareIntro")}</p>
      </div>
      <KamPager paging={paging} />
      <div className="grid gap-4 lg:grid-cols-2">
        <KamChart
          title={t("trends.compareChart")}
          kams={kams}
          y={(m) => m.predictability}
          yDomain={[0, 1]}
          formatY={(v) => percent(v)}
        />
        <KamChart
          title={t("trends.compareHealthChart")}
          kams={kams}
          y={(m) => m.avgHealth}
          formatY={(v) => number(v, 1)}
        />
      </div>
      <KamMonthTable
        kams={kams}
        caption={t("trends.compareChart")}
        testId="kam-trends-table"
        head={(k) => (
          <Link to={`/portfolio/kams/${k.kamId}`} className="text-brand-700 underline-offset-2 hover:underline">
            {k.kamName}
          </Link>
        )}
        cellProps={(k, mo) => ({ "data-kam": k.kamId, "data-month": mo })}
        cell={(m) => (
          <>
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
          </>
        )}
      />
      <KamMonthTable
        kams={kams}
        caption={t("trends.compareHealth")}
        testId="kam-health-table"
        head={(k) => k.kamName}
        cell={(m) => (
          <>
            {m.avgHealth == null ? "—" : decimal(m.avgHealth, 1)}
            <span className="block text-xs text-slate-600">
              {/* The mean's sample (accounts with a health figure), then the KAM's accounts. */}
              {t("portfolio.sample", { count: m.healthSample })} · {t("trends.accountsShort", { count: m.accounts })} ·{" "}
              {t("health.band.at_risk")}: {number(m.bands.at_risk)}
            </span>
          </>
        )}
      />
    </section>
  );
}

type KamMonth = KamTrends[number]["months"][number];

/** One figure of every KAM compared, a line each over the same months (0–100 unless told). */
function KamChart({
  title,
  kams,
  y,
  yDomain = [0, 100],
  formatY,
}: {
  title: string;
  kams: KamTrends;
  y: (month: KamMonth) => number | null;
  yDomain?: [number, number];
  formatY: (v: number) => string;
}) {
  const { common } = useMonthAxis();
  return (
    <div className={card}>
      <h3 className="font-semibold">{title}</h3>
      <LineChart
        title={title}
        series={kams.map((k) => ({
          key: k.kamId,
          label: k.kamName,
          points: k.months.map((m) => ({ x: m.month, y: y(m) })),
        }))}
        yDomain={yDomain}
        formatY={formatY}
        {...common}
      />
    </div>
  );
}

/** A table of months × KAMs, in its own scrolling box named by its caption: one figure per cell. */
function KamMonthTable({
  kams,
  caption,
  testId,
  head,
  cell,
  cellProps,
}: {
  kams: KamTrends;
  caption: string;
  testId: string;
  head: (kam: KamTrends[number]) => ReactNode;
  cell: (month: KamMonth) => ReactNode;
  cellProps?: (kam: KamTrends[number], month: string) => Record<string, string>;
}) {
  const { t } = useI18n();
  const { shortMonth } = useMonthAxis();
  const monthList = kams[0]?.months.map((m) => m.month) ?? [];
  return (
    <ScrollBox label={caption} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid={testId}>
        <caption className="px-3 pt-2 text-left font-semibold">{caption}</caption>
        <TableHead names={[t("trends.month")]} figures={kams.map(head)} />
        <tbody className="divide-y divide-slate-200">
          {monthList.map((mo, i) => (
            <tr key={mo}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {shortMonth(mo)}
              </th>
              {kams.map((k) => (
                <td key={k.kamId} className="px-3 py-2 text-right tabular-nums" {...cellProps?.(k, mo)}>
                  {cell(k.months[i]!)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
