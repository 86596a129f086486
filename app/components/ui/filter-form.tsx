import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { ChoiceOptions, LabelledControl } from "./field.tsx";

/** The look of a filter form's select or input (red-edged when the value was refused). */
export const filterControl =
  "rounded-md border border-slate-400 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700";

/** What a filter's control says of a refused value: marked invalid and described by the message under it. */
export function filterErrorProps(id: string, error: string | undefined) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
}

/** The message under a filter whose value was refused, at the id its control points at. */
export function FilterError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="text-sm text-red-800" role="alert">
      {error}
    </p>
  ) : null;
}

/**
 * A page's filters: a GET form (the choice lands in the address, so a filtered
 * page can be linked and reloaded), its controls in a row that wraps on a
 * narrow screen, the button that applies them, and (with `clear`) a link back
 * to the page without them. Works without JavaScript.
 */
export function FilterForm({
  submitLabel,
  className,
  role,
  clear,
  children,
}: {
  submitLabel: string;
  /** Placement around the box (a margin), put before its own classes. */
  className?: string | undefined;
  /** A form that searches records is a search landmark. */
  role?: "search" | undefined;
  /** The link after the button that clears the filters: where it goes, and what it says. */
  clear?: { to: string; label: string } | undefined;
  children: ReactNode;
}) {
  return (
    <Form
      method="get"
      role={role}
      className={`${className ? `${className} ` : ""}flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200`}
    >
      {children}
      <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
        {submitLabel}
      </button>
      {clear ? (
        <Link to={clear.to} className="py-1.5 text-sm text-brand-700 underline">
          {clear.label}
        </Link>
      ) : null}
    </Form>
  );
}

/** The look of a filter's control; `small` where the whole form is set in small type. */
function controlClass(small: boolean | undefined) {
  return small ? `${filterControl} text-sm` : filterControl;
}

/** A filter's label above its control, and the message under it when the value was refused. */
export function FilterField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <LabelledControl id={id} label={label}>
      {children}
      <FilterError id={id} error={error} />
    </LabelledControl>
  );
}

/** One labelled text, search or date box of a filter form. */
export function FilterInput({
  id,
  name,
  label,
  type,
  defaultValue,
  small,
}: {
  id: string;
  name: string;
  label: string;
  type: "search" | "date";
  defaultValue: string;
  small?: boolean | undefined;
}) {
  return (
    <FilterField id={id} label={label}>
      <input id={id} name={name} type={type} defaultValue={defaultValue} className={controlClass(small)} />
    </FilterField>
  );
}

/** One labelled choice of a filter form; with `anyLabel`, an empty first option that filters nothing. */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  anyLabel,
  options,
  error,
  small,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  anyLabel?: string | undefined;
  options: readonly { value: string | number; label: string }[];
  /** Why the value in the address was refused. */
  error?: string | undefined;
  small?: boolean | undefined;
}) {
  return (
    <FilterField id={id} label={label} error={error}>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className={controlClass(small)}
        {...filterErrorProps(id, error)}
      >
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        <ChoiceOptions options={options} />
      </select>
    </FilterField>
  );
}

/** One row of a table of filters that each choose one value of a list. */
export interface FilterChoice<K extends string> {
  name: K;
  label: string;
  options: readonly { value: string | number; label: string }[];
  /** The empty first option's text, where it is not the form's own. */
  anyLabel?: string;
}

/**
 * A table of one-value filters as labelled selects, each id `idPrefix` + its
 * name, each showing the value the address holds (empty: the "any" option).
 */
export function FilterSelects<K extends string>({
  idPrefix,
  choices,
  values,
  anyLabel,
  small,
}: {
  idPrefix: string;
  choices: readonly FilterChoice<K>[];
  values: Partial<Record<K, string | number | null>>;
  anyLabel?: string;
  small?: boolean;
}) {
  return choices.map((choice) => {
    const value = values[choice.name];
    return (
      <FilterSelect
        key={choice.name}
        small={small}
        id={`${idPrefix}${choice.name}`}
        name={choice.name}
        label={choice.label}
        defaultValue={value ? String(value) : ""}
        anyLabel={choice.anyLabel ?? anyLabel}
        options={choice.options}
      />
    );
  });
}
