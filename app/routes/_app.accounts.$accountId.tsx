import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { AccountBrief, type BriefData } from "#app/components/account-brief.tsx";
import { CommitteeTable } from "#app/components/committee-table.tsx";
import { TimelineFilterForm } from "#app/components/timeline-filters.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { openSupportCases, recentSentiments, unpaidOrDisputedInvoices } from "#app/models/brief.server.ts";
import { listCommitteeContacts } from "#app/models/scoring-inputs.server.ts";
import { listStakeholders } from "#app/models/stakeholders.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { forbidden, notFound, requireInternalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/utils/params.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.account.name} · Kohtaamo` : "Account · Kohtaamo" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) forbidden();
  const accountId = parseId(params.accountId);
  const filters = parseTimelineFilters(new URL(request.url).searchParams);
  const now = new Date();
  const [account, committee, contacts, timeline, sentiments, cases, invoices, staff] = await Promise.all([
    getAccount(db(), accountId),
    listStakeholders(db(), accountId),
    listCommitteeContacts(db(), accountId),
    listTimeline(db(), accountId, { cursor: filters.cursor, limit: 25, filters }),
    recentSentiments(db(), accountId),
    openSupportCases(db(), accountId),
    unpaidOrDisputedInvoices(db(), accountId),
    listAccountManagers(db()),
  ]);
  if (!account) notFound("No such account.");
  const brief: BriefData = {
    today: calendarDate(now),
    now: now.toISOString(),
    keyContacts: lastContactByKeyRole(contacts),
    dmDays: daysSinceDecisionMakerContact(contacts, now),
    trend: sentimentTrend(sentiments),
    openCases: cases,
    invoices,
    renewalDate: account.renewal_date,
  };
  return {
    account,
    committee,
    timeline,
    filters,
    filtered: hasTimelineFilters(filters),
    brief,
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    canEdit: canEditAccount(user, account),
  };
}

export default function AccountPage() {
  const { account, committee, timeline, filters, filtered, brief, staff, canEdit } = useLoaderData<typeof loader>();
  const { t, date, money } = useI18n();
  const location = useLocation();
  const olderParams = new URLSearchParams(location.search);
  if (timeline.nextCursor) olderParams.set("cursor", timeline.nextCursor);
  const newestParams = new URLSearchParams(location.search);
  newestParams.delete("cursor");
  const tab = "rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium";
  return (
    <div className="flex flex-col gap-8">
      <div>
        <Link to="/accounts" className="text-sm text-brand-700 underline">
          ← {t("account.backToList")}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{account.name}</h1>
          <Badge>{t(`tier.${account.tier as Tier}`)}</Badge>
          <Badge tone={account.lifecycle_stage === "at_risk" ? "bad" : "neutral"}>
            {t(`stage.${account.lifecycle_stage as LifecycleStage}`)}
          </Badge>
          {account.archived_at ? <Badge tone="warn">{t("account.archived")}</Badge> : null}
          <div className="ml-auto flex flex-wrap gap-2">
            <Link to={`/accounts/${account.id}/touchpoints/new`} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
              {t("nav.logTouchpoint")}
            </Link>
            <Link to={`/accounts/${account.id}/expectations`} className={tab}>{t("account.ledger")}</Link>
            <Link to={`/accounts/${account.id}/committee`} className={tab}>{t("account.committee")}</Link>
            {canEdit ? <Link to={`/accounts/${account.id}/edit`} className={tab}>{t("account.edit")}</Link> : null}
          </div>
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-5">
          <Fact label={t("account.owner")} value={account.owner_name} />
          <Fact label={t("account.industry")} value={account.industry || "—"} />
          <Fact label={t("account.relationshipSince")} value={date(account.relationship_start) || "—"} />
          <Fact label={t("account.renewal")} value={date(account.renewal_date) || "—"} />
          <Fact label={t("account.contractValue")} value={money(account.contract_value, account.currency) || "—"} />
        </dl>
      </div>

      <AccountBrief brief={brief} accountId={account.id} />

      <section aria-labelledby="committee-heading">
        <h2 id="committee-heading" className="text-lg font-semibold">
          <Link to={`/accounts/${account.id}/committee`} className="hover:underline">{t("account.committee")}</Link>
        </h2>
        {committee.length ? (
          <CommitteeTable members={committee} />
        ) : (
          <p className="mt-2 text-slate-700">{t("account.committeeEmpty")}</p>
        )}
      </section>

      <section aria-labelledby="timeline-heading" id="timeline">
        <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">
          {t("account.timeline")}
        </h2>
        <TimelineFilterForm
          filters={filters}
          stakeholders={committee.map((s) => ({ id: s.id, name: s.name }))}
          staff={staff}
          clearTo={`/accounts/${account.id}`}
        />
        {timeline.touchpoints.length ? (
          <Timeline items={timeline.touchpoints} audience="internal" editBase={canEdit ? `/accounts/${account.id}/touchpoints` : undefined} />
        ) : (
          <p className="text-slate-700">{filtered ? t("filters.noMatch") : t("account.timelineEmpty")}</p>
        )}
        <nav aria-label="Timeline pages" className="mt-4 flex gap-4 text-sm">
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

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
