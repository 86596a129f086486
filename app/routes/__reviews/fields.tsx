// What the review pages' forms share: a form's last refusal as the page shows
// it, and each field's id, typed value and message beside it.

export interface ReviewFormErrorView {
  form: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

/** A form's field helpers (ids, typed values, messages) given the page's last refusal, when it was this form's. */
export function useField(error: ReviewFormErrorView | null, form: string, prefix: string) {
  const mine = error && error.form === form ? error : null;
  const id = (name: string) => `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return {
    mine,
    value: (name: string, fallback = "") => mine?.values[name] ?? fallback,
    field: (name: string) => ({
      id: id(name),
      name,
      "aria-invalid": mine?.fields[name] ? true : undefined,
      "aria-describedby": mine?.fields[name] ? `${id(name)}-error` : undefined,
    }),
    message: (name: string) =>
      mine?.fields[name] ? (
        <p id={`${id(name)}-error`} className="text-sm text-red-800">{mine.fields[name]}</p>
      ) : null,
    formError: mine?.fields[""] ? <p role="alert" className="text-sm text-red-800">{mine.fields[""]}</p> : null,
  };
}
