import type { LoaderFunctionArgs } from "@remix-run/node";
import { canDeleteTouchpoint, canEditTouchpoint, isSystemWritten } from "#app/domain/permissions.ts";
import { figuresKeep } from "#app/domain/touchpoint-fact-rules.ts";
import { LOGGABLE_TOUCHPOINT_KINDS } from "#app/domain/vocabulary.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import {
  getTouchpointForEdit,
  listLogFormOptions,
  storedFactsOf,
  touchpointFormValues,
} from "#app/models/touchpoints.server.ts";
import { db } from "#app/utils/db.server.ts";
import { forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";

/** A touchpoint to change, for those who may: its facts, the form's choices and values, and whether it may go. */
export async function touchpointLoader({ request, params }: LoaderFunctionArgs) {
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
  // A case or an invoice that counts against the figures is a director's or an admin's to delete.
  const kept = figuresKeep(storedFactsOf(touchpoint), new Date());
  const deletable = canDeleteTouchpoint(user, account, touchpoint, kept !== null);
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
      deletable,
      /** Why it may not be deleted: written by the system, or kept for the figures. */
      notDeletable: deletable ? null : isSystemWritten(touchpoint) ? ("error.systemTouchpointDelete" as const) : kept,
    },
    options,
    defaults: values,
  };
}
