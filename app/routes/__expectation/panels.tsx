// The forms that move an open or resolved expectation on: deliver, re-plan, reopen.
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { ErrorList, Field, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import { IntentForm, type IntentPanelProps } from "#app/components/ui/intent-form.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { DELIVERY_OUTCOMES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { DeliveryForm, ReopenForm, ReplanForm } from "#app/schemas/expectation.ts";

/** A new due date, why, and whether (and when) the customer was told. */
export function ReplanPanel({ version, dueDate, lastResult, conflictDetails }: IntentPanelProps & { dueDate: string }) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ReplanForm>("replan", {
    lastResult,
    defaultValue: { due_date: dueDate, reason: "", customer_notified: false, customer_notified_on: "" },
  });
  const { key: notifiedKey, ...notifiedProps } = getInputProps(fields.customer_notified, { type: "checkbox" });
  return (
    <IntentForm
      form={form}
      intent="replan"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("replanForm.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("replanForm.dueDate")}
          inputProps={getInputProps(fields.due_date, { type: "date" })}
          field={fields.due_date}
        />
      </div>
      <TextareaField
        label={t("replanForm.reason")}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, maxLength: 2000 }}
        field={fields.reason}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input key={notifiedKey} {...notifiedProps} className="h-4 w-4" />
            {t("replanForm.notified")}
          </label>
          <ErrorList field={fields.customer_notified} />
        </div>
        <Field
          label={t("replanForm.notifiedOn")}
          inputProps={getInputProps(fields.customer_notified_on, { type: "date" })}
          field={fields.customer_notified_on}
          hint={t("replanForm.notifiedOnHint")}
        />
      </div>
    </IntentForm>
  );
}

/** How it was delivered, on which day, with a note. */
export function DeliveryPanel({ version, lastResult, conflictDetails, today }: IntentPanelProps & { today: string }) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof DeliveryForm>("deliver", {
    lastResult,
    defaultValue: { outcome: "kept", delivered_on: today, delivery_note: "" },
  });
  return (
    <IntentForm
      form={form}
      intent="deliver"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("deliveryForm.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("deliveryForm.outcome")}
          selectProps={getSelectProps(fields.outcome)}
          options={DELIVERY_OUTCOMES.map((o) => ({ value: o, label: t(`expOutcome.${o}`) }))}
          field={fields.outcome}
        />
        <Field
          label={t("deliveryForm.deliveredOn")}
          hint={t("deliveryForm.deliveredOnHint")}
          inputProps={{ ...getInputProps(fields.delivered_on, { type: "date" }), max: today }}
          field={fields.delivered_on}
        />
      </div>
      <TextareaField
        label={t("deliveryForm.note")}
        textareaProps={{ ...getTextareaProps(fields.delivery_note), rows: 2, maxLength: 2000 }}
        field={fields.delivery_note}
      />
      <p className="-mt-3 text-xs text-slate-600">{t("deliveryForm.noteHint")}</p>
    </IntentForm>
  );
}

/** Back to open, with the reason. */
export function ReopenPanel({ version, lastResult, conflictDetails }: IntentPanelProps) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ReopenForm>("reopen", { lastResult });
  return (
    <IntentForm
      form={form}
      intent="reopen"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("reopenForm.submit")}
    >
      <Field
        label={t("reopenForm.reason")}
        inputProps={{ ...getInputProps(fields.reason, { type: "text" }), maxLength: 2000 }}
        field={fields.reason}
      />
    </IntentForm>
  );
}
