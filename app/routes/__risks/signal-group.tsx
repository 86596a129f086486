import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { evidenceHref, SignalReason, SignalTitle } from "#app/components/signal-text.tsx";
import { SignalTask, useSignalTaskOpen } from "#app/components/signal-task.tsx";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.risks.tsx";
import { AcknowledgeForm } from "./acknowledge-forms.tsx";

// One account's signals in the risk inbox: compact rows that open (<details>)
// to act — acknowledge with a note, or make a task of it.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Group = Data["groups"][number];
type Signal = Group["signals"][number];

/** What the page's last post said, for the row or form it came from. */
export interface RiskActionView {
  /** A refused single acknowledgement: its signal, the note typed and why. */
  signalId?: string;
  note?: string;
  error?: string;
  taskError: TaskFormError | null;
  /** The signals ticked for the bulk form before its refusal. */
  selected: string[];
}

const severityTone = { high: "bad", medium: "warn", low: "neutral" } as const;

export function SignalGroup({
  group,
  staff,
  submissionId,
  action,
}: {
  group: Group;
  staff: Data["staff"];
  submissionId: string;
  action: RiskActionView;
}) {
  const { t } = useI18n();
  const taskOpen = useSignalTaskOpen(action.taskError);
  return (
    <section
      aria-labelledby={`acc-${group.account_id}`}
      data-account-id={group.account_id}
      className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
    >
      <h2
        id={`acc-${group.account_id}`}
        className="flex flex-wrap items-baseline gap-2 border-b border-slate-200 px-3 py-2"
      >
        <Link to={`/accounts/${group.account_id}`} className="font-semibold text-brand-700 underline">
          {group.account_name}
        </Link>
        <span className="text-sm font-normal text-slate-600">
          {group.owner_name} · {t("risks.groupCount", { count: group.signals.length })}
        </span>
      </h2>
      <ul className="divide-y divide-slate-200">
        {group.signals.map((s) => (
          <SignalRow
            key={s.id}
            signal={s}
            staff={staff}
            submissionId={submissionId}
            action={action}
            taskOpen={s.canAcknowledge && taskOpen(s.id)}
          />
        ))}
      </ul>
    </section>
  );
}

function SignalRow({
  signal: s,
  staff,
  submissionId,
  action,
  taskOpen,
}: {
  signal: Signal;
  staff: Data["staff"];
  submissionId: string;
  action: RiskActionView;
  /** Its "create a task" form is the page's open one. */
  taskOpen: boolean;
}) {
  const { t, date } = useI18n();
  const refused = action.signalId === s.id ? { note: action.note ?? "", error: action.error ?? "" } : undefined;
  const ref = `${s.account_id}:${s.id}`;
  return (
    <li
      data-signal-id={s.id}
      className={`flex items-start gap-2 px-3 py-2 ${s.acknowledged_at ? "" : "border-l-4 border-red-300"}`}
    >
      {s.canAcknowledge && !s.acknowledged_at ? (
        <input
          type="checkbox"
          form="bulk-ack"
          name="signal"
          value={ref}
          defaultChecked={action.selected.includes(ref)}
          aria-label={t("risks.bulk.select", { account: s.account_name })}
          className="mt-1.5 size-4"
        />
      ) : (
        <span className="mt-1.5 size-4" aria-hidden="true" />
      )}
      <details className="min-w-0 flex-1" open={Boolean(refused) || taskOpen}>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2">
          <Badge tone={severityTone[s.severity]}>{t(`risks.severity.${s.severity}`)}</Badge>
          <span className="font-medium">
            <SignalTitle rule={s.rule as RiskRule} />
          </span>
          {s.escalated_from ? (
            <span data-testid="escalated">
              <Badge tone="bad">{t("signals.escalated")}</Badge>
            </span>
          ) : null}
          {s.acknowledged_at ? <Badge tone="neutral">{t("risks.filter.acknowledged")}</Badge> : null}
          <span className="ml-auto text-xs text-slate-600">{t("risks.since", { date: date(s.first_seen_at) })}</span>
        </summary>
        <SignalDetails signal={s} refused={refused}>
          {s.canAcknowledge ? (
            <SignalTask
              signalId={s.id}
              accountId={s.account_id}
              title={`${t(`signal.rule.${s.rule as RiskRule}`)} · ${s.account_name}`}
              staff={staff}
              submissionId={submissionId}
              error={action.taskError}
              open={taskOpen}
            />
          ) : null}
        </SignalDetails>
      </details>
    </li>
  );
}

/** Why the signal is raised, its evidence, and who acknowledged it (or the form to), then what `children` add. */
function SignalDetails({
  signal: s,
  refused,
  children,
}: {
  signal: Signal;
  refused: { note: string; error: string } | undefined;
  children: ReactNode;
}) {
  const { t, dateTime } = useI18n();
  return (
    <div className="mt-2 flex flex-col gap-1 pb-1">
      <p className="text-sm">
        <SignalReason rule={s.rule as RiskRule} params={s.params} variant={s.reason_variant} />
      </p>
      <p className="text-sm">
        {t("risks.evidence")}:{" "}
        <Link to={evidenceHref(s)} className="text-brand-700 underline" data-testid="evidence-link">
          {t(`risks.evidence.${s.evidence_kind}`)}
          {s.evidence_label ? `: ${s.evidence_label}` : ""}
        </Link>
      </p>
      {s.acknowledged_at ? (
        <p className="text-sm text-slate-700">
          {t("risks.acknowledgedBy", { name: s.acknowledged_by_name ?? "—", date: dateTime(s.acknowledged_at) })}
          {s.ack_note ? <span className="block italic">“{s.ack_note}”</span> : null}
        </p>
      ) : s.canAcknowledge ? (
        <AcknowledgeForm accountId={s.account_id} signalId={s.id} refused={refused} />
      ) : null}
      {children}
    </div>
  );
}
