import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { PlanForm } from "#app/components/plan-form.tsx";
import { PlannedList } from "#app/components/planned-list.tsx";
import { canPlanTouchpoint } from "#app/domain/permissions.ts";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listAccountPlans } from "#app/models/planned-touchpoints.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { listLogFormOptions } from "#app/models/touchpoints.server.ts";
import { db } from "#app/utils/db.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { handleIcsImport } from "./__plans/ics-import.server.ts";
import { handlePlanIntent, planListItems } from "./__plans/plan-actions.server.ts";
import { AccountPageHeader } from "./__account/page-header.tsx";
import { LabelledControl } from "#app/components/ui/field.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

// An account's planned touchpoints: meetings, business reviews and calls on the
// calendar ahead. Staff read them; the account's editors plan; a plan's owner,
// maker or the account's editors change or cancel it. Plans are not contact and
// count in no figure; customers never see them.

export const meta: MetaFunction<typeof loader> = accountPageMeta("plan.panel");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const [plans, staff, options] = await Promise.all([
    listAccountPlans(db(), accountId),
    listStaff(db()),
    listLogFormOptions(db(), accountId),
  ]);
  const today = calendarDate();
  return {
    account: { id: account.id, name: account.name },
    open: planListItems(plans.open, user, account),
    closed: planListItems(plans.closed, user, account),
    staff: staff.filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
    stakeholders: options.stakeholders.map((s) => ({ id: s.id, name: s.name, title: s.title })),
    canPlan: canPlanTouchpoint(user, account),
    today,
    // A fresh plan: tomorrow at ten, Helsinki time.
    defaults: {
      kind: "meeting",
      planned_for: `${addDays(today, 1)}T10:00`,
      title: "",
      notes: "",
      stakeholder_ids: [] as string[],
      owner_id: "",
      positive_surprise: false,
    },
    submissionId: newSubmissionId(),
    importSubmissionId: newSubmissionId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const { user, accountId, account } = await requireAccountPage(request, params);
  const { t, errorMap, ip } = await actionContext(request);
  // The .ics import is the one file upload here.
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return handleIcsImport(request, user, account, { t, ip, back: `/accounts/${accountId}/plans` });
  }
  const form = await request.formData();
  return handlePlanIntent(request, user, form, { t, errorMap, ip, back: `/accounts/${accountId}/plans`, accountId });
}

export default function AccountPlansPage() {
  const { account, open, closed, staff, stakeholders, canPlan, today, defaults, submissionId, importSubmissionId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const planError = actionData && "planError" in actionData ? actionData.planError : null;
  const icsError = actionData && "icsError" in actionData ? actionData.icsError : null;
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader
        account={account}
        title={t("plan.panel")}
        intro={<p className="mt-1 max-w-prose text-sm text-slate-700">{t("plan.intro")}</p>}
        current="plans"
      />
      <PlansSection id="planned-heading" title={t("plan.upcoming")} plans={open} today={today} />
      {canPlan ? (
        <Card name="new-plan">
          <CardTitle name="new-plan" small>
            {t("plan.new")}
          </CardTitle>
          <PlanForm
            formId="new"
            mode="create"
            defaults={defaults}
            stakeholders={stakeholders}
            staff={staff}
            error={planError}
            submissionId={submissionId}
          />
        </Card>
      ) : null}
      {canPlan ? (
        <Card name="ics-import">
          <CardTitle name="ics-import" small>
            {t("calendar.import.title")}
          </CardTitle>
          <p className="mt-1 max-w-prose text-sm text-slate-700">{t("calendar.import.intro")}</p>
          <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="importIcs" />
            <input type="hidden" name="submission_id" value={importSubmissionId} />
            <LabelledControl id="ics-file" label={t("calendar.import.file")}>
              <input
                id="ics-file"
                name="file"
                type="file"
                accept=".ics,text/calendar"
                aria-invalid={icsError ? true : undefined}
                aria-describedby={icsError ? "ics-file-error" : undefined}
                className="max-w-full text-sm"
              />
              {icsError ? (
                <p id="ics-file-error" className="text-sm text-red-800">
                  {icsError}
                </p>
              ) : null}
            </LabelledControl>
            <button type="submit" className="rounded-md bg-brand-700 px-3 py-2 font-semibold text-white">
              {t("calendar.import.submit")}
            </button>
          </Form>
          <p className="mt-3 text-sm">
            <Link to="/settings/calendar" className="text-brand-700 underline">
              {t("calendar.link")}
            </Link>
          </p>
        </Card>
      ) : null}
      {closed.length ? (
        <PlansSection id="closed-plans-heading" title={t("plan.recent")} plans={closed} today={today} />
      ) : null}
    </div>
  );
}

/** A list of plans under its heading (`id`: the heading's). */
function PlansSection({
  id,
  title,
  plans,
  today,
}: {
  id: string;
  title: string;
  plans: Parameters<typeof PlannedList>[0]["plans"];
  today: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-2 font-semibold">
        {title}
      </h2>
      <PlannedList plans={plans} today={today} />
    </section>
  );
}
