import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { Role } from "#app/domain/vocabulary.ts";
import { formatters, type Formatters, type Locale, type MessageKey } from "#app/i18n/index.ts";
import type { zodErrorMap } from "#app/i18n/validation.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { badRequest, forbidden, httpError, type InternalUser } from "./auth.server.ts";
import { redirectWithFlash } from "./flash.server.ts";

export type { ConflictInfo };

type AnySubmission = Submission<any, string[], any>;

/**
 * The reply to a save that lost a race: the typed values stay in the form, the
 * message names who changed it, and the differing fields are listed (`labels`:
 * the fields compared, with their names; `shown`: how a stored value reads,
 * as stored by default).
 */
export function conflictReply<T extends AnySubmission>(
  submission: T,
  locale: Locale,
  error: ConflictError,
  labels: Record<string, string>,
  shown?: (field: string, value: string, current: Record<string, unknown>) => string,
) {
  const { t } = formatters(locale);
  const submitted = (submission.payload ?? {}) as Record<string, unknown>;
  const changes: ConflictInfo["changes"] = [];
  for (const [field, label] of Object.entries(labels)) {
    const theirs = normalize(error.current[field]);
    const mine = normalize(submitted[field]);
    if (theirs === mine) continue;
    const value = theirs || "—";
    changes.push({ field: label, value: shown ? shown(field, value, error.current) : value });
  }
  return {
    result: submission.reply({ formErrors: [t("form.conflict", { name: error.changedBy ?? t("form.someone") })] }),
    conflict: { version: Number(error.current.version), changes } satisfies ConflictInfo,
  };
}

function normalize(value: unknown): string {
  if (value == null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "on" : "";
  if (typeof value === "string" && /^\d+\.\d{2}$/.test(value)) return String(Number(value));
  return String(value).trim();
}

/**
 * A FieldError's messages in the reader's language, shaped for Conform's
 * `submission.reply({ fieldErrors })`: a day ('YYYY-MM-DD') or an instant (ISO
 * 8601) among the parameters reads in the reader's format.
 */
export function fieldMessages(error: FieldError, f: Pick<Formatters, "t" | "date" | "dateTime">): Record<string, string[]> {
  const shownValue = (v: string | number) => {
    if (typeof v !== "string") return v;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return f.date(v);
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(v) ? f.dateTime(v) : v;
  };
  return Object.fromEntries(
    Object.entries(error.fieldErrors).map(([field, { key, params }]) => {
      const shown = params ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, shownValue(v)])) : undefined;
      return [field, [f.t(key, shown)]];
    }),
  );
}

export interface WriteErrorContext {
  request: Request;
  /** Who tried: a refusal (403) is recorded against them. */
  actor: { id: string; role: Role } | null;
  locale: Locale;
  /** The account the write was for, recorded with a refusal. */
  accountId?: string;
  /** The fields compared when someone else saved first, with their names. */
  labels?: Record<string, string>;
  /** How a stored value reads in the list of differences (as stored by default). */
  shown?: (field: string, value: string, current: Record<string, unknown>) => string;
  /** What the 404 says when the record is gone. */
  notFound?: MessageKey;
}

/**
 * A write a model refused, as the form's reply; the form keeps what was typed.
 * FieldError: 400 with each message at its field. ConflictError: 409 naming who
 * saved first and the fields that differ from what was typed (see conflictReply).
 * ForbiddenError is thrown as the recorded 403, NotFoundError as the 404;
 * anything else is thrown again.
 */
