import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Pager } from "#app/components/portfolio-table.tsx";
import { SignalReason, SignalTitle } from "#app/components/signal-text.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { canAcknowledgeSignal, portfolioOwnerScope } from "#app/domain/permissions.ts";
import { evidenceHref } from "#app/domain/portfolio.ts";
import { RISK_RULES, type RiskRule } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getSignalForAction, groupByAccount, listRiskInbox } from "#app/models/risk-inbox.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AcknowledgeManySchema, AcknowledgeSchema, parseRiskInboxFilters } from "#app/schemas/portfolio.ts";
import { SIGNAL_SEVERITIES } from "#app/schemas/portfolio.values.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { TaskForm, type TaskFormError } from "#app/components/task-form.tsx";
import { listStaff } from "#app/models/tasks.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "accounts.renewalWithin",
    "committeeRole.",
    "form.alreadySaved",
    "health.band.at_risk",
    "health.band.healthy",
    "health.band.not_enough_data",
    "health.band.watch",
    "landmark.",
    "paging.first",
    "paging.next",
    "portfolio.",
    "risks.",
    "scoringSettings.",
    "signal.",
    "signals.escalated",
    "stage.",
    "task.",
    "tier.",
    "title.risks",
    "validation.",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.risks"));
};

// Directors and admins see the signals of every account; a KAM those of their
// own accounts (portfolioOwnerScope), and acknowledges only those. Signals are
// grouped by account as compact rows that open (<details>) to act; several can
// be acknowledged at once with one note (checkboxes tied to one form by its id,
// so it works without JavaScript).

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const filters = parseRiskInboxFilters(new URL(request.url).searchParams);
  const own = portfolioOwnerScope(user);
  const [inbox, managers] = await Promise.all([
    listRiskInbox(
      db(),
      {
        ownerId: own ?? filters.kam,
        rule: filters.rule,
        severity: filters.severity,
        acknowledged: filters.ack === "yes" ? true : filters.ack === "no" ? false : undefined,
      },
      { cursor: filters.cursor },
    ),
    own ? Promise.resolve([]) : listAccountManagers(db()),
  ]);
  const staff = await listStaff(db());
  const signals = inbox.signals.map((s) => ({ ...s, canAcknowledge: canAcknowledgeSignal(user, s) }));
  return {
    ...inbox,
    signals,
    groups: groupByAccount(signals),
    filters,
    managers: managers.map((m) => ({ id: m.id, name: m.name })),
    filtered: Boolean(filters.ack || filters.rule || filters.kam || filters.severity),
    staff: staff.filter((s) => s.id !== user.id).map((s) => ({ id: s.id, name: s.name })),
    submissionId: newSubmissionId(),
  };
}

