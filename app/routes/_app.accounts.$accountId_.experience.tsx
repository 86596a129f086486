import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MomentsSection, PeriodNav } from "#app/components/experience.tsx";
import { AdvocacySummary } from "#app/components/advocacy.tsx";
import { parseExperiencePeriod, type ExperiencePeriod, type Quadrant } from "#app/domain/experience.ts";
import { calendarDate } from "#app/domain/time.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { listPlannedSurprises } from "#app/models/surprise-plans.server.ts";
import { SurpriseEffects } from "#app/components/surprise-effects.tsx";
import { loadDisconfirmation } from "#app/models/experience-ratings.server.ts";
import { DisconfirmationPanel } from "#app/components/disconfirmation.tsx";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { QuadrantsSection } from "#app/routes/__experience/quadrants-section.tsx";
import { AccountPageHeader } from "./__account/page-header.tsx";
import { db } from "#app/utils/db.server.ts";

// The account's Experience section: treated well × resolved with the NPS and
// CSAT that followed, and its moments of truth per kind, over a period chosen
// by the URL (?months=). Every cell links to the timeline filtered to the
// touchpoints behind it.

export const meta: MetaFunction<typeof loader> = accountPageMeta("experience.section");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { accountId, account } = await requireAccountPage(request, params);
  const months = parseExperiencePeriod(new URL(request.url).searchParams.get("months"));
  const [experience, surprises] = await Promise.all([
    loadExperience(db(), { accountId }, { today: calendarDate(), months }),
    listPlannedSurprises(db(), accountId),
  ]);
  // The customer's own ratings against what they expected, over the same period.
  const expected = await loadDisconfirmation(db(), accountId, experience.window);
  return { account: { id: account.id, name: account.name }, experience, surprises, expected };
}

export default function AccountExperience() {
  const { account, experience, surprises, expected } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const { window } = experience;
  const timeline = (extra: Record<string, string>) =>
    `/accounts/${account.id}/timeline?${new URLSearchParams({ ...extra, from: window.from, to: window.to })}`;
  const cellHref = (q: Quadrant) => timeline({ quadrant: q });
  const hrefFor = (m: ExperiencePeriod) => `?months=${m}`;
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader
        account={account}
        title={t("experience.title", { name: account.name })}
        current="experience"
        stacked
      />
      <PeriodNav months={experience.months} window={window} hrefFor={hrefFor} />
      <QuadrantsSection
        result={experience.quadrants}
        cellHref={cellHref}
        csvHref={`/accounts/${account.id}/experience.csv?months=${experience.months}`}
      />
      <DisconfirmationPanel
        figures={expected}
        csvHref={`/accounts/${account.id}/expected.csv?months=${experience.months}`}
      />
      <MomentsSection
        intro={t("moments.intro")}
        result={experience.moments}
        kindHref={(kind) => timeline({ kind, moment: "truth" })}
        summaryLinks={{ truth: timeline({ moment: "truth" }), surprise: timeline({ moment: "surprise" }) }}
      />
      <AdvocacySummary counts={experience.advocacy} />
      <SurpriseEffects accountId={account.id} planned={surprises.planned} outcomes={surprises.outcomes} />
    </div>
  );
}
