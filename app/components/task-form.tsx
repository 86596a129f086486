import { useI18n } from "#app/i18n/use-i18n.ts";
import type { TaskFormError } from "#app/schemas/task.ts";
import { TASK_INPUT, TaskCoreFields, TaskFormShell } from "./task-fields.tsx";
import { LabelledField, NamedOptions, SubmissionIdField } from "./ui/field.tsx";
import { HiddenFields } from "./ui/hidden-fields.tsx";

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
  return (
    <TaskFormShell
      formId={formId}
      intent="createTask"
      action={action}
      testId="task-form"
      error={error}
      submit={{ label: t("task.create"), pendingLabel: t("task.creating") }}
      hidden={
        <>
          <SubmissionIdField value={submissionId} />
          {/* The account (when fixed) and what the task is about, as far as given. */}
          <HiddenFields
            values={Object.fromEntries(
              [["accountId", accountId], ...LINKS.map((name) => [name, defaults[name]])].filter(([, value]) => value),
            )}
          />
        </>
      }
    >
      {(f) => (
        <>
          {accounts ? (
            <LabelledField f={f} name="accountId" label={t("task.account")} wide>
              <select {...f.field("accountId")} defaultValue={f.value("accountId")} className={TASK_INPUT} required>
                <option value="" />
                <NamedOptions records={accounts} />
              </select>
            </LabelledField>
          ) : null}
          <TaskCoreFields
            f={f}
            staff={staff}
            start={{ title: (defaults.title ?? "").slice(0, 300), due_on: "", owner_id: "", visibility: "account" }}
          />
        </>
      )}
    </TaskFormShell>
  );
}
