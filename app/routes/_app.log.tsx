import { canLogTouchpoint } from "#app/domain/permissions.ts";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getAccount } from "#app/models/accounts.server.ts";
import { listLogFormOptions, searchAccountsForLog } from "#app/models/touchpoints.server.ts";
import { LogQuery, newTouchpointValues } from "#app/schemas/touchpoint.ts";
import { forbidden, notFound, requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { parseId } from "#app/web/params.ts";
import { newSubmissionId } from "#app/web/submission.server.ts";
import { recordMeta } from "#app/i18n/meta.ts";
import { logTouchpointAction } from "./__touchpoint/log-action.server.ts";
import { LogTouchpointPage } from "./__touchpoint/log-page.tsx";
import { LabelledControl } from "#app/components/ui/field.tsx";

// The quick log (keyboard shortcut L): pick the account, then the same form as
// on the account page. GET /log?q=… searches accounts; /log?account=<id> logs.

export const meta: MetaFunction<typeof loader> = recordMeta("title.logTouchpoint", (data, f) => [
  f.t("title.logTouchpoint"),
  data.account?.name,
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const query = LogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (query.account) {
    const accountId = parseId(query.account);
    const account = await getAccount(db(), accountId);
    if (!account) notFound("error.noAccount");
    if (!canLogTouchpoint(user, account)) throw await forbidden(request, user, "error.forbidden", { accountId });
    const options = await listLogFormOptions(db(), accountId);
    return {
      account: { id: account.id, name: account.name },
      options,
      defaults: newTouchpointValues({
        now: instantToWallTime(new Date(), TIME_ZONE),
        userId: user.id,
        currency: account.currency,
      }),
      q: query.q ?? "",
      accounts: null,
      submissionId: newSubmissionId(),
    };
  }
  const accounts = await searchAccountsForLog(db(), user, query.q || undefined);
  return { account: null, options: null, defaults: null, q: query.q ?? "", accounts, submissionId: undefined };
}

export function action({ request }: ActionFunctionArgs) {
  // The account picked is in the form (or, failing that, in the address).
  return logTouchpointAction(request, (formData) => {
    const field = formData.get("account_id");
    return parseId(typeof field === "string" ? field : (new URL(request.url).searchParams.get("account") ?? undefined));
  });
}

export default function QuickLogPage() {
  const { account, options, defaults, q, accounts, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();

  if (account && options && defaults) {
    return (
      <LogTouchpointPage
        account={account}
        back="/log"
        backLabel={t("quickLog.changeAccount")}
        defaults={defaults}
        options={options}
        lastResult={actionData?.result}
        hiddenFields={{ account_id: account.id, ...(submissionId ? { submission_id: submissionId } : {}) }}
      />
    );
  }

  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">{t("quickLog.title")}</h1>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3" role="search">
        <LabelledControl id="log-q" label={t("quickLog.search")} className="flex flex-1 flex-col gap-1">
          <input
            id="log-q"
            name="q"
            type="search"
            defaultValue={q}
            autoFocus
            autoComplete="off"
            className="rounded-md border border-slate-400 bg-white px-3 py-2"
          />
        </LabelledControl>
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
          {t("quickLog.searchSubmit")}
        </button>
      </Form>
      <h2 className="mt-6 font-semibold">{t("quickLog.pickAccount")}</h2>
      <p className="text-sm text-slate-600">{t("quickLog.yourAccountsFirst")}</p>
      {accounts?.length ? (
        <ul
          className="mt-2 divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
          data-testid="log-accounts"
        >
          {accounts.map((a) => (
            <li key={a.id}>
              <Link
                to={`/log?account=${a.id}`}
                className="flex flex-wrap items-center gap-2 px-3 py-2 hover:bg-slate-50 focus:bg-slate-50"
              >
                <span className="font-medium text-brand-700">{a.name}</span>
                {a.mine ? <Badge tone="info">{t("quickLog.mine")}</Badge> : null}
                <span className="ml-auto text-xs text-slate-600">{t("quickLog.owner", { name: a.owner_name })}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-slate-700">{q ? t("quickLog.noMatch", { q }) : t("accounts.empty")}</p>
      )}
      <p className="mt-6 text-sm text-slate-600">{t("quickLog.shortcutHint")}</p>
    </div>
  );
}
