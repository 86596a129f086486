import { defaultAccountScope } from "#app/domain/permissions.ts";
import type { AccountListFilters } from "#app/models/accounts.server.ts";
import { AccountListQuery } from "#app/schemas/account.ts";
import type { InternalUser } from "./auth.server.ts";

/**
 * The accounts list's view from the URL, as the page and its CSV read it: the
 * query (a hand-edited URL with a bad filter lists everything rather than
 * failing), the scope (mine or everyone's, by default as the user's role has
 * it) and the filters listAccounts takes, without paging.
 */
export function accountListView(user: InternalUser, params: URLSearchParams) {
  const parsed = AccountListQuery.safeParse(Object.fromEntries(params));
  const query = parsed.success ? parsed.data : {};
  const scope = query.scope ?? defaultAccountScope(user);
  const filters: AccountListFilters = {
    ownerId: scope === "mine" ? user.id : query.owner,
    q: query.q,
    stage: query.stage,
    tier: query.tier,
    renewalWithinDays: query.renewal,
    includeArchived: query.archived === "1",
  };
  return { query, scope, filters };
}
