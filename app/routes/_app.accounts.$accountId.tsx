import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { AccountBrief } from "#app/components/account-brief.tsx";
import { HealthPanel, RelationshipPanel } from "#app/components/health-panel.tsx";
import { OpenExpectations } from "#app/components/open-expectations.tsx";
import { PredictabilityPanel } from "#app/components/predictability-panel.tsx";
import { SignalList, type AcknowledgeReply } from "#app/components/signal-list.tsx";
import { skipRevalidationForTaskParam } from "#app/components/signal-task.tsx";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { Timeline } from "#app/components/timeline.tsx";
import { withSearchParam } from "#app/components/ui/search-params.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { overviewAction } from "#app/routes/__account/overview-action.server.ts";
import { OverviewFacts, OverviewHeader } from "#app/routes/__account/overview-header.tsx";
import { overviewLoader } from "#app/routes/__account/overview-loader.server.ts";
import { ACKNOWLEDGED_PARAM, SIGNALS_PARAM } from "#app/routes/__account/overview-params.ts";

export const meta: MetaFunction<typeof loader> = recordMeta("title.account", (data) => [data.account.name]);

// The account's overview: health, predictability, what needs attention now
// (risk signals, open expectations, the brief) and the latest touchpoints.
export function loader(args: LoaderFunctionArgs) {
  return overviewLoader(args);
}

// Opening or closing a signal's task form (`?task=`) asks the loader nothing: the staff list is already here.
export const shouldRevalidate = skipRevalidationForTaskParam;

// The overview's one form: acknowledging a risk signal (intent=acknowledge), and a task made from one.
export function action(args: ActionFunctionArgs) {
  return overviewAction(args);
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
  const { t } = useI18n();
  const location = useLocation();
  return (
    <div className="flex flex-col gap-6">
      <OverviewHeader account={account} canEdit={canEdit} />
      <OverviewFacts account={account} />

      <SignalList
        signals={health.signals}
        counts={signalCounts}
        allHref={
          signalCounts.total > health.signals.length
            ? `${withSearchParam(location.search, SIGNALS_PARAM, "all")}#risk-signals`
            : undefined
        }
        canAcknowledge={canAcknowledge}
        reply={actionData?.acknowledge}
        openId={new URLSearchParams(location.search).get(ACKNOWLEDGED_PARAM)}
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
