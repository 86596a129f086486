// The head of the account overview: back to the list, the name with its tier and
// stage, edit and the quick log for editors, the section tabs, and the account's facts.
import { Link } from "#app/components/ui/link.tsx";
import { AccountSections } from "#app/components/account-sections.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import { Fact } from "#app/components/ui/panel.tsx";
import type { LifecycleStage, Tier } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

interface OverviewAccount {
  id: string;
  name: string;
  tier: string;
  lifecycle_stage: string;
  archived_at: Date | string | null;
  owner_name: string;
  industry: string | null;
  relationship_start: string | null;
  renewal_date: string | null;
  contract_value: string | null;
  currency: string;
}

export function OverviewHeader({ account, canEdit }: { account: OverviewAccount; canEdit: boolean }) {
  const { t } = useI18n();
  const button = "rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-medium";
  return (
    <div className="flex flex-col gap-3">
      <Link to="/accounts" className="text-sm text-brand-700 underline">
        ← {t("account.backToList")}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold break-words">{account.name}</h1>
        <Badge>{t(`tier.${account.tier as Tier}`)}</Badge>
        <Badge tone={account.lifecycle_stage === "at_risk" ? "bad" : "neutral"}>
          {t(`stage.${account.lifecycle_stage as LifecycleStage}`)}
        </Badge>
        {account.archived_at ? <Badge tone="warn">{t("account.archived")}</Badge> : null}
        {canEdit ? (
          <Link to={`/accounts/${account.id}/edit`} className={`${button} sm:ml-auto`}>
            {t("account.edit")}
          </Link>
        ) : null}
      </div>
      {/* The quick log comes first on a phone: a full-width button under the name. */}
      {canEdit ? (
        <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3" data-testid="quick-log">
          <Link
            to={`/accounts/${account.id}/touchpoints/new`}
            className="rounded-md bg-brand-700 px-4 py-3 text-center text-base font-semibold text-white sm:py-2 sm:text-sm"
          >
            {t("nav.logTouchpoint")}
          </Link>
          <p className="hidden text-sm text-slate-700 sm:block">{t("overview.quickLogHint")}</p>
        </div>
      ) : null}
      <AccountSections accountId={account.id} current="overview" />
    </div>
  );
}

/** Owner, industry, since when, renewal and contract value. */
export function OverviewFacts({ account }: { account: OverviewAccount }) {
  const { t, date, money } = useI18n();
  return (
    <dl className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200 md:grid-cols-5">
      <Fact label={t("account.owner")} value={account.owner_name} />
      <Fact label={t("account.industry")} value={account.industry || "—"} />
      <Fact label={t("account.relationshipSince")} value={date(account.relationship_start) || "—"} />
      <Fact label={t("account.renewal")} value={date(account.renewal_date) || "—"} />
      <Fact label={t("account.contractValue")} value={money(account.contract_value, account.currency) || "—"} />
    </dl>
  );
}