/** Several signals acknowledged with one note, all in one transaction: every one checked before any is written. */
async function acknowledgeMany(request: Request, form: FormData) {
  const user = await requireInternalUser(request);
  const { t, ip } = await actionContext(request);
  const selected = form.getAll("signal").map(String);
  const note = String(form.get("note") ?? "");
  const parsed = AcknowledgeManySchema.safeParse({ intent: "acknowledge_many", signals: selected, note });
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    // A checkbox value the page never sends: not a mistake a person made.
    if (fields.has("signals") && selected.length > 0 && selected.length <= 100) badRequest();
    const error = fields.has("note")
      ? t("risks.noteTooLong")
      : selected.length > 100
        ? t("risks.tooMany")
        : t("risks.chooseSome");
    return data({ bulk: { error, note, selected } }, { status: 400 });
  }
  const back = `/risks${new URL(request.url).search}`;
  const outcome = await db()
    .transaction()
    .execute(async (trx) => {
      const found = [];
      for (const ref of parsed.data.signals) {
        const signal = await getSignalForAction(trx, ref.accountId, ref.signalId);
        if (!signal) notFound("error.noSignal");
        if (!canAcknowledgeSignal(user, signal)) return { forbidden: ref.accountId } as const;
        found.push(signal);
      }
      let done = 0;
      let gone = 0;
      for (const signal of found) {
        // Already acknowledged (by someone else meanwhile): their note stays.
        if (signal.acknowledged_at) continue;
        if (signal.resolved_at) {
          gone += 1;
          continue;
        }
        try {
          await acknowledgeSignal(trx, {
            accountId: signal.account_id,
            signalId: signal.id,
            userId: user.id,
            note: parsed.data.note,
            ip,
          });
          done += 1;
        } catch (error) {
          if (!(error instanceof SignalResolvedError)) throw error;
          gone += 1;
        }
      }
      return { done, gone } as const;
    });
  if ("forbidden" in outcome)
    throw await forbidden(request, user, "risks.notAllowed", { accountId: outcome.forbidden });
  const message = [
    t("risks.acknowledgedMany", { count: outcome.done }),
    ...(outcome.gone ? [t("risks.goneMany", { count: outcome.gone })] : []),
  ].join(" ");
  return redirect(back, {
    headers: { "Set-Cookie": await setFlash(request, { kind: outcome.done ? "success" : "error", message }) },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const { t, ip, errorMap } = await actionContext(request);
  const form = await request.formData();
  if (form.get("intent") === "acknowledge_many") return acknowledgeMany(request, form);
  // "What will I do about it": a task from a signal, linked to it (the model checks the signal is the account's).
  if (form.get("intent") === "createTask") {
    return handleTaskIntent(request, user, form, { t, errorMap, ip, back: `/risks${new URL(request.url).search}` });
  }
  const parsed = AcknowledgeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const ids = AcknowledgeSchema.pick({ accountId: true, signalId: true }).safeParse(Object.fromEntries(form));
    if (!ids.success) badRequest();
    // Only the note can be wrong: say so beside it and keep what was typed.
    return data(
      { signalId: ids.data.signalId, note: String(form.get("note") ?? ""), error: t("risks.noteTooLong") },
      { status: 400 },
    );
  }
  const { accountId, signalId, note } = parsed.data;
  const back = `/risks${new URL(request.url).search}`;
  const outcome = await db()
    .transaction()
    .execute(async (trx) => {
      const signal = await getSignalForAction(trx, accountId, signalId);
      if (!signal) notFound("error.noSignal");
      // The refusal is recorded after the transaction (PGlite has one connection).
      if (!canAcknowledgeSignal(user, signal)) return "forbidden" as const;
      if (signal.resolved_at) return "gone" as const;
      try {
        await acknowledgeSignal(trx, { accountId, signalId, userId: user.id, note, ip });
      } catch (error) {
        // Ended meanwhile (its cause went, or a worse one replaced it).
        if (error instanceof SignalResolvedError) return "gone" as const;
        throw error;
      }
      return "done" as const;
    });
  if (outcome === "forbidden") throw await forbidden(request, user, "risks.notAllowed", { accountId });
  return redirect(back, {
    headers: {
      "Set-Cookie": await setFlash(
        request,
        outcome === "done"
          ? { kind: "success", message: t("risks.acknowledged") }
          : { kind: "error", message: t("risks.gone") },
      ),
    },
  });
}

const severityTone = { high: "bad", medium: "warn", low: "neutral" } as const;

