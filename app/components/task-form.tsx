import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { SubmissionIdField } from "./ui/submission-id.tsx";
import { TASK_INPUT, TaskSubmit, taskFields } from "./task-fields.tsx";
import { LabelledField } from "./ui/field.tsx";

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
  const f = taskFields(formId, error);
  const pending = navigation.state === "submitting" && navigation.formData?.get("formId") === formId;
  return (
    <Form method="post" action={action} className="mt-2 grid gap-2 sm:grid-cols-2" data-testid="task-form">
      <input type="hidden" name="intent" value="createTask" />
      <input type="hidden" name="formId" value={formId} />
      <SubmissionIdField value={submissionId} />
      {accountId ? <input type="hidden" name="accountId" value={accountId} /> : null}
      {LINKS.map((name) => (defaults[name] ? <input key={name} type="hidden" name={name} value={defaults[name]} /> : null))}
      {f.mine?.fields[""] ? <p className="text-sm text-red-800 sm:col-span-2">{f.mine.fields[""]}</p> : null}
      {accounts ? (
        <LabelledField f={f} name="accountId" label={t("task.account")} wide>
          <select {...f.field("accountId")} defaultValue={f.value("accountId")} className={TASK_INPUT} required>
            <option value="" />
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </LabelledField>
      ) : null}
      <LabelledField f={f} name="title" label={t("task.title")} wide>
        <input
          {...f.field("title")}
          defaultValue={f.value("title", (defaults.title ?? "").slice(0, 300))}
          maxLength={300}
          required
          className={TASK_INPUT}
        />
      </LabelledField>
      <LabelledField f={f} name="due_on" label={t("task.dueOn")}>
        <input {...f.field("due_on")} type="date" defaultValue={f.value("due_on")} className={TASK_INPUT} />
      </LabelledField>
      <LabelledField f={f} name="owner_id" label={t("task.owner")}>
        <select {...f.field("owner_id")} defaultValue={f.value("owner_id")} className={TASK_INPUT}>
          <option value="">{t("task.ownerMe")}</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </LabelledField>
      <LabelledField f={f} name="visibility" label={t("task.visibility")} wide>
        <select {...f.field("visibility")} defaultValue={f.value("visibility", "account")} className={TASK_INPUT}>
          <option value="account">{t("task.visibility.account")}</option>
          <option value="private">{t("task.visibility.private")}</option>
        </select>
      </LabelledField>
      <TaskSubmit pending={pending} label={t("task.create")} pendingLabel={t("task.creating")} />
    </Form>
  );
}
