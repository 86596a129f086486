import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { Button, Field, FormAlert, SelectField } from "#app/components/ui/field.tsx";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { SubmissionIdField } from "#app/components/ui/submission-id.tsx";
import type { AccountCreateForm, AccountEditForm } from "#app/schemas/account.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { useIsPending } from "#app/components/ui/pending.ts";
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
  const submitting = useIsPending("save");
  return (
    <Form method="post" {...getFormProps(form)} className="flex max-w-2xl flex-col gap-4">
      <input type="hidden" name="intent" value="save" />
      <SubmissionIdField value={submissionId} />
      {mode === "edit" ? <input type="hidden" name="version" value={conflict?.version ?? defaults?.version ?? 1} /> : null}
      <FormAlert
        id={form.errorId}
        errors={form.errors}
        details={conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
      />
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
      <div className="flex items-center gap-4">
        <Button type="submit" pending={submitting} pendingLabel={t("form.saving")}>
          {mode === "create" ? t("form.create") : t("form.save")}
        </Button>
        <Link to={cancelTo} className="text-brand-700 underline">
          {t("form.cancel")}
        </Link>
      </div>
    </Form>
  );
}
