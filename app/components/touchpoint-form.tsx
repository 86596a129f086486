import { getInputProps, getTextareaProps } from "@conform-to/react";
import { Checkbox } from "#app/components/ui/choice-fields.tsx";
import { optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { Field, TextareaField } from "#app/components/ui/field.tsx";
import { ModeRecordForm, type RecordFormInput } from "#app/components/ui/record-form.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TouchpointCreateForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import type { TouchpointFormValues } from "#app/schemas/touchpoint.values.ts";
import { ExperienceFieldset, ParticipantsFieldset } from "#app/components/touchpoint-form/experience.tsx";
import type { TouchpointFields, TouchpointFormOptions } from "#app/components/touchpoint-form/fields.ts";
import { KindFacts } from "#app/components/touchpoint-form/kind-facts.tsx";
import { NextStepFieldset, type NextStepFields } from "#app/components/touchpoint-form/next-step.tsx";

export type { TouchpointFormOptions };

/**
 * Logging and editing share one form, checked by one schema in the browser and
 * on the server. Without JavaScript every kind's facts are on the page, each
 * fieldset saying which kind it belongs to; with it, only the chosen kind's show.
 */
export function TouchpointForm({
  defaults,
  options,
  hiddenFields,
  ...input
}: RecordFormInput & {
  defaults: TouchpointFormValues;
  options: TouchpointFormOptions;
  hiddenFields?: Record<string, string>;
}) {
  const { t } = useI18n();
  const { mode } = input;
  const [form, fields] = useZodForm<typeof TouchpointCreateForm | typeof TouchpointEditForm>(`touchpoint-${mode}`, {
    lastResult: input.lastResult,
    defaultValue: defaults,
  });
  return (
    <ModeRecordForm
      form={form}
      input={input}
      intents={{ create: "create", edit: "update" }}
      version={defaults.version}
      createLabel={t("touchpointForm.submit")}
      className="touchpoint-form max-w-3xl"
      gap="gap-5"
    >
      {Object.entries(hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <WhatAndWhen fields={fields} autoFocus={mode === "create"} />
      <KindFacts fields={fields} options={options} />
      <ParticipantsFieldset fields={fields} options={options} />
      <Notes fields={fields} />
      <ExperienceFieldset fields={fields} />
      <Checkbox meta={fields.shared_with_customer} label={t("touchpointForm.shared")} />
      {mode === "create" ? <NextStepFieldset fields={fields as unknown as NextStepFields} /> : null}
    </ModeRecordForm>
  );
}

/** The kind, when it happened, and its title. */
function WhatAndWhen({ fields, autoFocus }: { fields: TouchpointFields; autoFocus: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectFor
          meta={fields.kind}
          label={t("touchpointForm.kind")}
          options={optionsOf(LOGGABLE_TOUCHPOINT_KINDS, (k) => t(`kind.${k}`))}
        />
        <Field
          label={t("touchpointForm.occurredAt")}
          hint={t("touchpointForm.occurredAtHint")}
          inputProps={getInputProps(fields.occurred_at, { type: "datetime-local" })}
          field={fields.occurred_at}
        />
      </div>
      <Field
        label={t("touchpointForm.title")}
        inputProps={{ ...getInputProps(fields.title, { type: "text" }), autoFocus, maxLength: 300 }}
        field={fields.title}
      />
    </>
  );
}

/** The summary the customer may see, and our internal notes. */
function Notes({ fields }: { fields: TouchpointFields }) {
  const { t } = useI18n();
  return (
    <>
      <TextareaField
        label={t("touchpointForm.summary")}
        textareaProps={{ ...getTextareaProps(fields.summary), rows: 4 }}
        field={fields.summary}
      />
      <p className="-mt-4 text-xs text-slate-600">{t("touchpointForm.summaryHint")}</p>
      <TextareaField
        label={t("touchpointForm.internalNotes")}
        textareaProps={getTextareaProps(fields.internal_notes)}
        field={fields.internal_notes}
      />
      <p className="-mt-4 text-xs text-slate-600">{t("touchpointForm.internalNotesHint")}</p>
    </>
  );
}
