import { Form, Link, useNavigation } from "@remix-run/react";
import { PLANNED_KINDS } from "#app/domain/planned-touchpoints.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { PlanFormError } from "#app/schemas/planned-touchpoint.ts";
import { SubmissionIdField } from "./ui/submission-id.tsx";

export type { PlanFormError };

export interface PlanFormValues {
  kind: string;
  planned_for: string;
  title: string;
  notes: string;
  stakeholder_ids: string[];
  owner_id: string;
  positive_surprise: boolean;
}

interface Props {
  formId: string;
  mode: "create" | "edit";
  defaults: PlanFormValues;
  stakeholders: { id: string; name: string; title: string }[];
  staff: { id: string; name: string }[];
  error?: PlanFormError | null;
  submissionId?: string;
  planId?: string;
  version?: number;
  cancelTo?: string;
}

/** Planning a touchpoint, or changing a plan: plain fields that post without JavaScript; errors beside their field, typed values kept. */
export function PlanForm({ formId, mode, defaults, stakeholders, staff, error, submissionId, planId, version, cancelTo }: Props) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const mine = error && error.formId === formId ? error : null;
  const value = (name: keyof PlanFormValues) => {
    const typed = mine?.values[name];
    return typeof typed === "string" ? typed : String(defaults[name]);
  };
  const chosen = new Set(mine ? (Array.isArray(mine.values.stakeholder_ids) ? mine.values.stakeholder_ids : []) : defaults.stakeholder_ids);
  const pending = navigation.state === "submitting" && navigation.formData?.get("formId") === formId;
  const id = (name: string) => `plan-${formId}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const field = (name: string) => ({
    id: id(name),
    name,
    "aria-invalid": mine?.fields[name] ? true : undefined,
    "aria-describedby": mine?.fields[name] ? `${id(name)}-error` : undefined,
  });
  const message = (name: string) =>
    mine?.fields[name] ? (
      <p id={`${id(name)}-error`} className="text-sm text-red-800">
        {mine.fields[name]}
      </p>
    ) : null;
  const input = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";
  return (
    <Form method="post" className="mt-2 grid max-w-3xl gap-3 sm:grid-cols-2" data-testid="plan-form">
      <input type="hidden" name="intent" value={mode === "create" ? "plan" : "updatePlan"} />
      <input type="hidden" name="formId" value={formId} />
      {mode === "create" ? <SubmissionIdField value={submissionId} /> : null}
      {planId ? <input type="hidden" name="planId" value={planId} /> : null}
      {version ? <input type="hidden" name="version" value={String(version)} /> : null}
      {mine?.fields[""] ? (
        <p className="text-sm text-red-800 sm:col-span-2" role="alert">
          {mine.fields[""]}
        </p>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={id("kind")} className="text-sm font-medium">{t("plan.kind")}</label>
        <select {...field("kind")} defaultValue={value("kind")} className={input}>
          {PLANNED_KINDS.map((k) => (
            <option key={k} value={k}>{t(`kind.${k}`)}</option>
          ))}
        </select>
        {message("kind")}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={id("planned_for")} className="text-sm font-medium">{t("plan.plannedFor")}</label>
        <input {...field("planned_for")} type="datetime-local" required defaultValue={value("planned_for")} className={input} />
        {message("planned_for")}
      </div>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor={id("title")} className="text-sm font-medium">{t("plan.title")}</label>
        <input {...field("title")} type="text" required maxLength={300} defaultValue={value("title")} className={input} />
        {message("title")}
      </div>
      <fieldset className="sm:col-span-2" aria-describedby={mine?.fields.stakeholder_ids ? `${id("stakeholder_ids")}-error` : undefined}>
        <legend className="text-sm font-medium">{t("plan.stakeholders")}</legend>
        {stakeholders.length ? (
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {stakeholders.map((s) => (
              <label key={s.id} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="stakeholder_ids" value={s.id} defaultChecked={chosen.has(s.id)} />
                <span className="break-words">
                  {s.name}
                  {s.title ? <span className="text-slate-600"> · {s.title}</span> : null}
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t("plan.noStakeholders")}</p>
        )}
        {message("stakeholder_ids")}
      </fieldset>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            name="positive_surprise"
            id={id("positive_surprise")}
            aria-describedby={id("positive_surprise-hint")}
            defaultChecked={mine ? mine.values.positive_surprise === "on" : defaults.positive_surprise}
          />
          {t("plan.positiveSurprise")}
        </label>
        <p id={id("positive_surprise-hint")} className="text-xs text-slate-600">
          {t("plan.positiveSurpriseHint")}
        </p>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={id("owner_id")} className="text-sm font-medium">{t("plan.owner")}</label>
        <select {...field("owner_id")} defaultValue={value("owner_id")} className={input}>
          <option value="">{mode === "create" ? t("task.ownerMe") : t("plan.ownerKeep")}</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </select>
        {message("owner_id")}
      </div>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor={id("notes")} className="text-sm font-medium">{t("plan.notes")}</label>
        <textarea {...field("notes")} rows={3} maxLength={4000} defaultValue={value("notes")} className={input} />
        {message("notes")}
      </div>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60">
          {pending ? t("plan.saving") : mode === "create" ? t("plan.create") : t("plan.save")}
        </button>
        {cancelTo ? (
          <Link to={cancelTo} className="text-sm text-brand-700 underline">
            {t("plan.back")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
