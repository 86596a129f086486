import { plainFields } from "#app/components/ui/plain-fields.tsx";
import type { TaskFormError } from "#app/schemas/task.ts";

// What the task forms share: field ids, the typed value after a refusal, and
// each field's message beside it (the new-task form on many pages, the edit
// form on the account's task list).

export const TASK_INPUT = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";

/** The form's field helpers for the form `formId`, given the page's last refusal. */
export function taskFields(formId: string, error: TaskFormError | null | undefined) {
  return plainFields(`task-${formId}`, error && error.formId === formId ? error : null);
}
export type TaskFieldHelpers = ReturnType<typeof taskFields>;
