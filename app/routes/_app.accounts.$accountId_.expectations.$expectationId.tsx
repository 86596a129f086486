import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { ExpectationBadge, ExpectationForm, ProposalActions, type ProposalReplies } from "#app/components/ledger.tsx";
import { ErrorList, Field, SelectField, TextareaField } from "#app/components/ui/field.tsx";
import { canEditAccount } from "#app/domain/permissions.ts";
import { DELIVERY_OUTCOMES, type DeliveryOutcome, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { type NoticeRule } from "#app/domain/notice.ts";
import { judgeReplans, type JudgedReplan, type ReplanForScoring } from "#app/domain/predictability.ts";
import { replanForScoring } from "#app/domain/scoring.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { formatters, type Formatters, type MessageKey } from "#app/i18n/index.ts";
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
import { getExpectation, listLedgerOptions, type ExpectationChange } from "#app/models/expectations.server.ts";
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
import { Fact, Panel } from "#app/components/ui/panel.tsx";
import { IntentForm } from "#app/components/ui/intent-form.tsx";
import { TaskForm, type TaskFormError } from "#app/components/task-form.tsx";
import { listStaff } from "#app/models/tasks.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { useZodForm } from "#app/components/ui/zod-form.ts";

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
    "mail.",
    "mailPrefs.notOffered",
    "outbox.",
    "proposal.",
    "reopenForm.",
    "replanForm.",
    "scoringSettings.",
    "signal.",
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

const FIELD_LABELS: Record<string, MessageKey> = {
  title: "expectationForm.title",
  description: "expectationForm.description",
  category: "expectationForm.category",
  holder_stakeholder_id: "expectationForm.holder",
  source: "expectationForm.source",
  source_touchpoint_id: "expectationForm.sourceTouchpoint",
  importance: "expectationForm.importance",
  owner_id: "expectationForm.owner",
  due_date: "expectation.due",
  status: "expectation.status",
};

/** A stored value as a person reads it: names for ids, words for codes, dates in their language. */
function displayValue(f: Formatters, field: string, current: Record<string, unknown>): string {
  const v = current[field];
  const none = "—";
  switch (field) {
    case "holder_stakeholder_id":
      return String(current.holder_name || none);
    case "owner_id":
      return String(current.owner_name || none);
    case "source_touchpoint_id":
      return String(current.source_touchpoint_title || none);
    case "category":
      return f.t(`expCategory.${v as "delivery"}`);
    case "source":
      return f.t(`expSource.${v as "contract"}`);
    case "importance":
      return f.t(`expImportance.${v as 1}`);
    case "due_date":
      return f.date(v as string);
    case "status":
      return v === "resolved" && current.outcome
        ? f.t(`expOutcome.${current.outcome as DeliveryOutcome}`)
        : v === "resolved"
          ? f.t("ledger.group.resolved")
          : f.t(`expStatus.${v as "open"}`);
    default:
      return v == null || v === "" ? none : String(v);
  }
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
  const { t, date, dateTime } = useI18n();
  const mine = (intent: Intent) => (actionData?.intent === intent ? actionData : undefined);
  const conflictDetails = (intent: Intent) =>
    mine(intent)?.conflict?.changes.map((c) => t("form.conflictField", { field: c.field, value: c.value }));
  const version = (intent: Intent) => mine(intent)?.conflict?.version ?? e.version;
  const proposalReply: ProposalReplies | undefined =
    actionData && (actionData.intent === "accept" || actionData.intent === "decline")
      ? { id: e.id, result: actionData.result, conflict: actionData.conflict }
      : undefined;
  const ledger = `/accounts/${account.id}/expectations`;
  const notices = replanNotices(e.original_due_date, e.history, {
    today,
    contestDays: noticeContestDays,
    timeZone: TIME_ZONE,
  });
  const offered: Record<Intent, boolean> = {
    edit: canEdit,
    replan: canEdit && e.status === "open",
    deliver: canEdit && e.status === "open",
    reopen: canEdit && e.status === "resolved",
    accept: canEdit && e.status === "proposed",
    decline: canEdit && e.status === "proposed",
  };
  // A reply for a form that is no longer offered (someone moved the expectation on meanwhile):
  // say so here, with what was typed, rather than lose it.
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
        <dl className="mt-4 grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-4">
          <Fact label={t("expectation.due")} value={date(e.due_date)} />
          <Fact label={t("expectation.originalDue")} value={date(e.original_due_date)} />
          <Fact label={t("expectation.category")} value={t(`expCategory.${e.category as "delivery"}`)} />
          <Fact label={t("expectation.importance")} value={t(`expImportance.${e.importance as 1}`)} />
          <Fact
            label={t("expectation.holder")}
            value={
              e.holder_name
                ? e.holder_left_on
                  ? `${e.holder_name} (${t("expectationForm.left")})`
                  : e.holder_name
                : "—"
            }
          />
          <Fact label={t("expectation.owner")} value={e.owner_name ?? "—"} />
          <Fact
            label={t("expectation.source")}
            value={
              e.source === "touchpoint" && e.source_touchpoint_title
                ? `${t(`kind.${e.source_touchpoint_kind as TouchpointKind}`)} · ${date(e.source_touchpoint_occurred_at)} · ${e.source_touchpoint_title}`
                : t(`expSource.${e.source as "contract"}`)
            }
          />
          {e.status === "resolved" ? (
            <Fact label={t("expectation.delivered")} value={e.delivered_on ? date(e.delivered_on) : "—"} />
          ) : null}
          {e.delivery_note ? <Fact label={t("expectation.deliveryNote")} value={e.delivery_note} /> : null}
          {e.customer_response ? (
            <Fact
              label={t("expectation.customerResponse")}
              value={[t(`expResponse.${e.customer_response as "confirmed"}`), e.customer_comment]
                .filter(Boolean)
                .join(": ")}
            />
          ) : null}
        </dl>
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

      {canEdit && e.status === "proposed" ? (
        <Panel id="proposal" title={t("proposal.heading")} help={t("proposal.help")}>
          <ProposalActions expectationId={e.id} version={e.version} reply={proposalReply} />
        </Panel>
      ) : null}

      {canEdit && e.status === "open" ? (
        <>
          <Panel id="deliver" title={t("deliveryForm.heading")}>
            <DeliveryPanel
              version={version("deliver")}
              lastResult={mine("deliver")?.result}
              conflictDetails={conflictDetails("deliver")}
              today={today}
            />
          </Panel>
          <Panel id="replan" title={t("replanForm.heading")} help={t("replanForm.help")}>
            <ReplanPanel
              version={version("replan")}
              dueDate={e.due_date}
              lastResult={mine("replan")?.result}
              conflictDetails={conflictDetails("replan")}
            />
          </Panel>
        </>
      ) : null}

      {canEdit && e.status === "resolved" ? (
        <Panel id="reopen" title={t("reopenForm.heading")} help={t("reopenForm.help")}>
          <ReopenPanel
            version={version("reopen")}
            lastResult={mine("reopen")?.result}
            conflictDetails={conflictDetails("reopen")}
          />
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

      <section aria-labelledby="history-heading" className="max-w-3xl">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("history.heading")}
        </h2>
        {e.history.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("history.empty")}</p>
        ) : (
          <ol className="mt-3 flex flex-col gap-3 border-l-2 border-slate-300 pl-4" data-testid="history">
            {e.history.map((change) => (
              <li key={change.id}>
                <HistoryEntry change={change} replan={notices.get(change.id)} />
                <p className="text-xs text-slate-600">
                  {t("history.by", { name: change.actor_name ?? t("history.unknownActor"), when: dateTime(change.at) })}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

const TYPED_LABELS: Record<string, MessageKey> = {
  ...FIELD_LABELS,
  due_date: "replanForm.dueDate",
  reason: "replanForm.reason",
  customer_notified: "replanForm.notified",
  customer_notified_on: "replanForm.notifiedOn",
  outcome: "deliveryForm.outcome",
  delivered_on: "deliveryForm.deliveredOn",
  delivery_note: "deliveryForm.note",
};

function OrphanReply({ reply }: { reply: ActionData }) {
  const { t } = useI18n();
  const typed = Object.entries((reply.result?.initialValue ?? {}) as Record<string, unknown>).filter(
    ([k, v]) => TYPED_LABELS[k] && typeof v === "string" && v.trim() !== "",
  );
  return (
    <section role="alert" className="max-w-3xl rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {Object.values(reply.result?.error ?? {})
        .flat()
        .map((m) => (
          <p key={String(m)}>{m}</p>
        ))}
      {reply.conflict?.changes.length ? (
        <ul className="mt-2 list-disc pl-5">
          {reply.conflict.changes.map((c) => (
            <li key={c.field}>{t("form.conflictField", { field: c.field, value: c.value })}</li>
          ))}
        </ul>
      ) : null}
      {typed.length ? (
        <>
          <p className="mt-2 font-medium">{t("expectation.formGone")}</p>
          <dl className="mt-1">
            {typed.map(([k, v]) => (
              <div key={k} className="flex gap-2">
                <dt>{t(TYPED_LABELS[k]!)}:</dt>
                <dd className="whitespace-pre-line">{String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

/**
 * Each re-plan of the history with the date the customer was then expecting,
 * how its notice stands with the customer (their answers are in the history
 * too) and whether it counted.
 */
function replanNotices(originalDueDate: string, history: ExpectationChange[], rule: NoticeRule) {
  const answers = (replanId: string) =>
    history
      .filter((c) => c.replan_id === replanId && (c.kind === "notice_confirmed" || c.kind === "notice_contested"))
      .map((c) => ({ answer: c.kind === "notice_confirmed" ? "confirmed" : "contested", at: c.at }));
  const replans = history
    .filter((c) => c.kind === "replanned" && c.from_due_date && c.to_due_date)
    .map((c) => ({
      id: c.id,
      claimedOn: c.customer_notified_on,
      ...replanForScoring({ ...c, expectation_id: "", notice_answers: answers(c.id) }, rule),
    }));
  return new Map(judgeReplans(originalDueDate, replans, TIME_ZONE).replans.map((j) => [j.replan.id, j]));
}

type NoticeReplan = JudgedReplan<ReplanForScoring & { id: string; claimedOn: string | null }>;

/** What the account manager claimed of a re-plan's notice, what the customer answered, and what counted. */
function noticeLines(replan: NoticeReplan, t: Formatters["t"], date: Formatters["date"]): string[] {
  const r = replan.replan;
  const expected = date(replan.expected);
  const lines: string[] = [];
  if (r.claimedNotice) {
    lines.push(t("history.noticeClaimed", { date: date(r.claimedOn ?? replan.day) }));
    const standsFrom = r.noticeStandsFrom ? date(r.noticeStandsFrom) : "";
    lines.push(t(`history.noticeState.${r.noticeState ?? "awaiting"}`, { standsFrom }));
  }
  if (replan.counted) lines.push(t("history.notifiedInTime", { date: date(replan.notice), expected }));
  else if (r.claimedNotice && (r.claimedOn ?? replan.day) >= replan.expected)
    lines.push(t("history.notifiedTooLate", { date: date(r.claimedOn ?? replan.day), expected }));
  else if (r.noticeState === "awaiting") lines.push(t("history.noticeNotYetCounted", { expected }));
  else lines.push(t("history.notNotifiedSurprise", { expected }));
  return lines;
}

function HistoryEntry({ change, replan }: { change: ExpectationChange; replan?: NoticeReplan | undefined }) {
  const { t, date } = useI18n();
  const details = (change.details ?? {}) as Record<string, unknown>;
  const outcome = (value: unknown) => (typeof value === "string" ? t(`expOutcome.${value as DeliveryOutcome}`) : "—");
  const lines: ReactNode[] = [];
  let headline: string;
  switch (change.kind) {
    case "created":
      headline = t("history.created", { date: date(change.to_due_date) });
      break;
    case "edited": {
      const fields = Object.keys((details.changes ?? {}) as object).map((f) =>
        FIELD_LABELS[f] ? t(FIELD_LABELS[f]!) : f,
      );
      headline = t("history.edited", { fields: fields.join(", ") });
      break;
    }
    case "replanned":
      headline = t("history.replanned", { from: date(change.from_due_date), to: date(change.to_due_date) });
      if (replan) {
        if (replan.day !== calendarDate(new Date(change.at)))
          lines.push(t("history.replannedOn", { date: date(replan.day) }));
        lines.push(...noticeLines(replan, t, date));
      } else {
        lines.push(change.customer_notified ? t("history.notified") : t("history.notNotified"));
      }
      break;
    case "notice_confirmed":
    case "notice_contested":
      headline = t(change.kind === "notice_confirmed" ? "history.noticeConfirmed" : "history.noticeContested");
      if (change.reason) lines.push(t("history.customerNote", { note: change.reason }));
      break;
    case "delivered":
      headline = t("history.delivered", { outcome: outcome(details.outcome) });
      if (typeof details.delivered_on === "string")
        lines.push(t("history.deliveredOn", { date: date(details.delivered_on) }));
      if (change.reason) lines.push(t("history.note", { note: change.reason }));
      break;
    case "reopened":
      headline = t("history.reopened", { outcome: outcome(details.outcome) });
      break;
    case "confirmed":
    case "disputed":
    case "accepted":
    case "declined":
      headline = t(`history.${change.kind}`);
      break;
    default:
      headline = change.kind;
  }
  if (change.reason && !["delivered", "notice_confirmed", "notice_contested"].includes(change.kind))
    lines.push(t("history.reason", { reason: change.reason }));
  return (
    <div>
      <p className="font-medium">{headline}</p>
      {lines.map((line, i) => (
        <p key={i} className="text-sm text-slate-800">
          {line}
        </p>
      ))}
    </div>
  );
}

function ReplanPanel({
  version,
  dueDate,
  lastResult,
  conflictDetails,
}: {
  version: number;
  dueDate: string;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ReplanForm>("replan", {
    lastResult,
    defaultValue: { due_date: dueDate, reason: "", customer_notified: false, customer_notified_on: "" },
  });
  const { key: notifiedKey, ...notifiedProps } = getInputProps(fields.customer_notified, { type: "checkbox" });
  return (
    <IntentForm
      form={form}
      intent="replan"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("replanForm.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("replanForm.dueDate")}
          inputProps={getInputProps(fields.due_date, { type: "date" })}
          field={fields.due_date}
        />
      </div>
      <TextareaField
        label={t("replanForm.reason")}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, maxLength: 2000 }}
        field={fields.reason}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input key={notifiedKey} {...notifiedProps} className="h-4 w-4" />
            {t("replanForm.notified")}
          </label>
          <ErrorList field={fields.customer_notified} />
        </div>
        <Field
          label={t("replanForm.notifiedOn")}
          inputProps={getInputProps(fields.customer_notified_on, { type: "date" })}
          field={fields.customer_notified_on}
          hint={t("replanForm.notifiedOnHint")}
        />
      </div>
    </IntentForm>
  );
}

function DeliveryPanel({
  version,
  lastResult,
  conflictDetails,
  today,
}: {
  version: number;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
  today: string;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof DeliveryForm>("deliver", {
    lastResult,
    defaultValue: { outcome: "kept", delivered_on: today, delivery_note: "" },
  });
  return (
    <IntentForm
      form={form}
      intent="deliver"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("deliveryForm.submit")}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("deliveryForm.outcome")}
          selectProps={getSelectProps(fields.outcome)}
          options={DELIVERY_OUTCOMES.map((o) => ({ value: o, label: t(`expOutcome.${o}`) }))}
          field={fields.outcome}
        />
        <Field
          label={t("deliveryForm.deliveredOn")}
          hint={t("deliveryForm.deliveredOnHint")}
          inputProps={{ ...getInputProps(fields.delivered_on, { type: "date" }), max: today }}
          field={fields.delivered_on}
        />
      </div>
      <TextareaField
        label={t("deliveryForm.note")}
        textareaProps={{ ...getTextareaProps(fields.delivery_note), rows: 2, maxLength: 2000 }}
        field={fields.delivery_note}
      />
      <p className="-mt-3 text-xs text-slate-600">{t("deliveryForm.noteHint")}</p>
    </IntentForm>
  );
}

function ReopenPanel({
  version,
  lastResult,
  conflictDetails,
}: {
  version: number;
  lastResult?: SubmissionResult<string[]> | undefined;
  conflictDetails?: string[] | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm<typeof ReopenForm>("reopen", { lastResult });
  return (
    <IntentForm
      form={form}
      intent="reopen"
      version={version}
      conflictDetails={conflictDetails}
      submitLabel={t("reopenForm.submit")}
    >
      <Field
        label={t("reopenForm.reason")}
        inputProps={{ ...getInputProps(fields.reason, { type: "text" }), maxLength: 2000 }}
        field={fields.reason}
      />
    </IntentForm>
  );
}
