import { Form } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { inboxItemHref, inboxTier, type InboxItem } from "#app/domain/inbox.ts";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Badge } from "./ui/badge.tsx";
import { HiddenFields } from "./ui/hidden-fields.tsx";
import { CapturedMailCard } from "./captured-mail-card.tsx";
import { TaskForm, type TaskFormError } from "./task-form.tsx";
import { NamedOptions } from "./ui/field.tsx";
import { SignalReason } from "./signal-text.tsx";
import type { SignalReasonVariant } from "#app/domain/risk/reason.ts";

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
          <CapturedMailCard
            key={item.key}
            item={item}
            accounts={placeAccounts}
            error={error?.key === item.key ? error : null}
          />
        ) : (
          <InboxCard
            key={item.key}
            item={item}
            today={today}
            staff={staff}
            error={error?.key === item.key ? error : null}
            taskError={taskError}
            submissionId={submissionId}
          />
        ),
      )}
    </ul>
  );
}

function InboxCard({
  item,
  today,
  staff,
  error,
  taskError,
  submissionId,
}: {
  item: InboxListItem;
  today: string;
  staff: Props["staff"];
  error: InboxActionError | null;
  taskError?: TaskFormError | null;
  submissionId?: string | undefined;
}) {
  const { t } = useI18n();
  const tier = inboxTier(item, today);
  const safe = item.key.replace(/[^A-Za-z0-9_-]/g, "-");
  const d = item.details;
  const title =
    item.kind === "signal" || item.kind === "signal_escalation"
      ? t(`signal.rule.${item.title as RiskRule}`)
      : item.kind === "survey_answer"
        ? t(d.survey === "nps" ? "inbox.survey.nps" : "inbox.survey.csat", {
            score: Number(d.score),
            person: String(d.person ?? ""),
          })
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
        <ItemFacts item={item} today={today} />
        {item.handedBy ? (
          <span className="ml-2 text-slate-600">· {t("inbox.handedBy", { name: item.handedBy })}</span>
        ) : null}
      </p>
      <ItemActions item={item} today={today} staff={staff} error={error} safe={safe} title={title}>
        {item.kind !== "task_due" ? (
          <details className="open:basis-full" open={taskError?.formId === item.key ? true : undefined}>
            <summary className={summaryClass}>{t("inbox.makeTask")}</summary>
            <TaskForm
              formId={item.key}
              accountId={item.accountId}
              staff={staff}
              error={taskError}
              submissionId={submissionId}
              defaults={{
                title:
                  item.kind === "signal" || item.kind === "signal_escalation" || item.kind === "survey_answer"
                    ? `${title} · ${item.accountName}`
                    : item.title,
                inbox_item_key: item.key,
                expectation_id: [
                  "customer_dispute",
                  "notice_contested",
                  "customer_expectation",
                  "expectation_overdue",
                  "expectation_due",
                ].includes(item.kind)
                  ? item.sourceId
                  : undefined,
                signal_id: item.kind === "signal" || item.kind === "signal_escalation" ? item.sourceId : undefined,
              }}
            />
          </details>
        ) : null}
      </ItemActions>
      {error ? (
        <p
          id={
            error.field === "until" ? `snooze-${safe}-error` : error.field === "to" ? `hand-${safe}-error` : undefined
          }
          className="mt-1 text-sm text-red-800"
          role="alert"
        >
          {error.message}
        </p>
      ) : null}
    </li>
  );
}

/** What the item is about, in a line: the customer's words, when it is due, since when. */
function ItemFacts({ item, today }: { item: InboxListItem; today: string }) {
  const { t, date, dateTime } = useI18n();
  const d = item.details;
  switch (item.kind) {
    case "customer_dispute":
      return (
        <>
          {t(
            d.response === "disputed_not_delivered"
              ? "inbox.dispute.disputed_not_delivered"
              : "inbox.dispute.disputed_partly",
          )}
          {d.comment ? ` “${String(d.comment)}”` : ""}
        </>
      );
    case "notice_contested":
      return (
        <>
          {t("inbox.noticeContested", { date: date(String(d.claimedOn ?? "")), to: date(String(d.toDueDate ?? "")) })}
          {d.note ? ` “${String(d.note)}”` : ""}
        </>
      );
    case "customer_expectation":
      return <>{t("inbox.proposedDue", { date: date(item.dueOn) })}</>;
    case "survey_answer":
      return <>{item.title ? `“${item.title}”` : t("inbox.since", { date: date(item.at) })}</>;
    case "planned_touchpoint":
      return (
        <>
          {t("inbox.plannedAt", { when: dateTime(String(d.plannedAt ?? item.at)) })}
          {item.dueOn && item.dueOn < today ? (
            <>
              {" "}
              <Badge tone="warn">{t("plan.notRecorded")}</Badge>
            </>
          ) : null}
        </>
      );
    case "expectation_due":
    case "expectation_overdue": {
      // Listed by the day it is due for the customer (dueOn); its due date as the ledger shows it beside.
      const dueDate = String(d.dueDate ?? item.dueOn);
      return (
        <>
          {t("inbox.dueOn", { date: date(dueDate) })}
          {item.dueOn && item.dueOn < dueDate ? ` · ${t("ledger.promisedOn", { date: date(item.dueOn) })}` : null}
          {item.kind === "expectation_overdue" ? (
            <>
              {" "}
              <Badge tone="warn">{t("task.overdue")}</Badge>
            </>
          ) : null}
        </>
      );
    }
    case "signal":
    case "signal_escalation":
      return <SignalFacts item={item} />;
    default:
      return item.dueOn ? (
        <>
          {t("inbox.dueOn", { date: date(item.dueOn) })}
          {item.dueOn < today ? (
            <>
              {" "}
              <Badge tone="warn">{t("task.overdue")}</Badge>
            </>
          ) : null}
        </>
      ) : (
        <>{t("inbox.since", { date: date(item.at) })}</>
      );
  }
}

