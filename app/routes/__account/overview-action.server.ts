// The account overview's forms: acknowledging a risk signal (intent=acknowledge)
// and a task made from a signal (intent=createTask).
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { AcknowledgeReply } from "#app/components/signal-list.tsx";
import { canAcknowledgeSignal } from "#app/domain/permissions.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { acknowledgeSignal, SignalResolvedError } from "#app/models/scores.server.ts";
import { AcknowledgeSignalForm } from "#app/schemas/health.ts";
import { db } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import { actionContext, requirePost } from "#app/web/actions.server.ts";
import { badRequest, forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { parseId } from "#app/web/params.ts";
import { handleTaskIntent } from "#app/web/task-actions.server.ts";
import { ACKNOWLEDGED_PARAM } from "./overview-params.ts";

export async function overviewAction({ request, params }: ActionFunctionArgs) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const { t, errorMap, ip } = await actionContext(request);
  const formData = await request.formData();
  if (formData.get("intent") === "createTask") {
    return handleTaskIntent(request, user, formData, {
      t,
      errorMap,
      ip,
      back: `/accounts/${accountId}#risk-signals`,
      accountId,
    });
  }
  if (formData.get("intent") !== "acknowledge") badRequest();
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  if (!canAcknowledgeSignal(user, account)) throw await forbidden(request, user, "signals.notAllowed", { accountId });

  const submission = parseWithZod(formData, { schema: AcknowledgeSignalForm, error: errorMap });
  const signalId = String(formData.get("signalId") ?? "");
  if (submission.status !== "success") {
    return data({ acknowledge: { signalId, result: submission.reply() } satisfies AcknowledgeReply }, { status: 400 });
  }
  const back = (url: URL) => `${url.pathname}${url.search}#risk-signals`;
  try {
    await db()
      .transaction()
      .execute((trx) =>
        acknowledgeSignal(trx, {
          accountId,
          signalId: submission.value.signalId,
          userId: user.id,
          note: submission.value.note ?? "",
          ip,
        }),
      );
  } catch (error) {
    if (error instanceof NotFoundError) notFound("signals.gone");
    if (error instanceof SignalResolvedError) {
      return redirectWithFlash(request, back(new URL(request.url)), t("signals.resolvedAlready"), "error");
    }
    throw error;
  }
  const url = new URL(request.url);
  url.searchParams.delete("index");
  url.searchParams.set(ACKNOWLEDGED_PARAM, submission.value.signalId);
  return redirectWithFlash(request, back(url), t("signals.acknowledged"));
}
