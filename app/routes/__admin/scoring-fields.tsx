import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { ErrorList, Field } from "#app/components/ui/field.tsx";
import type { useZodForm } from "#app/components/ui/zod-form.ts";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { SettingsForm } from "#app/schemas/scoring-settings.ts";

// The scoring settings form's fields, group by group: the factors' weights,
// the bands, the judgement's guards, the time windows and the signals' limits.
// Each number says what it does and its default.

/** A setting's name as its label and hint are keyed (scoringAdmin.field.*, scoringAdmin.hint.*). */
export type SettingName =
  | Exclude<keyof ScoringSettings, "weights" | "bands" | "healthyCap">
  | keyof ScoringSettings["bands"]
  | keyof ScoringSettings["healthyCap"];

type SettingsFields = ReturnType<typeof useZodForm<typeof SettingsForm>>[1];

const WINDOW_FIELDS = [
  "predictabilityMonths",
  "npsMonths",
  "coverageEngagedDays",
  "sentimentWindow",
  "sentimentFallingPenalty",
  "experienceFollowDays",
] as const;
const SIGNAL_FIELDS = [
  "dmContactDays",
  "dmFullScoreDays",
  "dueSoonDays",
  "surpriseDays",
  "surpriseCount",
  "highInfluenceFrom",
  "renewalSoonDays",
  "invoiceOverdueDays",
  "noticeContestDays",
  "proposalAnswerDays",
  "solvedBadlyDays",
  "solvedBadlyCount",
  "belowExpectedDays",
  "belowExpectedCount",
] as const;

export function ScoringSettingsFields({ fields }: { fields: SettingsFields }) {
  const { t } = useI18n();
  const bands = fields.bands.getFieldset();
  const cap = fields.healthyCap.getFieldset();
  const defaults = DEFAULT_SCORING_SETTINGS;
  return (
    <>
      <WeightsSection fields={fields} />
      <Section legend={t("scoringAdmin.bands")} help={t("scoringAdmin.bandsHelp")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberSetting
            field={bands.healthyFrom}
            name="healthyFrom"
            defaultValue={defaults.bands.healthyFrom}
            step="any"
          />
          <NumberSetting field={bands.watchFrom} name="watchFrom" defaultValue={defaults.bands.watchFrom} step="any" />
        </div>
      </Section>
      <Section legend={t("scoringAdmin.judgement")} help={t("scoringAdmin.judgementHelp")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberSetting
            field={fields.minFactorsWithData}
            name="minFactorsWithData"
            defaultValue={defaults.minFactorsWithData}
          />
          <NumberSetting
            field={cap.predictabilityBelow}
            name="predictabilityBelow"
            defaultValue={defaults.healthyCap.predictabilityBelow}
            step="0.01"
          />
          <CheckboxSetting field={cap.highSignal} name="highSignal" />
        </div>
      </Section>
      <Section legend={t("scoringAdmin.windows")}>
        <div className="grid gap-4 sm:grid-cols-2">
          {WINDOW_FIELDS.map((name) => (
            <NumberSetting
              key={name}
              field={fields[name]}
              name={name}
              defaultValue={defaults[name]}
              step={name === "sentimentFallingPenalty" ? "0.01" : "1"}
            />
          ))}
          <CheckboxSetting field={fields.npsInfluenceWeighted} name="npsInfluenceWeighted" />
        </div>
      </Section>
      <Section legend={t("scoringAdmin.signals")}>
        <div className="grid gap-4 sm:grid-cols-2">
          {SIGNAL_FIELDS.map((name) => (
            <NumberSetting key={name} field={fields[name]} name={name} defaultValue={defaults[name]} />
          ))}
        </div>
      </Section>
    </>
  );
}

/** Each health factor's weight; what they add up to is checked as a whole. */
function WeightsSection({ fields }: { fields: SettingsFields }) {
  const { t } = useI18n();
  const weights = fields.weights.getFieldset();
  return (
    <Section legend={t("scoringAdmin.weights")} help={t("scoringAdmin.weightsHelp")}>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {HEALTH_FACTOR_KEYS.map((key) => (
          <Field
            key={key}
            label={t(`health.factor.${key}`)}
            hint={t("scoringAdmin.default", { value: DEFAULT_SCORING_SETTINGS.weights[key] })}
            inputProps={{
              ...getInputProps(weights[key], { type: "number" }),
              step: "any",
              min: 0,
              inputMode: "decimal",
            }}
            field={weights[key]}
          />
        ))}
      </div>
      <ErrorList field={fields.weights} />
    </Section>
  );
}

function NumberSetting({
  field,
  name,
  defaultValue,
  step = "1",
}: {
  field: FieldMetadata<number>;
  name: SettingName;
  defaultValue: number;
  step?: string;
}) {
  const { t } = useI18n();
  return (
    <Field
      label={t(`scoringAdmin.field.${name}`)}
      hint={
        <>
          {t(`scoringAdmin.hint.${name}`)} {t("scoringAdmin.default", { value: defaultValue })}
        </>
      }
      inputProps={{ ...getInputProps(field, { type: "number" }), step, inputMode: "decimal" }}
      field={field}
    />
  );
}

function CheckboxSetting({
  field,
  name,
}: {
  field: FieldMetadata<boolean>;
  name: "highSignal" | "npsInfluenceWeighted";
}) {
  const { t } = useI18n();
  const { key, ...props } = getInputProps(field, { type: "checkbox" });
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input key={key} {...props} className="h-4 w-4" />
        {t(`scoringAdmin.field.${name}`)}
      </label>
      <p className="text-xs text-slate-600">{t(`scoringAdmin.hint.${name}`)}</p>
      <ErrorList field={field} />
    </div>
  );
}

/** A group of settings: a fieldset named by its legend. */
function Section({ legend, help, children }: { legend: string; help?: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold">{legend}</legend>
      {help ? <p className="mb-3 text-sm text-slate-700">{help}</p> : null}
      {children}
    </fieldset>
  );
}
