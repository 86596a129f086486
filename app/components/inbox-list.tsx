import { Form, Link } from "@remix-run/react";
import { inboxItemHref, inboxTier, type InboxItem } from "#app/domain/inbox.ts";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Badge } from "./ui/badge.tsx";
import { TaskForm, type TaskFormError } from "./task-form.tsx";

export type InboxListItem = InboxItem & { handedBy: string | null };

export interface InboxActionError {
  key: string;
  field: "until" | "to" | "account" | "";
  message: string;
  value: string;
}

interface Props {
  items: InboxListItem[];
  today: string;
  staff: { id: string; name: string }[];
  error?: InboxActionError | null;
  taskError?: TaskFormError | null;
  submissionId?: string | undefined;
  /** Accounts a captured mail may be placed on (the viewer's loggable ones). */
  placeAccounts?: { id: string; name: string }[];
}

/** The inbox: one card per item with its evidence and its plain-form actions (done, snooze, hand over, task). */
export function InboxList({ items, today, staff, error, taskError, submissionId, placeAccounts = [] }: Props) {
  const { t } = useI18n();
  if (!items.length) return <p className="mt-2 text-sm text-slate-600">{t("inbox.empty")}</p>;
  return (
    <ul className="mt-3 flex flex-col gap-3" data-testid="inbox">
      {items.map((item) =>
        item.kind === "captured_mail" ? (
          <CapturedMailCard key={item.key} item={item} accounts={placeAccounts} error={error?.key === item.key ? error : null} />
        ) : (
        <InboxCard key={item.key} item={item} today={today} staff={staff} error={error?.key === item.key ? error : null} taskError={taskError} submissionId={submissionId} />
        ),
      )}
    </ul>
  );
}

/**
 * A mail from the capture address that named no account's people, or several
 * accounts': choose the account to log it on (those whose people it names
 * first), or discard it. Plain forms: it works without JavaScript.
 */
