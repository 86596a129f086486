import { PORTFOLIO_MESSAGES } from "#app/i18n/message-groups.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Link, useLoaderData } from "@remix-run/react";
import { SurpriseList } from "#app/components/pooled-predictability.tsx";
import { Pager } from "#app/components/portfolio-table.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { portfolioOwnerScope } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccountManager } from "#app/models/portfolio-kam.server.ts";
import { pooledPredictability } from "#app/models/portfolio.server.ts";
import { listSurprises, pooledWindow } from "#app/models/surprises.server.ts";
import { PortfolioFilterSchema } from "#app/schemas/portfolio.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(...PORTFOLIO_MESSAGES, "surprises."),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("surprises.title"), f.t("title.portfolio"));
};

// The surprises behind a pooled predictability figure: the whole portfolio, or
// one KAM's accounts (?kam=). A KAM sees their own accounts only, whatever the
// URL says (portfolioOwnerScope), as on the portfolio.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const params = new URL(request.url).searchParams;
  const kamParam = PortfolioFilterSchema.shape.kam.safeParse(params.get("kam"));
  const cursor = PortfolioFilterSchema.shape.cursor.safeParse(params.get("cursor"));
  const own = portfolioOwnerScope(user);
  const ownerId = own ?? (kamParam.success ? (kamParam.data ?? null) : null);
  const kam = ownerId ? await getAccountManager(db(), ownerId) : null;
  if (ownerId && !kam) notFound("error.noKam");
  const today = calendarDate();
  const { months, window } = await pooledWindow(db(), today);
  const [predictability, page] = await Promise.all([
    pooledPredictability(db(), { ownerId, today }),
    listSurprises(db(), { ownerId, window }, { cursor: cursor.success ? cursor.data : null }),
  ]);
  return {
    kam: kam ? { id: kam.id, name: kam.name } : null,
    ownOnly: own !== null,
    months,
    count: predictability.surprises,
    sample: predictability.sample,
    fewData: predictability.fewData,
    ...page,
  };
}

export default function SurprisesPage() {
  const { kam, ownOnly, months, count, sample, fewData, surprises, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <Link
          to={kam && !ownOnly ? `/portfolio/kams/${kam.id}` : "/portfolio"}
          className="text-sm text-brand-700 underline"
        >
          ← {kam && !ownOnly ? kam.name : t("surprises.back")}
        </Link>
        <h1 className="mt-2 text-2xl font-bold">
          {kam ? t("surprises.titleKam", { name: kam.name }) : t("surprises.title")}
        </h1>
        <p className="text-sm text-slate-600">{t("surprises.intro", { months })}</p>
        <p className="mt-1 text-sm font-medium" data-testid="surprises-count">
          {t("surprises.count", { n: count, sample })}
          {fewData ? (
            <>
              {" "}
              <Badge tone="warn">{t("predictability.fewData")}</Badge>
            </>
          ) : null}
        </p>
      </div>
      <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <SurpriseList rows={surprises} showOwner={!kam} />
      </section>
      <Pager nextCursor={nextCursor} />
    </div>
  );
}
