import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { TouchpointForm, type TouchpointFormOptions } from "#app/components/touchpoint-form.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TouchpointFormValues } from "#app/schemas/touchpoint.values.ts";
import { FormPage } from "#app/routes/__account/page-heads.tsx";

/**
 * The page logging a touchpoint on an account, from the account's pages or the
 * quick log: its head (a way back, the title naming the account), what the page
 * says above the form, then the form, cancelled back to the account.
 */
export function LogTouchpointPage({
  account,
  back,
  backLabel,
  defaults,
  options,
  lastResult,
  hiddenFields,
  children,
}: {
  account: { id: string; name: string };
  back: string;
  backLabel: string;
  defaults: TouchpointFormValues;
  options: TouchpointFormOptions;
  lastResult: SubmissionResult<string[]> | undefined;
  hiddenFields: Record<string, string>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <FormPage back={back} backLabel={backLabel} title={t("touchpointForm.newTitleFor", { account: account.name })}>
      {children}
      <TouchpointForm
        mode="create"
        defaults={defaults}
        options={options}
        lastResult={lastResult}
        cancelTo={`/accounts/${account.id}`}
        hiddenFields={hiddenFields}
      />
    </FormPage>
  );
}
