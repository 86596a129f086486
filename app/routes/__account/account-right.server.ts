import type { Params } from "@remix-run/react";
import type { MessageKey } from "#app/i18n/index.ts";
import { requireAccountPage } from "#app/web/account-page.server.ts";
import { forbidden, type InternalUser } from "#app/web/auth.server.ts";

type AccountPage = Awaited<ReturnType<typeof requireAccountPage<never>>>;

/**
 * requireAccountPage for a page (or a write) only some may use: unless `may`
 * allows the member of staff this account (e.g. canEditAccount), the recorded
 * 403 saying `refusal`.
 */
export async function requireAccountRight<K extends string = never>(
  request: Request,
  params: Params,
  right: { may: (user: InternalUser, account: AccountPage["account"]) => boolean; refusal?: MessageKey },
  ...ids: K[]
) {
  const page = await requireAccountPage(request, params, ...ids);
  const { user, accountId, account } = page;
  if (!right.may(user, account)) throw await forbidden(request, user, right.refusal, { accountId });
  return page;
}
