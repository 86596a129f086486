import { EXPECTATION_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import { parseWithZod } from "@conform-to/zod/v4";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { AccountBrief, type BriefData } from "#app/components/account-brief.tsx";
import { formatters } from "#app/i18n/index.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { withRecordSentences } from "#app/routes/__account/brief-sentences.server.ts";
import { AccountSections } from "#app/components/account-sections.tsx";
import { HealthPanel, RelationshipPanel } from "#app/components/health-panel.tsx";
import { OpenExpectations } from "#app/components/open-expectations.tsx";
import { PredictabilityPanel } from "#app/components/predictability-panel.tsx";
import { SignalList, type AcknowledgeReply } from "#app/components/signal-list.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysSinceDecisionMakerContact, lastContactByKeyRole, sentimentTrend } from "#app/domain/brief.ts";
import { canAcknowledgeSignal, canCreateTask, canEditAccount, canViewAccount } from "#app/domain/permissions.ts";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { listStaff } from "#app/models/tasks.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccountHealth } from "#app/models/account-health.server.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { loadCommitteeView } from "#app/models/committee-view.server.ts";
import {
  meetingBrief,
  openSupportCases,
  recentSentiments,
  unpaidOrDisputedInvoices,
} from "#app/models/brief.server.ts";
import { openExpectations } from "#app/models/expectations.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { latestRecorded } from "#app/models/timeline.server.ts";
import { AcknowledgeSignalForm, parsePredictabilityWindow, WINDOW_PARAM } from "#app/schemas/health.ts";
import { hasTimelineFilters, parseTimelineFilters } from "#app/schemas/timeline.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { Fact } from "#app/components/ui/panel.tsx";

export const handle: PageHandle = {
  messages: pageMessages(
    ...EXPECTATION_RULE_MESSAGES,
    "polarity.",
    "account.",
    "accountLedger.",
    "attention.",
    "brief.",
    "committee.left",
    "committeeChange.",
    "committeeRole.",
    "deliveryForm.withdrawnNote",
    "emotion.",
    "expImportance.",
    "expOutcome.",
    "expStatus.",
    "expectationForm.",
    "experience.section",
    "health.",
    "healthPanel.",
    "holderRecord.",
    "invoice.",
    "kind.",
    "ledger.",
    "overview.",
    "plan.panel",
    "portalTouchpoint.",
    "predictability.",
    "relationship.",
    "resolved.",
    "review.panel",
    "scoringSettings.",
    "section.",
    "sentimentLevel.",
    "severity.",
    "signal.",
    "signals.",
    "stage.",
    "support.",
    "supportStatus.",
    "task.",
    "tier.",
    "timeline.",
    "title.account",
    "touchpoint.",
    "validation.",
  ),
};

/** How many risk signals the overview lists before "show all". */
const SIGNALS_SHOWN = 8;
const SIGNALS_PARAM = "signals";
/** The signal just acknowledged: listed even when it falls past the first few, so its note is seen saved. */
const ACKNOWLEDGED_PARAM = "acknowledged";
/** How many of the touchpoints recorded last the overview shows; the timeline section has them all. */
const RECENT_TOUCHPOINTS = 5;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, data ? data.account.name : f.t("title.account"));
};

// The account's overview: health, predictability, what needs attention now
// (risk signals, open expectations, the brief) and the latest touchpoints. The
// timeline, ledger, committee and portal access are sections of their own
// (AccountSections links them).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  if (!canViewAccount(user)) throw await forbidden(request, user);
  const accountId = parseId(params.accountId);
  const url = new URL(request.url);
  const searchParams = url.searchParams;
  // Timeline filters and pages live in the timeline section now; old links keep working.
  const filters = parseTimelineFilters(searchParams);
  if (hasTimelineFilters(filters) || filters.cursor) throw redirect(`/accounts/${accountId}/timeline${url.search}`);
  const now = new Date();
  const today = calendarDate(now);
  const { t } = formatters(await resolveLocale(request));
  const months = parsePredictabilityWindow(searchParams.get(WINDOW_PARAM));
  const allSignals = searchParams.get(SIGNALS_PARAM) === "all";
  const [account, view, recent, sentiments, cases, invoices, health, open, meeting] = await Promise.all([
    getAccount(db(), accountId),
    loadCommitteeView(db(), accountId, { now }),
    latestRecorded(db(), accountId, RECENT_TOUCHPOINTS),
    recentSentiments(db(), accountId),
    openSupportCases(db(), accountId),
    unpaidOrDisputedInvoices(db(), accountId),
    getAccountHealth(db(), accountId, { today, months }),
    openExpectations(db(), accountId, today),
    meetingBrief(db(), accountId, now),
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
    meeting: withRecordSentences(meeting, t),
  };
  return {
    account,
    viewer: { id: user.id, role: user.role },
    recent,
    brief,
    canEdit: canEditAccount(user, account),
    // A few signals, most pressing first, unless all were asked for: an account
    // with dozens of overdue commitments should not bury the rest of its page.
    health: {
      ...health,
      signals: allSignals ? health.signals : firstSignals(health.signals, searchParams.get(ACKNOWLEDGED_PARAM)),
    },
    signalCounts: {
      open: health.signals.filter((s) => !s.acknowledgedAt).length,
      total: health.signals.length,
    },
    openExpectations: open,
    canAcknowledge: canAcknowledgeSignal(user, account),
    // "Create a task" from a signal: the account's editors (canCreateTask).
    taskForm: canCreateTask(user, account)
      ? {
          staff: (await listStaff(db())).filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
          submissionId: newSubmissionId(),
        }
      : null,
  };
}

