import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { PLANNED_KINDS } from "#app/domain/planned-touchpoints.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { PlanFormError } from "#app/schemas/planned-touchpoint.ts";
import { useIsPending } from "./ui/pending.ts";
import { fieldHelpers, LabelledField, NamedOptions, SubmissionIdField } from "./ui/field.tsx";

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

const INPUT = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";

/**
 * The plan form `formId`'s field helpers, given the page's last refusal (the
 * form's own if it names this form): ids, the value typed (else the default),
 * each field's invalid state and message beside it.
 */
function planFields(formId: string, defaults: PlanFormValues, error: PlanFormError | null | undefined) {
  const mine = error && error.formId === formId ? error : null;
  return {
    ...fieldHelpers(`plan-${formId}`, mine?.fields),
    mine,
    value: (name: keyof PlanFormValues) => {
      const typed = mine?.values[name];
      return typeof typed === "string" ? typed : String(defaults[name]);
    },
    chosen: new Set(mine ? (Array.isArray(mine.values.stakeholder_ids) ? mine.values.stakeholder_ids : []) : defaults.stakeholder_ids),
  };
}
type PlanFields = ReturnType<typeof planFields>;

/** Planning a touchpoint, or changing a plan: plain fields that post without JavaScript; errors beside their field, typed values kept. */
export function PlanForm({ formId, mode, defaults, stakeholders, staff, error, submissionId, planId, version, cancelTo }: Props) {
  const { t } = useI18n();
  const f = planFields(formId, defaults, error);
  return (
    <Form method="post" className="mt-2 grid max-w-3xl gap-3 sm:grid-cols-2" data-testid="plan-form">
      <input type="hidden" name="intent" value={mode === "create" ? "plan" : "updatePlan"} />
      <input type="hidden" name="formId" value={formId} />
      {mode === "create" ? <SubmissionIdField value={submissionId} /> : null}
      {planId ? <input type="hidden" name="planId" value={planId} /> : null}
      {version ? <input type="hidden" name="version" value={String(version)} /> : null}
      {f.mine?.fields[""] ? (
        <p className="text-sm text-red-800 sm:col-span-2" role="alert">
          {f.mine.fields[""]}
        </p>
      ) : null}
      <LabelledField f={f} name="kind" label={t("plan.kind")}>
        <select {...f.field("kind")} defaultValue={f.value("kind")} className={INPUT}>
          {PLANNED_KINDS.map((k) => (
            <option key={k} value={k}>{t(`kind.${k}`)}</option>
          ))}
        </select>
      </LabelledField>
      <LabelledField f={f} name="planned_for" label={t("plan.plannedFor")}>
        <input {...f.field("planned_for")} type="datetime-local" required defaultValue={f.value("planned_for")} className={INPUT} />
      </LabelledField>
      <LabelledField f={f} name="title" label={t("plan.title")} wide>
        <input {...f.field("title")} type="text" required maxLength={300} defaultValue={f.value("title")} className={INPUT} />
      </LabelledField>
      <Participants f={f} stakeholders={stakeholders} />
      <PositiveSurprise f={f} checked={f.mine ? f.mine.values.positive_surprise === "on" : defaults.positive_surprise} />
      <LabelledField f={f} name="owner_id" label={t("plan.owner")}>
        <select {...f.field("owner_id")} defaultValue={f.value("owner_id")} className={INPUT}>
          <option value="">{mode === "create" ? t("task.ownerMe") : t("plan.ownerKeep")}</option>
          <NamedOptions records={staff} />
        </select>
      </LabelledField>
      <LabelledField f={f} name="notes" label={t("plan.notes")} wide>
        <textarea {...f.field("notes")} rows={3} maxLength={4000} defaultValue={f.value("notes")} className={INPUT} />
      </LabelledField>
      <PlanActions formId={formId} mode={mode} cancelTo={cancelTo} />
    </Form>
  );
}

/** Who from their side is expected: a checkbox per person. */
function Participants({ f, stakeholders }: { f: PlanFields; stakeholders: Props["stakeholders"] }) {
  const { t } = useI18n();
  return (
    <fieldset className="sm:col-span-2" aria-describedby={f.errorId("stakeholder_ids")}>
      <legend className="text-sm font-medium">{t("plan.stakeholders")}</legend>
      {stakeholders.length ? (
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {stakeholders.map((s) => (
            <label key={s.id} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="stakeholder_ids" value={s.id} defaultChecked={f.chosen.has(s.id)} />
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
      {f.message("stakeholder_ids")}
    </fieldset>
  );
}

/** Whether the touchpoint is meant as a positive surprise, with what that means. */
function PositiveSurprise({ f, checked }: { f: PlanFields; checked: boolean }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-1 sm:col-span-2">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="positive_surprise"
          id={f.id("positive_surprise")}
          aria-describedby={f.id("positive_surprise-hint")}
          defaultChecked={checked}
        />
        {t("plan.positiveSurprise")}
      </label>
      <p id={f.id("positive_surprise-hint")} className="text-xs text-slate-600">
        {t("plan.positiveSurpriseHint")}
      </p>
    </div>
  );
}

/** The save button (busy while this form is sent) and, when editing, the way back. */
function PlanActions({ formId, mode, cancelTo }: { formId: string; mode: Props["mode"]; cancelTo?: string | undefined }) {
  const { t } = useI18n();
  const pending = useIsPending(formId, "formId");
  return (
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
  );
}
