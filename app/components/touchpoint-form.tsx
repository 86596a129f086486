import { getTextareaProps } from "@conform-to/react";
import { Checkbox } from "#app/components/ui/choice-fields.tsx";
import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { TextareaField } from "#app/components/ui/field.tsx";
import { ModeRecordForm, type RecordFormInput, useModeForm } from "#app/components/ui/record-form.tsx";
import { LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TouchpointCreateForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import type { TouchpointFormValues } from "#app/schemas/touchpoint.values.ts";
import { ExperienceFieldset, ParticipantsFieldset } from "#app/components/touchpoint-form/experience.tsx";
import type { TouchpointFields, TouchpointFormOptions } from "#app/components/touchpoint-form/fields.ts";
import { KindFacts } from "#app/components/touchpoint-form/kind-facts.tsx";
import { NextStepFieldset, type NextStepFields } from "#app/components/touchpoint-form/next-step.tsx";
import { HiddenFields } from "#app/components/ui/hidden-fields.tsx";

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
  const [form, fields] = useModeForm<typeof TouchpointCreateForm | typeof TouchpointEditForm>(
    "touchpoint",
    input,
    defaults,
  );
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
      <HiddenFields values={hiddenFields ?? {}} />
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
        <InputFor
          meta={fields.occurred_at}
          label={t("touchpointForm.occurredAt")}
          type="datetime-local"
          hint={t("touchpointForm.occurredAtHint")}
        />
      </div>
      <InputFor
        meta={fields.title}
        label={t("touchpointForm.title")}
        type="text"
        autoFocus={autoFocus}
        maxLength={300}
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
        hint={t("touchpointForm.summaryHint")}
      />
      <TextareaField
        label={t("touchpointForm.internalNotes")}
        textareaProps={getTextareaProps(fields.internal_notes)}
        field={fields.internal_notes}
        hint={t("touchpointForm.internalNotesHint")}
      />
    </>
  );
}
