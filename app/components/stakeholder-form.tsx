import { getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Field, SelectField } from "#app/components/ui/field.tsx";
import { RecordForm } from "#app/components/ui/record-form.tsx";
import { COMMITTEE_ROLES, STANCES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { StakeholderCreateForm, StakeholderEditForm, StakeholderFormValues } from "#app/schemas/stakeholder.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

/** Someone the person may report to. */
export interface ManagerChoice {
  id: string;
  name: string;
  left_on: string | null;
}

const INFLUENCE = ["1", "2", "3", "4", "5"] as const;

/** Adding a person to the committee, or editing their details (not leaving: that has its own form). */
export function StakeholderForm({
  mode,
  defaults,
  managers,
  lastResult,
  conflict,
  cancelTo,
  submissionId,
}: {
  mode: "create" | "edit";
  defaults: StakeholderFormValues;
  managers: ManagerChoice[];
  lastResult?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
  cancelTo: string;
  /** A creating form's submission id (app/components/ui/submission-id.tsx). */
  submissionId?: string | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof StakeholderCreateForm | typeof StakeholderEditForm>(`stakeholder-${mode}`, { lastResult, defaultValue: defaults });
  return (
    <RecordForm
      form={form}
      intent={mode === "create" ? "create" : "edit"}
      version={mode === "edit" ? defaults.version : null}
      conflict={conflict}
      submissionId={submissionId}
      submitLabel={mode === "create" ? t("stakeholderForm.submit") : t("form.save")}
      cancelTo={cancelTo}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("stakeholderForm.name")}
          inputProps={{
            ...getInputProps(fields.name, { type: "text" }),
            autoFocus: mode === "create",
            maxLength: 200,
            autoComplete: "off",
          }}
          field={fields.name}
        />
        <Field
          label={t("stakeholderForm.title")}
          inputProps={{ ...getInputProps(fields.title, { type: "text" }), maxLength: 200, autoComplete: "off" }}
          field={fields.title}
        />
        <Field
          label={t("stakeholderForm.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), maxLength: 254, autoComplete: "off" }}
          field={fields.email}
        />
        <Field
          label={t("stakeholderForm.phone")}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), maxLength: 40, autoComplete: "off" }}
          field={fields.phone}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("stakeholderForm.role")}
          selectProps={getSelectProps(fields.committee_role)}
          placeholder={t("stakeholderForm.roleNone")}
          options={COMMITTEE_ROLES.map((r) => ({ value: r, label: t(`committeeRole.${r}`) }))}
          field={fields.committee_role}
        />
        <SelectField
          label={t("stakeholderForm.influence")}
          selectProps={getSelectProps(fields.influence)}
          options={INFLUENCE.map((v) => ({ value: v, label: t(`stakeholderForm.influence.${v}`) }))}
          field={fields.influence}
        />
        <SelectField
          label={t("stakeholderForm.stance")}
          selectProps={getSelectProps(fields.stance)}
          options={STANCES.map((s) => ({ value: s, label: t(`stance.${s}`) }))}
          field={fields.stance}
        />
      </div>
      <div className="flex max-w-md flex-col gap-1">
        <SelectField
          label={t("stakeholderForm.reportsTo")}
          selectProps={getSelectProps(fields.reports_to_id)}
          placeholder={t("stakeholderForm.reportsToNone")}
          options={managers.map((m) => ({
            value: m.id,
            label: m.left_on ? `${m.name} (${t("stakeholderForm.leftSuffix")})` : m.name,
          }))}
          field={fields.reports_to_id}
        />
        <p className="text-xs text-slate-600">{t("stakeholderForm.reportsToHint")}</p>
      </div>
    </RecordForm>
  );
}
