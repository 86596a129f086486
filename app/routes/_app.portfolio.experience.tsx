import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MomentsSection, PeriodNav } from "#app/components/experience.tsx";
import { parseExperiencePeriod, QUADRANTS, type ExperiencePeriod, type Quadrant } from "#app/domain/experience.ts";
import { calendarDate } from "#app/domain/time.ts";
import { TOUCHPOINT_KINDS, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { EXPERIENCE_LIST_SIZE, listExperienceTouchpoints, loadExperience } from "#app/models/experience.server.ts";
import { listInfluentialPromoters } from "#app/models/advocacy.server.ts";
import { AdvocacySummary, InfluentialPromoters } from "#app/components/advocacy.tsx";
import { requirePortfolioOwner } from "#app/web/portfolio-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { QuadrantsSection } from "#app/routes/__experience/quadrants-section.tsx";
import { PortfolioBackLink } from "#app/routes/__portfolio/back-link.tsx";
import { ExperienceTouchpoints } from "#app/routes/__portfolio/experience-sections.tsx";

export const meta: MetaFunction = titleMeta("experience.section", "title.portfolio");

// Treated well × resolved and the moments of truth pooled over the whole
// portfolio's live accounts, or one KAM's (?kam=; a KAM always their own, see
// requirePortfolioOwner). ?cell= (a quadrant) or ?kind= (moments of truth of a
// kind) lists the touchpoints behind that figure, each linking to its account's timeline.
export async function loader({ request }: LoaderFunctionArgs) {
  const { params, ownerId, ownOnly, kam } = await requirePortfolioOwner(request);
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
  // The list's cap travels with the data: a *.server.ts module is empty in the browser.
  return { kam, ownOnly, experience, promoters, cell, kind, list, listSize: EXPERIENCE_LIST_SIZE };
}

export default function PortfolioExperience() {
  const { kam, ownOnly, experience, cell, kind, list, listSize, promoters } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  /** This page's address for another period or a figure's list, keeping the KAM chosen. */
  const query = (months: ExperiencePeriod, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams({ months: String(months) });
    if (kam && !ownOnly) p.set("kam", kam.id);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `?${p}`;
  };
  const title = ownOnly
    ? t("experience.titleMine")
    : kam
      ? t("experience.titleKam", { name: kam.name })
      : t("experience.titlePortfolio");
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <PortfolioBackLink kam={kam} ownOnly={ownOnly} label={t("experience.back")} />
        <h1 className="text-2xl font-bold">{title}</h1>
      </div>
      <PeriodNav months={experience.months} window={experience.window} hrefFor={(m) => query(m)} />
      <QuadrantsSection
        result={experience.quadrants}
        cellHref={(q) => `${query(experience.months, { cell: q })}#list`}
        csvHref={`/portfolio/experience.csv${query(experience.months)}`}
      />
      <MomentsSection
        intro={t("moments.introPortfolio")}
        result={experience.moments}
        kindHref={(k) => `${query(experience.months, { kind: k })}#list`}
      />
      {list ? (
        <ExperienceTouchpoints list={list} cell={cell} kind={kind} window={experience.window} listSize={listSize} />
      ) : null}
      <AdvocacySummary counts={experience.advocacy} />
      <InfluentialPromoters promoters={promoters} />
    </div>
  );
}
