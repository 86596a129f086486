import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AccountBrief, type BriefData } from "#app/components/account-brief.tsx";
import { CommitteeTable } from "#app/components/committee-table.tsx";
import { HealthPanel, RelationshipPanel } from "#app/components/health-panel.tsx";
import { OpenExpectations } from "#app/components/open-expectations.tsx";
import { PredictabilityPanel } from "#app/components/predictability-panel.tsx";
import { SignalList, type AcknowledgeReply } from "#app/components/signal-list.tsx";
import { TimelineFilterForm } from "#app/components/timeline-filters.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { canAcknowledgeSignal, canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccountHealth } from "#app/models/account-health.server.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { openSupportCases, recentSentiments, unpaidOrDisputedInvoices } from "#app/models/brief.server.ts";
import { openExpectations } from "#app/models/expectations.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { listCommitteeContacts } from "#app/models/scoring-inputs.server.ts";
import { listStakeholders } from "#app/models/stakeholders.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AcknowledgeSignalForm, parsePredictabilityWindow, WINDOW_PARAM } from "#app/schemas/health.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { actionContext } from "#app/utils/actions.server.ts";
import { forbidden, notFound, requireInternalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/utils/flash.server.ts";
import { parseId } from "#app/utils/params.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.account.name} · Kohtaamo` : "Account · Kohtaamo" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) forbidden();
  const accountId = parseId(params.accountId);
  const searchParams = new URL(request.url).searchParams;
  const filters = parseTimelineFilters(searchParams);
  const now = new Date();
  const today = calendarDate(now);
  const months = parsePredictabilityWindow(searchParams.get(WINDOW_PARAM));
  const [account, committee, contacts, timeline, sentiments, cases, invoices, staff, health, open] = await Promise.all([
    getAccount(db(), accountId),
    listStakeholders(db(), accountId),
    listCommitteeContacts(db(), accountId),
    listTimeline(db(), accountId, { cursor: filters.cursor, limit: 25, filters }),
    recentSentiments(db(), accountId),
    openSupportCases(db(), accountId),
    unpaidOrDisputedInvoices(db(), accountId),
    listAccountManagers(db()),
    getAccountHealth(db(), accountId, { today, months }),
    openExpectations(db(), accountId, today),
  ]);
  if (!account) notFound("No such account.");
  const brief: BriefData = {
    today,
    now: now.toISOString(),
    keyContacts: lastContactByKeyRole(contacts),
    dmDays: daysSinceDecisionMakerContact(contacts, now),
    trend: sentimentTrend(sentiments),
    openCases: cases,
    invoices,
    renewalDate: account.renewal_date,
  };
  // The committee table's engagement columns, from what is loaded anyway: the
  // contacts above and the NPS answers the stored scores counted.
  const lastContact = new Map(contacts.map((c) => [c.id, c.last_two_way_contact]));
  const nps = health.scores?.nps;
  const npsScore = new Map((nps?.answers ?? []).map((a) => [a.stakeholderId, a.score]));
  return {
    account,
    committee: committee.map((s) => ({
      ...s,
      last_two_way_contact: lastContact.get(s.id) ?? null,
      nps_score: npsScore.get(s.id) ?? null,
    })),
    npsMonths: nps?.months ?? DEFAULT_SCORING_SETTINGS.npsMonths,
    timeline,
    filters,
    filtered: hasTimelineFilters(filters),
    brief,
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    canEdit: canEditAccount(user, account),
    health,
    openExpectations: open,
    canAcknowledge: canAcknowledgeSignal(user, account),
  };
}

// The page's forms: acknowledging a risk signal (intent=acknowledge).
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  if (formData.get("intent") !== "acknowledge") throw new Response("Bad request.", { status: 400 });
  const account = await getAccount(db(), accountId);
  if (!account) notFound("No such account.");
  if (!canAcknowledgeSignal(user, account)) forbidden(t("signals.notAllowed"));

  const submission = parseWithZod(formData, { schema: AcknowledgeSignalForm, error: errorMap });
  const signalId = String(formData.get("signalId") ?? "");
  if (submission.status !== "success") {
    return data({ acknowledge: { signalId, result: submission.reply() } satisfies AcknowledgeReply }, { status: 400 });
  }
  try {
    await db()
      .transaction()
      .execute((trx) =>
        acknowledgeSignal(trx, {
          accountId,
          signalId: submission.value.signalId,
          userId: user.id,
          note: submission.value.note ?? "",
          ip,
        }),
      );
  } catch (error) {
    if (error instanceof NotFoundError) notFound(t("signals.gone"));
    if (error instanceof SignalResolvedError) {
      const url = new URL(request.url);
      return redirect(`${url.pathname}${url.search}#risk-signals`, {
        headers: { "Set-Cookie": await setFlash({ kind: "error", message: t("signals.resolvedAlready") }) },
      });
    }
    throw error;
  }
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}#risk-signals`, {
    headers: { "Set-Cookie": await setFlash({ kind: "success", message: t("signals.acknowledged") }) },
  });
}

export default function AccountPage() {
  const { account, committee, npsMonths, timeline, filters, filtered, brief, staff, canEdit, health, openExpectations: open, canAcknowledge } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
            <Link to={`/accounts/${account.id}/portal-access`} className={tab}>{t("account.portalAccess")}</Link>
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

      <HealthPanel scores={health.scores} trend={health.trend} bands={health.bands} />
      <SignalList signals={health.signals} canAcknowledge={canAcknowledge} reply={actionData?.acknowledge} />
      <OpenExpectations accountId={account.id} data={open} today={brief.today} />
      <div className="grid gap-6 lg:grid-cols-2">
        <PredictabilityPanel accountId={account.id} p={health.predictability} />
        <RelationshipPanel scores={health.scores} />
      </div>

      <AccountBrief brief={brief} accountId={account.id} />

      <section aria-labelledby="committee-heading">
        <h2 id="committee-heading" className="text-lg font-semibold">
          <Link to={`/accounts/${account.id}/committee`} className="hover:underline">{t("account.committee")}</Link>
        </h2>
        {committee.length ? (
          <CommitteeTable members={committee} npsMonths={npsMonths} linkBase={`/accounts/${account.id}/committee`} />
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