export default function RiskInboxPage() {
  const { signals, groups, nextCursor, filters, managers, filtered, staff, submissionId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | {
        signalId?: string;
        note?: string;
        error?: string;
        bulk?: { error: string; note: string; selected: string[] };
        taskError?: TaskFormError;
      }
    | undefined;
  const taskError = actionData?.taskError ?? null;
  const { t, date, dateTime } = useI18n();
  const navigation = useNavigation();
  const select = "rounded-md border border-slate-400 bg-white px-2 py-1.5";
  const bulk = actionData?.bulk;
  const selectable = signals.some((s) => s.canAcknowledge && !s.acknowledged_at);
  const bulkPending = navigation.state === "submitting" && navigation.formData?.get("intent") === "acknowledge_many";
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">{t("risks.title")}</h1>
        <p className="text-sm text-slate-600">{t("risks.intro")}</p>
      </div>
      <Form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="rf-ack" className="text-sm font-medium">
            {t("risks.filter.ack")}
          </label>
          <select id="rf-ack" name="ack" defaultValue={filters.ack ?? ""} className={select}>
            <option value="">{t("portfolio.filter.any")}</option>
            <option value="no">{t("risks.filter.unacknowledged")}</option>
            <option value="yes">{t("risks.filter.acknowledged")}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="rf-severity" className="text-sm font-medium">
            {t("risks.filter.severity")}
          </label>
          <select id="rf-severity" name="severity" defaultValue={filters.severity ?? ""} className={select}>
            <option value="">{t("portfolio.filter.any")}</option>
            {SIGNAL_SEVERITIES.map((v) => (
              <option key={v} value={v}>
                {t(`risks.severity.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="rf-rule" className="text-sm font-medium">
            {t("risks.filter.rule")}
          </label>
          <select id="rf-rule" name="rule" defaultValue={filters.rule ?? ""} className={select}>
            <option value="">{t("portfolio.filter.any")}</option>
            {RISK_RULES.map((r) => (
              <option key={r} value={r}>
                {t(`signal.rule.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {managers.length ? (
          <div className="flex flex-col gap-1">
            <label htmlFor="rf-kam" className="text-sm font-medium">
              {t("risks.filter.kam")}
            </label>
            <select id="rf-kam" name="kam" defaultValue={filters.kam ?? ""} className={select}>
              <option value="">{t("portfolio.filter.any")}</option>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
          {t("portfolio.filter.apply")}
        </button>
      </Form>

      {selectable ? (
        // The checkboxes below belong to this form by its id (form="bulk-ack"): no script needed.
        <Form
          method="post"
          id="bulk-ack"
          className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
          aria-labelledby="bulk-ack-title"
        >
          <h2 id="bulk-ack-title" className="w-full text-sm font-semibold">
            {t("risks.bulk.title")}
          </h2>
          <input type="hidden" name="intent" value="acknowledge_many" />
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <label htmlFor="bulk-note" className="text-sm font-medium">
              {t("risks.bulk.note")}
            </label>
            <textarea
              id="bulk-note"
              name="note"
              rows={1}
              maxLength={1000}
              defaultValue={bulk?.note ?? ""}
              aria-invalid={bulk ? true : undefined}
              aria-describedby={bulk ? "bulk-error" : "bulk-help"}
              className="rounded-md border border-slate-400 px-2 py-1.5 text-sm"
            />
            {bulk ? (
              <p id="bulk-error" role="alert" className="text-sm text-red-800">
                {bulk.error}
              </p>
            ) : (
              <p id="bulk-help" className="text-xs text-slate-600">
                {t("risks.bulk.help")}
              </p>
            )}
          </div>
          <button
            type="submit"
            disabled={bulkPending}
            className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
          >
            {bulkPending ? t("risks.acknowledging") : t("risks.bulk.submit")}
          </button>
        </Form>
      ) : null}

      {groups.length ? (
        <div className="flex flex-col gap-4" data-testid="risk-inbox">
          {groups.map((g) => (
            <section
              key={g.account_id}
              aria-labelledby={`acc-${g.account_id}`}
              data-account-id={g.account_id}
              className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
            >
              <h2
                id={`acc-${g.account_id}`}
                className="flex flex-wrap items-baseline gap-2 border-b border-slate-200 px-3 py-2"
              >
                <Link to={`/accounts/${g.account_id}`} className="font-semibold text-brand-700 underline">
                  {g.account_name}
                </Link>
                <span className="text-sm font-normal text-slate-600">
                  {g.owner_name} · {t("risks.groupCount", { count: g.signals.length })}
                </span>
              </h2>
              <ul className="divide-y divide-slate-200">
                {g.signals.map((s) => {
                  const mine = actionData?.signalId === s.id ? actionData : undefined;
                  const pending = navigation.state === "submitting" && navigation.formData?.get("signalId") === s.id;
                  const noteId = `note-${s.id}`;
                  const ref = `${s.account_id}:${s.id}`;
                  const checkable = s.canAcknowledge && !s.acknowledged_at;
                  return (
                    <li
                      key={s.id}
                      data-signal-id={s.id}
                      className={`flex items-start gap-2 px-3 py-2 ${s.acknowledged_at ? "" : "border-l-4 border-red-300"}`}
                    >
                      {checkable ? (
                        <input
                          type="checkbox"
                          form="bulk-ack"
                          name="signal"
                          value={ref}
                          defaultChecked={bulk?.selected.includes(ref)}
                          aria-label={t("risks.bulk.select", { account: s.account_name })}
                          className="mt-1.5 size-4"
                        />
                      ) : (
                        <span className="mt-1.5 size-4" aria-hidden="true" />
                      )}
                      <details
                        className="min-w-0 flex-1"
                        open={Boolean(mine) || taskError?.formId === `signal-${s.id}`}
                      >
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
                          <span className="ml-auto text-xs text-slate-600">
                            {t("risks.since", { date: date(s.first_seen_at) })}
                          </span>
                        </summary>
                        <div className="mt-2 flex flex-col gap-1 pb-1">
                          <p className="text-sm">
                            <SignalReason rule={s.rule as RiskRule} params={s.params} />
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
                              {t("risks.acknowledgedBy", {
                                name: s.acknowledged_by_name ?? "—",
                                date: dateTime(s.acknowledged_at),
                              })}
                              {s.ack_note ? <span className="block italic">“{s.ack_note}”</span> : null}
                            </p>
                          ) : s.canAcknowledge ? (
                            <Form method="post" className="mt-1 flex flex-wrap items-end gap-2">
                              <input type="hidden" name="intent" value="acknowledge" />
                              <input type="hidden" name="accountId" value={s.account_id} />
                              <input type="hidden" name="signalId" value={s.id} />
                              <div className="flex min-w-64 flex-1 flex-col gap-1">
                                <label htmlFor={noteId} className="text-sm font-medium">
                                  {t("risks.note")}
                                </label>
                                <textarea
                                  id={noteId}
                                  name="note"
                                  rows={1}
                                  maxLength={1000}
                                  defaultValue={mine?.note ?? ""}
                                  aria-invalid={mine ? true : undefined}
                                  aria-describedby={mine ? `${noteId}-error` : `${noteId}-help`}
                                  className="rounded-md border border-slate-400 px-2 py-1.5 text-sm"
                                />
                                {mine ? (
                                  <p id={`${noteId}-error`} className="text-sm text-red-800">
                                    {mine.error}
                                  </p>
                                ) : (
                                  <p id={`${noteId}-help`} className="text-xs text-slate-600">
                                    {t("risks.noteHelp")}
                                  </p>
                                )}
                              </div>
                              <button
                                type="submit"
                                disabled={pending}
                                className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
                              >
                                {pending ? t("risks.acknowledging") : t("risks.acknowledge")}
                              </button>
                            </Form>
                          ) : null}
                          {s.canAcknowledge ? (
                            <details
                              className="mt-1"
                              open={taskError?.formId === `signal-${s.id}` ? true : undefined}
                              data-testid="signal-task"
                            >
                              <summary className="cursor-pointer text-sm font-medium text-brand-700">
                                {t("task.fromSignal")}
                              </summary>
                              <TaskForm
                                formId={`signal-${s.id}`}
                                accountId={s.account_id}
                                staff={staff}
                                error={taskError}
                                submissionId={submissionId}
                                defaults={{
                                  title: `${t(`signal.rule.${s.rule as RiskRule}`)} · ${s.account_name}`,
                                  signal_id: s.id,
                                }}
                              />
                            </details>
                          ) : null}
                        </div>
                      </details>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      ) : (
        <p className="rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200">
          {filtered ? t("risks.emptyFiltered") : t("risks.empty")}
        </p>
      )}
      <Pager nextCursor={nextCursor} />
    </div>
  );
}
