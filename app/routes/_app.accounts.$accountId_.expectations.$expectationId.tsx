import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ExpectationForm } from "#app/components/expectation-form.tsx";
import { ExpectationBadge, ProposalActions, type ProposalReplies } from "#app/components/ledger.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import {
  acceptProposed,
  declineProposed,
  recordDelivery,
  reopenExpectation,
  replanExpectation,
  updateExpectation,
} from "#app/models/expectation-changes.server.ts";
import { getExpectation, listLedgerOptions } from "#app/models/expectations.server.ts";
import { loadScoringSettings } from "#app/models/scores.server.ts";
import {
  AcceptForm,
  DeclineForm,
  DeliveryForm,
  ExpectationEditForm,
  ReopenForm,
  ReplanForm,
  type ExpectationFormValues,
} from "#app/schemas/expectation.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { writeErrorReply, type ConflictInfo } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { Panel } from "#app/components/ui/panel.tsx";
import { useIntentReplies } from "#app/components/ui/intent-form.tsx";
import { ExpectationHistory } from "#app/routes/__expectation/history.tsx";
import { displayValue, FIELD_LABELS } from "#app/routes/__expectation/labels.ts";
import { DeliveryPanel, ReopenPanel, ReplanPanel } from "#app/routes/__expectation/panels.tsx";
import { ExpectationFacts, OrphanReply } from "#app/routes/__expectation/summary.tsx";
import { TaskForm, type TaskFormError } from "#app/components/task-form.tsx";
import { listStaff } from "#app/models/tasks.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "committeeRole.",
    "deliveryForm.",
    "expCategory.",
    "expImportance.",
    "expOutcome.",
    "expResponse.",
    "expSource.",
    "expStatus.",
    "expectation.",
    "expectationForm.",
    "form.",
    "history.",
    "kind.",
    "ledger.",
    "mailPrefs.notOffered",
    "proposal.",
    "reopenForm.",
    "replanForm.",
    "scoringSettings.",
    "task.",
    "title.expectation",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return data ? pageTitle(f, data.expectation.title, data.account.name) : pageTitle(f, f.t("title.expectation"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const expectationId = parseId(params.expectationId);
  const [account, expectation, { settings }] = await Promise.all([
    getAccount(db(), accountId),
    getExpectation(db(), accountId, expectationId),
    loadScoringSettings(db()),
  ]);
  if (!account || !expectation) notFound("error.noExpectation");
  const canEdit = canEditAccount(user, account);
  const options = canEdit
    ? await listLedgerOptions(db(), accountId, {
        stakeholderId: expectation.holder_stakeholder_id,
        userId: expectation.owner_id,
        touchpointId: expectation.source_touchpoint_id,
      })
    : null;
  const defaults: ExpectationFormValues = {
    title: expectation.title,
    description: expectation.description,
    category: expectation.category,
    holder_stakeholder_id: expectation.holder_stakeholder_id ?? "",
    source: expectation.source,
    source_touchpoint_id: expectation.source_touchpoint_id ?? "",
    importance: String(expectation.importance),
    due_date: expectation.due_date,
    owner_id: expectation.owner_id ?? "",
    version: expectation.version,
  };
  // "Create a task" from the expectation: the account's editors (canCreateTask is the same rule).
  const taskForm = canEdit
    ? {
        staff: (await listStaff(db())).filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
        submissionId: newSubmissionId(),
      }
    : null;
  return {
    account: { id: account.id, name: account.name },
    expectation,
    canEdit,
    options,
    defaults,
    today: calendarDate(),
    noticeContestDays: settings.noticeContestDays,
    taskForm,
  };
}

// After a lost race (409) show the expectation as it is now; the forms keep what was typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

const INTENTS = {
  edit: {
    schema: ExpectationEditForm,
    write: updateExpectation,
    done: "expectationForm.saved",
    compare: [
      "title",
      "description",
      "category",
      "holder_stakeholder_id",
      "source",
      "source_touchpoint_id",
      "importance",
      "owner_id",
    ],
  },
  replan: { schema: ReplanForm, write: replanExpectation, done: "replanForm.done", compare: ["due_date", "status"] },
  deliver: { schema: DeliveryForm, write: recordDelivery, done: "deliveryForm.done", compare: ["status", "due_date"] },
  reopen: { schema: ReopenForm, write: reopenExpectation, done: "reopenForm.done", compare: ["status"] },
  accept: { schema: AcceptForm, write: acceptProposed, done: "proposal.acceptedMsg", compare: ["status"] },
  decline: { schema: DeclineForm, write: declineProposed, done: "proposal.declinedMsg", compare: ["status"] },
} as const satisfies Record<string, { schema: unknown; write: unknown; done: MessageKey; compare: readonly string[] }>;
type Intent = keyof typeof INTENTS;

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const expectationId = parseId(params.expectationId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "createTask") {
    if (formData.get("expectation_id") !== expectationId) badRequest();
    return handleTaskIntent(request, user, formData, {
      t,
      errorMap,
      ip,
      back: `/accounts/${accountId}/expectations/${expectationId}`,
      accountId,
    });
  }
  if (!Object.hasOwn(INTENTS, intent)) badRequest();
  const spec = INTENTS[intent as Intent];
  const context = { actor: user, ip };

  const submission = parseWithZod(formData, { schema: spec.schema, error: errorMap });
  const reply = (body: { result: SubmissionResult<string[]>; conflict?: ConflictInfo }, status: number) =>
    data({ intent: intent as Intent, ...body }, { status });
  if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
  try {
    await db()
      .transaction()
      .execute((trx) =>
        (spec.write as (trx: Trx, c: typeof context, a: string, e: string, input: unknown) => Promise<unknown>)(
          trx,
          context,
          accountId,
          expectationId,
          submission.value,
        ),
      );
  } catch (error) {
    const f = formatters(locale);
    const { status, ...body } = await writeErrorReply(error, submission, {
      request,
      actor: user,
      locale,
      accountId,
      labels: Object.fromEntries(spec.compare.map((field) => [field, t(FIELD_LABELS[field]!)])),
      shown: (field, _value, current) => displayValue(f, field, current),
    });
    return reply(body, status);
  }
  return redirect(`/accounts/${accountId}/expectations/${expectationId}`, {
    headers: { "Set-Cookie": await setFlash(request, { kind: "success", message: t(spec.done) }) },
  });
}

