import { randomUUID } from "node:crypto";
import type { SubmissionKey } from "#app/models/form-submissions.server.ts";
import { SubmissionId } from "#app/schemas/submission.ts";

/** A fresh id for a creating form, made when the form is shown. */
export function newSubmissionId(): string {
  return randomUUID();
}

/**
 * The posted form's submission key, or null when it carries no usable id (a
 * client that sends none writes as before, without the repeat check).
 */
export function submissionKey(formData: FormData, userId: string, form: string): SubmissionKey | null {
  const parsed = SubmissionId.safeParse(formData.get("submission_id"));
  return parsed.success ? { id: parsed.data, userId, form } : null;
}
