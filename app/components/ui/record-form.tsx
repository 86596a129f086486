import { getFormProps, type DefaultValue, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import type { z } from "zod";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { Button, FormAlert, SubmissionIdField } from "./field.tsx";
import { useIsPending } from "./pending.ts";
import { useZodForm } from "./zod-form.ts";

/**
 * The frame of a form that creates a record or edits one: its intent, the
 * submission id of a creating form, the version an edit saves against (the
 * stored one after a lost race, whose changed fields the form-level message
 * lists), the fields, and a save button (showing while this form is sent) with
 * a way back.
 */
export function RecordForm<Schema extends Record<string, unknown>>({
  form,
  intent,
  version,
  conflict,
  submissionId,
  submitLabel,
  cancelTo,
  className = "max-w-3xl",
  gap = "gap-4",
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  intent: string;
  /** The version an edit saves against; null for a creating form. */
  version: number | null;
  conflict?: ConflictInfo | undefined;
  /** A creating form's submission id (SubmissionIdField in app/components/ui/field.tsx). */
  submissionId?: string | undefined;
  submitLabel: string;
  cancelTo: string;
  /** Width of the form (and any class the page's styles know it by). */
  className?: string | undefined;
  /** Space between the form's parts. */
  gap?: "gap-4" | "gap-5" | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submitting = useIsPending(intent);
  return (
    <Form method="post" {...getFormProps(form)} className={`flex ${className} flex-col ${gap}`}>
      <input type="hidden" name="intent" value={intent} />
      <SubmissionIdField value={submissionId} />
      {version !== null ? <input type="hidden" name="version" value={conflict?.version ?? version} /> : null}
      <FormAlert
        id={form.errorId}
        errors={form.errors}
        details={conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }))}
      />
      {children}
      <div className="flex items-center gap-4">
        <Button type="submit" pending={submitting} pendingLabel={t("form.saving")}>
          {submitLabel}
        </Button>
        <Link to={cancelTo} className="text-brand-700 underline">
          {t("form.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** What a page gives a form that creates a record (`create`) or edits one (`edit`). */
export interface RecordFormInput {
  mode: "create" | "edit";
  lastResult?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
  cancelTo: string;
  /** A creating form's submission id (SubmissionIdField in app/components/ui/field.tsx). */
  submissionId?: string | undefined;
}

/**
 * The Conform form of a ModeRecordForm (useZodForm, the schema a type argument):
 * its id names the record and the mode (`stakeholder-edit`), filled with
 * `defaultValue` and the page's last answer.
 */
export function useModeForm<Schema extends z.ZodType<unknown, Record<string, unknown>>>(
  record: string,
  input: RecordFormInput,
  defaultValue: DefaultValue<z.input<Schema>>,
) {
  return useZodForm<Schema>(`${record}-${input.mode}`, { lastResult: input.lastResult, defaultValue });
}

/**
 * RecordForm for a form of either mode: sent with the intent of its mode
 * (`create` or `edit` unless named), an edit against `version`; the button of a
 * creating form says `createLabel`, an edit's "Save".
 */
export function ModeRecordForm<Schema extends Record<string, unknown>>({
  form,
  input,
  version,
  createLabel,
  intents = { create: "create", edit: "edit" },
  className,
  gap,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  input: RecordFormInput;
  version: number;
  createLabel: string;
  intents?: Record<RecordFormInput["mode"], string>;
  className?: string | undefined;
  gap?: "gap-4" | "gap-5" | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { mode } = input;
  return (
    <RecordForm
      form={form}
      intent={intents[mode]}
      version={mode === "edit" ? version : null}
      conflict={input.conflict}
      submissionId={input.submissionId}
      submitLabel={mode === "create" ? createLabel : t("form.save")}
      cancelTo={input.cancelTo}
      className={className}
      gap={gap}
    >
      {children}
    </RecordForm>
  );
}
