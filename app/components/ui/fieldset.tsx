import type { ReactNode } from "react";

/**
 * A boxed group of a form's fields under its legend; `note` follows the legend
 * in plain type. Extra attributes (`data-*`) go on the fieldset.
 */
export function Fieldset({
  legend,
  note,
  children,
  ...attributes
}: {
  legend: string;
  note?: ReactNode;
  children: ReactNode;
  [data: `data-${string}`]: string | undefined;
}) {
  return (
    <fieldset {...attributes} className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold">
        {legend}
        {note}
      </legend>
      {children}
    </fieldset>
  );
}
