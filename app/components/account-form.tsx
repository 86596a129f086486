import { getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Field, SelectField } from "#app/components/ui/field.tsx";
import { RecordForm } from "#app/components/ui/record-form.tsx";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { AccountCreateForm, AccountEditForm } from "#app/schemas/account.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

export interface AccountFormValues {
  name: string;
  industry: string;
  tier: string;
  lifecycle_stage: string;
  relationship_start: string | null;
  contract_value: string | null;
  currency: string;
  renewal_date: string | null;
  owner_id: string;
  version: number;
}

/** Create and edit share one form, checked on the server by one schema (AccountCreateForm / AccountEditForm). */
export function AccountForm({
  mode,
  defaults,
  owners,
  lastResult,
  conflict,
  cancelTo,
  submissionId,
}: {
  mode: "create" | "edit";
  defaults?: AccountFormValues | undefined;
  owners: { id: string; name: string }[] | null;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
  cancelTo: string;
  /** A creating form's submission id (app/components/ui/submission-id.tsx). */
  submissionId?: string | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof AccountCreateForm | typeof AccountEditForm>(`account-${mode}`, {
    lastResult,
    defaultValue: defaults
      ? {
          ...defaults,
          relationship_start: defaults.relationship_start ?? "",
          renewal_date: defaults.renewal_date ?? "",
          contract_value: defaults.contract_value ?? "",
        }
      : { tier: "standard", lifecycle_stage: "onboarding", currency: "EUR" },
  });
  return (
    <RecordForm
      form={form}
      intent="save"
      version={mode === "edit" ? (defaults?.version ?? 1) : null}
      conflict={conflict}
      submissionId={submissionId}
      submitLabel={mode === "create" ? t("form.create") : t("form.save")}
      cancelTo={cancelTo}
      className="max-w-2xl"
    >
      <Field
        label={t("accountForm.name")}
        inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoFocus: mode === "create" }}
        field={fields.name}
      />
      <Field
        label={t("accountForm.industry")}
        inputProps={getInputProps(fields.industry, { type: "text" })}
        field={fields.industry}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("accountForm.tier")}
          selectProps={getSelectProps(fields.tier)}
          options={TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))}
          field={fields.tier}
        />
        <SelectField
          label={t("accountForm.stage")}
          selectProps={getSelectProps(fields.lifecycle_stage)}
          options={LIFECYCLE_STAGES.map((v) => ({ value: v, label: t(`stage.${v}`) }))}
          field={fields.lifecycle_stage}
        />
        <Field
          label={t("accountForm.relationshipStart")}
          inputProps={getInputProps(fields.relationship_start, { type: "date" })}
          field={fields.relationship_start}
        />
        <Field
          label={t("accountForm.renewalDate")}
          inputProps={getInputProps(fields.renewal_date, { type: "date" })}
          field={fields.renewal_date}
        />
        <Field
          label={t("accountForm.contractValue")}
          hint={t("accountForm.contractValueHint")}
          inputProps={{ ...getInputProps(fields.contract_value, { type: "text" }), inputMode: "decimal" }}
          field={fields.contract_value}
        />
        <Field
          label={t("accountForm.currency")}
          inputProps={{ ...getInputProps(fields.currency, { type: "text" }), maxLength: 3 }}
          field={fields.currency}
        />
      </div>
      {owners ? (
        <SelectField
          label={t("accountForm.owner")}
          selectProps={getSelectProps(fields.owner_id)}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
          field={fields.owner_id}
        />
      ) : null}
    </RecordForm>
  );
}
