import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { SubmissionIdField } from "./ui/submission-id.tsx";
import { TASK_INPUT, TaskSubmit, taskFields } from "./task-fields.tsx";

export type { TaskFormError };

interface Props {
  /** Tells this form's errors apart from the others' on the page. */
  formId: string;
  action?: string;
  /** The account, or a list to choose from when the task is made on its own. */
  accountId?: string;
  accounts?: { id: string; name: string }[];
  staff: { id: string; name: string }[];
  defaults?: {
    title?: string;
    expectation_id?: string | undefined;
    signal_id?: string | undefined;
    inbox_item_key?: string | undefined;
  };
  error?: TaskFormError | null;
  /** The page's submission id: posting the same form twice makes one task. */
  submissionId?: string | undefined;
}

/** What the new task is about, when it was made from one (posted as it came). */
const LINKS = ["expectation_id", "signal_id", "inbox_item_key"] as const;

/** A task's form: plain fields that post without JavaScript; errors beside their field, typed values kept. */
export function TaskForm({ formId, action, accountId, accounts, staff, defaults = {}, error, submissionId }: Props) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { mine, value, id, field, message } = taskFields(formId, error);
  const pending = navigation.state === "submitting" && navigation.formData?.get("formId") === formId;
  const input = TASK_INPUT;
  return (
    <Form method="post" action={action} className="mt-2 grid gap-2 sm:grid-cols-2" data-testid="task-form">
      <input type="hidden" name="intent" value="createTask" />
      <input type="hidden" name="formId" value={formId} />
      <SubmissionIdField value={submissionId} />
      {accountId ? <input type="hidden" name="accountId" value={accountId} /> : null}
      {LINKS.map((name) => (defaults[name] ? <input key={name} type="hidden" name={name} value={defaults[name]} /> : null))}
      {mine?.fields[""] ? <p className="text-sm text-red-800 sm:col-span-2">{mine.fields[""]}</p> : null}
      {accounts ? (
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor={id("accountId")} className="text-sm font-medium">
            {t("task.account")}
          </label>
          <select {...field("accountId")} name="accountId" defaultValue={value("accountId")} className={input} required>
            <option value="" />
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {message("accountId")}
        </div>
      ) : null}
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor={id("title")} className="text-sm font-medium">
          {t("task.title")}
        </label>
        <input
          {...field("title")}
          defaultValue={value("title", (defaults.title ?? "").slice(0, 300))}
          maxLength={300}
          required
          className={input}
        />
        {message("title")}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={id("due_on")} className="text-sm font-medium">
          {t("task.dueOn")}
        </label>
        <input {...field("due_on")} type="date" defaultValue={value("due_on")} className={input} />
        {message("due_on")}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={id("owner_id")} className="text-sm font-medium">
          {t("task.owner")}
        </label>
        <select {...field("owner_id")} defaultValue={value("owner_id")} className={input}>
          <option value="">{t("task.ownerMe")}</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {message("owner_id")}
      </div>
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor={id("visibility")} className="text-sm font-medium">
          {t("task.visibility")}
        </label>
        <select {...field("visibility")} defaultValue={value("visibility", "account")} className={input}>
          <option value="account">{t("task.visibility.account")}</option>
          <option value="private">{t("task.visibility.private")}</option>
        </select>
      </div>
      <TaskSubmit pending={pending} label={t("task.create")} pendingLabel={t("task.creating")} />
    </Form>
  );
}
