import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import { describedBy, ErrorList } from "./field.tsx";

// Choices bound to a Conform field (`fields.name` of useZodForm): a checkbox, a
// list of checkboxes, a row of radio buttons (a select is ui/select-for.tsx).
// Each says its errors beside it, under the id its control points at with
// aria-describedby. (Conform stays off the account page: the forms there use
// ui/server-form.ts.)

/** Conform's field metadata, whatever its value's type. */
type Meta = FieldMetadata<any, any, string[]>;

/** One checkbox for a yes/no field. */
export function Checkbox({ meta, label }: { meta: FieldMetadata<boolean | undefined, any, string[]>; label: string }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox" });
  return (
    <div>
      <label className="flex items-center gap-2 text-sm">
        <input key={key} {...props} className="h-4 w-4" />
        {label}
      </label>
      <ErrorList field={meta} />
    </div>
  );
}

function allErrors(meta: Meta): string[] {
  return [...new Set(Object.values(meta.allErrors ?? {}).flat())];
}

/** A checkbox per choice of a list field, each with an optional detail; `empty` says there is nothing to choose. */
export function CheckboxList({
  meta,
  label,
  options,
  empty,
  inline,
}: {
  meta: FieldMetadata<string[] | undefined, any, string[]>;
  label: string;
  options: { value: string; label: string; detail?: string }[];
  empty?: string;
  inline?: boolean;
}) {
  const inputs = getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) });
  const errors = allErrors(meta);
  return (
    <fieldset aria-describedby={errors.length ? meta.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {options.length === 0 && empty ? <p className="mt-1 text-sm text-slate-600">{empty}</p> : null}
      <div className={inline ? "mt-1 flex flex-wrap gap-x-4 gap-y-1" : "mt-1 flex max-h-64 flex-col gap-1 overflow-y-auto"}>
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className="flex items-baseline gap-2 text-sm">
            <input key={key} {...props} aria-invalid={errors.length ? true : undefined} className="h-4 w-4 self-center" />
            <span>
              {options[i]!.label}
              {options[i]!.detail ? <span className="ml-1 text-xs text-slate-600">{options[i]!.detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorList field={{ errorId: meta.errorId, errors }} />
    </fieldset>
  );
}

/**
 * A row of radio buttons, quick to click. With `none`, a first button that
 * records nothing ("not recorded", chosen when the field is empty); without it,
 * no button is chosen until the person says.
 */
export function RadioGroup({
  meta,
  label,
  hint,
  none,
  options,
}: {
  meta: Meta;
  label: string;
  hint?: string;
  none?: string;
  options: { value: string; label: string }[];
}) {
  const choices = none === undefined ? options : [{ value: "", label: none }, ...options];
  const inputs = getCollectionProps(meta, { type: "radio", options: choices.map((o) => o.value) });
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : "";
  return (
    <fieldset
      aria-describedby={describedBy(
        { id: meta.id, "aria-describedby": meta.errors?.length ? meta.errorId : undefined },
        hint,
      )}
    >
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {hint ? (
        <p id={`${meta.id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {inputs.map(({ key, ...props }, i) => (
          <label key={key ?? props.id} className="flex items-center gap-1.5 text-sm">
            <input key={key} {...props} defaultChecked={choices[i]!.value === initial} className="h-4 w-4" />
            {none !== undefined && i === 0 ? <span className="text-slate-600">{none}</span> : choices[i]!.label}
          </label>
        ))}
      </div>
      <ErrorList field={meta} />
    </fieldset>
  );
}
