import type { SubmissionResult } from "@conform-to/react";
import { IntentForm } from "#app/components/ui/intent-form.tsx";
import { useZodForm } from "#app/components/ui/zod-form.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { SupportCaseUpdateForm } from "#app/schemas/touchpoint.ts";
import { CaseResolvedAtField, CaseStatusSelect } from "./case-fields.tsx";

/** The small form that moves a support case along as it progresses. */
export function SupportCaseUpdate({
  defaults,
  lastResult,
  conflictDetails,
}: {
  defaults: { case_status: string; case_resolved_at: string; version: number };
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof SupportCaseUpdateForm>("support-case-update", {
    lastResult,
    defaultValue: defaults,
  });
  return (
    <IntentForm
      form={form}
      intent="update-case"
      version={defaults.version}
      conflictDetails={conflictDetails}
      submitLabel={t("touchpointEdit.updateCaseSubmit")}
      className="mt-3"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <CaseStatusSelect meta={fields.case_status} />
        <CaseResolvedAtField meta={fields.case_resolved_at} />
      </div>
    </IntentForm>
  );
}
