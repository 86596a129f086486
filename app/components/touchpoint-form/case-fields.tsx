import type { FieldMetadata } from "@conform-to/react";
import { InputFor, optionsOf, SelectFor } from "#app/components/ui/select-for.tsx";
import { SUPPORT_STATUSES } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

// A support case's progress: its status and when it was resolved, on the log
// form's case facts and on the form that moves a case along.

export function CaseStatusSelect({ meta }: { meta: FieldMetadata<any, any, string[]> }) {
  const { t } = useI18n();
  return (
    <SelectFor
      meta={meta}
      label={t("touchpointForm.caseStatus")}
      options={optionsOf(SUPPORT_STATUSES, (s) => t(`supportStatus.${s}`))}
    />
  );
}

export function CaseResolvedAtField({ meta }: { meta: FieldMetadata<any, any, string[]> }) {
  const { t } = useI18n();
  return (
    <InputFor
      meta={meta}
      label={t("touchpointForm.caseResolvedAt")}
      type="datetime-local"
      hint={t("touchpointForm.caseResolvedAtHint")}
    />
  );
}
