import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { Pager } from "#app/components/ui/pager.tsx";
import { FilterForm, FilterInput, FilterSelect } from "#app/components/ui/filter-form.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { LIFECYCLE_STAGES, TIERS } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listAccounts } from "#app/models/accounts.server.ts";
import { listAccountManagers } from "#app/models/users.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { accountListView } from "#app/web/account-list.server.ts";
import { RowTitleLink, TableHead } from "#app/components/ui/table.tsx";

export const meta: MetaFunction = titleMeta("title.accounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  const { query, scope, filters } = accountListView(user, new URL(request.url).searchParams);
  const [page, owners] = await Promise.all([
    listAccounts(db(), { ...filters, cursor: query.cursor }),
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
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const firstParams = new URLSearchParams(searchParams);
  firstParams.delete("cursor");
  /** A filter on one of the table's columns, named as the column is; "—" filters nothing. */
  const column = (
    name: "owner" | "stage" | "tier" | "renewal",
    options: { value: string | number; label: string }[],
  ) => (
    <FilterSelect
      id={name}
      name={name}
      label={t(`accounts.col.${name}`)}
      defaultValue={String(query[name] ?? "")}
      anyLabel="—"
      options={options}
    />
  );
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
      <FilterForm className="mt-4" submitLabel={t("accounts.filter")}>
        <FilterInput id="q" name="q" type="search" label={t("accounts.search")} defaultValue={query.q ?? ""} />
        <FilterSelect
          id="scope"
          name="scope"
          label={t("accounts.scope")}
          defaultValue={scope}
          options={[
            { value: "mine", label: t("accounts.mine") },
            { value: "all", label: t("accounts.all") },
          ]}
        />
        {column(
          "owner",
          owners.map((o) => ({ value: o.id, label: o.name })),
        )}
        {column(
          "stage",
          LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
        )}
        {column(
          "tier",
          TIERS.map((s) => ({ value: s, label: t(`tier.${s}`) })),
        )}
        {column(
          "renewal",
          [30, 90, 180, 365].map((d) => ({ value: d, label: t("accounts.renewalWithin", { days: d }) })),
        )}
        <label className="flex items-center gap-2 py-1.5 text-sm">
          <input type="checkbox" name="archived" value="1" defaultChecked={query.archived === "1"} />
          {t("accounts.includeArchived")}
        </label>
      </FilterForm>

      {accounts.length === 0 ? (
        <p className="mt-8 rounded-lg bg-white p-8 text-center text-slate-700 ring-1 ring-slate-200">
          {filtered ? t("accounts.emptyFiltered") : t("accounts.empty")}
        </p>
      ) : (
        <AccountsTable accounts={accounts} />
      )}
      <Pager nextCursor={nextCursor} />
    </div>
  );
}

/** A page of accounts: name and industry, owner, tier, stage, renewal and value. */
function AccountsTable({ accounts }: { accounts: ReturnType<typeof useLoaderData<typeof loader>>["accounts"] }) {
  const { t, date, money } = useI18n();
  return (
    <div className="mt-4 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid="accounts-table">
        <TableHead
          names={[
            t("accounts.col.name"),
            t("accounts.col.owner"),
            t("accounts.col.tier"),
            t("accounts.col.stage"),
            t("accounts.col.renewal"),
          ]}
          figures={[t("accounts.col.value")]}
        />
        <tbody className="divide-y divide-slate-200">
          {accounts.map((a) => (
            <tr key={a.id} className="hover:bg-slate-50">
              <td className="px-3 py-2">
                <RowTitleLink to={`/accounts/${a.id}`}>{a.name}</RowTitleLink>
                <div className="text-xs text-slate-600">{a.industry}</div>
              </td>
              <td className="px-3 py-2">{a.owner_name}</td>
              <td className="px-3 py-2">{t(`tier.${a.tier as (typeof TIERS)[number]}`)}</td>
              <td className="px-3 py-2">
                <Badge tone={a.lifecycle_stage === "at_risk" || a.lifecycle_stage === "churned" ? "bad" : "neutral"}>
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
  );
}
