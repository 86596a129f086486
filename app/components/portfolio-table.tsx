import { useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { FilterForm, FilterInput, FilterSelects } from "#app/components/ui/filter-form.tsx";
import { optionsOf } from "#app/components/ui/options.ts";
import { FEW_NPS_RESPONDENTS } from "#app/domain/nps.ts";
import { healthTrend } from "#app/domain/portfolio.ts";
import { FEW_PREDICTABILITY_SAMPLE } from "#app/domain/predictability.ts";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
export { Pager } from "./ui/pager.tsx";
import {
  DEFAULT_DIRECTION,
  HEALTH_BANDS,
  PORTFOLIO_PAGE_SIZE,
  PORTFOLIO_PAGE_SIZES,
  RENEWAL_WINDOWS,
  type PortfolioSort,
  type SortDirection,
} from "#app/schemas/portfolio.values.ts";
import type { PortfolioFilters } from "#app/schemas/portfolio.ts";
import { RowTitleLink } from "#app/components/ui/table.tsx";

export interface PortfolioTableRow {
  id: string;
  name: string;
  contract_value: string | null;
  currency: string;
  renewal_date: string | null;
  owner_id: string;
  owner_name: string;
  health: string | null;
  band: string | null;
  /** The importance-weighted share, 0..1 (null: nothing came due). */
  predictability_share: number | null;
  predictability_sample: number | null;
  nps: number | null;
  nps_respondents: number | null;
  coverage: string | null;
  single_threaded: boolean | null;
  open_signals: number | null;
  health_delta: string | null;
}

const bandTone = { healthy: "good", watch: "warn", at_risk: "bad", not_enough_data: "neutral" } as const;
type BandName = keyof typeof bandTone;

export function BandBadge({ band }: { band: string | null }) {
  const { t } = useI18n();
  if (!band || !(band in bandTone)) return <Badge>{t("portfolio.unscored")}</Badge>;
  return <Badge tone={bandTone[band as BandName]}>{t(`health.band.${band as BandName}`)}</Badge>;
}

function TrendArrow({ delta }: { delta: string | null }) {
  const { t, signed } = useI18n();
  const trend = healthTrend(delta);
  if (!trend) return null;
  const arrow = { up: "↑", down: "↓", flat: "→" }[trend];
  const tone = { up: "text-emerald-700", down: "text-red-700", flat: "text-slate-500" }[trend];
  const label = `${t(`portfolio.trend.${trend}`)}: ${t("portfolio.trend.change", { delta: signed(delta, 1) })}`;
  return (
    <span className={`ml-1 font-bold ${tone}`} title={label} data-trend={trend}>
      <span aria-hidden="true">{arrow}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

function Sample({ count, few, fewText }: { count: number; few: boolean; fewText: string }) {
  const { t } = useI18n();
  return (
    <span className="block text-xs text-slate-600">
      {t("portfolio.sample", { count })}
      {few ? <span className="ml-1 italic">· {fewText}</span> : null}
    </span>
  );
}

const COLUMNS: { sort: PortfolioSort; label: MessageKey; numeric?: boolean }[] = [
  { sort: "name", label: "portfolio.col.account" },
  { sort: "health", label: "portfolio.col.health" },
  { sort: "predictability", label: "portfolio.col.predictability", numeric: true },
  { sort: "nps", label: "portfolio.col.nps", numeric: true },
  { sort: "coverage", label: "portfolio.col.coverage", numeric: true },
  { sort: "value", label: "portfolio.col.value", numeric: true },
  { sort: "renewal", label: "portfolio.col.renewal" },
  { sort: "signals", label: "portfolio.col.signals", numeric: true },
  { sort: "kam", label: "portfolio.col.kam" },
];

/**
 * The portfolio table: every column sorts through the URL (a link, so it works
 * without JavaScript); the other filters stay, the paging starts over.
 */
export function PortfolioTable({
  rows,
  sort,
  dir,
  kamHref,
}: {
  rows: PortfolioTableRow[];
  sort: PortfolioSort;
  dir: SortDirection;
  /** Where a KAM's name links to, or null when this viewer may not open it. */
  kamHref: (ownerId: string) => string | null;
}) {
  const { t, decimal, signed, percent, money, date, number } = useI18n();
  const [searchParams] = useSearchParams();
  const sortHref = (column: PortfolioSort) => {
    const params = new URLSearchParams(searchParams);
    params.delete("cursor");
    params.set("sort", column);
    params.set("dir", column === sort ? (dir === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[column]);
    return `?${params}`;
  };
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid="portfolio-table">
        <thead className="bg-slate-100 text-left">
          <tr>
            {COLUMNS.map((c) => {
              const active = c.sort === sort;
              return (
                <th
                  key={c.sort}
                  scope="col"
                  className={`px-3 py-2 whitespace-nowrap ${c.numeric ? "text-right" : ""}`}
                  aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
                >
                  <Link to={sortHref(c.sort)} className="underline-offset-2 hover:underline" title={t("portfolio.sortBy", { column: t(c.label) })}>
                    {t(c.label)}
                    {active ? <span aria-hidden="true"> {dir === "asc" ? "▲" : "▼"}</span> : null}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((a) => {
            const href = kamHref(a.owner_id);
            const sample = a.predictability_sample ?? 0;
            const respondents = a.nps_respondents ?? 0;
            return (
              <tr key={a.id} className="hover:bg-slate-50" data-account-id={a.id}>
                <td className="px-3 py-2">
                  <RowTitleLink to={`/accounts/${a.id}`}>{a.name}</RowTitleLink>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <BandBadge band={a.band} />
                  {a.health != null ? <span className="ml-2 tabular-nums">{decimal(a.health, 1)}</span> : null}
                  <TrendArrow delta={a.health_delta} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {percent(a.predictability_share)}
                  <Sample count={sample} few={sample < FEW_PREDICTABILITY_SAMPLE} fewText={t("portfolio.fewData")} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {signed(a.nps)}
                  <span className="block text-xs text-slate-600">
                    {t("portfolio.respondents", { count: respondents })}
                    {respondents < FEW_NPS_RESPONDENTS ? <span className="ml-1 italic">· {t("portfolio.fewData")}</span> : null}
                  </span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {percent(a.coverage)}
                  {a.single_threaded ? (
                    <span className="block">
                      <Badge tone="warn">{t("portfolio.singleThreaded")}</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{money(a.contract_value, a.currency) || "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">{date(a.renewal_date) || "—"}</td>
                <td className="px-3 py-2 text-right">
                  {a.open_signals ? <Badge tone="bad">{number(a.open_signals)}</Badge> : <span className="text-slate-500">{number(0)}</span>}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {href ? (
                    <Link to={href} className="text-brand-700 underline-offset-2 hover:underline">{a.owner_name}</Link>
                  ) : (
                    a.owner_name
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The view's filters as a GET form: the URL is the view, so it can be shared and bookmarked. */
export function PortfolioFilterForm({
  filters,
  sort,
  dir,
  kams,
}: {
  filters: PortfolioFilters;
  sort: PortfolioSort;
  dir: SortDirection;
  /** KAMs to filter by; empty hides the filter (a KAM sees only their own book). */
  kams: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const sizes = PORTFOLIO_PAGE_SIZES.filter((n) => n !== PORTFOLIO_PAGE_SIZE);
  const kamOptions = kams.map((k) => ({ value: k.id, label: k.name }));
  const renewals = optionsOf(RENEWAL_WINDOWS, (days) => t("accounts.renewalWithin", { days }));
  const choices = [
    { name: "band", label: t("portfolio.filter.band"), options: optionsOf(HEALTH_BANDS, (b) => t(`health.band.${b}`)) },
    // A KAM sees only their own book: no KAM to choose.
    ...(kams.length ? [{ name: "kam", label: t("portfolio.filter.kam"), options: kamOptions }] : []),
    { name: "tier", label: t("portfolio.filter.tier"), options: optionsOf(TIERS, (s) => t(`tier.${s}`)) },
    { name: "stage", label: t("portfolio.filter.stage"), options: optionsOf(LIFECYCLE_STAGES, (s) => t(`stage.${s}`)) },
    { name: "renewal", label: t("portfolio.filter.renewal"), options: renewals },
    { name: "size", label: t("portfolio.filter.size"), anyLabel: String(PORTFOLIO_PAGE_SIZE), options: optionsOf(sizes, String) },
  ] as const;
  // Keyed by the view: after a client-side navigation (clearing filters, sorting)
  // the fields start again from the URL instead of keeping what they showed.
  return (
    <FilterForm
      key={searchParams.toString()}
      submitLabel={t("portfolio.filter.apply")}
      clear={{ to: `?sort=${sort}&dir=${dir}`, label: t("portfolio.filter.reset") }}
    >
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <FilterInput id="pf-q" name="q" type="search" label={t("portfolio.filter.search")} defaultValue={filters.q ?? ""} />
      <FilterSelects idPrefix="pf-" values={filters} anyLabel={t("portfolio.filter.any")} choices={choices} />
    </FilterForm>
  );
}
