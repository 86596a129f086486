// The expectation page's two halves: what it is (header, facts, a task made
// from it) and the forms that move it on, each with its own reply.
import type { SubmissionResult } from "@conform-to/react";
import { ExpectationForm } from "#app/components/expectation-form.tsx";
import { ExpectationBadge, ProposalActions, type ProposalReplies } from "#app/components/ledger.tsx";
import { TaskForm, type TaskFormError } from "#app/components/task-form.tsx";
import { useIntentReplies } from "#app/components/ui/intent-form.tsx";
import { EditDetails } from "#app/components/ui/intent-panel.tsx";
import { Panel } from "#app/components/ui/panel.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { getExpectation, listLedgerOptions } from "#app/models/expectations.server.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import type { ExpectationFormValues } from "#app/schemas/expectation.ts";
import type { Intent } from "./labels.ts";
import { DeliveryPanel, ReopenPanel, ReplanPanel, type NoticeReachHint } from "./panels.tsx";
import { ExpectationFacts, OrphanReply } from "./summary.tsx";
import { TitleRow } from "#app/routes/__account/page-heads.tsx";

type Expectation = NonNullable<Awaited<ReturnType<typeof getExpectation>>>;

/** What the expectation page's action answers (action.server.ts). */
export type ActionData = {
  intent: Intent;
  taskError?: TaskFormError;
  result?: SubmissionResult<string[]>;
  conflict?: ConflictInfo;
};

/** Back to the ledger, the title with its badge, the description and facts, and "create a task" for editors. */
export function ExpectationHeader({
  expectation: e,
  account,
  ledger,
  today,
  canEdit,
  taskForm,
  taskError,
}: {
  expectation: Expectation;
  account: { id: string; name: string };
  ledger: string;
  today: string;
  canEdit: boolean;
  taskForm: { staff: { id: string; name: string }[]; submissionId: string } | null;
  taskError: TaskFormError | null;
}) {
  const { t } = useI18n();
  return (
    <div>
      <TitleRow back={ledger} backLabel={t("ledger.titleFor", { name: account.name })} title={e.title}>
        <ExpectationBadge expectation={e} today={today} />
      </TitleRow>
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
  );
}

/**
 * The forms offered for the expectation as it stands (accept or decline a
 * proposal; deliver or re-plan an open one; reopen a resolved one; edit), each
 * with its own reply; a reply for a form no longer offered shows on top.
 */
export function ExpectationForms({
  expectation: e,
  canEdit,
  options,
  defaults,
  today,
  ledger,
  actionData,
  reach = null,
}: {
  expectation: Expectation;
  canEdit: boolean;
  options: Awaited<ReturnType<typeof listLedgerOptions>> | null;
  defaults: ExpectationFormValues;
  today: string;
  ledger: string;
  actionData: ActionData | undefined;
  /** Whom a notice recorded now would reach (the re-plan form says so). */
  reach?: NoticeReachHint | null;
}) {
  const { t } = useI18n();
  const { mine, panel } = useIntentReplies(actionData, e.version);
  const proposalReply: ProposalReplies | undefined =
    actionData && (actionData.intent === "accept" || actionData.intent === "decline")
      ? { id: e.id, result: actionData.result, conflict: actionData.conflict }
      : undefined;
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
  return (
    <>
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
            <ReplanPanel {...panel("replan")} dueDate={e.due_date} reach={reach} />
          </Panel>
        </>
      ) : null}

      {offered.reopen ? (
        <Panel id="reopen" title={t("reopenForm.heading")} help={t("reopenForm.help")}>
          <ReopenPanel {...panel("reopen")} />
        </Panel>
      ) : null}

      {canEdit && options ? (
        <EditDetails open={Boolean(mine("edit"))} heading={t("expectationForm.editHeading")}>
          <ExpectationForm
            mode="edit"
            defaults={defaults}
            options={options}
            lastResult={mine("edit")?.result}
            conflict={mine("edit")?.conflict}
            cancelTo={ledger}
          />
        </EditDetails>
      ) : null}
    </>
  );
}
