import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TaskList } from "#app/components/task-list.tsx";
import { TaskForm } from "#app/components/task-form.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";
import { canChangeTask, canCreateTask } from "#app/domain/permissions.ts";
import { calendarDate } from "#app/domain/time.ts";
import { accountPageMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listAccountTasks, listStaff } from "#app/models/tasks.server.ts";
import { db } from "#app/utils/db.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { badRequest } from "#app/web/auth.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { handleTaskIntent, TASK_INTENTS } from "#app/web/task-actions.server.ts";
import { AccountPageHeader } from "./__account/page-header.tsx";

export const meta: MetaFunction<typeof loader> = accountPageMeta("task.panel");

// An account's tasks: every member of staff reads those shared with the account
// and their own private ones (canSeeTask); the account's editors add tasks, and
// a task's owner, creator or the account's editors change it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, accountId, account } = await requireAccountPage(request, params);
  const [tasks, staff] = await Promise.all([listAccountTasks(db(), user, accountId), listStaff(db())]);
  return {
    account: { id: account.id, name: account.name },
    tasks: tasks.map((t) => ({ ...t, canChange: canChangeTask(user, account, t) })),
    staff: staff.filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
    canCreate: canCreateTask(user, account),
    me: user.id,
    today: calendarDate(),
    submissionId: newSubmissionId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const {
    user: { user, accountId },
    t,
    errorMap,
    ip,
    formData: form,
  } = await postAs(request, (r) => requireAccountPage(r, params));
  if (!(TASK_INTENTS as readonly string[]).includes(String(form.get("intent") ?? ""))) badRequest();
  return handleTaskIntent(request, user, form, { t, errorMap, ip, back: `/accounts/${accountId}/tasks`, accountId });
}

export default function AccountTasksPage() {
  const { account, tasks, staff, canCreate, today, submissionId, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const taskError = actionData && "taskError" in actionData ? actionData.taskError : null;
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader account={account} title={t("task.panel")} current="tasks" />
      <TaskList tasks={tasks} today={today} editing={{ me, staff, error: taskError }} />
      {canCreate ? (
        <Card name="new-task">
          <CardTitle name="new-task" small>
            {t("task.new")}
          </CardTitle>
          <TaskForm formId="new" accountId={account.id} staff={staff} error={taskError} submissionId={submissionId} />
        </Card>
      ) : null}
    </div>
  );
}
