import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { TASK_INPUT, TaskSubmit, taskFields } from "./task-fields.tsx";
import { NamedOptions } from "./ui/plain-fields.tsx";
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
  const navigation = useNavigation();
  const formId = `edit-${task.id}`;
  const f = taskFields(formId, error);
  const pending = navigation.state === "submitting" && navigation.formData?.get("formId") === formId;
  return (
    <Form method="post" action={action} className="mt-2 grid gap-2 sm:grid-cols-2" data-testid="task-edit-form">
      <input type="hidden" name="intent" value="updateTask" />
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="accountId" value={task.account_id} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={String(task.version)} />
      {f.mine?.fields[""] ? (
        <p role="alert" className="text-sm text-red-800 sm:col-span-2">
          {f.mine.fields[""]}
        </p>
      ) : null}
      <LabelledField f={f} name="title" label={t("task.title")} wide>
        <input
          {...f.field("title")}
          defaultValue={f.value("title", task.title)}
          maxLength={300}
          required
          className={TASK_INPUT}
        />
      </LabelledField>
      <LabelledField f={f} name="due_on" label={t("task.dueOn")}>
        <input
          {...f.field("due_on")}
          type="date"
          defaultValue={f.value("due_on", task.due_on ?? "")}
          className={TASK_INPUT}
        />
      </LabelledField>
      <LabelledField f={f} name="owner_id" label={t("task.owner")}>
        <select {...f.field("owner_id")} defaultValue={f.value("owner_id", task.owner_id)} className={TASK_INPUT}>
          <option value="">{t("task.ownerMe")}</option>
          {/* The owner stays choosable even when no longer among the staff offered. */}
          {task.owner_id && !staff.some((s) => s.id === task.owner_id) ? (
            <option value={task.owner_id}>{task.owner_name}</option>
          ) : null}
          <NamedOptions records={staff} />
        </select>
      </LabelledField>
      <LabelledField f={f} name="visibility" label={t("task.visibility")} wide>
        <select {...f.field("visibility")} defaultValue={f.value("visibility", task.visibility)} className={TASK_INPUT}>
          <option value="account">{t("task.visibility.account")}</option>
          <option value="private">{t("task.visibility.private")}</option>
        </select>
      </LabelledField>
      <LabelledField f={f} name="notes" label={t("task.notes")} wide>
        <textarea
          {...f.field("notes")}
          defaultValue={f.value("notes", task.notes)}
          maxLength={4000}
          rows={3}
          className={TASK_INPUT}
        />
      </LabelledField>
      <TaskSubmit pending={pending} label={t("task.save")} pendingLabel={t("task.saving")} />
    </Form>
  );
}
