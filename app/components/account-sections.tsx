import { Link } from "#app/components/ui/link.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** The account page's sections, each its own URL (plain links: they work without JavaScript). */
export type AccountSection = "overview" | "timeline" | "experience" | "plans" | "ledger" | "committee" | "tasks" | "reviews" | "portalAccess";

const SECTIONS: {
  id: AccountSection;
  path: string;
  label:
    | "section.overview"
    | "account.timeline"
    | "experience.section"
    | "plan.panel"
    | "account.ledger"
    | "account.committee"
    | "task.panel"
    | "review.panel"
    | "account.portalAccess";
}[] = [
  { id: "overview", path: "", label: "section.overview" },
  { id: "timeline", path: "/timeline", label: "account.timeline" },
  { id: "experience", path: "/experience", label: "experience.section" },
  { id: "plans", path: "/plans", label: "plan.panel" },
  { id: "ledger", path: "/expectations", label: "account.ledger" },
  { id: "committee", path: "/committee", label: "account.committee" },
  { id: "tasks", path: "/tasks", label: "task.panel" },
  { id: "reviews", path: "/reviews", label: "review.panel" },
  { id: "portalAccess", path: "/portal-access", label: "account.portalAccess" },
];

/** Where a section of an account lives. */
export function accountSectionHref(accountId: string, section: AccountSection): string {
  return `/accounts/${accountId}${SECTIONS.find((s) => s.id === section)!.path}`;
}

/**
 * Tabs between an account's sections. The current one is marked for assistive
 * technology (aria-current); on a narrow screen the row scrolls inside its own
 * box instead of widening the page.
 */
export function AccountSections({ accountId, current }: { accountId: string; current: AccountSection }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("section.nav")} className="-mx-1 overflow-x-auto" data-testid="account-sections">
      <ul className="flex min-w-max gap-1 border-b border-slate-300 px-1">
        {SECTIONS.map((s) => {
          const active = s.id === current;
          return (
            <li key={s.id}>
              <Link
                to={accountSectionHref(accountId, s.id)}
                aria-current={active ? "page" : undefined}
                className={`-mb-px inline-block border-b-4 px-3 py-2 text-sm font-medium ${
                  active
                    ? "border-brand-700 text-slate-900"
                    : "border-transparent text-brand-700 hover:border-slate-400"
                }`}
              >
                {t(s.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
