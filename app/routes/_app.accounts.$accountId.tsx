import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, type ShouldRevalidateFunction } from "@remix-run/react";
import { AccountBrief, type BriefData } from "#app/components/account-brief.tsx";
import { CommitteeExports, TimelineExports } from "#app/components/account-exports.tsx";
import { CommitteeView } from "#app/components/committee-view.tsx";
import type { ChartNode } from "#app/domain/org-chart.ts";
import type { RoleReply } from "#app/components/role-buttons.tsx";
import { HealthPanel, RelationshipPanel } from "#app/components/health-panel.tsx";
import { OpenExpectations } from "#app/components/open-expectations.tsx";
import { PredictabilityPanel } from "#app/components/predictability-panel.tsx";
import { SignalList, type AcknowledgeReply } from "#app/components/signal-list.tsx";
import { TimelineFilterForm } from "#app/components/timeline-filters.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { canAcknowledgeSignal, canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccountHealth } from "#app/models/account-health.server.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import { openSupportCases, recentSentiments, unpaidOrDisputedInvoices } from "#app/models/brief.server.ts";
import { openExpectations } from "#app/models/expectations.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AcknowledgeSignalForm, parsePredictabilityWindow, WINDOW_PARAM } from "#app/schemas/health.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { changeRole } from "#app/routes/__committee/role-action.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { Fact } from "#app/components/ui/panel.tsx";

/** How many risk signals the account page lists before "show all". */
const SIGNALS_SHOWN = 8;
const SIGNALS_PARAM = "signals";
/** The signal just acknowledged: listed even when it falls past the first few, so its note is seen saved. */
const ACKNOWLEDGED_PARAM = "acknowledged";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, data ? data.account.name : f.t("title.account"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const accountId = parseId(params.accountId);
  const searchParams = new URL(request.url).searchParams;
  const filters = parseTimelineFilters(searchParams);
  const now = new Date();
  const today = calendarDate(now);
  const months = parsePredictabilityWindow(searchParams.get(WINDOW_PARAM));
  const allSignals = searchParams.get(SIGNALS_PARAM) === "all";
  const [account, view, timeline, sentiments, cases, invoices, staff, health, open] = await Promise.all([
    getAccount(db(), accountId),
    loadCommitteeView(db(), accountId, { now }),
    listTimeline(db(), accountId, { cursor: filters.cursor, limit: 25, filters }),
    recentSentiments(db(), accountId),
    openSupportCases(db(), accountId),
    unpaidOrDisputedInvoices(db(), accountId),
    listAccountManagers(db()),
    getAccountHealth(db(), accountId, { today, months }),
    openExpectations(db(), accountId, today),
  ]);
  if (!account) notFound("error.noAccount");
  // The brief's key contacts come from the committee's present people (who left holds no role).
  const contacts = view.members;
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
  return {
    account,
    // Everyone who ever sat on the committee can be looked for in the timeline.
    people: view.everyone,
    committee: view,
    viewer: { id: user.id, role: user.role },
    timeline,
    filters,
    filtered: hasTimelineFilters(filters),
    brief,
    staff: staff.map((s) => ({ id: s.id, name: s.name })),
    canEdit: canEditAccount(user, account),
    // A few signals, most pressing first, unless all were asked for: an account
    // with dozens of overdue commitments should not bury the rest of its page.
    health: { ...health, signals: allSignals ? health.signals : firstSignals(health.signals, searchParams.get(ACKNOWLEDGED_PARAM)) },
    signalCounts: {
      open: health.signals.filter((s) => !s.acknowledgedAt).length,
      total: health.signals.length,
    },
    openExpectations: open,
    canAcknowledge: canAcknowledgeSignal(user, account),
  };
}

// After a lost race (409) show the committee as it is now; the row keeps what was chosen.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

