import type { InputHTMLAttributes, ReactNode } from "react";

/** What a field shows of its form's state: Conform's field metadata (`fields.name`) is one. */
export interface FieldState {
  errors?: string[] | undefined;
  errorId: string;
}

/** A labelled input with its error announced next to it. */
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
    <div className="flex flex-col gap-1">
      <label htmlFor={inputProps.id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        {...inputProps}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid=true]:border-red-700"
      />
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      <ErrorList field={field} />
    </div>
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

const controlClass =
  "rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

export function SelectField({
  label,
  field,
  selectProps,
  options,
  placeholder,
}: {
  label: ReactNode;
  field: FieldState;
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement> & { id: string };
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  // A field sent twice comes back from the server as a list; a single select shows the first.
  const { defaultValue, ...rest } = selectProps;
  const shown = Array.isArray(defaultValue) && !selectProps.multiple ? defaultValue[0] : defaultValue;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={selectProps.id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select {...rest} defaultValue={shown} className={controlClass}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList field={field} />
    </div>
  );
}

export function TextareaField({
  label,
  field,
  textareaProps,
}: {
  label: ReactNode;
  field: FieldState;
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string };
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={textareaProps.id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea rows={3} {...textareaProps} className={controlClass} />
      <ErrorList field={field} />
    </div>
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
