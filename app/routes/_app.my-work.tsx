import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { InboxList } from "#app/components/inbox-list.tsx";
import { TaskForm } from "#app/components/task-form.tsx";
import { calendarDate } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { gatherInbox } from "#app/models/inbox.server.ts";
import { loggedThisWeek, myAccountsOverview, myCasesPastSla, myOverdueInvoices } from "#app/models/my-work.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { searchAccountsForLog } from "#app/models/touchpoints.server.ts";
import { postAs } from "#app/web/actions.server.ts";
import { badRequest, requireInternalUser } from "#app/web/auth.server.ts";
import { handleTaskIntent, TASK_INTENTS } from "#app/web/task-actions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { handleInboxIntent, handleMailIntent } from "#app/routes/__my-work/inbox-actions.server.ts";
import { CasesPastSla, LoggedThisWeek, MyAccounts, OverdueInvoices } from "#app/routes/__my-work/sections.tsx";

export const meta: MetaFunction = titleMeta("title.myWork");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const now = new Date();
  const today = calendarDate(now);
  const [accounts, logged, cases, invoices, inbox, staff] = await Promise.all([
    myAccountsOverview(db(), user.id),
    loggedThisWeek(db(), user.id),
    myCasesPastSla(db(), user.id),
    myOverdueInvoices(db(), user.id, today),
    gatherInbox(db(), user, { now }),
    listStaff(db()),
  ]);
  // Captured mails waiting to be placed: the accounts the person may log them on (theirs first).
  const placeAccounts = inbox.some((i) => i.kind === "captured_mail")
    ? await searchAccountsForLog(db(), user, undefined, 300)
    : [];
  return {
    accounts,
    logged,
    cases,
    invoices,
    inbox: inbox.map(({ state: _state, ...item }) => item),
    staff: staff.filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
    placeAccounts: placeAccounts.map((a) => ({ id: a.id, name: a.name })),
    now: now.toISOString(),
    today,
    submissionId: newSubmissionId(),
  };
}

// The inbox's own intents (done, snooze, hand over, and placing or discarding a
// captured mail: app/routes/__my-work/inbox-actions.server.ts) act on the
// signed-in person's inbox only. The task intents are shared with the
// account's task page (app/web/task-actions.server.ts).
export async function action({ request }: ActionFunctionArgs) {
  const { user, t, errorMap, ip, formData: form } = await postAs(request, requireInternalUser);
  const intent = String(form.get("intent") ?? "");
  if ((TASK_INTENTS as readonly string[]).includes(intent)) {
    return handleTaskIntent(request, user, form, { t, errorMap, ip, back: "/my-work" });
  }
  const fields = Object.fromEntries(form) as Record<string, string>;
  const context = { request, user, t, ip };
  if (intent === "placeMail" || intent === "discardMail") return handleMailIntent(context, intent, fields);
  if (intent === "done" || intent === "snooze" || intent === "handOver")
    return handleInboxIntent(context, intent, fields);
  badRequest();
}

export default function MyWorkPage() {
  const { accounts, logged, cases, invoices, inbox, staff, placeAccounts, now, today, submissionId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const taskError = actionData && "taskError" in actionData ? actionData.taskError : null;
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold">{t("myWork.title")}</h1>

      <section aria-labelledby="inbox-heading" className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
        <div className="flex flex-wrap items-baseline gap-2">
          <h2 id="inbox-heading" className="text-lg font-semibold">
            {t("inbox.title")}
          </h2>
          <span className="text-sm text-slate-700" data-testid="inbox-count">
            {t("inbox.count", { count: inbox.length })}
          </span>
        </div>
        <p className="text-sm text-slate-600">{t("inbox.intro")}</p>
        <InboxList
          items={inbox}
          today={today}
          staff={staff}
          error={actionData && "inboxError" in actionData ? actionData.inboxError : null}
          taskError={taskError}
          submissionId={submissionId}
          placeAccounts={placeAccounts}
        />
        <details className="mt-4" open={taskError?.formId === "new" ? true : undefined}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("task.new")}</summary>
          <TaskForm
            formId="new"
            accounts={accounts.map((a) => ({ id: a.id, name: a.name }))}
            staff={staff}
            error={taskError}
            submissionId={submissionId}
          />
        </details>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <CasesPastSla cases={cases} />
        <OverdueInvoices invoices={invoices} today={today} />
      </div>
      <MyAccounts accounts={accounts} now={now} />
      <LoggedThisWeek logged={logged} />
    </div>
  );
}
