import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Button, FormAlert } from "./field.tsx";
import { useIsPending } from "./pending.ts";

/**
 * One of a page's several forms, told apart by its `intent`, against the record
 * at `version` (a save over a newer one is refused and `conflictDetails` says
 * what changed): the form-level message, the fields, and a button that shows
 * while this form is being sent.
 */
export function IntentForm<Schema extends Record<string, unknown>>({
  form,
  intent,
  version,
  conflictDetails,
  submitLabel,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  intent: string;
  version: number;
  conflictDetails?: string[] | undefined;
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const pending = useIsPending(intent);
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <FormAlert id={form.errorId} errors={form.errors} details={conflictDetails} />
      {children}
      <div>
        <Button type="submit" pending={pending} pendingLabel={t("form.saving")}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
