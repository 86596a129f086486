import type { Params } from "@remix-run/react";
import { getAccount } from "#app/models/accounts.server.ts";
import { db } from "#app/utils/db.server.ts";
import { notFound, requireInternalUser } from "./auth.server.ts";
import { parseId } from "./params.ts";

/**
 * The member of staff asking and the account the URL names (`:accountId`), for
 * a page of one account: the 404 when there is no such account. Any other ids
 * the URL names (`ids`, e.g. "reviewId") come back parsed, each a 404 when it is
 * not a uuid, before the account is read. What they may do with it is each
 * page's own check.
 */
export async function requireAccountPage<K extends string = never>(request: Request, params: Params, ...ids: K[]) {
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const parsed = Object.fromEntries(ids.map((name) => [name, parseId(params[name])])) as Record<K, string>;
  const account = await getAccount(db(), accountId);
  if (!account) notFound("error.noAccount");
  return { ...parsed, user, accountId, account };
}
