import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMessages } from "#app/i18n/page-messages.ts";
import type { PageHandle } from "#app/root.tsx";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge } from "#app/components/ui/badge.tsx";
import { defaultAccountScope } from "#app/domain/permissions.ts";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listAccounts } from "#app/models/accounts.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { AccountListQuery } from "#app/schemas/account.ts";

export const handle: PageHandle = {
  messages: pageMessages(
    "account.new",
    "accounts.",
    "export.csv",
    "landmark.",
    "paging.first",
    "paging.next",
    "stage.",
    "tier.",
    "title.accounts",
    "validation.currency",
    "validation.dateRange",
    "validation.number",
    "validation.plainText",
    "validation.renewalAfterStart",
  ),
};

export const meta: MetaFunction = ({ matches }) => {
  const f = metaI18n(matches);
  return pageTitle(f, f.t("title.accounts"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const url = new URL(request.url);
  const parsed = AccountListQuery.safeParse(Object.fromEntries(url.searchParams));
  // A hand-edited URL with a bad filter shows the unfiltered list rather than an error page.
  const query = parsed.success ? parsed.data : {};
  const scope = query.scope ?? defaultAccountScope(user);
  const ownerId = scope === "mine" ? user.id : query.owner;
  const [page, owners] = await Promise.all([
    listAccounts(db(), {
      ownerId,
      q: query.q,
      stage: query.stage,
      tier: query.tier,
      renewalWithinDays: query.renewal,
      includeArchived: query.archived === "1",
      cursor: query.cursor,
    }),
    listAccountManagers(db()),
  ]);
  return {
    ...page,
    owners,
    scope,
    query,
    filtered: Boolean(query.q || query.stage || query.tier || query.renewal || query.owner),
  };
}

export default function AccountsPage() {
  const { accounts, nextCursor, owners, scope, query, filtered } = useLoaderData<typeof loader>();
  const { t, date, money } = useI18n();
  const [searchParams] = useSearchParams();
  const nextParams = new URLSearchParams(searchParams);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  const firstParams = new URLSearchParams(searchParams);
  firstParams.delete("cursor");
  const select = "rounded-md border border-slate-400 bg-white px-2 py-1.5";
  return (
    <div>
      <div className="flex items-center gap-4">
        <h1 className="text-2xl font-bold">{scope === "mine" ? t("accounts.mine") : t("accounts.all")}</h1>
        <a href={`/accounts.csv?${firstParams}`} className="ml-auto text-sm text-brand-700 underline" download>
          {t("export.csv")}
        </a>
        <Link to="/accounts/new" className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white">
          {t("account.new")}
        </Link>
      </div>
      <Form
        method="get"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="q" className="text-sm font-medium">
            {t("accounts.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} className={select} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="scope" className="text-sm font-medium">
            {t("accounts.scope")}
          </label>
          <select id="scope" name="scope" defaultValue={scope} className={select}>
            <option value="mine">{t("accounts.mine")}</option>
            <option value="all">{t("accounts.all")}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="owner" className="text-sm font-medium">
            {t("accounts.col.owner")}
          </label>
          <select id="owner" name="owner" defaultValue={query.owner ?? ""} className={select}>
            <option value="">—</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="stage" className="text-sm font-medium">
            {t("accounts.col.stage")}
          </label>
          <select id="stage" name="stage" defaultValue={query.stage ?? ""} className={select}>
            <option value="">—</option>
            {LIFECYCLE_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="tier" className="text-sm font-medium">
            {t("accounts.col.tier")}
          </label>
          <select id="tier" name="tier" defaultValue={query.tier ?? ""} className={select}>
            <option value="">—</option>
            {TIERS.map((s) => (
              <option key={s} value={s}>
                {t(`tier.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="renewal" className="text-sm font-medium">
            {t("accounts.col.renewal")}
          </label>
          <select
            id="renewal"
            name="renewal"
            defaultValue={query.renewal ? String(query.renewal) : ""}
            className={select}
          >
            <option value="">—</option>
            {[30, 90, 180, 365].map((d) => (
              <option key={d} value={d}>
                {t("accounts.renewalWithin", { days: d })}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 py-1.5 text-sm">
          <input type="checkbox" name="archived" value="1" defaultChecked={query.archived === "1"} />
          {t("accounts.includeArchived")}
        </label>
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-semibold text-white">
          {t("accounts.filter")}
        </button>
      </Form>

      {accounts.length === 0 ? (
        <p className="mt-8 rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200">
          {filtered ? t("accounts.emptyFiltered") : t("accounts.empty")}
        </p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="accounts-table">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("accounts.col.name")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("accounts.col.owner")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("accounts.col.tier")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("accounts.col.stage")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("accounts.col.renewal")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("accounts.col.value")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {accounts.map((a) => (
                <tr key={a.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link
                      to={`/accounts/${a.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {a.name}
                    </Link>
                    <div className="text-xs text-slate-600">{a.industry}</div>
                  </td>
                  <td className="px-3 py-2">{a.owner_name}</td>
                  <td className="px-3 py-2">{t(`tier.${a.tier as (typeof TIERS)[number]}`)}</td>
                  <td className="px-3 py-2">
                    <Badge
                      tone={a.lifecycle_stage === "at_risk" || a.lifecycle_stage === "churned" ? "bad" : "neutral"}
                    >
                      {t(`stage.${a.lifecycle_stage as (typeof LIFECYCLE_STAGES)[number]}`)}
                    </Badge>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{date(a.renewal_date)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">{money(a.contract_value, a.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("landmark.pagination")} className="mt-4 flex gap-4 text-sm">
        {searchParams.get("cursor") ? (
          <Link to={`?${firstParams}`} className="text-brand-700 underline">
            {t("paging.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`?${nextParams}`} className="text-brand-700 underline" rel="next">
            {t("paging.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
