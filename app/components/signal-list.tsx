import type { SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { evidenceHref, SignalReason, SignalTitle } from "#app/components/signal-text.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Button, FormAlert, TextareaField } from "#app/components/ui/field.tsx";
import type { RiskSeverity } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { SignalView } from "#app/domain/health-view.ts";
import type { AcknowledgeSignalForm } from "#app/schemas/health.ts";
import { ACK_NOTE_MAX } from "#app/schemas/health.values.ts";
import { serverFieldProps, serverForm, serverFormProps } from "#app/components/ui/server-form.ts";
import { SignalTask, useSignalTaskOpen } from "#app/components/signal-task.tsx";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

/** What "create a task" from a signal needs; null when the viewer may not add tasks to the account. */
export interface SignalTaskForm {
  staff: { id: string; name: string }[];
  submissionId: string;
  accountName: string;
  error: TaskFormError | null;
}

const SEVERITY_TONE: Record<RiskSeverity, "bad" | "warn" | "neutral"> = { high: "bad", medium: "warn", low: "neutral" };

/** The reply to one acknowledgement form, matched to its signal. */
export interface AcknowledgeReply {
  signalId: string;
  result: SubmissionResult<string[]>;
}

/**
 * What needs attention on an account: its active risk signals collapsed into
 * one summary (counts and the most pressing one), then one compact row per
 * signal, most pressing first. A row expands (a plain <details>, so without
 * JavaScript too) to say why, link the evidence and acknowledge it with a note;
 * acknowledged ones are muted and say who acknowledged them, when and why.
 */
export function SignalList({
  signals,
  counts,
  allHref,
  canAcknowledge,
  reply,
  openId,
  taskForm,
}: {
  signals: SignalView[];
  /** Counts over all active signals, when `signals` lists only the first few. */
  counts?: { open: number; total: number } | undefined;
  /** Where the full list is, when some are not listed. */
  allHref?: string | undefined;
  canAcknowledge: boolean;
  reply?: AcknowledgeReply | undefined;
  /** A signal shown expanded: the one just acknowledged. */
  openId?: string | null | undefined;
  taskForm?: SignalTaskForm | null | undefined;
}) {
  const { t } = useI18n();
  const open = counts?.open ?? signals.filter((s) => !s.acknowledgedAt).length;
  const total = counts?.total ?? signals.length;
  const pressing = signals.find((s) => !s.acknowledgedAt);
  const taskOpen = useSignalTaskOpen(taskForm?.error);
  return (
    <Card name="signals" id="risk-signals" data-testid="signal-list" data-open={open} data-total={total}>
      <CardTitle name="signals">
        {t("signals.title")}{" "}
        <span className="text-sm font-normal text-slate-700">{t("signals.count", { open, total })}</span>
      </CardTitle>
      {pressing ? (
        <p className="mt-1 text-sm" data-testid="signals-most-pressing">
          {t("attention.mostPressing", { title: t(`signal.rule.${pressing.rule}`) })}
        </p>
      ) : null}
      {signals.length ? (
        <ul className="mt-3 flex flex-col gap-2">
          {signals.map((s) => (
            <SignalItem
              key={s.id}
              signal={s}
              canAcknowledge={canAcknowledge}
              lastResult={reply?.signalId === s.id ? reply.result : undefined}
              expanded={openId === s.id}
              taskForm={taskForm}
              taskOpen={Boolean(taskForm) && taskOpen(s.id)}
            />
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-700">{t("signals.none")}</p>
      )}
      {allHref ? (
        <p className="mt-3 text-sm">
          <Link
            to={allHref}
            className="font-medium text-brand-700 underline"
            preventScrollReset
            data-testid="signals-show-all"
          >
            {t("signals.showAll", { total })}
          </Link>
        </p>
      ) : null}
    </Card>
  );
}

function SignalItem({
  signal: s,
  canAcknowledge,
  lastResult,
  expanded,
  taskForm,
  taskOpen,
}: {
  signal: SignalView;
  canAcknowledge: boolean;
  lastResult?: SubmissionResult<string[]> | undefined;
  expanded: boolean;
  taskForm?: SignalTaskForm | null | undefined;
  /** Its task form is the page's open one. */
  taskOpen: boolean;
}) {
  const { t, date, dateTime } = useI18n();
  const acknowledged = Boolean(s.acknowledgedAt);
  return (
    <li
      className={`rounded-md border ${acknowledged ? "border-slate-200 bg-slate-50 text-slate-700" : "border-red-200"}`}
      data-testid="signal"
      data-rule={s.rule}
      data-acknowledged={acknowledged}
    >
      <details open={expanded || Boolean(lastResult) || taskOpen} className="group">
        <summary
          className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1 p-3"
          data-testid="signal-summary"
        >
          <Badge tone={acknowledged ? "neutral" : SEVERITY_TONE[s.severity]}>
            {t(`signals.severity.${s.severity}`)}
          </Badge>
          <h3 className={`font-semibold ${acknowledged ? "" : "text-slate-900"}`}>
            <SignalTitle rule={s.rule} />
          </h3>
          <span className="text-xs">{t("signals.firstSeen", { date: date(s.firstSeenAt) })}</span>
          {s.escalated ? (
            <span data-testid="escalated">
              <Badge tone="bad">{t("signals.escalated")}</Badge>
            </span>
          ) : null}
          <span className="sr-only">{t("attention.expand")}</span>
        </summary>
        <div className="border-t border-slate-200 px-3 pb-3">
          <p className="mt-2 text-sm">
            <SignalReason rule={s.rule} params={s.params} variant={s.reasonVariant} />
          </p>
          <p className="mt-1 text-sm">
            {t("signals.evidence")}:{" "}
            <Link
              to={evidenceHref({ account_id: s.accountId, evidence_kind: s.evidenceKind, evidence_id: s.evidenceId })}
              className="text-brand-700 underline"
            >
              {t(`signals.evidence.${s.evidenceKind}`)}
              {s.evidenceLabel ? `: ${s.evidenceLabel}` : ""}
            </Link>
          </p>
          {acknowledged ? (
            <p className="mt-2 text-sm" data-testid="acknowledgement">
              {t("signals.acknowledgedBy", { name: s.acknowledgedByName ?? "—", at: dateTime(s.acknowledgedAt) })}
              {s.ackNote ? <span className="block whitespace-pre-line italic">“{s.ackNote}”</span> : null}
            </p>
          ) : canAcknowledge ? (
            <AcknowledgeForm signalId={s.id} lastResult={lastResult} />
          ) : null}
          {taskForm ? (
            <SignalTask
              signalId={s.id}
              accountId={s.accountId}
              title={`${t(`signal.rule.${s.rule}`)} · ${taskForm.accountName}`}
              staff={taskForm.staff}
              submissionId={taskForm.submissionId}
              error={taskForm.error}
              open={taskOpen}
            />
          ) : null}
        </div>
      </details>
    </li>
  );
}

function AcknowledgeForm({
  signalId,
  lastResult,
}: {
  signalId: string;
  lastResult?: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === "acknowledge" &&
    navigation.formData?.get("signalId") === signalId;
  const [form, fields] = serverForm<typeof AcknowledgeSignalForm>(`ack-${signalId}`, lastResult);
  return (
    <Form method="post" {...serverFormProps(form)} className="mt-3 flex flex-col gap-2" preventScrollReset>
      <input type="hidden" name="intent" value="acknowledge" />
      <input type="hidden" name="signalId" value={signalId} />
      <FormAlert id={form.errorId} errors={form.errors} />
      <TextareaField
        label={t("signals.note")}
        textareaProps={{ ...serverFieldProps(fields.note), rows: 2, maxLength: ACK_NOTE_MAX }}
        field={fields.note}
        hint={t("signals.noteHelp")}
      />
      <div>
        <Button type="submit" pending={pending} pendingLabel={t("signals.acknowledging")}>
          {t("signals.acknowledge")}
        </Button>
      </div>
    </Form>
  );
}
