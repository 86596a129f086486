import { getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Field, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import { RecordForm } from "#app/components/ui/record-form.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import {
  EXPECTATION_CATEGORIES,
  EXPECTATION_SOURCES,
  type CommitteeRole,
  type TouchpointKind,
} from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ExpectationCreateForm, ExpectationEditForm } from "#app/schemas/expectation.ts";
import type { ExpectationFormValues } from "#app/schemas/expectation.values.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";

export interface ExpectationFormOptions {
  stakeholders: { id: string; name: string; title: string; committee_role: string | null; left_on: string | null }[];
  users: { id: string; name: string }[];
  touchpoints: { id: string; title: string; kind: string; occurred_at: Date | string }[];
}

type Fields = ReturnType<typeof useZodForm<typeof ExpectationCreateForm | typeof ExpectationEditForm>>[1];

/**
 * Recording and editing share one form, checked by one schema in the browser and
 * on the server. Editing leaves the due date alone: moving it is a re-plan.
 */
export function ExpectationForm({
  mode,
  defaults,
  options,
  lastResult,
  conflict,
  cancelTo,
  submissionId,
}: {
  mode: "create" | "edit";
  defaults: ExpectationFormValues;
  options: ExpectationFormOptions;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
  cancelTo: string;
  /** A creating form's submission id (app/components/ui/submission-id.tsx). */
  submissionId?: string | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ExpectationCreateForm | typeof ExpectationEditForm>(`expectation-${mode}`, {
    lastResult,
    defaultValue: defaults,
  });
  return (
    <RecordForm
      form={form}
      intent={mode === "create" ? "create" : "edit"}
      version={mode === "edit" ? defaults.version : null}
      conflict={conflict}
      submissionId={submissionId}
      submitLabel={mode === "create" ? t("expectationForm.submit") : t("form.save")}
      cancelTo={cancelTo}
    >
      <Field
        label={t("expectationForm.title")}
        inputProps={{ ...getInputProps(fields.title, { type: "text" }), autoFocus: mode === "create", maxLength: 300 }}
        field={fields.title}
      />
      <TextareaField
        label={t("expectationForm.description")}
        textareaProps={getTextareaProps(fields.description)}
        field={fields.description}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("expectationForm.category")}
          selectProps={getSelectProps(fields.category)}
          options={EXPECTATION_CATEGORIES.map((c) => ({ value: c, label: t(`expCategory.${c}`) }))}
          field={fields.category}
        />
        <SelectField
          label={t("expectationForm.importance")}
          selectProps={getSelectProps(fields.importance)}
          options={(["1", "2", "3"] as const).map((v) => ({ value: v, label: t(`expImportance.${v}`) }))}
          field={fields.importance}
        />
        {mode === "create" ? (
          <Field
            label={t("expectationForm.dueDate")}
            inputProps={getInputProps(fields.due_date, { type: "date" })}
            field={fields.due_date}
          />
        ) : null}
      </div>
      <WhoAndWhere fields={fields} options={options} />
      {mode === "edit" ? <p className="text-sm text-slate-700">{t("expectationForm.dueDateEditHint")}</p> : null}
    </RecordForm>
  );
}

/** Who holds the expectation, who owns it on our side, and where it came from. */
function WhoAndWhere({ fields, options }: { fields: Fields; options: ExpectationFormOptions }) {
  const { t, date } = useI18n();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField
        label={t("expectationForm.holder")}
        selectProps={getSelectProps(fields.holder_stakeholder_id)}
        placeholder={t("expectationForm.holderNone")}
        options={options.stakeholders.map((s) => ({
          value: s.id,
          label: [
            s.name,
            s.committee_role ? t(`committeeRole.${s.committee_role as CommitteeRole}`) : s.title,
            s.left_on ? t("expectationForm.left") : "",
          ]
            .filter(Boolean)
            .join(" · "),
        }))}
        field={fields.holder_stakeholder_id}
      />
      <SelectField
        label={t("expectationForm.owner")}
        selectProps={getSelectProps(fields.owner_id)}
        placeholder={t("expectationForm.ownerNone")}
        options={options.users.map((u) => ({ value: u.id, label: u.name }))}
        field={fields.owner_id}
      />
      <SelectField
        label={t("expectationForm.source")}
        selectProps={getSelectProps(fields.source)}
        options={EXPECTATION_SOURCES.map((s) => ({ value: s, label: t(`expSource.${s}`) }))}
        field={fields.source}
      />
      <div className="flex flex-col gap-1">
        <SelectField
          label={t("expectationForm.sourceTouchpoint")}
          selectProps={getSelectProps(fields.source_touchpoint_id)}
          placeholder={t("expectationForm.chooseTouchpoint")}
          options={options.touchpoints.map((tp) => ({
            value: tp.id,
            label: `${date(tp.occurred_at)} · ${t(`kind.${tp.kind as TouchpointKind}`)} · ${tp.title}`,
          }))}
          field={fields.source_touchpoint_id}
        />
        <p className="text-xs text-slate-600">{t("expectationForm.sourceTouchpointHint")}</p>
      </div>
    </div>
  );
}
