import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { SelectField } from "./field.tsx";

// A select bound to a Conform field (`fields.name` of useZodForm), and the
// choices of a vocabulary for it. (Conform stays off the account page: the
// forms there use ui/server-form.ts.)

export { optionsOf } from "./options.ts";

/** A labelled select for the field `meta`. */
export function SelectFor({
  meta,
  label,
  options,
  placeholder,
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: ReactNode;
  options: { value: string; label: string }[];
  /** An empty first choice, saying what choosing none means. */
  placeholder?: string;
}) {
  return <SelectField label={label} selectProps={getSelectProps(meta)} options={options} placeholder={placeholder} field={meta} />;
}
