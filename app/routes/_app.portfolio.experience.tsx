import { FILTER_MESSAGES } from "#app/i18n/message-groups.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Link, useLoaderData } from "@remix-run/react";
import { MomentsTable, PeriodNav, QuadrantGrid } from "#app/components/experience.tsx";
import { parseExperiencePeriod, QUADRANTS, type ExperiencePeriod, type Quadrant } from "#app/domain/experience.ts";
import { portfolioOwnerScope } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { EXPERIENCE_LIST_SIZE, listExperienceTouchpoints, loadExperience } from "#app/models/experience.server.ts";
import { getAccountManager } from "#app/models/portfolio-kam.server.ts";
import { listInfluentialPromoters } from "#app/models/advocacy.server.ts";
import { AdvocacySummary, InfluentialPromoters } from "#app/components/advocacy.tsx";
import { PortfolioFilterSchema } from "#app/schemas/portfolio.ts";
import { notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...FILTER_MESSAGES,
    "advocacy.",
    "committee.",
    "committeeChange.",
    "committeeRole.",
    "experience.",
    "kind.",
    "polarity.",
    "moments.",
    "portalTouchpoint.",
    "scoringSettings.",
    "title.portfolio",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("experience.section"), f.t("title.portfolio"));
};

// Treated well × resolved and the moments of truth pooled over the whole
// portfolio's live accounts, or one KAM's (?kam=). A KAM sees their own
// accounts only, whatever the URL says (portfolioOwnerScope), as on the
// portfolio. ?cell= (a quadrant) or ?kind= (moments of truth of a kind) lists
// the touchpoints behind that figure, each linking to its account's timeline.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const params = new URL(request.url).searchParams;
  const kamParam = PortfolioFilterSchema.shape.kam.safeParse(params.get("kam"));
  const own = portfolioOwnerScope(user);
  const ownerId = own ?? (kamParam.success ? (kamParam.data ?? null) : null);
  const kam = ownerId ? await getAccountManager(db(), ownerId) : null;
  if (ownerId && !kam) notFound("error.noKam");
  const months = parseExperiencePeriod(params.get("months"));
  const cellParam = params.get("cell");
  const cell = (QUADRANTS as readonly string[]).includes(cellParam ?? "") ? (cellParam as Quadrant) : null;
  const kindParam = params.get("kind");
  const kind = (TOUCHPOINT_KINDS as readonly string[]).includes(kindParam ?? "") ? (kindParam as TouchpointKind) : null;
  const experience = await loadExperience(db(), { ownerId }, { today: calendarDate(), months });
  const list =
    cell || kind
      ? await listExperienceTouchpoints(
          db(),
          { ownerId },
          {
            window: experience.window,
            ...(cell ? { quadrant: cell } : { moment: "truth" as const, kind: kind! }),
          },
        )
      : null;
  const promoters = await listInfluentialPromoters(db(), ownerId);
  return {
    kam: kam ? { id: kam.id, name: kam.name } : null,
    ownOnly: own !== null,
    experience,
    promoters,
    cell,
    kind,
    list,
  };
}

export default function PortfolioExperience() {
  const { kam, ownOnly, experience, cell, kind, list, promoters } = useLoaderData<typeof loader>();
  const f = useI18n();
  const { t, date } = f;
  const base = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ months: String(experience.months) });
    if (kam && !ownOnly) p.set("kam", kam.id);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `?${p}`;
  };
  const hrefFor = (m: ExperiencePeriod) => {
    const p = new URLSearchParams({ months: String(m) });
    if (kam && !ownOnly) p.set("kam", kam.id);
    return `?${p}`;
  };
  const title = ownOnly
    ? t("experience.titleMine")
    : kam
      ? t("experience.titleKam", { name: kam.name })
      : t("experience.titlePortfolio");
  const timelineHref = (accountId: string) => {
    const p = new URLSearchParams({ from: experience.window.from, to: experience.window.to });
    if (cell) p.set("quadrant", cell);
    if (kind) {
      p.set("kind", kind);
      p.set("moment", "truth");
    }
    return `/accounts/${accountId}/timeline?${p}`;
  };
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Link
          to={kam && !ownOnly ? `/portfolio/kams/${kam.id}` : "/portfolio"}
          className="text-sm text-brand-700 underline"
        >
          ← {kam && !ownOnly ? kam.name : t("experience.back")}
        </Link>
        <h1 className="text-2xl font-bold">{title}</h1>
      </div>
      <PeriodNav months={experience.months} window={experience.window} hrefFor={hrefFor} />
      <section aria-labelledby="quadrants-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h2 id="quadrants-heading" className="text-lg font-semibold">
            {t("experience.quadrants")}
          </h2>
          <a
            href={`/portfolio/experience.csv${hrefFor(experience.months)}`}
            download
            className="text-sm text-brand-700 underline"
          >
            {t("experience.export")}
          </a>
        </div>
        <p className="mb-3 text-sm text-slate-700">{t("experience.intro")}</p>
        <QuadrantGrid result={experience.quadrants} cellHref={(q) => `${base({ cell: q })}#list`} />
      </section>
      <section aria-labelledby="moments-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="moments-heading" className="text-lg font-semibold">
          {t("moments.title")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">{t("moments.introPortfolio")}</p>
        <MomentsTable result={experience.moments} kindHref={(k) => `${base({ kind: k })}#list`} />
      </section>
      {list ? (
        <section
          id="list"
          aria-labelledby="list-heading"
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          data-testid="experience-list"
        >
          <h2 id="list-heading" className="text-lg font-semibold">
            {cell
              ? t("experience.cellList", { cell: t(`experience.cell.${cell}`) })
              : t("experience.cellListMoments", { kind: t(`kind.${kind!}`) })}
          </h2>
          {list.length === 0 ? (
            <p className="text-sm text-slate-700">{t("experience.cellListNone")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-200">
              {list.map((row) => (
                <li key={row.id} className="flex flex-col gap-0.5 py-2 text-sm sm:flex-row sm:flex-wrap sm:gap-x-3">
                  <span className="text-slate-600">{date(row.occurred_at)}</span>
                  <Link to={timelineHref(row.account_id)} className="font-medium text-brand-700 underline">
                    {row.account_name}
                  </Link>
                  <Link to={`/accounts/${row.account_id}/touchpoints/${row.id}`} className="break-words underline">
                    {t(`kind.${row.kind as TouchpointKind}`)}: {touchpointTitle(f, row)}
                  </Link>
                  <span className="text-slate-700">
                    {[
                      row.treatment != null ? t("experience.treatmentValue", { n: row.treatment }) : null,
                      row.resolved ? t(`experience.resolvedValue.${row.resolved as "yes"}`) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {list.length >= EXPERIENCE_LIST_SIZE ? (
            <p className="mt-2 text-xs text-slate-600">{t("experience.cellListMore", { n: EXPERIENCE_LIST_SIZE })}</p>
          ) : null}
        </section>
      ) : null}
      <AdvocacySummary counts={experience.advocacy} />
      <InfluentialPromoters promoters={promoters} />
    </div>
  );
}
