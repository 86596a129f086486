import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Pager, PortfolioFilterForm, PortfolioTable } from "#app/components/portfolio-table.tsx";
import { canViewKamPage } from "#app/domain/permissions.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { PooledPredictabilityFigures, SurpriseList } from "#app/components/pooled-predictability.tsx";
import { getAccountManager, kamOverdueExpectations, kamRecentActivity } from "#app/models/portfolio-kam.server.ts";
import { listPortfolio, pooledPredictability, portfolioScope, portfolioTotals } from "#app/models/portfolio.server.ts";
import { listSurprises, pooledWindow } from "#app/models/surprises.server.ts";
import { countOpenSignals, listRiskInbox } from "#app/models/risk-inbox.server.ts";
import { overdueTasksOf } from "#app/models/tasks.server.ts";
import { hasPortfolioFilters, parsePortfolioView } from "#app/schemas/portfolio.ts";
import { forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { KamActivity, KamOverdue, KamOverdueTasks, KamPageCard, KamSignals } from "#app/routes/__portfolio/kam-sections.tsx";

export const meta: MetaFunction<typeof loader> = recordMeta("title.portfolio", (data, f) => [
  data.kam.name,
  f.t("title.portfolio"),
]);

const OVERDUE_SHOWN = 20;
const SURPRISES_SHOWN = 10;

// Directors and admins may open any KAM's page; a KAM only their own (canViewKamPage).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const kamId = parseId(params.userId);
  if (!canViewKamPage(user, kamId)) throw await forbidden(request, user);
  const kam = await getAccountManager(db(), kamId);
  if (!kam) notFound("error.noKam");
  const now = new Date();
  const view = parsePortfolioView(new URL(request.url).searchParams);
  const scope = { ...portfolioScope(user, view, now), ownerId: kamId };
  const { months, window } = await pooledWindow(db(), scope.today);
  // Over all the KAM's live accounts, whatever the table's filters: the same
  // figure as the KAM's row in the portfolio's comparison.
  const [page, totals, predictability, surprises, overdue, signals, signalCounts, activity, overdueTasks] =
    await Promise.all([
      listPortfolio(db(), scope, { sort: view.sort, dir: view.dir, cursor: view.cursor, limit: view.size }),
      portfolioTotals(db(), scope),
      pooledPredictability(db(), { ownerId: kamId, today: scope.today }),
      listSurprises(db(), { ownerId: kamId, window }, { limit: SURPRISES_SHOWN }),
      kamOverdueExpectations(db(), kamId, scope.today, OVERDUE_SHOWN),
      listRiskInbox(db(), { ownerId: kamId, acknowledged: false }, { limit: 10 }),
      countOpenSignals(db(), { ownerId: kamId }),
      kamRecentActivity(db(), kamId, now),
      // The KAM's own overdue tasks: the viewer is a director, an admin or the KAM, who all see them (canSeeTask).
      overdueTasksOf(db(), kamId, scope.today, OVERDUE_SHOWN),
    ]);
  return {
    kam: { id: kam.id, name: kam.name },
    ...page,
    totals,
    predictability,
    months,
    // The newest few; the rest on the surprises page.
    surprises: surprises.surprises,
    overdue,
    signals: signals.signals,
    signalCounts,
    activity,
    overdueTasks: overdueTasks.map((t) => ({
      id: t.id,
      account_id: t.account_id,
      account_name: t.account_name,
      title: t.title,
      due_on: t.due_on,
    })),
    view,
    viewer: { id: user.id, role: user.role },
    filtered: hasPortfolioFilters(view),
  };
}

export default function KamPage() {
  const {
    kam,
    accounts,
    nextCursor,
    totals,
    predictability,
    months,
    surprises,
    overdue,
    signals,
    signalCounts,
    activity,
    overdueTasks,
    view,
    viewer,
    filtered,
  } = useLoaderData<typeof loader>();
  const { t, money } = useI18n();
  return (
    <div className="flex flex-col gap-6">
      <div>
        {viewer.role !== "kam" ? (
          <Link to="/portfolio" className="text-sm text-brand-700 underline">
            ← {t("kam.back")}
          </Link>
        ) : null}
        <h1 className="mt-2 text-2xl font-bold">{t("kam.title", { name: kam.name })}</h1>
        <p className="mt-1 text-sm">
          <Link
            to={viewer.role === "kam" ? "/portfolio/experience" : `/portfolio/experience?kam=${kam.id}`}
            className="text-brand-700 underline"
          >
            {t("experience.portfolioLink")}
          </Link>
        </p>
        <p className="text-sm text-slate-600">
          {t("portfolio.accountsCount", { count: totals.all.accounts })} · {t("portfolio.valueAtRisk")}:{" "}
          {totals.valueAtRisk.length ? totals.valueAtRisk.map((m) => money(m.amount, m.currency)).join(" · ") : "—"}
        </p>
      </div>

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <KamPageCard name="predictability" title={t("kam.predictability")} className="lg:col-span-2">
          <PooledPredictabilityFigures
            p={predictability}
            months={months}
            surprisesHref={viewer.role === "kam" ? "/portfolio/surprises" : `/portfolio/surprises?kam=${kam.id}`}
            testId="kam-pooled"
          />
          <h3 className="mt-3 text-sm font-semibold text-slate-700">{t("pooled.latestSurprises")}</h3>
          <SurpriseList rows={surprises} showOwner={false} />
          {predictability.surprises > surprises.length ? (
            <p className="mt-1 text-xs text-slate-600">
              {t("predictability.more", { n: predictability.surprises - surprises.length })}
            </p>
          ) : null}
        </KamPageCard>

        <KamOverdue overdue={overdue} />
        <KamOverdueTasks overdueTasks={overdueTasks} />
        <KamSignals kam={kam} signals={signals} signalCounts={signalCounts} viewer={viewer} />
        <KamActivity activity={activity} />
      </div>

      <section aria-labelledby="accounts-heading" className="flex flex-col gap-3">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          {t("kam.accounts")}
        </h2>
        <PortfolioFilterForm filters={view} sort={view.sort} dir={view.dir} kams={[]} />
        {accounts.length ? (
          <PortfolioTable rows={accounts} sort={view.sort} dir={view.dir} kamHref={() => null} />
        ) : (
          <p className="rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200">
            {filtered ? t("portfolio.emptyFiltered") : t("portfolio.empty")}
          </p>
        )}
        <Pager nextCursor={nextCursor} />
      </section>
    </div>
  );
}
