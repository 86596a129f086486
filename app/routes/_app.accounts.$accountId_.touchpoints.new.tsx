import { ADVOCACY_RULE_MESSAGES } from "#app/i18n/message-groups.ts";
import { canLogTouchpoint } from "#app/domain/permissions.ts";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { TouchpointForm } from "#app/components/touchpoint-form.tsx";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { logTouchpointWithNextStep } from "#app/models/next-steps.server.ts";
import { listLogFormOptions } from "#app/models/touchpoints.server.ts";
import { LogPresetQuery, newTouchpointValues, TouchpointCreateForm } from "#app/schemas/touchpoint.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, requireInternalUser } from "#app/web/auth.server.ts";
import { getPlan, markPlanLogged, planRecordValues } from "#app/models/planned-touchpoints.server.ts";
import { RecordsPlanField } from "#app/schemas/planned-touchpoint.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { createOnce } from "#app/web/create-once.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    ...ADVOCACY_RULE_MESSAGES,
    "polarity.",
    "committeeRole.",
    "emotion.",
    "form.",
    "kind.",
    "nextStep.",
    "plan.",
    "resolved.",
    "scoringSettings.",
    "severity.",
    "supportStatus.",
    "task.linkNotFound",
    "task.notAllowed",
    "task.ownerNotStaff",
    "title.logTouchpoint",
    "touchpointEdit.backTo",
    "touchpointForm.",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.logTouchpoint"), data?.account.name);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  if (!canLogTouchpoint(user, account)) throw await forbidden(request, user, "error.forbidden", { accountId });
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

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: TouchpointCreateForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const records = RecordsPlanField.safeParse(formData.get("records_plan") ?? "");
  if (!records.success) badRequest();
  const { repeated, refused } = await createOnce(
    formData,
    "touchpoint",
    submission,
    { request, actor: user, locale, accountId },
    async (trx) => {
      const { touchpoint } = await logTouchpointWithNextStep(trx, { actor: user, ip }, accountId, submission.value);
      if (records.data) await markPlanLogged(trx, { actor: user, ip }, accountId, records.data, touchpoint.id);
    },
  );
  if (refused) return refused;
  const message = repeated ? t("form.alreadySaved") : t("touchpointForm.logged");
  return redirect(`/accounts/${accountId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
  });
}

export default function NewTouchpointPage() {
  const { account, options, defaults, submissionId, recording, planGone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  return (
    <div>
      <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
        ← {t("touchpointEdit.backTo", { name: account.name })}
      </Link>
      <h1 className="mb-6 mt-2 text-2xl font-bold">{t("touchpointForm.newTitleFor", { account: account.name })}</h1>
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
      <TouchpointForm
        mode="create"
        defaults={defaults}
        options={options}
        lastResult={actionData?.result}
        cancelTo={`/accounts/${account.id}`}
        hiddenFields={
          recording ? { submission_id: submissionId, records_plan: recording.id } : { submission_id: submissionId }
        }
      />
    </div>
  );
}
