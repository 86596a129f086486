import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { PlanForm } from "#app/components/plan-form.tsx";
import { canChangePlan } from "#app/domain/permissions.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { getPlan } from "#app/models/planned-touchpoints.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { listLogFormOptions } from "#app/models/touchpoints.server.ts";
import { db } from "#app/utils/db.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { handlePlanIntent, planFormValues } from "./__plans/plan-actions.server.ts";

// One planned touchpoint: change it (as last seen: version) or cancel it.
// Recording it is the log form's ("record how it went").

export const meta: MetaFunction<typeof loader> = accountPageMeta("plan.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const planId = parseId(params.planId);
  const [account, plan] = await Promise.all([getAccount(db(), accountId), getPlan(db(), accountId, planId)]);
  if (!account) notFound("error.noAccount");
  if (!plan) notFound();
  if (!canChangePlan(user, account, plan)) throw await forbidden(request, user, "plan.notAllowed", { accountId });
  const [staff, options] = await Promise.all([
    listStaff(db()),
    listLogFormOptions(db(), accountId, { stakeholderIds: plan.stakeholder_ids }),
  ]);
  return {
    account: { id: account.id, name: account.name },
    plan: { id: plan.id, title: plan.title, state: plan.state, version: plan.version, owner_name: plan.owner_name },
    defaults: planFormValues(plan),
    staff: staff.filter((s) => s.id !== plan.owner_id).map((s) => ({ id: s.id, name: s.name })),
    stakeholders: options.stakeholders.map((s) => ({ id: s.id, name: s.name, title: s.title })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const {
    user: { user, accountId, planId },
    t,
    errorMap,
    ip,
    formData: form,
  } = await postAs(request, (r) => requireAccountPage(r, params, "planId"));
  // This page changes this plan only: a new plan or another plan's id is a tampered form.
  if (form.get("intent") === "plan" || form.get("planId") !== planId) badRequest();
  return handlePlanIntent(request, user, form, { t, errorMap, ip, back: `/accounts/${accountId}/plans`, accountId });
}

export default function PlanPage() {
  const { account, plan, defaults, staff, stakeholders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const planError = actionData && "planError" in actionData ? actionData.planError : null;
  const back = `/accounts/${account.id}/plans`;
  return (
    <div className="flex flex-col gap-4">
      <Link to={back} className="text-sm text-brand-700 underline">
        ← {t("plan.backTo", { name: account.name })}
      </Link>
      <h1 className="text-2xl font-bold break-words">{t("plan.editTitle")}</h1>
      {plan.state === "planned" ? (
        <>
          <p className="text-sm text-slate-700">{t("plan.ownedBy", { name: plan.owner_name })}</p>
          <PlanForm
            formId={`edit-${plan.id}`}
            mode="edit"
            defaults={defaults}
            stakeholders={stakeholders}
            staff={staff}
            error={planError}
            planId={plan.id}
            version={plan.version}
            cancelTo={back}
          />
          <Form method="post" className="mt-2">
            <input type="hidden" name="intent" value="cancelPlan" />
            <input type="hidden" name="planId" value={plan.id} />
            <input type="hidden" name="version" value={String(plan.version)} />
            <button
              type="submit"
              className="rounded-md border border-red-700 bg-white px-3 py-1.5 text-sm font-medium text-red-800"
            >
              {t("plan.cancelThis")}
            </button>
          </Form>
        </>
      ) : (
        <p className="text-slate-700">{t(`plan.closedNote.${plan.state as "logged" | "cancelled"}`)}</p>
      )}
    </div>
  );
}
