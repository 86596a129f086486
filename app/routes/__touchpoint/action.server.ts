// The touchpoint page's forms: the touchpoint changed (version-checked, a lost
// race listing the facts that differ), its support case's status, and deleting
// it after a confirmation step.
import { postToAccount } from "#app/routes/__account/post.server.ts";
import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { SUPPORT_STATUSES, type TouchpointKind } from "#app/domain/vocabulary.ts";
import { formatters, type Locale, type Translate } from "#app/i18n/index.ts";
import { deleteTouchpoint, updateSupportCase, updateTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { normalizeDecimal } from "#app/schemas/fields.values.ts";
import { SupportCaseUpdateForm, TouchpointDeleteForm, TouchpointEditForm } from "#app/schemas/touchpoint.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { actionContext } from "#app/web/actions.server.ts";
import { badRequest, type InternalUser } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { conflictReply, refusalResponse, writeErrorReply } from "#app/web/forms.server.ts";

type Page = Awaited<ReturnType<typeof actionContext>> & {
  request: Request;
  user: InternalUser;
  accountId: string;
  touchpointId: string;
  formData: FormData;
};

export async function touchpointAction({ request, params }: ActionFunctionArgs) {
  const posted = await postToAccount(request, params, "touchpointId");
  const page: Page = { ...(await actionContext(request)), ...posted, request };
  const { formData } = page;
  const intent = formData.get("intent");
  if (intent === "delete") return deleteIntent(page);
  if (intent === "update-case") return caseIntent(page);
  return editIntent(page);
}

/** Back to the account, saying what was done. */
function done(page: Page, message: string) {
  return redirectWithFlash(page.request, `/accounts/${page.accountId}`, message);
}

async function deleteIntent(page: Page) {
  const { request, user, accountId, touchpointId, formData, t, ip } = page;
  // Without confirm=yes this is the first click: answer with the confirmation step.
  if (formData.get("confirm") !== "yes") return data({ confirmDelete: true as const });
  const parsed = TouchpointDeleteForm.safeParse(Object.fromEntries(formData));
  if (!parsed.success) badRequest();
  try {
    await db()
      .transaction()
      .execute((trx) => deleteTouchpoint(trx, { actor: user, ip }, accountId, touchpointId, parsed.data.version));
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
  return done(page, t("touchpointForm.deleted"));
}

async function caseIntent(page: Page) {
  const { request, user, accountId, touchpointId, formData, t, locale, errorMap, ip } = page;
  const submission = parseWithZod(formData, { schema: SupportCaseUpdateForm, error: errorMap });
  if (submission.status !== "success") return data({ caseResult: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => updateSupportCase(trx, { actor: user, ip }, accountId, touchpointId, submission.value));
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
  return done(page, t("touchpointForm.caseUpdated"));
}

async function editIntent(page: Page) {
  const { request, user, accountId, touchpointId, formData, t, locale, errorMap, ip } = page;
  const submission = parseWithZod(formData, { schema: TouchpointEditForm, error: errorMap });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db()
      .transaction()
      .execute((trx) => updateTouchpoint(trx, { actor: user, ip }, accountId, touchpointId, submission.value));
  } catch (error) {
    if (error instanceof ConflictError) return data(touchpointConflict(submission, locale, error), { status: 409 });
    const { status, result } = await writeErrorReply(error, submission, { request, actor: user, locale, accountId });
    return data({ result }, { status });
  }
  return done(page, t("touchpointForm.saved"));
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
