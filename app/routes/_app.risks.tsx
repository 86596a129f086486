import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Pager } from "#app/components/ui/pager.tsx";
import { FilterForm, FilterSelect } from "#app/components/ui/filter-form.tsx";
import { canAcknowledgeSignal, portfolioOwnerScope } from "#app/domain/permissions.ts";
import { RISK_RULES } from "#app/domain/risk-rules.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getSignalForAction, groupByAccount, listRiskInbox } from "#app/models/risk-inbox.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { AcknowledgeManySchema, AcknowledgeSchema, parseRiskInboxFilters } from "#app/schemas/portfolio.ts";
import { SIGNAL_SEVERITIES } from "#app/schemas/portfolio.values.ts";
import { postAs, type ActionContext } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser, type InternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import type { TaskFormError } from "#app/components/task-form.tsx";
import { listStaff } from "#app/models/tasks.server.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { BulkAcknowledgeForm } from "#app/routes/__risks/acknowledge-forms.tsx";
import { SignalGroup, type RiskActionView } from "#app/routes/__risks/signal-group.tsx";
import { skipRevalidationForTaskParam, TASK_PARAM } from "#app/components/signal-task.tsx";
import { withSearchParam } from "#app/components/ui/search-params.ts";

export const meta: MetaFunction = titleMeta("title.risks");

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

// Opening or closing a signal's task form (`?task=`) asks the loader nothing: the staff list is already here.
export const shouldRevalidate = skipRevalidationForTaskParam;

/** Several signals acknowledged with one note, all in one transaction: every one checked before any is written. */
async function acknowledgeMany(
  request: Request,
  form: FormData,
  { user, t, ip }: { user: InternalUser } & Pick<ActionContext, "t" | "ip">,
) {
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
  const { user, t, ip, errorMap, formData: form } = await postAs(request, requireInternalUser);
  if (form.get("intent") === "acknowledge_many") return acknowledgeMany(request, form, { user, t, ip });
  // "What will I do about it": a task from a signal, linked to it (the model checks the signal is the account's).
  // Made, it lands on the same view with the form closed (no `?task=`).
  if (form.get("intent") === "createTask") {
    const back = `/risks${withSearchParam(new URL(request.url).search, TASK_PARAM, null)}`;
    return handleTaskIntent(request, user, form, { t, errorMap, ip, back });
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
  const { t } = useI18n();
  const bulk = actionData?.bulk;
  const view: RiskActionView = {
    ...(actionData?.signalId === undefined
      ? {}
      : { signalId: actionData.signalId, note: actionData.note ?? "", error: actionData.error ?? "" }),
    taskError: actionData?.taskError ?? null,
    selected: bulk?.selected ?? [],
  };
  /** One filter of the inbox, labelled and valued by its name; the empty choice filters nothing. */
  const select = (name: "ack" | "severity" | "rule" | "kam", options: { value: string; label: string }[]) => (
    <FilterSelect
      id={`rf-${name}`}
      name={name}
      label={t(`risks.filter.${name}`)}
      defaultValue={filters[name] ?? ""}
      anyLabel={t("portfolio.filter.any")}
      options={options}
    />
  );
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">{t("risks.title")}</h1>
        <p className="text-sm text-slate-600">{t("risks.intro")}</p>
      </div>
      <FilterForm submitLabel={t("portfolio.filter.apply")}>
        {select("ack", [
          { value: "no", label: t("risks.filter.unacknowledged") },
          { value: "yes", label: t("risks.filter.acknowledged") },
        ])}
        {select(
          "severity",
          SIGNAL_SEVERITIES.map((v) => ({ value: v, label: t(`risks.severity.${v}`) })),
        )}
        {select(
          "rule",
          RISK_RULES.map((r) => ({ value: r, label: t(`signal.rule.${r}`) })),
        )}
        {managers.length
          ? select(
              "kam",
              managers.map((m) => ({ value: m.id, label: m.name })),
            )
          : null}
      </FilterForm>

      {signals.some((s) => s.canAcknowledge && !s.acknowledged_at) ? <BulkAcknowledgeForm refused={bulk} /> : null}

      {groups.length ? (
        <div className="flex flex-col gap-4" data-testid="risk-inbox">
          {groups.map((g) => (
            <SignalGroup key={g.account_id} group={g} staff={staff} submissionId={submissionId} action={view} />
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
