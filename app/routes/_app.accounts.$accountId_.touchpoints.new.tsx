import { canLogTouchpoint } from "#app/domain/permissions.ts";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { logTouchpointWithNextStep } from "#app/models/next-steps.server.ts";
import { listLogFormOptions } from "#app/models/touchpoints.server.ts";
import { LogPresetQuery, newTouchpointValues } from "#app/schemas/touchpoint.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { getPlan, markPlanLogged, planRecordValues } from "#app/models/planned-touchpoints.server.ts";
import { RecordsPlanField } from "#app/schemas/planned-touchpoint.ts";
import { requireAccountRight } from "./__account/account-right.server.ts";
import { logTouchpointAction } from "./__touchpoint/log-action.server.ts";
import { LogTouchpointPage } from "./__touchpoint/log-page.tsx";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";

export const meta: MetaFunction<typeof loader> = accountPageMeta("title.logTouchpoint");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountRight(request, params, { may: canLogTouchpoint });
  const defaults = newTouchpointValues({
    now: instantToWallTime(new Date(), TIME_ZONE),
    userId: user.id,
    currency: account.currency,
  });
  // "Record how it went": the plan's kind, title, people and time start the form; saving links them.
  const query = new URL(request.url).searchParams;
  const planParam = RecordsPlanField.safeParse(query.get("plan") ?? "");
  const plan = planParam.success && planParam.data ? await getPlan(db(), accountId, planParam.data) : undefined;
  // A link may start the form with a person and as a moment of truth (the first meeting with a successor).
  const preset = LogPresetQuery.parse(Object.fromEntries(query));
  const options = await listLogFormOptions(db(), accountId, { stakeholderIds: plan?.stakeholder_ids ?? [] });
  const withPerson = preset.with && options.stakeholders.some((s) => s.id === preset.with) ? preset.with : undefined;
  const recording =
    plan && plan.state === "planned"
      ? { id: plan.id, title: plan.title, planned_for: plan.planned_for.toISOString() }
      : null;
  const started = {
    ...defaults,
    ...(withPerson ? { kind: "meeting", stakeholder_ids: [withPerson] } : {}),
    ...(preset.moment ? { moment_of_truth: true } : {}),
  };
  return {
    account: { id: account.id, name: account.name },
    options,
    defaults: recording && plan ? { ...defaults, ...planRecordValues(plan) } : started,
    recording,
    planGone: Boolean(planParam.success && planParam.data && !recording),
    submissionId: newSubmissionId(),
  };
}

export function action({ request, params }: ActionFunctionArgs) {
  return logTouchpointAction(
    request,
    () => parseId(params.accountId),
    async (trx, context, accountId, value, formData) => {
      // Saved from "Record how it went": the plan it records is marked logged with it.
      const records = RecordsPlanField.safeParse(formData.get("records_plan") ?? "");
      if (!records.success) badRequest();
      const { touchpoint } = await logTouchpointWithNextStep(trx, context, accountId, value);
      if (records.data) await markPlanLogged(trx, context, accountId, records.data, touchpoint.id);
    },
  );
}

export default function NewTouchpointPage() {
  const { account, options, defaults, submissionId, recording, planGone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  return (
    <LogTouchpointPage
      account={account}
      back={`/accounts/${account.id}`}
      backLabel={t("touchpointEdit.backTo", { name: account.name })}
      defaults={defaults}
      options={options}
      lastResult={actionData?.result}
      hiddenFields={
        recording ? { submission_id: submissionId, records_plan: recording.id } : { submission_id: submissionId }
      }
    >
      {recording ? (
        <p
          className="mb-4 rounded-md bg-sky-50 p-3 text-sm text-slate-800 ring-1 ring-sky-200"
          data-testid="recording-plan"
        >
          {t("plan.recording", { title: recording.title, when: dateTime(recording.planned_for) })}
        </p>
      ) : planGone ? (
        <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-slate-800 ring-1 ring-amber-200">
          {t("plan.recordGone")}
        </p>
      ) : null}
    </LogTouchpointPage>
  );
}
