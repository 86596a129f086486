import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** The look of a filter form's select or input. */
export const filterControl = "rounded-md border border-slate-400 bg-white px-2 py-1.5";

/**
 * A page's filters: a GET form (the choice lands in the address, so a filtered
 * page can be linked and reloaded), its controls in a row that wraps on a
 * narrow screen, and the button that applies them. Works without JavaScript.
 */
export function FilterForm({
  submitLabel,
  className,
  children,
}: {
  submitLabel: string;
  /** Placement around the box (a margin), put before its own classes. */
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <Form
      method="get"
      className={`${className ? `${className} ` : ""}flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200`}
    >
      {children}
      <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
        {submitLabel}
      </button>
    </Form>
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
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  anyLabel?: string | undefined;
  options: readonly { value: string | number; label: string }[];
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className={filterControl}>
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
