import { getFormProps, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
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
  className,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  intent: string;
  version: number;
  conflictDetails?: string[] | undefined;
  submitLabel: string;
  /** Placement around the form (a margin), put before its own classes. */
  className?: string | undefined;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const pending = useIsPending(intent);
  return (
    <Form method="post" {...getFormProps(form)} className={`${className ? `${className} ` : ""}flex flex-col gap-4`}>
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

/** What a panel holding one IntentForm takes from the page. */
export interface IntentPanelProps {
  version: number;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}

/** An action's reply to one of a page's intent forms. */
export interface IntentReply<I extends string = string> {
  intent: I;
  result?: SubmissionResult<string[]> | undefined;
  conflict?: ConflictInfo | undefined;
}

/**
 * The reply meant for each intent form of a page, and what its panel takes:
 * the version to save against (the stored one after a lost race) and the
 * fields that differ.
 */
export function useIntentReplies<R extends IntentReply>(reply: R | undefined, version: number) {
  const { t } = useI18n();
  const mine = (intent: R["intent"]) => (reply?.intent === intent ? reply : undefined);
  const panel = (intent: R["intent"]): IntentPanelProps => {
    const own = mine(intent);
    return {
      version: own?.conflict?.version ?? version,
      lastResult: own?.result,
      conflictDetails: own?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value })),
    };
  };
  return { mine, panel };
}
