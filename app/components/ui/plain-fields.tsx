// A plain form's fields: a form posted without a form library, whose action
// answers a refusal with a message per field ("" for the whole form) and the
// values typed. Each field gets its id, keeps what was typed, is marked invalid
// and described by its message, shown beside it. Used by the business review
// forms (staff and portal); the task forms keep their own copy
// (components/task-fields.tsx) while the account page is at its 120 KiB limit.

/** A plain form's refusal: the message per field ("" for the whole form) and the values typed. */
export interface PlainFormError {
  fields: Record<string, string>;
  values: Record<string, string>;
}

/**
 * The field helpers of one plain form, ids starting with `prefix`; `mine` is
 * the page's last refusal when it was this form's, else null.
 */
export function plainFields<E extends PlainFormError>(prefix: string, mine: E | null) {
  const id = (name: string) => `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return {
    mine,
    id,
    value: (name: string, fallback = "") => mine?.values[name] ?? fallback,
    field: (name: string) => ({
      id: id(name),
      name,
      "aria-invalid": mine?.fields[name] ? true : undefined,
      "aria-describedby": mine?.fields[name] ? `${id(name)}-error` : undefined,
    }),
    message: (name: string) =>
      mine?.fields[name] ? (
        <p id={`${id(name)}-error`} className="text-sm text-red-800">
          {mine.fields[name]}
        </p>
      ) : null,
    formError: mine?.fields[""] ? (
      <p role="alert" className="text-sm text-red-800">
        {mine.fields[""]}
      </p>
    ) : null,
  };
}
