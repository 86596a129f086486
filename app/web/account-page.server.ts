import type { Params } from "@remix-run/react";
import { getAccount } from "#app/models/accounts.server.ts";
import { db } from "#app/utils/db.server.ts";
import { notFound, requireInternalUser } from "./auth.server.ts";
import { parseId } from "./params.ts";

/**
 * The member of staff asking and the account the URL names (`:accountId`), for
 * a page of one account: the 404 when there is no such account. What they may
 * do with it is each page's own check.
 */
export async function requireAccountPage(request: Request, params: Params) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  return { user, accountId, account };
}
