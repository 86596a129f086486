import { data } from "@remix-run/node";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import type { zodErrorMap } from "#app/i18n/validation.ts";
import { createTask, setTaskState, updateTask } from "#app/models/tasks.server.ts";
import { CreateTaskForm, TaskStateForm, UpdateTaskForm, type TaskFormError } from "#app/schemas/task.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import type { InternalUser } from "./auth.server.ts";
import { badRequest, forbidden, notFound } from "./auth.server.ts";
import { redirectWithFlash } from "./flash.server.ts";
import { oncePerSubmission } from "./create-once.server.ts";
import { messagesByField } from "./plain-forms.server.ts";

// The task intents shared by the pages that show tasks (My work, an account's
// tasks): create, complete, reopen, cancel. Each answers with a redirect and a
// flash message, or with the form's errors beside their fields (status 400).

type Translate = ReturnType<typeof formatters>["t"];

const STATE_OF = { completeTask: "done", reopenTask: "open", cancelTask: "cancelled" } as const;
const DONE_MESSAGE = {
  completeTask: "task.completed",
  reopenTask: "task.reopened",
  cancelTask: "task.cancelled",
} as const;

export const TASK_INTENTS = ["createTask", "updateTask", "completeTask", "reopenTask", "cancelTask"] as const;

/** Handles one task intent; `accountId`, when given, is the page's account and the form's must match it. */
export async function handleTaskIntent(
  request: Request,
  user: InternalUser,
  form: FormData,
  ctx: { t: Translate; errorMap: ReturnType<typeof zodErrorMap>; ip: string | null; back: string; accountId?: string },
) {
  const fields = Object.fromEntries(form) as Record<string, string>;
  const flash = (kind: "success" | "error", message: string) => redirectWithFlash(request, ctx.back, message, kind);
  if (fields.intent === "createTask") {
    const parsed = CreateTaskForm.safeParse(fields, { error: ctx.errorMap });
    const formId = String(fields.formId ?? "new").slice(0, 200);
    if (!parsed.success) {
      const errors = messagesByField(
        parsed.error.issues,
        (name) => name === "intent" || name === "inbox_item_key" || (name.endsWith("_id") && name !== "owner_id"),
      );
      return data({ taskError: { formId, fields: errors, values: fields } satisfies TaskFormError }, { status: 400 });
    }
    const { intent: _intent, accountId, ...input } = parsed.data;
    if (ctx.accountId && accountId !== ctx.accountId) badRequest();
    let repeated = false;
    try {
      ({ repeated } = await oncePerSubmission(form, user.id, "task", async (trx) => {
        await createTask(trx, { actor: user, ip: ctx.ip }, accountId, input);
        return {};
      }));
    } catch (error) {
      if (error instanceof ForbiddenError) throw await forbidden(request, user, "task.notAllowed", { accountId });
      if (error instanceof NotFoundError) notFound();
      if (error instanceof FieldError) {
        const errors = fieldErrorTexts(error, ctx.t);
        return data({ taskError: { formId, fields: errors, values: fields } satisfies TaskFormError }, { status: 400 });
      }
      throw error;
    }
    return flash("success", repeated ? ctx.t("form.alreadySaved") : ctx.t("task.created"));
  }
  if (fields.intent === "updateTask") return handleTaskUpdate(request, user, fields, ctx, flash);
  const parsed = TaskStateForm.safeParse(fields);
  if (!parsed.success) badRequest();
  const { intent, accountId, taskId, version } = parsed.data;
  if (ctx.accountId && accountId !== ctx.accountId) badRequest();
  try {
    await db()
      .transaction()
      .execute((trx) => setTaskState(trx, { actor: user, ip: ctx.ip }, accountId, taskId, STATE_OF[intent], version));
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, "task.notAllowed", { accountId });
    if (error instanceof NotFoundError) return flash("error", ctx.t("task.gone"));
    if (error instanceof ConflictError) return flash("error", ctx.t("task.changed"));
    throw error;
  }
  return flash("success", ctx.t(DONE_MESSAGE[intent]));
}

/**
 * A task's title, due date, owner, visibility and notes changed as last seen:
 * errors beside their fields with what was typed; someone else's change
 * meanwhile is said on the form, never overwritten.
 */
async function handleTaskUpdate(
  request: Request,
  user: InternalUser,
  fields: Record<string, string>,
  ctx: { t: Translate; errorMap: ReturnType<typeof zodErrorMap>; ip: string | null; accountId?: string },
  flash: (kind: "success" | "error", message: string) => Promise<Response>,
) {
  const formId = `edit-${String(fields.taskId ?? "").slice(0, 60)}`;
  const refused = (errors: Record<string, string>) =>
    data({ taskError: { formId, fields: errors, values: fields } satisfies TaskFormError }, { status: 400 });
  const parsed = UpdateTaskForm.safeParse(fields, { error: ctx.errorMap });
  if (!parsed.success) {
    return refused(
      messagesByField(parsed.error.issues, (name) => ["intent", "accountId", "taskId", "version"].includes(name)),
    );
  }
  const { intent: _intent, accountId, taskId, version, ...input } = parsed.data;
  if (ctx.accountId && accountId !== ctx.accountId) badRequest();
  try {
    await db()
      .transaction()
      .execute((trx) =>
        updateTask(
          trx,
          { actor: user, ip: ctx.ip },
          accountId,
          taskId,
          // Blank owner: the one saving ("Me"). Notes the form did not carry stay as they are.
          { ...input, owner_id: input.owner_id ?? user.id, notes: "notes" in fields ? input.notes : undefined },
          version,
        ),
      );
  } catch (error) {
    if (error instanceof ForbiddenError) throw await forbidden(request, user, "task.notAllowed", { accountId });
    if (error instanceof NotFoundError) return flash("error", ctx.t("task.gone"));
    if (error instanceof ConflictError) return refused({ "": ctx.t("task.changed") });
    if (error instanceof FieldError) {
      return refused(fieldErrorTexts(error, ctx.t));
    }
    throw error;
  }
  return flash("success", ctx.t("task.updated"));
}

/** A model's field refusals as the form shows them: one message per field, in the reader's language. */
function fieldErrorTexts(error: FieldError, t: Translate): Record<string, string> {
  return Object.fromEntries(Object.entries(error.fieldErrors).map(([k, m]) => [k, t(m.key as MessageKey, m.params)]));
}