export async function writeErrorReply<T extends AnySubmission>(
  error: unknown,
  submission: T,
  context: WriteErrorContext,
): Promise<{ status: 400 | 409; result: ReturnType<T["reply"]>; conflict?: ConflictInfo }> {
  const { request, actor, locale, accountId } = context;
  if (error instanceof FieldError) {
    return { status: 400, result: submission.reply({ fieldErrors: fieldMessages(error, formatters(locale)) }) as ReturnType<T["reply"]> };
  }
  if (error instanceof ConflictError) {
    const reply = conflictReply(submission, locale, error, context.labels ?? {}, context.shown);
    return { status: 409, result: reply.result as ReturnType<T["reply"]>, conflict: reply.conflict };
  }
  throw await refusalResponse(error, { request, actor, accountId, notFound: context.notFound });
}

/**
 * The answer to a write a model refused where no form shows it: ForbiddenError
 * is the 403 (recorded), NotFoundError the 404, ConflictError the 409 with the
 * message `conflict` (when given). Anything else comes back as it is. Use it as
 * `throw await refusalResponse(error, …)`, outside any open transaction.
 */
export async function refusalResponse(
  error: unknown,
  context: Pick<WriteErrorContext, "request" | "actor" | "accountId" | "notFound"> & { conflict?: MessageKey },
): Promise<unknown> {
  if (error instanceof ForbiddenError) return forbidden(context.request, context.actor, error.key, { accountId: context.accountId });
  if (error instanceof NotFoundError) return httpError(404, context.notFound ?? "error.notFound");
  if (error instanceof ConflictError && context.conflict) return httpError(409, context.conflict);
  return error;
}

/**
 * One of a page's several forms, told apart by its `intent`: the schema it is
 * read with, the model write that saves it (in a transaction, with the page's
 * context, account and record), the flash said when it is done, and the fields
 * compared when someone else saved first.
 */
export interface FormIntent<C> {
  schema: Parameters<typeof parseWithZod>[1]["schema"];
  write: (trx: Trx, context: C, accountId: string, recordId: string, input: any) => Promise<unknown>;
  done: MessageKey;
  compare: readonly string[];
}

export interface IntentPage<C> {
  actor: InternalUser;
  /** What the model writes take besides the transaction (who, from where). */
  context: C;
  accountId: string;
  recordId: string;
  /** Where the browser goes after a save, with the `done` flash. */
  back: string;
  errorMap: ReturnType<typeof zodErrorMap>;
  locale: Locale;
  /** The names of the fields compared after a lost race. */
  labels: Record<string, MessageKey>;
  /** How a stored value reads in the list of differences. */
  shown: (f: Formatters, field: string, current: Record<string, unknown>) => string;
}

/**
 * A page's intent form posted: the intent read from the form (unknown: 400),
 * its fields checked by its schema and saved by its write. A save redirects to
 * `back` with a flash; invalid fields (400) and a model's refusals (400 at the
 * fields, 409 for a lost race with what the other saved) answer
 * `{ intent, result, conflict }` so only that form shows them, with what was
 * typed. A ForbiddenError is the recorded 403, NotFoundError the 404.
 */
export async function intentAction<I extends string, C>(
  request: Request,
  formData: FormData,
  intents: Record<I, FormIntent<C>>,
  page: IntentPage<C>,
) {
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(intents, intent)) badRequest();
  const spec = intents[intent as I];
  const submission = parseWithZod(formData, { schema: spec.schema, error: page.errorMap });
  const reply = (body: { result: SubmissionResult<string[]>; conflict?: ConflictInfo }, status: number) =>
    data({ intent: intent as I, ...body }, { status });
  if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
  const f = formatters(page.locale);
  try {
    await db()
      .transaction()
      .execute((trx) => spec.write(trx, page.context, page.accountId, page.recordId, submission.value));
  } catch (error) {
    const { status, ...body } = await writeErrorReply(error, submission, {
      request,
      actor: page.actor,
      locale: page.locale,
      accountId: page.accountId,
      labels: Object.fromEntries(spec.compare.map((field) => [field, f.t(page.labels[field]!)])),
      shown: (field, _value, current) => page.shown(f, field, current),
    });
    return reply(body, status);
  }
  return redirectWithFlash(request, page.back, f.t(spec.done));
}
