import type { DefaultValue } from "@conform-to/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { IntentForm, type IntentPanelProps } from "./intent-form.tsx";
import { useZodForm } from "./zod-form.ts";

type Schema = z.ZodType<unknown, Record<string, unknown>>;

/**
 * One of a page's intent forms for the schema `S` (a type argument only: Zod
 * stays on the server), answered by its own reply (`IntentPanelProps`, from
 * useIntentReplies): `children` lays out its fields.
 */
export function IntentPanel<S extends Schema>({
  intent,
  version,
  lastResult,
  conflictDetails,
  defaultValue,
  submitLabel,
  children,
}: IntentPanelProps & {
  intent: string;
  defaultValue?: DefaultValue<z.input<S>>;
  submitLabel: string;
  children: (fields: ReturnType<typeof useZodForm<S>>[1]) => ReactNode;
}) {
  const [form, fields] = useZodForm<S>(intent, { lastResult, defaultValue });
  return (
    <IntentForm
      form={form}
      intent={intent}
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={submitLabel}
    >
      {children(fields)}
    </IntentForm>
  );
}

/** A record's edit form folded under its heading, open when its reply is there to be read. */
export function EditDetails({ open, heading, children }: { open: boolean; heading: string; children: ReactNode }) {
  return (
    <details open={open} className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
      <summary className="cursor-pointer font-semibold">{heading}</summary>
      <div className="mt-4">{children}</div>
    </details>
  );
}
