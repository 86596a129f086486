import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SurpriseList } from "#app/components/pooled-predictability.tsx";
import { Pager } from "#app/components/portfolio-table.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { pooledPredictability } from "#app/models/portfolio.server.ts";
import { listSurprises, pooledWindow } from "#app/models/surprises.server.ts";
import { PortfolioFilterSchema } from "#app/schemas/portfolio.ts";
import { requirePortfolioOwner } from "#app/web/portfolio-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { PortfolioBackLink } from "#app/routes/__portfolio/back-link.tsx";

export const meta: MetaFunction = titleMeta("surprises.title", "title.portfolio");

// The surprises behind a pooled predictability figure: the whole portfolio, or
// one KAM's accounts (?kam=; a KAM always their own, see requirePortfolioOwner).
export async function loader({ request }: LoaderFunctionArgs) {
  const { params, ownerId, ownOnly, kam } = await requirePortfolioOwner(request);
  const cursor = PortfolioFilterSchema.shape.cursor.safeParse(params.get("cursor"));
  const today = calendarDate();
  const { months, window } = await pooledWindow(db(), today);
  const [predictability, page] = await Promise.all([
    pooledPredictability(db(), { ownerId, today }),
    listSurprises(db(), { ownerId, window }, { cursor: cursor.success ? cursor.data : null }),
  ]);
  return {
    kam,
    ownOnly,
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
        <PortfolioBackLink kam={kam} ownOnly={ownOnly} label={t("surprises.back")} />
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
