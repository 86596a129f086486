import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { FilterForm, FilterSelect } from "#app/components/ui/filter-form.tsx";
import { portfolioOwnerScope } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { portfolioTrends, rollUpClosedMonths } from "#app/models/portfolio-trends.server.ts";
import { compactVerdictDeltas } from "#app/models/portfolio-trends-verdicts.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { parseTrendsView } from "#app/schemas/portfolio.ts";
import { pageOf } from "#app/domain/paging.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { KamComparison, TrendCharts, TrendsTable } from "#app/routes/__portfolio/trends-sections.tsx";

export const meta: MetaFunction = titleMeta("title.portfolioTrends");

/** KAMs compared side by side on one page of the trends. */
export const KAMS_PER_PAGE = 10;

// The whole portfolio or one KAM's accounts (?kam=), month by month. A KAM sees
// their own accounts only (portfolioOwnerScope), like the portfolio.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const view = parseTrendsView(new URL(request.url).searchParams);
  const own = portfolioOwnerScope(user);
  const ownerId = own ?? view.kam ?? null;
  const today = calendarDate();
  // Closed months are figured once, the first time anyone looks after they end.
  await rollUpClosedMonths(db(), today);
  await compactVerdictDeltas(db());
  const [trends, managers] = await Promise.all([
    portfolioTrends(db(), { ownerId, today }),
    own ? Promise.resolve([]) : listAccountManagers(db()),
  ]);
  // KAMs side by side: for the whole portfolio only (one KAM's view has nobody to compare with),
  // KAMS_PER_PAGE at a time: more lines than that on one chart cannot be told apart.
  const kams = pageOf(ownerId === null ? trends.kams : [], view.kamPage ?? 1, KAMS_PER_PAGE);
  return {
    months: trends.months,
    kams: kams.items,
    kamPage: { page: kams.page, pages: kams.pages, from: kams.from, to: kams.to, total: kams.total },
    ownerId,
    managers: managers.map((m) => ({ id: m.id, name: m.name })),
    ownOnly: own !== null,
  };
}

export default function TrendsPage() {
  const { months, kams, kamPage, ownerId, managers, ownOnly } = useLoaderData<typeof loader>();
  const { t } = useI18n();
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
        <FilterForm submitLabel={t("portfolio.filter.apply")}>
          <FilterSelect
            id="tr-kam"
            name="kam"
            label={t("portfolio.filter.kam")}
            defaultValue={ownerId ?? ""}
            anyLabel={t("trends.wholePortfolio")}
            options={managers.map((m) => ({ value: m.id, label: m.name }))}
          />
        </FilterForm>
      ) : null}

      <TrendCharts months={months} />

      {kamPage.total > 1 ? <KamComparison kams={kams} paging={kamPage} /> : null}

      <TrendsTable months={months} />
    </div>
  );
}
