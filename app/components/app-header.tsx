import { Form, useLocation } from "@remix-run/react";
import { Link, NavLink } from "#app/components/ui/link.tsx";
import { Menu } from "lucide-react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { Role } from "#app/domain/vocabulary.ts";

interface HeaderUser {
  name: string;
  role: Role;
}

/**
 * The page header. From `lg` up the navigation and the account links sit in
 * one bar; below it they fold into a menu (a plain <details>, so it opens
 * without JavaScript) and only the name, the language switch and the menu
 * button stay in the bar. Nothing in it is wider than a 360 px screen.
 */
export function AppHeader({ user, inboxCount = 0 }: { user: HeaderUser | null; inboxCount?: number }) {
  const { t } = useI18n();
  const isCustomer = user?.role === "customer";
  return (
    <header className={isCustomer ? "border-b border-sky-200 bg-white text-slate-900" : "bg-brand-800 text-white"}>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold tracking-tight">
          {t("app.name")}
          {isCustomer ? (
            <span className="ml-2 hidden text-sm font-normal text-slate-700 sm:inline">· Pohjola Systems</span>
          ) : null}
        </Link>
        {user ? (
          <nav aria-label={t("nav.mainLabel")} className="hidden flex-wrap gap-x-2 gap-y-1 text-sm lg:flex">
            <NavItems user={user} inboxCount={inboxCount} />
          </nav>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
          <LocaleForm bordered={isCustomer || !user ? "border-slate-400" : "border-white/60"} />
          {user ? (
            <div className="hidden items-center gap-4 lg:flex">
              <UserLinks user={user} />
            </div>
          ) : null}
          {user ? <PhoneMenu user={user} inboxCount={inboxCount} /> : null}
        </div>
      </div>
    </header>
  );
}

/** The menu below `lg`: the same links, stacked, on a light panel under the bar. */
function PhoneMenu({ user, inboxCount }: { user: HeaderUser; inboxCount: number }) {
  const { t } = useI18n();
  const isCustomer = user.role === "customer";
  return (
    <details className="relative lg:hidden" data-testid="header-menu">
      <summary
        className={`flex cursor-pointer list-none items-center gap-2 rounded-md border px-3 py-1.5 font-medium [&::-webkit-details-marker]:hidden ${
          isCustomer ? "border-slate-400" : "border-white/60"
        }`}
      >
        <Menu aria-hidden="true" focusable="false" size={18} />
        {t("nav.menu")}
      </summary>
      <div className="absolute right-0 top-full z-20 mt-2 flex w-72 max-w-[calc(100vw-2rem)] flex-col gap-3 rounded-lg bg-white p-3 text-slate-900 shadow-lg ring-1 ring-slate-300">
        <nav aria-label={t("nav.mainLabel")} className="flex flex-col gap-1 text-base">
          <NavItems user={user} inboxCount={inboxCount} stacked />
        </nav>
        <div className="flex flex-col items-start gap-2 border-t border-slate-200 pt-3">
          <UserLinks user={user} stacked />
        </div>
      </div>
    </details>
  );
}

function NavItems({ user, inboxCount, stacked = false }: { user: HeaderUser; inboxCount: number; stacked?: boolean }) {
  const { t } = useI18n();
  const location = useLocation();
  const cls = navClass(user.role === "customer" || stacked);
  if (user.role === "customer") {
    return (
      <NavLink to="/portal" end className={cls}>
        {t("nav.portal")}
      </NavLink>
    );
  }
  return (
    <>
      <NavLink to="/my-work" className={cls}>
        {t("nav.myWork")}
        {inboxCount > 0 ? (
          <span
            data-testid={stacked ? undefined : "inbox-badge"}
            aria-label={t("inbox.headerCount", { count: inboxCount })}
            className="ml-1 rounded-full bg-amber-300 px-1.5 text-xs font-semibold text-slate-900"
          >
            {inboxCount > 99 ? "99+" : inboxCount}
          </span>
        ) : null}
      </NavLink>
      <NavLink to="/accounts" className={cls}>
        {t("nav.accounts")}
      </NavLink>
      {user.role === "kam" ? (
        <NavLink to="/risks" className={cls}>
          {t("nav.risks")}
        </NavLink>
      ) : null}
      {user.role === "director" || user.role === "admin" ? (
        <>
          <NavLink to="/portfolio" className={cls}>
            {t("nav.portfolio")}
          </NavLink>
          <NavLink to="/risks" className={cls}>
            {t("nav.risks")}
          </NavLink>
        </>
      ) : null}
      {user.role === "admin" ? (
        <NavLink
          to="/admin/users"
          className={({ isActive }) => cls({ isActive: isActive || location.pathname.startsWith("/admin/") })}
        >
          {t("nav.admin")}
        </NavLink>
      ) : null}
      <NavLink to="/import" className={cls}>
        {t("nav.import")}
      </NavLink>
      <NavLink to="/log" className={cls} aria-keyshortcuts="l">
        {t("nav.logTouchpoint")}{" "}
        <kbd className={`ml-1 rounded border px-1 text-xs ${stacked ? "border-slate-400" : "border-white/60"}`}>L</kbd>
      </NavLink>
    </>
  );
}

function UserLinks({ user, stacked = false }: { user: HeaderUser; stacked?: boolean }) {
  const { t } = useI18n();
  const link = `underline underline-offset-2 ${stacked ? "py-1 text-brand-700" : ""}`;
  return (
    <>
      <span data-testid={stacked ? undefined : "signed-in-user"}>
        {user.name} <span className={stacked ? "text-slate-700" : ""}>· {t(`role.${user.role}`)}</span>
      </span>
      <Link to="/password" className={link}>
        {t("nav.password")}
      </Link>
      <Link to="/settings/mail" className={link}>
        {t("mailPrefs.nav")}
      </Link>
      {user.role === "customer" ? null : (
        <Link to="/settings/api-tokens" className={link}>
          {t("nav.apiTokens")}
        </Link>
      )}
      <Form method="post" action="/logout">
        <button type="submit" className={link}>
          {t("nav.signOut")}
        </button>
      </Form>
    </>
  );
}

function LocaleForm({ bordered }: { bordered: string }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="flex items-center gap-1">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="locale-select" className="sr-only">
        {t("locale.label")}
      </label>
      <select
        id="locale-select"
        name="locale"
        defaultValue={locale}
        className="rounded border border-slate-400 bg-white px-1 py-1 text-slate-900"
      >
        <option value="en">English</option>
        <option value="fi">Suomi</option>
      </select>
      <button type="submit" className={`rounded border px-2 py-1 ${bordered}`}>
        {t("locale.switch")}
      </button>
    </Form>
  );
}

function navClass(light: boolean) {
  return ({ isActive }: { isActive: boolean }) =>
    [
      "rounded px-2 py-1 font-medium",
      light ? "text-slate-900" : "",
      isActive ? (light ? "bg-sky-100 text-sky-950" : "bg-white/20") : "",
    ].join(" ");
}
