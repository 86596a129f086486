import type { ReactNode } from "react";
import { NavLink } from "#app/components/ui/link.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** The administrator's pages, shown above each of them. */
export function AdminNav() {
  const { t } = useI18n();
  const links = [
    { to: "/admin/users", label: t("adminNav.users") },
    { to: "/admin/audit", label: t("adminNav.audit") },
    { to: "/admin/scoring", label: t("adminNav.scoring") },
    { to: "/admin/inbox", label: t("adminNav.inbox") },
    { to: "/admin/api-tokens", label: t("adminNav.apiTokens") },
    { to: "/admin/outbox", label: t("adminNav.outbox") },
    { to: "/admin/webhooks", label: t("adminNav.webhooks") },
  ];
  return (
    <nav aria-label={t("adminNav.label")} className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 pb-2">
      {links.map((l) => (
        <NavLink
          key={l.to}
          to={l.to}
          className={({ isActive }) =>
            `rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-brand-700 text-white" : "text-brand-800 hover:bg-slate-100"}`
          }
        >
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** An administrators' page that lists what it manages: under the nav, its title and what it is for, then `children`. */
export function AdminPage({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="max-w-5xl">
      <AdminNav />
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-700">{intro}</p>
      {children}
    </div>
  );
}
