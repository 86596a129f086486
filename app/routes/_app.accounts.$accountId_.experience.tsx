import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { useLoaderData } from "@remix-run/react";
import { ACCOUNT_SECTIONS_MESSAGES } from "#app/components/account-sections.tsx";
import { MomentsTable, PeriodNav, QuadrantGrid } from "#app/components/experience.tsx";
import { AdvocacySummary } from "#app/components/advocacy.tsx";
import { parseExperiencePeriod, type ExperiencePeriod, type Quadrant } from "#app/domain/experience.ts";
import { calendarDate } from "#app/domain/time.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { listPlannedSurprises } from "#app/models/surprise-plans.server.ts";
import { SurpriseEffects } from "#app/components/surprise-effects.tsx";
import { loadDisconfirmation } from "#app/models/experience-ratings.server.ts";
import { DisconfirmationPanel } from "#app/components/disconfirmation.tsx";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { AccountPageHeader } from "./__account/page-header.tsx";
import { db } from "#app/utils/db.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...ACCOUNT_SECTIONS_MESSAGES,
    "advocacy.",
    "committee.influenceValue",
    "expected.",
    "experience.",
    "kind.",
    "moments.",
    "polarity.",
    "portalExpected.",
    "portalFeedback.",
    "review.",
    "scoringSettings.",
    "surprise.",
  ),
};

// The account's Experience section: treated well × resolved with the NPS and
// CSAT that followed, and its moments of truth per kind, over a period chosen
// by the URL (?months=). Every cell links to the timeline filtered to the
// touchpoints behind it.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("experience.section"), data?.account.name);
};

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
      <section aria-labelledby="quadrants-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h2 id="quadrants-heading" className="text-lg font-semibold">
            {t("experience.quadrants")}
          </h2>
          <a
            href={`/accounts/${account.id}/experience.csv?months=${experience.months}`}
            download
            className="text-sm text-brand-700 underline"
          >
            {t("experience.export")}
          </a>
        </div>
        <p className="mb-3 text-sm text-slate-700">{t("experience.intro")}</p>
        <QuadrantGrid result={experience.quadrants} cellHref={cellHref} />
      </section>
      <DisconfirmationPanel
        figures={expected}
        csvHref={`/accounts/${account.id}/expected.csv?months=${experience.months}`}
      />
      <section aria-labelledby="moments-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="moments-heading" className="text-lg font-semibold">
          {t("moments.title")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">{t("moments.intro")}</p>
        <MomentsTable
          result={experience.moments}
          kindHref={(kind) => timeline({ kind, moment: "truth" })}
          summaryLinks={{ truth: timeline({ moment: "truth" }), surprise: timeline({ moment: "surprise" }) }}
        />
      </section>
      <AdvocacySummary counts={experience.advocacy} />
      <SurpriseEffects accountId={account.id} planned={surprises.planned} outcomes={surprises.outcomes} />
    </div>
  );
}
