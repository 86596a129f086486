import type { InputHTMLAttributes, ReactNode } from "react";

/** What a field shows of its form's state: Conform's field metadata (`fields.name`) is one. */
export interface FieldState {
  errors?: string[] | undefined;
  errorId: string;
}

const controlClass =
  "rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

/** A control's aria-describedby: its hint's id (when it has a hint), then the ids its props carry (its errors'). */
export function describedBy(props: { id: string; "aria-describedby"?: string | undefined }, hint: ReactNode) {
  return [hint ? `${props.id}-hint` : "", props["aria-describedby"]].filter(Boolean).join(" ") || undefined;
}

/** A control (`children`, whose id is `id`) with its label above it and its hint and errors after it. */
function Labelled({
  id,
  label,
  field,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  field: FieldState;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <ErrorList field={field} />
    </div>
  );
}

/** A labelled input with its hint and its error announced with it. */
export function Field({
  label,
  field,
  inputProps,
  hint,
}: {
  label: ReactNode;
  field: FieldState;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string };
  hint?: ReactNode;
}) {
  return (
    <Labelled id={inputProps.id} label={label} field={field} hint={hint}>
      <input {...inputProps} aria-describedby={describedBy(inputProps, hint)} className={controlClass} />
    </Labelled>
  );
}

/** A field's errors, under the id its control points at with aria-describedby. */
export function ErrorList({ field }: { field: FieldState }) {
  const { errorId: id, errors } = field;
  if (!errors?.length) return <div id={id} />;
  return (
    <ul id={id} className="text-sm text-red-800" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

export function Button({
  children,
  pending,
  pendingLabel,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { pending?: boolean; pendingLabel?: ReactNode }) {
  return (
    <button
      {...props}
      disabled={props.disabled ?? pending}
      aria-busy={pending || undefined}
      className={`rounded-md bg-brand-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-800 disabled:opacity-60 ${props.className ?? ""}`}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export function SelectField({
  label,
  field,
  selectProps,
  options,
  placeholder,
  hint,
}: {
  label: ReactNode;
  field: FieldState;
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement> & { id: string };
  options: { value: string; label: string }[];
  placeholder?: string;
  hint?: ReactNode;
}) {
  // A field sent twice comes back from the server as a list; a single select shows the first.
  const { defaultValue, ...rest } = selectProps;
  const shown = Array.isArray(defaultValue) && !selectProps.multiple ? defaultValue[0] : defaultValue;
  return (
    <Labelled id={selectProps.id} label={label} field={field} hint={hint}>
      <select {...rest} defaultValue={shown} aria-describedby={describedBy(selectProps, hint)} className={controlClass}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        <ChoiceOptions options={options} />
      </select>
    </Labelled>
  );
}

export function TextareaField({
  label,
  field,
  textareaProps,
  hint,
}: {
  label: ReactNode;
  field: FieldState;
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string };
  hint?: ReactNode;
}) {
  return (
    <Labelled id={textareaProps.id} label={label} field={field} hint={hint}>
      <textarea
        rows={3}
        {...textareaProps}
        aria-describedby={describedBy(textareaProps, hint)}
        className={controlClass}
      />
    </Labelled>
  );
}

/** The form-level message: what went wrong, or what changed under the editor. */
export function FormAlert({
  id,
  errors,
  details,
}: {
  id?: string;
  errors?: string[] | undefined;
  details?: string[] | undefined;
}) {
  if (!errors?.length) return <div id={id} />;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
      {details?.length ? (
        <ul className="mt-2 list-disc pl-5">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
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

/** The choices of a select: each value, shown by its label. */
export function ChoiceOptions({ options }: { options: readonly { value: string | number; label: string }[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

/** The choices of a select among named records (people, accounts): each record's id, shown by its name. */
export function NamedOptions({ records }: { records: readonly { id: string; name: string }[] }) {
  return records.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name}
    </option>
  ));
}

/**
 * A creating form's submission id (made by its loader: `newSubmissionId()`), so
 * that posting the same form twice makes one record (app/models/form-submissions.server.ts).
 */
export function SubmissionIdField({ value }: { value: string | undefined }) {
  return value ? <input type="hidden" name="submission_id" value={value} /> : null;
}
