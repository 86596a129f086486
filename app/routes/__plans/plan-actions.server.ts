import { data } from "@remix-run/node";
import { calendarDate, instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { canChangePlan, canLogTouchpoint, type Actor } from "#app/domain/permissions.ts";
import type { formatters, MessageKey } from "#app/i18n/index.ts";
import type { zodErrorMap } from "#app/i18n/validation.ts";
import { oncePerSubmission } from "#app/web/create-once.server.ts";
import { cancelPlan, createPlan, updatePlan, type listAccountPlans } from "#app/models/planned-touchpoints.server.ts";
import { CancelPlanForm, CreatePlanForm, planFormFields, UpdatePlanForm, type PlanFormError } from "#app/schemas/planned-touchpoint.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import type { InternalUser } from "#app/web/auth.server.ts";
import { badRequest, forbidden, notFound } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { messagesByField } from "#app/web/plain-forms.server.ts";

// The plan intents of the account's Plans page and a plan's page: plan,
// updatePlan, cancelPlan. Each answers with a redirect and a flash message, or
// with the form's errors beside their fields and what was typed (status 400).

type Translate = ReturnType<typeof formatters>["t"];

export const PLAN_INTENTS = ["plan", "updatePlan", "cancelPlan"] as const;

type Plans = Awaited<ReturnType<typeof listAccountPlans>>["open"];

/** Plans as the list shows them, with what the viewer may do with each. */
export function planListItems(plans: Plans, viewer: Actor, account: { owner_id: string }) {
  return plans.map((p) => ({
    account_id: p.account_id,
    id: p.id,
    kind: p.kind,
    planned_for: p.planned_for.toISOString(),
    day: calendarDate(p.planned_for),
    title: p.title,
    state: p.state,
    owner_name: p.owner_name,
    touchpoint_id: p.touchpoint_id,
    stakeholder_count: p.stakeholder_ids.length,
    positive_surprise: p.positive_surprise,
    version: p.version,
    canChange: canChangePlan(viewer, account, p),
    canRecord: canLogTouchpoint(viewer, account),
  }));
}

/** A plan as its form shows it. */
export function planFormValues(plan: Plans[number]) {
  return {
    kind: plan.kind,
    planned_for: instantToWallTime(plan.planned_for, TIME_ZONE),
    title: plan.title,
    notes: plan.notes,
    stakeholder_ids: plan.stakeholder_ids,
    owner_id: "",
    positive_surprise: plan.positive_surprise,
  };
}

export async function handlePlanIntent(
  request: Request,
  user: InternalUser,
  form: FormData,
  ctx: { t: Translate; errorMap: ReturnType<typeof zodErrorMap>; ip: string | null; back: string; accountId: string },
) {
  const fields = planFormFields(form);
  const formId = String(fields.formId ?? "new").slice(0, 200);
  const flash = (kind: "success" | "error", message: string, to = ctx.back) =>
    redirectWithFlash(request, to, message, kind);
  const refuse = (errors: Record<string, string>) =>
    data({ planError: { formId, fields: errors, values: fields } satisfies PlanFormError }, { status: 400 });
  const translate = (error: FieldError) =>
    Object.fromEntries(Object.entries(error.fieldErrors).map(([k, m]) => [k, ctx.t(m.key as MessageKey, m.params)]));

  if (fields.intent === "cancelPlan") {
    const parsed = CancelPlanForm.safeParse(fields);
    if (!parsed.success) badRequest();
    try {
      await db()
        .transaction()
        .execute((trx) => cancelPlan(trx, { actor: user, ip: ctx.ip }, ctx.accountId, parsed.data.planId, parsed.data.version));
    } catch (error) {
      if (error instanceof ForbiddenError) throw await forbidden(request, user, "plan.notAllowed", { accountId: ctx.accountId });
      if (error instanceof NotFoundError) notFound();
      if (error instanceof ConflictError) return flash("error", ctx.t("plan.changed"));
      if (error instanceof FieldError) return flash("error", ctx.t("plan.refusal.planNotOpen"));
      throw error;
    }
    return flash("success", ctx.t("plan.cancelled"));
  }

  const schema = fields.intent === "plan" ? CreatePlanForm : fields.intent === "updatePlan" ? UpdatePlanForm : null;
  if (!schema) badRequest();
  const parsed = schema.safeParse(fields, { error: ctx.errorMap });
  if (!parsed.success) {
    return refuse(
      messagesByField(parsed.error.issues, (name) => name === "intent" || name === "planId" || name === "version"),
    );
  }
  try {
    if (parsed.data.intent === "plan") {
      const { intent: _i, ...input } = parsed.data;
      const { repeated } = await oncePerSubmission(form, user.id, "plan", async (trx) => {
        await createPlan(trx, { actor: user, ip: ctx.ip }, ctx.accountId, input);
        return {};
      });
      return flash("success", repeated ? ctx.t("form.alreadySaved") : ctx.t("plan.created"));
    }
    const { intent: _i, planId, version, ...input } = parsed.data as typeof parsed.data & { planId: string; version: number };
    await db()
      .transaction()
      .execute((trx) => updatePlan(trx, { actor: user, ip: ctx.ip }, ctx.accountId, planId, input, version));
    return flash("success", ctx.t("plan.saved"), `/accounts/${ctx.accountId}/plans`);
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, "plan.notAllowed", { accountId: ctx.accountId });
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ConflictError) return refuse({ "": ctx.t("plan.changedReload") });
    if (error instanceof FieldError) return refuse(translate(error));
    throw error;
  }
}