/** A signal's reason as the risk pages give it; an escalation adds whose account it is and who acknowledged it. */
function SignalFacts({ item }: { item: InboxListItem }) {
  const { t, date } = useI18n();
  const d = item.details;
  return (
    <>
      <SignalReason
        rule={item.title as RiskRule}
        params={item.signalParams}
        variant={d.reasonVariant as SignalReasonVariant | null}
      />{" "}
      {item.kind === "signal" ? (
        <span className="text-slate-600">· {t("inbox.since", { date: date(item.at) })}</span>
      ) : (
        <>
          <span className="text-slate-600">
            · {t("inbox.escalation", { owner: String(d.owner ?? ""), date: date(item.at) })}
          </span>
          <span className="mt-1 block">
            {d.ackOn
              ? t("inbox.escalationAcknowledged", { name: String(d.ackBy ?? ""), date: date(String(d.ackOn)) })
              : t("inbox.escalationNotAcknowledged")}
            {d.ackNote ? <span className="italic"> “{String(d.ackNote)}”</span> : null}
          </span>
        </>
      )}
    </>
  );
}

/** The item's plain-form actions: done (or complete the task), snooze until a day, hand over to a colleague. */
function ItemActions({
  item,
  today,
  staff,
  error,
  safe,
  title,
  children,
}: {
  item: InboxListItem;
  today: string;
  staff: Props["staff"];
  error: InboxActionError | null;
  safe: string;
  title: string;
  /** Further actions in the same row (the task form's disclosure). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  /** A field of the item's forms: required, and keeping what was typed when it was refused (the message is under the card). */
  const bind = (field: "until" | "to", id: string) => ({
    id,
    required: true,
    defaultValue: error?.field === field ? error.value : "",
    "aria-invalid": error?.field === field ? true : undefined,
    "aria-describedby": error?.field === field ? `${id}-error` : undefined,
    className: "rounded-md border border-slate-400 px-2 py-1 text-sm",
  });
  return (
    <div
      className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2"
      role="group"
      aria-label={t("inbox.actions", { title })}
    >
      {item.kind === "planned_touchpoint" ? (
        <Link
          to={inboxItemHref(item)}
          className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white"
          data-testid="inbox-record-plan"
        >
          {t("plan.record")}
        </Link>
      ) : null}
      {item.kind === "task_due" ? (
        <Form method="post">
          <HiddenFields
            values={{
              intent: "completeTask",
              accountId: item.accountId,
              taskId: item.sourceId,
              version: String(item.details.version ?? 1),
            }}
          />
          <button type="submit" className="rounded-md bg-brand-700 px-2 py-1 text-sm font-semibold text-white">
            {t("task.complete")}
          </button>
        </Form>
      ) : (
        <Form method="post">
          <HiddenFields values={{ intent: "done", key: item.key }} />
          <button type="submit" className={itemButton}>
            {t("inbox.done")}
          </button>
        </Form>
      )}
      {/* Snoozing and handing over fold away: on a phone a card is a line or two, not a screenful. Open when one was refused. */}
      <details className="open:basis-full" open={error?.field === "until" || error?.field === "to" ? true : undefined}>
        <summary className={summaryClass}>{t("inbox.snoozeOrHand")}</summary>
        <div className="mt-2 flex flex-wrap items-end gap-3">
          <ItemFieldForm
            intent="snooze"
            itemKey={item.key}
            id={`snooze-${safe}`}
            label={t("inbox.snoozeUntil")}
            submitLabel={t("inbox.snooze")}
          >
            <input type="date" name="until" min={today} {...bind("until", `snooze-${safe}`)} />
          </ItemFieldForm>
          <ItemFieldForm
            intent="handOver"
            itemKey={item.key}
            id={`hand-${safe}`}
            label={t("inbox.handTo")}
            submitLabel={t("inbox.handOver")}
          >
            <select name="to" {...bind("to", `hand-${safe}`)}>
              <option value="" />
              <NamedOptions records={staff} />
            </select>
          </ItemFieldForm>
        </div>
      </details>
      {children}
    </div>
  );
}

const itemButton = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm font-medium";
/** A card's disclosure of further actions: a link-like line, tall enough to tap. */
const summaryClass = "cursor-pointer py-1 text-sm font-medium text-brand-700";

/** One of an item's one-field forms (snooze, hand over): its labelled control and its button. */
function ItemFieldForm({
  intent,
  itemKey,
  id,
  label,
  submitLabel,
  children,
}: {
  intent: string;
  itemKey: string;
  id: string;
  label: string;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <Form method="post" className="flex items-end gap-1">
      <HiddenFields values={{ intent, key: itemKey }} />
      <div className="flex flex-col">
        <label htmlFor={id} className="text-xs font-medium">
          {label}
        </label>
        {children}
      </div>
      <button type="submit" className={itemButton}>
        {submitLabel}
      </button>
    </Form>
  );
}
