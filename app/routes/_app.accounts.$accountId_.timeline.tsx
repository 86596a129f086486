import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { TimelineExports } from "#app/components/account-exports.tsx";
import { TimelineFilterForm } from "#app/components/timeline-filters.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { listAccountPlans } from "#app/models/planned-touchpoints.server.ts";
import { PlannedList } from "#app/components/planned-list.tsx";
import { calendarDate } from "#app/domain/time.ts";
import { planListItems } from "./__plans/plan-actions.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { AccountPageHeader } from "./__account/page-header.tsx";
import { db } from "#app/utils/db.server.ts";

// The account's timeline section: every touchpoint, filtered and paged by the
// URL (so a filtered view can be linked and works without JavaScript).

export const meta: MetaFunction<typeof loader> = accountPageMeta("account.timeline");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const filters = parseTimelineFilters(new URL(request.url).searchParams);
  const [view, timeline, staff, plans] = await Promise.all([
    loadCommitteeView(db(), accountId, {}),
    listTimeline(db(), accountId, { cursor: filters.cursor, limit: 25, filters }),
    listAccountManagers(db()),
    listAccountPlans(db(), accountId, { closed: 0 }),
  ]);
  // Plans stand apart from the encounters, above them, and only on the newest page.
  return {
    account: { id: account.id, name: account.name, owner_id: account.owner_id },
    // Everyone who ever sat on the committee can be looked for in the timeline.
    people: view.everyone,
    viewer: { id: user.id, role: user.role },
    timeline,
    filters,
    filtered: hasTimelineFilters(filters),
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    planned: filters.cursor ? [] : planListItems(plans.open, user, account),
    today: calendarDate(),
  };
}

export default function AccountTimeline() {
  const { account, people, viewer, timeline, filters, filtered, staff, planned, today } =
    useLoaderData<typeof loader>();
  const { t } = useI18n();
  const location = useLocation();
  const olderParams = new URLSearchParams(location.search);
  if (timeline.nextCursor) olderParams.set("cursor", timeline.nextCursor);
  const newestParams = new URLSearchParams(location.search);
  newestParams.delete("cursor");
  const base = `/accounts/${account.id}/timeline`;
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader
        account={account}
        title={t("timelinePage.title", { name: account.name })}
        current="timeline"
        stacked
      />
      {planned.length ? (
        <section aria-labelledby="planned-heading" data-testid="timeline-planned">
          <h2 id="planned-heading" className="text-lg font-semibold">
            {t("plan.onTimeline")}
          </h2>
          <p className="mb-2 text-sm text-slate-700">{t("plan.notContact")}</p>
          <PlannedList plans={planned} today={today} />
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading" id="timeline">
        <div className="mb-3 flex flex-wrap items-baseline gap-4">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            {t("account.timeline")}
          </h2>
          <TimelineExports accountId={account.id} search={location.search} />
        </div>
        <TimelineFilterForm filters={filters} stakeholders={people} staff={staff} clearTo={base} />
        {timeline.touchpoints.length ? (
          <Timeline
            items={timeline.touchpoints}
            audience="internal"
            viewer={{ actor: viewer, accountOwnerId: account.owner_id, accountId: account.id }}
          />
        ) : (
          <p className="text-slate-700">{filtered ? t("filters.noMatch") : t("account.timelineEmpty")}</p>
        )}
        <nav aria-label={t("landmark.timelinePages")} className="mt-4 flex gap-4 text-sm">
          {filters.cursor ? (
            <Link to={`?${newestParams}`} className="text-brand-700 underline" preventScrollReset>
              {t("paging.newest")}
            </Link>
          ) : null}
          {timeline.nextCursor ? (
            <Link to={`?${olderParams}`} className="text-brand-700 underline" rel="next" preventScrollReset>
              {t("paging.older")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
