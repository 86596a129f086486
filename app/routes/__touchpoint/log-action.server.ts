import type { z } from "zod";
import { logTouchpointWithNextStep } from "#app/models/next-steps.server.ts";
import { TouchpointCreateForm } from "#app/schemas/touchpoint.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { createOnAccount, type CreateContext } from "#app/routes/__account/create-action.server.ts";

/**
 * The action logging a touchpoint on an account (from the account's pages or
 * the quick log): `write` (by default the touchpoint with its next step) once
 * per submission, then back to the account saying it was logged. `accountId`
 * reads the account from the URL or the form.
 */
export function logTouchpointAction(
  request: Request,
  accountId: (formData: FormData) => string,
  write: (
    trx: Trx,
    context: CreateContext,
    accountId: string,
    value: z.output<typeof TouchpointCreateForm>,
    formData: FormData,
  ) => Promise<unknown> = (trx, context, accountId, value) => logTouchpointWithNextStep(trx, context, accountId, value),
) {
  return createOnAccount(request, {
    name: "touchpoint",
    schema: TouchpointCreateForm,
    accountId,
    write,
    done: (accountId) => `/accounts/${accountId}`,
    saved: (t) => t("touchpointForm.logged"),
  });
}
