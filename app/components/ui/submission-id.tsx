/**
 * A creating form's submission id (made by its loader: `newSubmissionId()`), so
 * that posting the same form twice makes one record (app/models/form-submissions.server.ts).
 */
export function SubmissionIdField({ value }: { value: string | undefined }) {
  return value ? <input type="hidden" name="submission_id" value={value} /> : null;
}