// The overview's one form: acknowledging a risk signal (intent=acknowledge).
export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  if (formData.get("intent") === "createTask") {
    return handleTaskIntent(request, user, formData, {
      t,
      errorMap,
      ip,
      back: `/accounts/${accountId}#risk-signals`,
      accountId,
    });
  }
  if (formData.get("intent") !== "acknowledge") badRequest();
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

export default function AccountOverview() {
  const {
    account,
    viewer,
    recent,
    brief,
    canEdit,
    health,
    signalCounts,
    openExpectations: open,
    canAcknowledge,
    taskForm,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { acknowledge?: AcknowledgeReply; taskError?: TaskFormError } | undefined;
  const { t, date, money } = useI18n();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const button = "rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-medium";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link to="/accounts" className="text-sm text-brand-700 underline">
          ← {t("account.backToList")}
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold break-words">{account.name}</h1>
          <Badge>{t(`tier.${account.tier as Tier}`)}</Badge>
          <Badge tone={account.lifecycle_stage === "at_risk" ? "bad" : "neutral"}>
            {t(`stage.${account.lifecycle_stage as LifecycleStage}`)}
          </Badge>
          {account.archived_at ? <Badge tone="warn">{t("account.archived")}</Badge> : null}
          {canEdit ? (
            <Link to={`/accounts/${account.id}/edit`} className={`${button} sm:ml-auto`}>
              {t("account.edit")}
            </Link>
          ) : null}
        </div>
        {/* The quick log comes first on a phone: a full-width button under the name. */}
        {canEdit ? (
          <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3" data-testid="quick-log">
            <Link
              to={`/accounts/${account.id}/touchpoints/new`}
              className="rounded-md bg-brand-700 px-4 py-3 text-center text-base font-semibold text-white sm:py-2 sm:text-sm"
            >
              {t("nav.logTouchpoint")}
            </Link>
            <p className="hidden text-sm text-slate-700 sm:block">{t("overview.quickLogHint")}</p>
          </div>
        ) : null}
        <AccountSections accountId={account.id} current="overview" />
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-5">
        <Fact label={t("account.owner")} value={account.owner_name} />
        <Fact label={t("account.industry")} value={account.industry || "—"} />
        <Fact label={t("account.relationshipSince")} value={date(account.relationship_start) || "—"} />
        <Fact label={t("account.renewal")} value={date(account.renewal_date) || "—"} />
        <Fact label={t("account.contractValue")} value={money(account.contract_value, account.currency) || "—"} />
      </dl>

      <SignalList
        signals={health.signals}
        counts={signalCounts}
        allHref={
          signalCounts.total > health.signals.length
            ? `?${withParam(location.search, SIGNALS_PARAM, "all")}#risk-signals`
            : undefined
        }
        canAcknowledge={canAcknowledge}
        reply={actionData?.acknowledge}
        openId={searchParams.get(ACKNOWLEDGED_PARAM)}
        taskForm={taskForm ? { ...taskForm, accountName: account.name, error: actionData?.taskError ?? null } : null}
      />
      <HealthPanel scores={health.scores} trend={health.trend} bands={health.bands} />
      <OpenExpectations accountId={account.id} data={open} today={brief.today} />
      <div className="grid gap-6 lg:grid-cols-2">
        <PredictabilityPanel accountId={account.id} p={health.predictability} />
        <RelationshipPanel scores={health.scores} />
      </div>

      <AccountBrief brief={brief} accountId={account.id} />

      <section aria-labelledby="recent-heading" id="timeline">
        <div className="mb-3 flex flex-wrap items-baseline gap-4">
          <h2 id="recent-heading" className="text-lg font-semibold">
            {t("overview.recent")}
          </h2>
          <Link to={`/accounts/${account.id}/timeline`} className="text-sm font-medium text-brand-700 underline">
            {t("overview.wholeTimeline")}
          </Link>
        </div>
        {recent.length ? (
          <Timeline
            items={recent}
            audience="internal"
            viewer={{ actor: viewer, accountOwnerId: account.owner_id, accountId: account.id }}
          />
        ) : (
          <p className="text-slate-700">{t("account.timelineEmpty")}</p>
        )}
      </section>
    </div>
  );
}

/** The most pressing few, plus the one just acknowledged wherever it now sorts. */
function firstSignals<S extends { id: string }>(signals: S[], acknowledgedId: string | null): S[] {
  const first = signals.slice(0, SIGNALS_SHOWN);
  const pinned =
    acknowledgedId && !first.some((s) => s.id === acknowledgedId)
      ? signals.find((s) => s.id === acknowledgedId)
      : undefined;
  return pinned ? [...first, pinned] : first;
}

function withParam(search: string, name: string, value: string) {
  const params = new URLSearchParams(search);
  params.set(name, value);
  return params.toString();
}
