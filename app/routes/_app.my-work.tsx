import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { InboxList, type InboxActionError } from "#app/components/inbox-list.tsx";
import { TaskForm } from "#app/components/task-form.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { daysBetween, daysUntilDate } from "#app/domain/brief.ts";
import type { LifecycleStage, TouchpointKind } from "#app/domain/vocabulary.ts";
import { calendarDate } from "#app/domain/time.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { gatherInbox, handOverInboxItem, markInboxItemDone, snoozeInboxItem } from "#app/models/inbox.server.ts";
import { loggedThisWeek, myAccountsOverview, myCasesPastSla, myOverdueInvoices } from "#app/models/my-work.server.ts";
import { listStaff } from "#app/models/tasks.server.ts";
import { discardCapturedMail, placeCapturedMail } from "#app/models/mail-in.server.ts";
import { searchAccountsForLog } from "#app/models/touchpoints.server.ts";
import { InboxDoneForm, InboxHandOverForm, InboxSnoozeForm } from "#app/schemas/task.ts";
import { CapturedMailDiscardForm, CapturedMailPlaceForm } from "#app/schemas/mail-in.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, requireInternalUser } from "#app/web/auth.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { handleTaskIntent, TASK_INTENTS } from "#app/web/task-actions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "advocacy.polarityRequired",
    "advocacy.sourceRequired",
    "advocacy.sourceTooLong",
    "mailIn.",
    "nextStep.",
    "scoringSettings.",
    "touchpointForm.",
    "accounts.col.name",
    "accounts.col.renewal",
    "accounts.col.stage",
    "brief.daysAgo",
    "brief.dmContact",
    "brief.overdueDays",
    "brief.today",
    "committeeChange.",
    "committeeRole.",
    "form.alreadySaved",
    "inbox.",
    "invoice.disputed",
    "kind.",
    "myWork.",
    "plan.notRecorded",
    "plan.record",
    "portalTouchpoint.",
    "signal.",
    "stage.",
    "support.sla",
    "task.",
    "title.myWork",
    "validation.",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.myWork"));
};

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

