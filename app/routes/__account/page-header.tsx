import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { AccountSections, type AccountSection } from "#app/components/account-sections.tsx";

/**
 * The head of a section page of one account: a link back to the account, the
 * page's title (and a line of introduction, if any), then the section tabs.
 */
export function AccountPageHeader({
  account,
  title,
  intro,
  current,
}: {
  account: { id: string; name: string };
  title: string;
  intro?: ReactNode;
  current: AccountSection;
}) {
  return (
    <>
      <div>
        <Link to={`/accounts/${account.id}`} className="text-sm text-brand-700 underline">
          {account.name}
        </Link>
        <h1 className="text-2xl font-bold break-words">{title}</h1>
        {intro}
      </div>
      <AccountSections accountId={account.id} current={current} />
    </>
  );
}
