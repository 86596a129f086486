import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { TASK_INPUT, TaskCoreFields, TaskFormShell } from "./task-fields.tsx";
import { LabelledField } from "./ui/field.tsx";

/** What the edit form of an existing task starts from. */
export interface EditedTask {
  account_id: string;
  id: string;
  version: number;
  title: string;
  due_on: string | null;
  /** "" when the task is the viewer's own ("Me"). */
  owner_id: string;
  owner_name: string;
  visibility: string;
  notes: string;
}

/**
 * An existing task's own fields (title, due date, owner, who sees it, notes),
 * posted as last seen (its version): plain fields that work without JavaScript,
 * errors beside their field and the typed values kept.
 */
export function TaskEditForm({
  task,
  staff,
  error,
  action,
}: {
  task: EditedTask;
  staff: { id: string; name: string }[];
  error: TaskFormError | null;
  action?: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <TaskFormShell
      formId={`edit-${task.id}`}
      intent="updateTask"
      action={action}
      testId="task-edit-form"
      error={error}
      submit={{ label: t("task.save"), pendingLabel: t("task.saving") }}
      hidden={
        <>
          <input type="hidden" name="accountId" value={task.account_id} />
          <input type="hidden" name="taskId" value={task.id} />
          <input type="hidden" name="version" value={String(task.version)} />
        </>
      }
    >
      {(f) => (
        <>
          <TaskCoreFields
            f={f}
            // The owner stays choosable even when no longer among the staff offered.
            staff={
              task.owner_id && !staff.some((s) => s.id === task.owner_id)
                ? [{ id: task.owner_id, name: task.owner_name }, ...staff]
                : staff
            }
            start={{
              title: task.title,
              due_on: task.due_on ?? "",
              owner_id: task.owner_id,
              visibility: task.visibility,
            }}
          />
          <LabelledField f={f} name="notes" label={t("task.notes")} wide>
            <textarea
              {...f.field("notes")}
              defaultValue={f.value("notes", task.notes)}
              maxLength={4000}
              rows={3}
              className={TASK_INPUT}
            />
          </LabelledField>
        </>
      )}
    </TaskFormShell>
  );
}
