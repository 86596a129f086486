import type { ReactNode } from "react";
import { Link } from "#app/components/ui/link.tsx";
import { AccountSections, type AccountSection } from "#app/components/account-sections.tsx";

/**
 * The head of a section page of one account: a link back to the account, the
 * page's title (and a line of introduction, if any), then the section tabs.
 * `stacked`: the three in one column a little apart, the link an arrow back
 * (the timeline, the experience).
 */
export function AccountPageHeader({
  account,
  title,
  intro,
  current,
  stacked = false,
}: {
  account: { id: string; name: string };
  title: string;
  intro?: ReactNode;
  current: AccountSection;
  stacked?: boolean;
}) {
  const back = (
    <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
      {stacked ? "← " : null}
      {account.name}
    </Link>
  );
  const heading = <h1 className="text-2xl font-bold break-words">{title}</h1>;
  const sections = <AccountSections accountId={account.id} current={current} />;
  if (stacked) {
    return (
      <div className="flex flex-col gap-3">
        {back}
        {heading}
        {intro}
        {sections}
      </div>
    );
  }
  return (
    <>
      <div>
        {back}
        {heading}
        {intro}
      </div>
      {sections}
    </>
  );
}

/**
 * Below the head of a section page that is not an AccountPageHeader (the
 * committee, the ledger): the section tabs, the page's introduction, and, when
 * the reader may only look (`readOnly` says so), a note saying it.
 */
export function SectionTabsIntro({
  accountId,
  current,
  intro,
  readOnly,
}: {
  accountId: string;
  current: AccountSection;
  intro: string;
  readOnly: string | null;
}) {
  return (
    <>
      <div className="mt-3">
        <AccountSections accountId={accountId} current={current} />
      </div>
      <p className="mt-3 text-slate-700">{intro}</p>
      {readOnly === null ? null : <p className="mt-2 rounded-md bg-slate-100 p-3 text-sm">{readOnly}</p>}
    </>
  );
}