// The page's forms: acknowledging a risk signal (intent=acknowledge), a committee role (intent=role).
export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const context = await actionContext(request);
  const { t, errorMap, ip } = context;
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "role") return changeRole(request, formData, { actor: user, accountId, back: new URL(request.url), context });
  if (intent !== "acknowledge") badRequest();
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  if (!canAcknowledgeSignal(user, account)) throw await forbidden(request, user, "signals.notAllowed", { accountId });

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
    if (error instanceof NotFoundError) notFound("signals.gone");
    if (error instanceof SignalResolvedError) {
      const url = new URL(request.url);
      return redirect(`${url.pathname}${url.search}#risk-signals`, {
        headers: { "Set-Cookie": await setFlash(request, { kind: "error", message: t("signals.resolvedAlready") }) },
      });
    }
    throw error;
  }
  const url = new URL(request.url);
  url.searchParams.delete("index");
  url.searchParams.set(ACKNOWLEDGED_PARAM, submission.value.signalId);
  return redirect(`${url.pathname}${url.search}#risk-signals`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t("signals.acknowledged") }) },
  });
}

export default function AccountPage() {
  const {
    account,
    people,
    committee,
    viewer,
    timeline,
    filters,
    filtered,
    brief,
    staff,
    canEdit,
    health,
    signalCounts,
    openExpectations: open,
    canAcknowledge,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { acknowledge?: AcknowledgeReply; role?: RoleReply } | undefined;
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
            {canEdit ? (
              <Link to={`/accounts/${account.id}/touchpoints/new`} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
                {t("nav.logTouchpoint")}
              </Link>
            ) : null}
            <Link to={`/accounts/${account.id}/expectations`} className={tab}>{t("account.ledger")}</Link>
            <Link to={`/accounts/${account.id}/committee`} className={tab}>{t("account.committee")}</Link>
            <Link to={`/accounts/${account.id}/tasks`} className={tab}>{t("task.panel")}</Link>
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
      <SignalList
        signals={health.signals}
        counts={signalCounts}
        allHref={signalCounts.total > health.signals.length ? `?${withParam(location.search, SIGNALS_PARAM, "all")}#risk-signals` : undefined}
        canAcknowledge={canAcknowledge}
        reply={actionData?.acknowledge}
      />
      <OpenExpectations accountId={account.id} data={open} today={brief.today} />
      <div className="grid gap-6 lg:grid-cols-2">
        <PredictabilityPanel accountId={account.id} p={health.predictability} />
        <RelationshipPanel scores={health.scores} />
      </div>

      <AccountBrief brief={brief} accountId={account.id} />

      <section aria-labelledby="committee-heading" className="flex flex-col gap-4" id="committee">
        <div className="flex flex-wrap items-baseline gap-4">
          <h2 id="committee-heading" className="text-lg font-semibold">
            <Link to={`/accounts/${account.id}/committee`} className="hover:underline">
              {t("account.committee")}
            </Link>
          </h2>
          <CommitteeExports accountId={account.id} />
        </div>
        {committee.members.length || committee.chart.length ? (
          <CommitteeView
            accountId={account.id}
            members={committee.members}
            chart={committee.chart as ChartNode[]}
            gaps={committee.gaps}
            npsMonths={committee.npsMonths}
            engagedDays={committee.engagedDays}
            canEdit={canEdit}
            roleReply={actionData?.role}
            level={3}
          />
        ) : (
          <p className="text-slate-700">{t("account.committeeEmpty")}</p>
        )}
      </section>

      <section aria-labelledby="timeline-heading" id="timeline">
        <div className="mb-3 flex flex-wrap items-baseline gap-4">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            {t("account.timeline")}
          </h2>
          <TimelineExports accountId={account.id} search={location.search} />
        </div>
        <TimelineFilterForm
          filters={filters}
          stakeholders={people}
          staff={staff}
          clearTo={`/accounts/${account.id}`}
        />
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

/** The most pressing few, plus the one just acknowledged wherever it now sorts. */
function firstSignals<S extends { id: string }>(signals: S[], acknowledgedId: string | null): S[] {
  const first = signals.slice(0, SIGNALS_SHOWN);
  const pinned = acknowledgedId && !first.some((s) => s.id === acknowledgedId) ? signals.find((s) => s.id === acknowledgedId) : undefined;
  return pinned ? [...first, pinned] : first;
}

function withParam(search: string, name: string, value: string) {
  const params = new URLSearchParams(search);
  params.set(name, value);
  return params.toString();
}