// The inbox's own intents (done, snooze, hand over) act on the signed-in
// person's inbox only: an item not in it is "gone". The task intents are
// shared with the account's task page (app/web/task-actions.server.ts).
export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const { t, errorMap, ip } = await actionContext(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if ((TASK_INTENTS as readonly string[]).includes(intent)) {
    return handleTaskIntent(request, user, form, { t, errorMap, ip, back: "/my-work" });
  }
  const fields = Object.fromEntries(form) as Record<string, string>;
  const flash = async (kind: "success" | "error", message: string) =>
    redirect("/my-work", { headers: { "Set-Cookie": await setFlash(request, { kind, message }) } });
  const refused = (error: FieldError, field: "until" | "to", value: string) =>
    data(
      {
        inboxError: {
          key: fields.key ?? "",
          field,
          message: t(Object.values(error.fieldErrors)[0]!.key),
          value,
        } satisfies InboxActionError,
      },
      { status: 400 },
    );
  const viewer = { id: user.id, role: user.role };
  // Mail in: a captured mail is placed on an account (an e-mail touchpoint, as the log form writes it) or discarded.
  if (intent === "placeMail" || intent === "discardMail") {
    const key = `captured_mail:${fields.mailId ?? ""}`;
    const refusedAt = (message: string) =>
      data(
        { inboxError: { key, field: "account", message, value: fields.accountId ?? "" } satisfies InboxActionError },
        { status: 400 },
      );
    try {
      if (intent === "discardMail") {
        const parsed = CapturedMailDiscardForm.safeParse(fields);
        if (!parsed.success) badRequest();
        await db()
          .transaction()
          .execute((trx) => discardCapturedMail(trx, { viewer, ip }, parsed.data));
        return flash("success", t("mailIn.discarded"));
      }
      const parsed = CapturedMailPlaceForm.safeParse(fields);
      if (!parsed.success) {
        if (!CapturedMailDiscardForm.safeParse({ ...fields, intent: "discardMail" }).success) badRequest();
        return refusedAt(t("mailIn.accountRequired"));
      }
      const account = await db()
        .transaction()
        .execute(async (trx) => {
          await placeCapturedMail(trx, { viewer: { ...viewer, locale: user.locale }, ip }, parsed.data);
          return trx
            .selectFrom("accounts")
            .select("name")
            .where("id", "=", parsed.data.accountId)
            .executeTakeFirstOrThrow();
        });
      return flash("success", t("mailIn.placed", { account: account.name }));
    } catch (error) {
      if (error instanceof NotFoundError && !error.message.includes("account")) return flash("error", t("mailIn.gone"));
      if (error instanceof ConflictError) return flash("error", t("mailIn.gone"));
      if (error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof FieldError)
        return refusedAt(t("mailIn.cannotLog"));
      throw error;
    }
  }
  try {
    if (intent === "done") {
      const parsed = InboxDoneForm.safeParse(fields);
      if (!parsed.success) badRequest();
      await db()
        .transaction()
        .execute((trx) => markInboxItemDone(trx, { viewer, ip }, parsed.data.key));
      return flash("success", t("inbox.markedDone"));
    }
    if (intent === "snooze") {
      const parsed = InboxSnoozeForm.safeParse(fields);
      if (!parsed.success) {
        if (!InboxSnoozeForm.pick({ intent: true, key: true }).safeParse(fields).success) badRequest();
        return data(
          {
            inboxError: {
              key: fields.key!,
              field: "until",
              message: t("inbox.refusal.snoozeNotAhead"),
              value: fields.until ?? "",
            } satisfies InboxActionError,
          },
          { status: 400 },
        );
      }
      try {
        await db()
          .transaction()
          .execute((trx) => snoozeInboxItem(trx, { viewer, ip }, parsed.data.key, parsed.data.until));
      } catch (error) {
        if (error instanceof FieldError) return refused(error, "until", parsed.data.until);
        throw error;
      }
      return flash("success", t("inbox.snoozed", { date: parsed.data.until }));
    }
    if (intent === "handOver") {
      const parsed = InboxHandOverForm.safeParse(fields);
      if (!parsed.success) {
        if (!InboxHandOverForm.pick({ intent: true, key: true }).safeParse(fields).success) badRequest();
        return data(
          {
            inboxError: {
              key: fields.key!,
              field: "to",
              message: t("inbox.refusal.notStaff"),
              value: fields.to ?? "",
            } satisfies InboxActionError,
          },
          { status: 400 },
        );
      }
      let name = "";
      try {
        name = await db()
          .transaction()
          .execute(async (trx) => {
            await handOverInboxItem(trx, { viewer, ip }, parsed.data.key, parsed.data.to);
            const to = await trx
              .selectFrom("users")
              .select("name")
              .where("id", "=", parsed.data.to)
              .executeTakeFirstOrThrow();
            return to.name;
          });
      } catch (error) {
        if (error instanceof FieldError) return refused(error, "to", parsed.data.to);
        throw error;
      }
      return flash("success", t("inbox.handedOver", { name }));
    }
  } catch (error) {
    if (error instanceof NotFoundError) return flash("error", t("inbox.gone"));
    throw error;
  }
  badRequest();
}