type ActionData = {
  intent: Intent;
  taskError?: TaskFormError;
  result?: SubmissionResult<string[]>;
  conflict?: ConflictInfo;
};

export default function ExpectationPage() {
  const {
    account,
    expectation: e,
    canEdit,
    options,
    defaults,
    today,
    noticeContestDays,
    taskForm,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useI18n();
  const { mine, panel } = useIntentReplies(actionData, e.version);
  const proposalReply: ProposalReplies | undefined =
    actionData && (actionData.intent === "accept" || actionData.intent === "decline")
      ? { id: e.id, result: actionData.result, conflict: actionData.conflict }
      : undefined;
  const ledger = `/accounts/${account.id}/expectations`;
  const offered: Record<Intent, boolean> = {
    edit: canEdit,
    replan: canEdit && e.status === "open",
    deliver: canEdit && e.status === "open",
    reopen: canEdit && e.status === "resolved",
    accept: canEdit && e.status === "proposed",
    decline: canEdit && e.status === "proposed",
  };
  // A reply for a form that is no longer offered: said here, with what was typed.
  const orphan = actionData && actionData.intent && !offered[actionData.intent] ? actionData : undefined;
  const taskError = actionData?.taskError ?? null;

  return (
    <div className="flex flex-col gap-8">
      <div>
        <Link to={ledger} className="text-sm text-brand-700 underline">
          ← {t("ledger.titleFor", { name: account.name })}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{e.title}</h1>
          <ExpectationBadge expectation={e} today={today} />
        </div>
        {e.description ? <p className="mt-2 max-w-3xl whitespace-pre-line text-slate-800">{e.description}</p> : null}
        <ExpectationFacts expectation={e} />
        {canEdit ? null : <p className="mt-3 rounded-md bg-slate-100 p-3 text-sm">{t("ledger.readOnly")}</p>}
        {taskForm ? (
          <details
            className="mt-4 rounded-lg bg-white p-3 ring-1 ring-slate-200"
            open={taskError ? true : undefined}
            data-testid="expectation-task"
          >
            <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("task.fromExpectation")}</summary>
            <TaskForm
              formId={`expectation-${e.id}`}
              accountId={account.id}
              staff={taskForm.staff}
              error={taskError}
              submissionId={taskForm.submissionId}
              defaults={{ title: e.title, expectation_id: e.id }}
            />
          </details>
        ) : null}
      </div>

      {orphan ? <OrphanReply reply={orphan} /> : null}

      {offered.accept ? (
        <Panel id="proposal" title={t("proposal.heading")} help={t("proposal.help")}>
          <ProposalActions expectationId={e.id} version={e.version} reply={proposalReply} />
        </Panel>
      ) : null}

      {offered.deliver ? (
        <>
          <Panel id="deliver" title={t("deliveryForm.heading")}>
            <DeliveryPanel {...panel("deliver")} today={today} />
          </Panel>
          <Panel id="replan" title={t("replanForm.heading")} help={t("replanForm.help")}>
            <ReplanPanel {...panel("replan")} dueDate={e.due_date} />
          </Panel>
        </>
      ) : null}

      {offered.reopen ? (
        <Panel id="reopen" title={t("reopenForm.heading")} help={t("reopenForm.help")}>
          <ReopenPanel {...panel("reopen")} />
        </Panel>
      ) : null}

      {canEdit && options ? (
        <details open={Boolean(mine("edit"))} className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
          <summary className="cursor-pointer font-semibold">{t("expectationForm.editHeading")}</summary>
          <div className="mt-4">
            <ExpectationForm
              mode="edit"
              defaults={defaults}
              options={options}
              lastResult={mine("edit")?.result}
              conflict={mine("edit")?.conflict}
              cancelTo={ledger}
            />
          </div>
        </details>
      ) : null}

      <ExpectationHistory
        originalDueDate={e.original_due_date}
        history={e.history}
        rule={{ today, contestDays: noticeContestDays, timeZone: TIME_ZONE }}
      />
    </div>
  );
}
