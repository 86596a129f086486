import { getTextareaProps } from "@conform-to/react";
import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { TextareaField } from "#app/components/ui/field.tsx";
import { ModeRecordForm, type RecordFormInput, useModeForm } from "#app/components/ui/record-form.tsx";
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
  defaults,
  options,
  ...input
}: RecordFormInput & { defaults: ExpectationFormValues; options: ExpectationFormOptions }) {
  const { t } = useI18n();
  const { mode } = input;
  const [form, fields] = useModeForm<typeof ExpectationCreateForm | typeof ExpectationEditForm>(
    "expectation",
    input,
    defaults,
  );
  return (
    <ModeRecordForm form={form} input={input} version={defaults.version} createLabel={t("expectationForm.submit")}>
      <InputFor
        meta={fields.title}
        label={t("expectationForm.title")}
        type="text"
        autoFocus={mode === "create"}
        maxLength={300}
      />
      <TextareaField
        label={t("expectationForm.description")}
        textareaProps={getTextareaProps(fields.description)}
        field={fields.description}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectFor
          meta={fields.category}
          label={t("expectationForm.category")}
          options={optionsOf(EXPECTATION_CATEGORIES, (c) => t(`expCategory.${c}`))}
        />
        <SelectFor
          meta={fields.importance}
          label={t("expectationForm.importance")}
          options={optionsOf(["1", "2", "3"] as const, (v) => t(`expImportance.${v}`))}
        />
        {mode === "create" ? (
          <InputFor meta={fields.due_date} label={t("expectationForm.dueDate")} type="date" />
        ) : null}
      </div>
      <WhoAndWhere fields={fields} options={options} />
      {mode === "edit" ? <p className="text-sm text-slate-700">{t("expectationForm.dueDateEditHint")}</p> : null}
    </ModeRecordForm>
  );
}

/** Who holds the expectation, who owns it on our side, and where it came from. */
function WhoAndWhere({ fields, options }: { fields: Fields; options: ExpectationFormOptions }) {
  const { t, date } = useI18n();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectFor
        meta={fields.holder_stakeholder_id}
        label={t("expectationForm.holder")}
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
      />
      <SelectFor
        meta={fields.owner_id}
        label={t("expectationForm.owner")}
        placeholder={t("expectationForm.ownerNone")}
        options={options.users.map((u) => ({ value: u.id, label: u.name }))}
      />
      <SelectFor
        meta={fields.source}
        label={t("expectationForm.source")}
        options={optionsOf(EXPECTATION_SOURCES, (s) => t(`expSource.${s}`))}
      />
      <SelectFor
        meta={fields.source_touchpoint_id}
        label={t("expectationForm.sourceTouchpoint")}
        placeholder={t("expectationForm.chooseTouchpoint")}
        options={options.touchpoints.map((tp) => ({
          value: tp.id,
          label: `${date(tp.occurred_at)} · ${t(`kind.${tp.kind as TouchpointKind}`)} · ${tp.title}`,
        }))}
        hint={t("expectationForm.sourceTouchpointHint")}
      />
    </div>
  );
}