export default function MyWorkPage() {
  const { accounts, logged, cases, invoices, inbox, staff, placeAccounts, now, today, submissionId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const taskError = actionData && "taskError" in actionData ? actionData.taskError : null;
  const { t, date, dateTime, money, signed } = useI18n();
  const ago = (d: Date | string | null) => {
    if (!d) return "—";
    const days = daysBetween(new Date(d), new Date(now));
    return days <= 0 ? t("brief.today") : t("brief.daysAgo", { days });
  };
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
        <section aria-labelledby="cases-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="cases-heading" className="font-semibold">
            {t("myWork.casesPastSla")}
          </h2>
          {cases.length ? (
            <ul className="mt-2 space-y-1 text-sm" data-testid="cases-past-sla">
              {cases.map((c) => (
                <li key={c.id}>
                  <Link to={`/accounts/${c.account_id}/touchpoints/${c.id}`} className="text-brand-700 underline">
                    {c.title}
                  </Link>{" "}
                  · {c.account_name} <Badge tone="bad">{t("support.sla", { date: dateTime(c.sla_due_at) })}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("myWork.noCasesPastSla")}</p>
          )}
        </section>
        <section aria-labelledby="invoices-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="invoices-heading" className="font-semibold">
            {t("myWork.overdueInvoices")}
          </h2>
          {invoices.length ? (
            <ul className="mt-2 space-y-1 text-sm" data-testid="overdue-invoices">
              {invoices.map((i) => (
                <li key={i.id}>
                  <Link to={`/accounts/${i.account_id}`} className="text-brand-700 underline">
                    {i.account_name}
                  </Link>{" "}
                  · {i.number} · {money(i.amount, i.currency)}{" "}
                  <Badge tone="bad">{t("brief.overdueDays", { days: daysUntilDate(i.due_date, today) })}</Badge>
                  {i.disputed ? (
                    <>
                      {" "}
                      <Badge tone="bad">{t("invoice.disputed")}</Badge>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t("myWork.noOverdueInvoices")}</p>
          )}
        </section>
      </div>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" className="text-lg font-semibold">
          {t("myWork.accounts")}
        </h2>
        {accounts.length ? (
          <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="min-w-full text-sm" data-testid="my-accounts">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("accounts.col.name")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("accounts.col.stage")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("myWork.lastContact")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("brief.dmContact")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("myWork.recentSentiment")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("accounts.col.renewal")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {accounts.map((a) => {
                  const s = a.recent_sentiment == null ? null : Number(a.recent_sentiment);
                  return (
                    <tr key={a.id}>
                      <td className="px-3 py-2">
                        <Link
                          to={`/accounts/${a.id}`}
                          className="font-medium text-brand-700 underline-offset-2 hover:underline"
                        >
                          {a.name}
                        </Link>
                      </td>
                      <td className="px-3 py-2">{t(`stage.${a.lifecycle_stage as LifecycleStage}`)}</td>
                      <td className="px-3 py-2">{ago(a.last_touchpoint_at)}</td>
                      <td className="px-3 py-2">{ago(a.last_two_way_at)}</td>
                      <td className="px-3 py-2">
                        {s == null ? (
                          "—"
                        ) : (
                          <Badge tone={s > 0.3 ? "good" : s < -0.3 ? "bad" : "neutral"}>{signed(s, 1)}</Badge>
                        )}
                      </td>
                      <td className="px-3 py-2">{date(a.renewal_date) || "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2 text-slate-700">{t("myWork.noAccounts")}</p>
        )}
      </section>

      <section aria-labelledby="logged-heading">
        <h2 id="logged-heading" className="text-lg font-semibold">
          {t("myWork.loggedThisWeek")}
        </h2>
        {logged.length ? (
          <>
            <p className="text-sm text-slate-600">{t("myWork.loggedCount", { count: logged.length })}</p>
            <ul className="mt-2 space-y-1 text-sm" data-testid="logged-this-week">
              {logged.map((l) => (
                <li key={l.id}>
                  <span className="text-slate-600">{dateTime(l.occurred_at)}</span> ·{" "}
                  {t(`kind.${l.kind as TouchpointKind}`)} ·{" "}
                  <Link to={`/accounts/${l.account_id}`} className="text-brand-700 underline">
                    {l.account_name}
                  </Link>
                  : {touchpointTitle({ t }, l)}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("myWork.nothingLogged")}</p>
        )}
      </section>
    </div>
  );
}
