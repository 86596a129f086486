// A plain form's fields: a form posted without a form library, whose action
// answers a refusal with a message per field ("" for the whole form) and the
// values typed. Each field gets its id, keeps what was typed, is marked invalid
// and described by its message, shown beside it. Used by the business review
// forms (staff and portal); the plan form and the task forms, whose refusals
// come their own way, take the ids and messages only (fieldHelpers, in
// field.tsx with LabelledField, which sets out one field of such a form).
import { fieldHelpers } from "./field.tsx";

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
