import { data } from "@remix-run/node";
import type { Formatters, MessageKey } from "#app/i18n/index.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { forbidden, notFound } from "./auth.server.ts";
import { fieldMessages } from "./forms.server.ts";
import { messagesByField } from "./plain-forms.server.ts";

// The business review pages' forms (staff and portal): several small forms on
// one page, told apart by `intent`. A refusal comes back as the form's errors
// beside its fields with what was typed (ReviewFormError), status 400, or 409
// when someone saved first.

export interface ReviewFormError {
  form: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

type Issue = { path: PropertyKey[]; message: string };

/** Schema issues as one message per field ("" for the whole form). */
export function reviewFormError(form: string, issues: Issue[], values: Record<string, string>) {
  const fields = messagesByField(issues);
  return data({ reviewError: { form, fields, values } satisfies ReviewFormError }, { status: 400 });
}

/** A model's refusal of a review write, as the page's answer; anything else is thrown again. */
export async function reviewWriteFailure(
  error: unknown,
  ctx: { request: Request; actor: { id: string; role: "admin" | "director" | "kam" | "customer" }; f: Formatters; form: string; values: Record<string, string>; accountId: string },
) {
  if (error instanceof FieldError) {
    const fields = Object.fromEntries(Object.entries(fieldMessages(error, ctx.f)).map(([k, v]) => [k, v[0] ?? ""]));
    return data({ reviewError: { form: ctx.form, fields, values: ctx.values } satisfies ReviewFormError }, { status: 400 });
  }
  if (error instanceof ConflictError) {
    const fields: Record<string, string> = { "": ctx.f.t("review.conflict", { name: error.changedBy ?? ctx.f.t("form.someone") }) };
    return data({ reviewError: { form: ctx.form, fields, values: ctx.values } satisfies ReviewFormError }, { status: 409 });
  }
  if (error instanceof ForbiddenError) throw await forbidden(ctx.request, ctx.actor, error.key as MessageKey, { accountId: ctx.accountId });
  if (error instanceof NotFoundError) notFound("review.notFound");
  throw error;
}
