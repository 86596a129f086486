import { plainFields } from "#app/components/ui/plain-fields.tsx";

// What the review pages' forms share: a form's last refusal as the page shows
// it, and each field's id, typed value and message beside it (the plain-form
// helpers of components/ui/plain-fields.tsx, given this form's refusal).

export interface ReviewFormErrorView {
  form: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

/** A form's field helpers (ids, typed values, messages) given the page's last refusal, when it was this form's. */
export function useField(error: ReviewFormErrorView | null, form: string, prefix: string) {
  return plainFields(prefix, error && error.form === form ? error : null);
}
