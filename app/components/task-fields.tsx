import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { fieldHelpers, LabelledField, NamedOptions } from "./ui/field.tsx";

// What the task forms share (the new-task form on many pages, the edit form on
// the account's task list): the form itself with its intent, id, own message
// and submit button; field ids, the typed value after a refusal and each
// field's message beside it; and the fields both have.

export const TASK_INPUT = "rounded-md border border-slate-400 px-2 py-1.5 text-sm";

/** The form's field helpers for the form `formId`, given the page's last refusal (the one of any task form). */
function taskFields(formId: string, error: TaskFormError | null | undefined) {
  const mine = error && error.formId === formId ? error : null;
  return {
    ...fieldHelpers(`task-${formId}`, mine?.fields),
    mine,
    value: (name: string, fallback = "") => mine?.values[name] ?? fallback,
  };
}

type TaskFields = ReturnType<typeof taskFields>;

/**
 * A task form: plain fields that post without JavaScript, `formId` telling its
 * refusal apart from the other task forms' on the page. `hidden`: what it posts
 * besides its fields; `children`: its fields, given their helpers. The form's
 * own message comes first, the submit button (saying so while posted) last.
 */
export function TaskFormShell({
  formId,
  intent,
  action,
  testId,
  error,
  hidden,
  submit,
  children,
}: {
  formId: string;
  intent: "createTask" | "updateTask";
  action?: string | undefined;
  testId: string;
  error: TaskFormError | null | undefined;
  hidden: ReactNode;
  submit: { label: string; pendingLabel: string };
  children: (f: TaskFields) => ReactNode;
}) {
  const navigation = useNavigation();
  const f = taskFields(formId, error);
  const pending = navigation.state === "submitting" && navigation.formData?.get("formId") === formId;
  return (
    <Form method="post" action={action} className="mt-2 grid gap-2 sm:grid-cols-2" data-testid={testId}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formId" value={formId} />
      {hidden}
      {f.mine?.fields[""] ? (
        <p role="alert" className="text-sm text-red-800 sm:col-span-2">
          {f.mine.fields[""]}
        </p>
      ) : null}
      {children(f)}
      <div className="sm:col-span-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
        >
          {pending ? submit.pendingLabel : submit.label}
        </button>
      </div>
    </Form>
  );
}

/**
 * The fields both task forms have: the title, the due date, the owner ("" is
 * the viewer: "Me") and who sees it, each starting from `start` unless a
 * refusal kept what was typed.
 */
export function TaskCoreFields({
  f,
  staff,
  start,
}: {
  f: TaskFields;
  staff: readonly { id: string; name: string }[];
  start: { title: string; due_on: string; owner_id: string; visibility: string };
}) {
  const { t } = useI18n();
  return (
    <>
      <LabelledField f={f} name="title" label={t("task.title")} wide>
        <input
          {...f.field("title")}
          defaultValue={f.value("title", start.title)}
          maxLength={300}
          required
          className={TASK_INPUT}
        />
      </LabelledField>
      <LabelledField f={f} name="due_on" label={t("task.dueOn")}>
        <input
          {...f.field("due_on")}
          type="date"
          defaultValue={f.value("due_on", start.due_on)}
          className={TASK_INPUT}
        />
      </LabelledField>
      <LabelledField f={f} name="owner_id" label={t("task.owner")}>
        <select {...f.field("owner_id")} defaultValue={f.value("owner_id", start.owner_id)} className={TASK_INPUT}>
          <option value="">{t("task.ownerMe")}</option>
          <NamedOptions records={staff} />
        </select>
      </LabelledField>
      <LabelledField f={f} name="visibility" label={t("task.visibility")} wide>
        <select
          {...f.field("visibility")}
          defaultValue={f.value("visibility", start.visibility)}
          className={TASK_INPUT}
        >
          <option value="account">{t("task.visibility.account")}</option>
          <option value="private">{t("task.visibility.private")}</option>
        </select>
      </LabelledField>
    </>
  );
}
