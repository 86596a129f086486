import type { Params } from "@remix-run/react";
import { requirePost } from "#app/web/actions.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { parseId } from "#app/web/params.ts";

/**
 * The head of an action on a page of one account: a POST only, the member of
 * staff posting, the account the URL names (`:accountId`) and any other ids it
 * names (`ids`, e.g. "touchpointId"), each a 404 when it is not a uuid, then the
 * form posted. Whether there is such an account, and what they may do with it,
 * is the write's own check.
 */
export async function postToAccount<K extends string = never>(request: Request, params: Params, ...ids: K[]) {
  requirePost(request);
  const user = await requireInternalUser(request);
  const accountId = parseId(params.accountId);
  const parsed = Object.fromEntries(ids.map((name) => [name, parseId(params[name])])) as Record<K, string>;
  const formData = await request.formData();
  return { ...parsed, user, accountId, formData };
}
