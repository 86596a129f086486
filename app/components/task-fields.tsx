import type { TaskFormError } from "#app/schemas/task.ts";
import { fieldHelpers } from "./ui/field.tsx";

// What the task forms share: field ids, the typed value after a refusal, and
// each field's message beside it (the new-task form on many pages, the edit
// form on the account's task list).

export const TASK_INPUT = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";

/** The form's field helpers for the form `formId`, given the page's last refusal (the one of any task form). */
export function taskFields(formId: string, error: TaskFormError | null | undefined) {
  const mine = error && error.formId === formId ? error : null;
  return {
    ...fieldHelpers(`task-${formId}`, mine?.fields),
    mine,
    value: (name: string, fallback = "") => mine?.values[name] ?? fallback,
  };
}

/** The form's submit button on a row of its own, saying so while the form is posted. */
export function TaskSubmit({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <div className="sm:col-span-2">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
