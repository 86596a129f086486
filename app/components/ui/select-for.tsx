import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { Field, SelectField, TextareaField } from "./field.tsx";

// An input, a select or a short text bound to a Conform field (`fields.name` of useZodForm),
// and the choices of a vocabulary for a select. (Conform stays off the account
// page: the forms there use ui/server-form.ts.)

export { optionsOf } from "./options.ts";

/** A labelled select for the field `meta`. */
export function SelectFor({
  meta,
  label,
  options,
  placeholder,
  hint,
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: ReactNode;
  options: { value: string; label: string }[];
  /** An empty first choice, saying what choosing none means. */
  placeholder?: string;
  hint?: ReactNode;
}) {
  return (
    <SelectField
      label={label}
      selectProps={getSelectProps(meta)}
      options={options}
      placeholder={placeholder}
      field={meta}
      hint={hint}
    />
  );
}

/** The kinds of input that hold a typed value (not a checkbox's or a radio button's). */
type ValueInputType = "date" | "datetime-local" | "email" | "number" | "password" | "tel" | "text" | "url";

/**
 * A labelled input for the field `meta`, with its hint and errors. Other
 * attributes (maxLength, autoComplete, min…) go on the input over Conform's.
 */
export function InputFor({
  meta,
  label,
  type,
  hint,
  ...attributes
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: ReactNode;
  type: ValueInputType;
  hint?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id" | "name" | "form" | "defaultValue">) {
  return (
    <Field label={label} hint={hint} inputProps={{ ...getInputProps(meta, { type }), ...attributes }} field={meta} />
  );
}

/** A short free text (a reason, a note: two rows, at most 2,000 characters), with what it is for beneath. */
export function ShortText({
  meta,
  label,
  hint,
}: {
  meta: FieldMetadata<string | undefined, any, string[]>;
  label: string;
  hint?: string | undefined;
}) {
  return (
    <TextareaField
      label={label}
      textareaProps={{ ...getTextareaProps(meta), rows: 2, maxLength: 2000 }}
      field={meta}
      hint={hint}
    />
  );
}