function CapturedMailCard({ item, accounts, error }: { item: InboxListItem; accounts: { id: string; name: string }[]; error: InboxActionError | null }) {
  const { t, dateTime } = useI18n();
  const d = item.details;
  const safe = item.sourceId;
  const candidates = String(d.candidates ?? "").split(",").filter(Boolean);
  const first = accounts.filter((a) => candidates.includes(a.id));
  const rest = accounts.filter((a) => !candidates.includes(a.id));
  const button = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
  const title = item.title || t("mailIn.noSubject");
  return (
    <li id={`mail-${safe}`} data-inbox-key={item.key} data-kind={item.kind} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="info">{t("inbox.kind.captured_mail")}</Badge>
        <span className="font-medium">{title}</span>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {t("mailIn.from", { address: String(d.from ?? "") })} · {t("mailIn.sentAt", { date: dateTime(String(d.sentAt ?? item.at)) })}
      </p>
      <p className="mt-1 break-words text-sm text-slate-600">
        {d.addresses ? t("mailIn.names", { addresses: String(d.addresses) }) : t("mailIn.noAddresses")}
      </p>
      {d.attachments ? <p className="mt-1 break-words text-sm text-slate-600">{t("mailIn.attachments", { names: String(d.attachments) })}</p> : null}
      <div className="mt-2 flex flex-wrap items-end gap-3" role="group" aria-label={t("inbox.actions", { title })}>
        <Form method="post" className="flex flex-wrap items-end gap-1">
          <input type="hidden" name="intent" value="placeMail" />
          <input type="hidden" name="mailId" value={item.sourceId} />
          <input type="hidden" name="version" value={String(d.version ?? 1)} />
          <div className="flex flex-col">
            <label htmlFor={`place-${safe}`} className="text-xs font-medium">{t("mailIn.account")}</label>
            <select
              id={`place-${safe}`}
              name="accountId"
              required
              defaultValue={error?.field === "account" ? error.value : first.length === 1 ? first[0]!.id : ""}
              aria-invalid={error?.field === "account" ? true : undefined}
              aria-describedby={error?.field === "account" ? `place-${safe}-error` : undefined}
              className="max-w-full rounded-md border border-slate-400 px-2 py-1 text-sm"
            >
              <option value="">{t("mailIn.pickAccount")}</option>
              {first.length ? (
                <optgroup label={t("mailIn.candidates")}>
                  {first.map((a) => (
                    <option key={a.id} value={a.id}>{a.name}</option>
                  ))}
                </optgroup>
              ) : null}
              {rest.length ? (
                <optgroup label={t("mailIn.otherAccounts")}>
                  {rest.map((a) => (
                    <option key={a.id} value={a.id}>{a.name}</option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
          <button type="submit" className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white">{t("mailIn.place")}</button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="discardMail" />
          <input type="hidden" name="mailId" value={item.sourceId} />
          <input type="hidden" name="version" value={String(d.version ?? 1)} />
          <button type="submit" className={button}>{t("mailIn.discard")}</button>
        </Form>
      </div>
      {error ? (
        <p id={`place-${safe}-error`} className="mt-1 text-sm text-red-800" role="alert">
          {error.message}
        </p>
      ) : null}
    </li>
  );
}

function InboxCard({ item, today, staff, error, taskError, submissionId }: { item: InboxListItem; today: string; staff: Props["staff"]; error: InboxActionError | null; taskError?: TaskFormError | null; submissionId?: string | undefined }) {
  const { t, date, dateTime } = useI18n();
  const tier = inboxTier(item, today);
  const safe = item.key.replace(/[^A-Za-z0-9_-]/g, "-");
  const input = "rounded-md border border-slate-400 px-2 py-1 text-sm";
  const button = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
  const d = item.details;
  const title =
    item.kind === "signal" || item.kind === "signal_escalation"
      ? t(`signal.rule.${item.title as RiskRule}`)
      : item.kind === "survey_answer"
        ? t(d.survey === "nps" ? "inbox.survey.nps" : "inbox.survey.csat", { score: Number(d.score), person: String(d.person ?? "") })
        : item.title;
  return (
    <li
      data-inbox-key={item.key}
      data-kind={item.kind}
      className={`rounded-lg bg-white p-3 shadow-sm ring-1 ${tier === 0 ? "ring-red-300" : tier === 1 ? "ring-amber-300" : "ring-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tier === 0 ? "bad" : tier === 1 ? "warn" : "info"}>{t(`inbox.kind.${item.kind}`)}</Badge>
        {item.kind === "survey_answer" && item.pressing ? <Badge tone="bad">{t("inbox.detractor")}</Badge> : null}
        {d.reraised ? <Badge tone="warn">{t("inbox.reraised")}</Badge> : null}
        <Link to={inboxItemHref(item)} className="font-medium text-brand-700 underline" data-testid="inbox-evidence">
          {title}
        </Link>
        <span className="text-sm text-slate-700">· {item.accountName}</span>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {item.kind === "customer_dispute" ? (
          <>
            {t(d.response === "disputed_not_delivered" ? "inbox.dispute.disputed_not_delivered" : "inbox.dispute.disputed_partly")}
            {d.comment ? ` “${String(d.comment)}”` : ""}
          </>
        ) : item.kind === "notice_contested" ? (
          <>
            {t("inbox.noticeContested", { date: date(String(d.claimedOn ?? "")), to: date(String(d.toDueDate ?? "")) })}
            {d.note ? ` “${String(d.note)}”` : ""}
          </>
        ) : item.kind === "customer_expectation" ? (
          t("inbox.proposedDue", { date: date(item.dueOn) })
        ) : item.kind === "survey_answer" ? (
          item.title ? `“${item.title}”` : t("inbox.since", { date: date(item.at) })
        ) : item.kind === "planned_touchpoint" ? (
          <>
            {t("inbox.plannedAt", { when: dateTime(String(d.plannedAt ?? item.at)) })}
            {item.dueOn && item.dueOn < today ? <> <Badge tone="warn">{t("plan.notRecorded")}</Badge></> : null}
          </>
        ) : item.kind === "signal_escalation" ? (
          t("inbox.escalation", { owner: String(d.owner ?? ""), date: date(item.at) })
        ) : item.dueOn ? (
          <>
            {t("inbox.dueOn", { date: date(item.dueOn) })}
            {item.dueOn < today ? <> <Badge tone="warn">{t("task.overdue")}</Badge></> : null}
          </>
        ) : (
          t("inbox.since", { date: date(item.at) })
        )}
        {item.handedBy ? <span className="ml-2 text-slate-600">· {t("inbox.handedBy", { name: item.handedBy })}</span> : null}
      </p>
      <div className="mt-2 flex flex-wrap items-end gap-3" role="group" aria-label={t("inbox.actions", { title })}>
        {item.kind === "planned_touchpoint" ? (
          <Link to={inboxItemHref(item)} className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white" data-testid="inbox-record-plan">
            {t("plan.record")}
          </Link>
        ) : null}
        {item.kind === "task_due" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="completeTask" />
            <input type="hidden" name="accountId" value={item.accountId} />
            <input type="hidden" name="taskId" value={item.sourceId} />
            <input type="hidden" name="version" value={String(d.version ?? 1)} />
            <button type="submit" className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white">{t("task.complete")}</button>
          </Form>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="done" />
            <input type="hidden" name="key" value={item.key} />
            <button type="submit" className={button}>{t("inbox.done")}</button>
          </Form>
        )}
        <Form method="post" className="flex items-end gap-1">
          <input type="hidden" name="intent" value="snooze" />
          <input type="hidden" name="key" value={item.key} />
          <div className="flex flex-col">
            <label htmlFor={`snooze-${safe}`} className="text-xs font-medium">{t("inbox.snoozeUntil")}</label>
            <input
              id={`snooze-${safe}`}
              type="date"
              name="until"
              required
              min={today}
              defaultValue={error?.field === "until" ? error.value : ""}
              aria-invalid={error?.field === "until" ? true : undefined}
              aria-describedby={error?.field === "until" ? `snooze-${safe}-error` : undefined}
              className={input}
            />
          </div>
          <button type="submit" className={button}>{t("inbox.snooze")}</button>
        </Form>
        <Form method="post" className="flex items-end gap-1">
          <input type="hidden" name="intent" value="handOver" />
          <input type="hidden" name="key" value={item.key} />
          <div className="flex flex-col">
            <label htmlFor={`hand-${safe}`} className="text-xs font-medium">{t("inbox.handTo")}</label>
            <select
              id={`hand-${safe}`}
              name="to"
              required
              defaultValue={error?.field === "to" ? error.value : ""}
              aria-invalid={error?.field === "to" ? true : undefined}
              aria-describedby={error?.field === "to" ? `hand-${safe}-error` : undefined}
              className={input}
            >
              <option value="" />
              {staff.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </div>
          <button type="submit" className={button}>{t("inbox.handOver")}</button>
        </Form>
      </div>
      {error ? (
        <p id={error.field === "until" ? `snooze-${safe}-error` : error.field === "to" ? `hand-${safe}-error` : undefined} className="mt-1 text-sm text-red-800" role="alert">
          {error.message}
        </p>
      ) : null}
      {item.kind !== "task_due" ? (
        <details className="mt-2" open={taskError?.formId === item.key ? true : undefined}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("inbox.makeTask")}</summary>
          <TaskForm
            formId={item.key}
            accountId={item.accountId}
            staff={staff}
            error={taskError}
            submissionId={submissionId}
            defaults={{
              title: item.kind === "signal" || item.kind === "signal_escalation" || item.kind === "survey_answer" ? `${title} · ${item.accountName}` : item.title,
              inbox_item_key: item.key,
              expectation_id: ["customer_dispute", "notice_contested", "customer_expectation", "expectation_overdue", "expectation_due"].includes(item.kind) ? item.sourceId : undefined,
              signal_id: item.kind === "signal" || item.kind === "signal_escalation" ? item.sourceId : undefined,
            }}
          />
        </details>
      ) : null}
    </li>
  );
}
