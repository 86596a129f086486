// A plain form's fields: a form posted without a form library, whose action
// answers a refusal with a message per field ("" for the whole form) and the
// values typed. Each field gets its id, keeps what was typed, is marked invalid
// and described by its message, shown beside it. Used by the business review
// forms (staff and portal); the plan form, whose typed values include a list,
// takes the ids and messages only (fieldHelpers). The task forms keep their own
// copy (components/task-fields.tsx) while the account page is at its 120 KiB limit.
// LabelledField sets out one field of such a form (the task edit form's too).
import type { ReactNode } from "react";

/** A plain form's refusal: the message per field ("" for the whole form) and the values typed. */
export interface PlainFormError {
  fields: Record<string, string>;
  values: Record<string, string>;
}

/**
 * A form's ids and per-field messages, ids starting with `prefix`: each field
 * marked invalid and described by its message when `fields` refuses it.
 */
export function fieldHelpers(prefix: string, fields: Record<string, string> | undefined) {
  const id = (name: string) => `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const errorId = (name: string) => (fields?.[name] ? `${id(name)}-error` : undefined);
  return {
    id,
    errorId,
    field: (name: string) => ({
      id: id(name),
      name,
      "aria-invalid": fields?.[name] ? true : undefined,
      "aria-describedby": errorId(name),
    }),
    message: (name: string) =>
      fields?.[name] ? (
        <p id={errorId(name)} className="text-sm text-red-800">
          {fields[name]}
        </p>
      ) : null,
  };
}

/**
 * The field helpers of one plain form, ids starting with `prefix`; `mine` is
 * the page's last refusal when it was this form's, else null.
 */
export function plainFields<E extends PlainFormError>(prefix: string, mine: E | null) {
  return {
    ...fieldHelpers(prefix, mine?.fields),
    mine,
    value: (name: string, fallback = "") => mine?.values[name] ?? fallback,
    formError: mine?.fields[""] ? (
      <p role="alert" className="text-sm text-red-800">
        {mine.fields[""]}
      </p>
    ) : null,
  };
}

/**
 * A control with its label above it (`id`: the control's), and after it
 * whatever the form says of it (a hint, a message): the fields of the plain
 * forms and of the filter forms. `className`: the box's, to widen it in a row.
 */
export function LabelledControl({
  id,
  label,
  className = "flex flex-col gap-1",
  children,
}: {
  id: string;
  label: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * One field of a plain form: its label above, the control, and its message
 * below when refused. `f` gives the field's id and message (fieldHelpers or
 * the task forms' own); `wide` spans both columns of a two-column form.
 */
export function LabelledField({
  f,
  name,
  label,
  wide = false,
  children,
}: {
  f: { id: (name: string) => string; message: (name: string) => ReactNode };
  name: string;
  label: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <LabelledControl id={f.id(name)} label={label} className={`flex flex-col gap-1${wide ? " sm:col-span-2" : ""}`}>
      {children}
      {f.message(name)}
    </LabelledControl>
  );
}

/** The choices of a select among named records (people, accounts): each record's id, shown by its name. */
export function NamedOptions({ records }: { records: readonly { id: string; name: string }[] }) {
  return records.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name}
    </option>
  ));
}
