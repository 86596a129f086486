import type { Submission } from "@conform-to/react";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { z } from "zod";
import { TouchpointForm } from "#app/components/touchpoint-form.tsx";
import { SupportCaseUpdate } from "#app/components/touchpoint-form/support-case-update.tsx";
import { canDeleteTouchpoint, canEditTouchpoint } from "#app/domain/permissions.ts";
import { LOGGABLE_TOUCHPOINT_KINDS, SUPPORT_STATUSES, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { formatters, type Locale, type Translate } from "#app/i18n/index.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { deleteTouchpoint, updateSupportCase, updateTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { getTouchpointForEdit, listLogFormOptions, touchpointFormValues } from "#app/models/touchpoints.server.ts";
import { normalizeDecimal } from "#app/schemas/fields.values.ts";
import { SupportCaseUpdateForm, TouchpointDeleteForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { conflictReply, refusalResponse, writeErrorReply, type ConflictInfo } from "#app/web/forms.server.ts";
import { parseId } from "#app/web/params.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "advocacy.polarityRequired",
    "advocacy.sourceRequired",
    "advocacy.sourceTooLong",
    "polarity.",
    "committeeRole.",
    "emotion.",
    "form.",
    "kind.",
    "nextStep.",
    "resolved.",
    "scoringSettings.",
    "severity.",
    "signal.",
    "supportStatus.",
    "task.playbookTitle",
    "title.touchpoint",
    "touchpointEdit.",
    "touchpointForm.",
    "validation.",
  ),
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const f = metaI18n(matches);
  return data ? pageTitle(f, data.touchpoint.title, data.account.name) : pageTitle(f, f.t("title.touchpoint"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const touchpointId = parseId(params.touchpointId);
  const [account, touchpoint] = await Promise.all([
    getAccount(db(), accountId),
    getTouchpointForEdit(db(), accountId, touchpointId),
  ]);
  if (!account || !touchpoint) notFound("error.noTouchpoint");
  if (!canEditTouchpoint(user, account, touchpoint)) {
    throw await forbidden(request, user, "error.touchpointRights", { accountId });
  }
  const options = await listLogFormOptions(db(), accountId, {
    stakeholderIds: touchpoint.stakeholder_ids,
    userIds: touchpoint.user_ids,
  });
  const values = touchpointFormValues(touchpoint);
  return {
    account: { id: account.id, name: account.name },
    touchpoint: {
      id: touchpoint.id,
      kind: touchpoint.kind,
      title: touchpoint.title,
      occurred_at: touchpoint.occurred_at,
      recorded_at: touchpoint.recorded_at,
      author_name: touchpoint.author_name,
      hasCase: Boolean(touchpoint.support_case),
      editable: (LOGGABLE_TOUCHPOINT_KINDS as string[]).includes(touchpoint.kind),
      deletable: canDeleteTouchpoint(user, account, touchpoint),
    },
    options,
    defaults: values,
  };
}

// After a lost race (409) show the record as it is now; the forms keep what was typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const touchpointId = parseId(params.touchpointId);
  const { t, locale, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  const context = { actor: user, ip };
  const done = async (message: string) =>
    redirect(`/accounts/${accountId}`, {
      headers: { "Set-Cookie": await setFlash(request, { kind: "success", message }) },
    });
  const intent = formData.get("intent");

  if (intent === "delete") {
    // Without confirm=yes this is the first click: answer with the confirmation step.
    if (formData.get("confirm") !== "yes") return data({ confirmDelete: true as const });
    const parsed = TouchpointDeleteForm.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest();
    try {
      await db()
        .transaction()
        .execute((trx) => deleteTouchpoint(trx, context, accountId, touchpointId, parsed.data.version));
    } catch (error) {
      if (error instanceof ConflictError) {
        return data(
          {
            confirmDelete: true as const,
            deleteConflict: t("touchpointEdit.changedElsewhere", { name: error.changedBy ?? t("form.someone") }),
          },
          { status: 409 },
        );
      }
      throw await refusalResponse(error, { request, actor: user, accountId });
    }
    return done(t("touchpointForm.deleted"));
  }

  if (intent === "update-case") {
    const submission = parseWithZod(formData, { schema: SupportCaseUpdateForm, error: errorMap });
    if (submission.status !== "success") return data({ caseResult: submission.reply() }, { status: 400 });
    try {
      await db()
        .transaction()
        .execute((trx) => updateSupportCase(trx, context, accountId, touchpointId, submission.value));
    } catch (error) {
      const { status, result, conflict } = await writeErrorReply(error, submission, {
        request,
        actor: user,
        locale,
        accountId,
        labels: { case_status: t("touchpointForm.caseStatus"), case_resolved_at: t("touchpointForm.caseResolvedAt") },
        shown: (field, value) => readableValue(field, value, t),
      });
      return data({ caseResult: result, ...(conflict ? { caseConflict: conflict } : {}) }, { status });
    }
    return done(t("touchpointForm.caseUpdated"));
  }

  const submission = parseWithZod(formData, { schema: TouchpointEditForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => updateTouchpoint(trx, context, accountId, touchpointId, submission.value));
  } catch (error) {
    if (error instanceof ConflictError) return data(touchpointConflict(submission, locale, error), { status: 409 });
    const { status, result } = await writeErrorReply(error, submission, { request, actor: user, locale, accountId });
    return data({ result }, { status });
  }
  return done(t("touchpointForm.saved"));
}

/** A lost race on the touchpoint itself: what was typed stays, and the facts that differ are listed by name. */
function touchpointConflict(
  submission: Submission<z.input<typeof TouchpointEditForm>, string[], z.output<typeof TouchpointEditForm>>,
  locale: Locale,
  error: ConflictError,
) {
  const { t } = formatters(locale);
  // Compare the facts of the kinds in play only: other kinds' fields are not read.
  const kinds = [error.current.kind, submission.payload.kind];
  const reply = conflictReply(
    submission,
    locale,
    error,
    {
      kind: t("touchpointForm.kind"),
      occurred_at: t("touchpointForm.occurredAt"),
      title: t("touchpointForm.title"),
      summary: t("touchpointForm.summary"),
      internal_notes: t("touchpointForm.internalNotes"),
      sentiment: t("touchpointForm.sentiment"),
      treatment: t("touchpointForm.treatment"),
      resolved: t("touchpointForm.resolved"),
      shared_with_customer: t("touchpointForm.shared"),
      ...(kinds.includes("invoice")
        ? {
            invoice_number: t("touchpointForm.invoiceNumber"),
            invoice_amount: t("touchpointForm.invoiceAmount"),
            invoice_due_date: t("touchpointForm.invoiceDueDate"),
            invoice_paid_on: t("touchpointForm.invoicePaidOn"),
          }
        : {}),
      ...(kinds.includes("support_case")
        ? { case_status: t("touchpointForm.caseStatus"), case_resolved_at: t("touchpointForm.caseResolvedAt") }
        : {}),
    },
    (field, value) => readableValue(field, value, t),
  );
  // "1 234,50" and "1234.50" are the same amount.
  const amountLabel = t("touchpointForm.invoiceAmount");
  const changes = reply.conflict.changes.filter(
    (c) => c.field !== amountLabel || !sameAmount(error.current.invoice_amount, submission.payload.invoice_amount),
  );
  const participantsChanged =
    sameSet(error.current.stakeholder_ids, submission.payload.stakeholder_ids) &&
    sameSet(error.current.user_ids, submission.payload.user_ids)
      ? []
      : [{ field: t("touchpointForm.participants"), value: String(error.current.participant_names || "—") }];
  return { result: reply.result, conflict: { ...reply.conflict, changes: [...changes, ...participantsChanged] } };
}

/** Kinds and statuses read better by name than by code. */
function readableValue(field: string, value: string, t: Translate): string {
  if (field === "kind") return t(`kind.${value as TouchpointKind}`);
  if (field === "case_status" && (SUPPORT_STATUSES as readonly string[]).includes(value)) {
    return t(`supportStatus.${value as (typeof SUPPORT_STATUSES)[number]}`);
  }
  return value;
}

function sameAmount(a: unknown, b: unknown): boolean {
  const n = (v: unknown) => (typeof v === "string" ? normalizeDecimal(v) : null);
  const x = n(a);
  const y = n(b);
  return x !== null && y !== null && Number(x) === Number(y);
}

function sameSet(a: unknown, b: unknown): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v == null || v === "" ? [] : [String(v)]);
  const x = new Set(list(a));
  const y = new Set(list(b));
  return x.size === y.size && [...x].every((v) => y.has(v));
}

