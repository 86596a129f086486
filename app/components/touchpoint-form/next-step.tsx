import type { FieldMetadata } from "@conform-to/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { InputFor } from "#app/components/ui/select-for.tsx";

export interface NextStepFields {
  next_step_title: FieldMetadata<string>;
  next_step_due: FieldMetadata<string>;
}

/** The log form's optional next step: a task linked to the touchpoint, saved with it. */
export function NextStepFieldset({ fields }: { fields: NextStepFields }) {
  const { t } = useI18n();
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-slate-300 p-3" data-testid="next-step">
      <legend className="px-1 text-sm font-semibold">{t("nextStep.legend")}</legend>
      <p className="text-xs text-slate-600">{t("nextStep.help")}</p>
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <InputFor meta={fields.next_step_title} label={t("nextStep.title")} type="text" maxLength={300} />
        <InputFor meta={fields.next_step_due} label={t("nextStep.due")} type="date" />
      </div>
    </fieldset>
  );
}
