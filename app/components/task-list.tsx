import { Form } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { TaskEditForm } from "./task-edit-form.tsx";
import { Badge } from "./ui/badge.tsx";

export interface TaskListItem {
  account_id: string;
  id: string;
  title: string;
  due_on: string | null;
  state: string;
  visibility: string;
  owner_id: string;
  owner_name: string;
  notes: string;
  version: number;
  canChange: boolean;
}

/** Editing open tasks in place: the staff to give a task to (the viewer is "Me") and the last refusal. */
export interface TaskEditing {
  me: string;
  staff: { id: string; name: string }[];
  error: TaskFormError | null;
}

/** An account's tasks, open first, each with its plain-form actions (complete, reopen, cancel). */
export function TaskList({
  tasks,
  today,
  action,
  editing,
}: {
  tasks: TaskListItem[];
  today: string;
  action?: string;
  editing?: TaskEditing;
}) {
  const { t, date } = useI18n();
  if (!tasks.length) return <p className="text-sm text-slate-600">{t("task.none")}</p>;
  const button = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
  return (
    <ul className="flex flex-col gap-2" data-testid="tasks">
      {tasks.map((task) => (
        <li
          key={task.id}
          data-task-id={task.id}
          className="flex flex-wrap items-center gap-2 rounded-md bg-white p-2 text-sm ring-1 ring-slate-200"
        >
          <span className={task.state === "open" ? "font-medium" : "text-slate-600 line-through"}>{task.title}</span>
          <Badge tone={task.state === "open" ? "info" : "neutral"}>
            {t(`task.state.${task.state as "open" | "done" | "cancelled"}`)}
          </Badge>
          {task.visibility === "private" ? <Badge>{t("task.private")}</Badge> : null}
          <span className="text-slate-700">
            {task.due_on ? date(task.due_on) : t("task.noDue")}
            {task.state === "open" && task.due_on && task.due_on < today ? (
              <>
                {" "}
                <Badge tone="warn">{t("task.overdue")}</Badge>
              </>
            ) : null}
          </span>
          <span className="text-slate-600">· {t("task.ownedBy", { name: task.owner_name })}</span>
          {task.canChange ? (
            <span className="ml-auto flex gap-2">
              {(task.state === "open" ? (["completeTask", "cancelTask"] as const) : (["reopenTask"] as const)).map(
                (intent) => (
                  <Form key={intent} method="post" action={action}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="accountId" value={task.account_id} />
                    <input type="hidden" name="taskId" value={task.id} />
                    <input type="hidden" name="version" value={String(task.version)} />
                    <button type="submit" className={button}>
                      {t(
                        intent === "completeTask"
                          ? "task.complete"
                          : intent === "cancelTask"
                            ? "task.cancel"
                            : "task.reopen",
                      )}
                    </button>
                  </Form>
                ),
              )}
            </span>
          ) : null}
          {editing && task.canChange && task.state === "open" ? (
            <EditTask task={task} editing={editing} action={action} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** An open task's own fields, in a disclosure that opens by itself when its last save was refused. */
function EditTask({
  task,
  editing,
  action,
}: {
  task: TaskListItem;
  editing: TaskEditing;
  action?: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <details className="w-full" open={editing.error?.formId === `edit-${task.id}`}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700 underline">
        {t("task.edit")}
        <span className="sr-only"> — {t("task.editOf", { title: task.title })}</span>
      </summary>
      <TaskEditForm
        action={action}
        staff={editing.staff}
        error={editing.error}
        task={{ ...task, owner_id: task.owner_id === editing.me ? "" : task.owner_id }}
      />
    </details>
  );
}