type ActionData = {
  result?: Parameters<typeof TouchpointForm>[0]["lastResult"];
  conflict?: ConflictInfo;
  caseResult?: Parameters<typeof SupportCaseUpdate>[0]["lastResult"];
  caseConflict?: ConflictInfo;
  confirmDelete?: true;
  deleteConflict?: string;
};

export default function EditTouchpointPage() {
  const { account, touchpoint, options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t, dateTime } = useI18n();
  const back = `/accounts/${account.id}`;
  const header = (
    <>
      <Link to={back} className="text-sm text-brand-700 underline">
        ← {t("touchpointEdit.backTo", { name: account.name })}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{t("touchpointForm.editTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {t(`kind.${touchpoint.kind as TouchpointKind}`)} · {dateTime(touchpoint.occurred_at)} ·{" "}
        {touchpoint.author_name
          ? t("touchpointEdit.recorded", { date: dateTime(touchpoint.recorded_at), name: touchpoint.author_name })
          : t("touchpointEdit.recordedNoAuthor", { date: dateTime(touchpoint.recorded_at) })}
      </p>
    </>
  );

  if (actionData?.confirmDelete) {
    return (
      <div className="flex max-w-2xl flex-col gap-6">
        <div>{header}</div>
        <section
          aria-labelledby="confirm-heading"
          className="rounded-lg border border-red-300 bg-red-50 p-4"
          data-testid="confirm-delete"
        >
          <h2 id="confirm-heading" className="font-semibold text-red-900">
            {t("touchpointEdit.confirmDelete", { title: touchpoint.title })}
          </h2>
          {actionData.deleteConflict ? (
            <p role="alert" className="mt-2 text-sm text-red-900">
              {actionData.deleteConflict}
            </p>
          ) : null}
          <p className="mt-1 text-sm text-slate-800">{t("touchpointEdit.deleteHelp")}</p>
          <Form method="post" className="mt-4 flex items-center gap-4">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="confirm" value="yes" />
            <input type="hidden" name="version" value={defaults.version} />
            <button type="submit" className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
              {t("form.confirmDelete")}
            </button>
            <Link to="." className="text-brand-700 underline">
              {t("touchpointEdit.keep")}
            </Link>
          </Form>
        </section>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-10">
      <div>
        <div className="mb-6">{header}</div>
        {touchpoint.editable ? (
          <TouchpointForm
            mode="edit"
            defaults={defaults}
            options={options}
            lastResult={actionData?.result}
            conflict={actionData?.conflict}
            cancelTo={back}
          />
        ) : (
          <p className="max-w-2xl rounded-md bg-slate-100 p-3 text-sm">{t("touchpointEdit.systemKind")}</p>
        )}
      </div>

      {touchpoint.hasCase ? (
        <section aria-labelledby="case-heading" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="case-heading" className="font-semibold">
            {t("touchpointEdit.updateCase")}
          </h2>
          <p className="mt-1 text-sm text-slate-700">{t("touchpointEdit.updateCaseHelp")}</p>
          <SupportCaseUpdate
            defaults={{
              case_status: defaults.case_status,
              case_resolved_at: defaults.case_resolved_at,
              version: actionData?.caseConflict?.version ?? defaults.version,
            }}
            lastResult={actionData?.caseResult}
            conflictDetails={actionData?.caseConflict?.changes.map((c) =>
              t("form.conflictField", { field: c.field, value: c.value }),
            )}
          />
        </section>
      ) : null}

      {touchpoint.deletable ? (
        <section aria-labelledby="delete-heading" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="delete-heading" className="font-semibold">
            {t("touchpointEdit.delete")}
          </h2>
          <p className="mt-1 text-sm text-slate-700">{t("touchpointEdit.deleteHelp")}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="version" value={defaults.version} />
            <button
              type="submit"
              name="intent"
              value="delete"
              className="rounded-md border border-red-700 px-3 py-1.5 font-medium text-red-800"
            >
              {t("touchpointEdit.delete")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="max-w-3xl rounded-md bg-slate-100 p-3 text-sm" data-testid="not-deletable">
          {t("error.systemTouchpointDelete")}
        </p>
      )}
    </div>
  );
}
