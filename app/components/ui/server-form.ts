import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";

/**
 * A form checked on the server only, with no form library in the browser: the
 * action parses the submission with its Zod schema (parseWithZod) and replies
 * with `submission.reply()`; this reads that reply so each field shows its
 * errors next to it and keeps the value typed, with or without JavaScript. Ids
 * are Conform's (`form-field`, `…-error`), so a form can move between the two.
 * For small forms on pages that must stay light (the account page); the
 * schema is a type argument only.
 */
export interface ServerField {
  id: string;
  name: string;
  errorId: string;
  errors?: string[] | undefined;
  initialValue?: string | undefined;
}

export interface ServerFormState {
  id: string;
  errorId: string;
  /** The form's own errors (not any field's). */
  errors?: string[] | undefined;
}

type Reply = SubmissionResult<string[]> | null | undefined;

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

export function serverForm<Schema extends z.ZodType<unknown, Record<string, unknown>>>(
  id: string,
  lastResult?: Reply,
): [ServerFormState, Record<keyof z.input<Schema> & string, ServerField>] {
  const errors = lastResult?.error ?? {};
  const values = (lastResult?.initialValue ?? {}) as Record<string, unknown>;
  const fields = new Proxy({} as Record<keyof z.input<Schema> & string, ServerField>, {
    get: (_target, name) => {
      const fieldId = `${id}-${String(name)}`;
      return {
        id: fieldId,
        name: String(name),
        errorId: `${fieldId}-error`,
        errors: errors[String(name)] ?? undefined,
        initialValue: text(values[String(name)]),
      } satisfies ServerField;
    },
  });
  return [{ id, errorId: `${id}-error`, errors: errors[""] ?? undefined }, fields];
}

/** A form element's props: the server validates, so the browser's own checks stay out of the way. */
export function serverFormProps(form: ServerFormState) {
  return { id: form.id, noValidate: true, "aria-describedby": form.errors?.length ? form.errorId : undefined };
}

/** An input's or a textarea's props: the value typed kept, invalid and described by its errors when it has some. */
export function serverFieldProps(field: ServerField) {
  const invalid = Boolean(field.errors?.length);
  return {
    id: field.id,
    name: field.name,
    defaultValue: field.initialValue,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? field.errorId : undefined,
  };
}
