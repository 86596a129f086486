import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { Role } from "#app/domain/vocabulary.ts";

interface HeaderUser {
  name: string;
  role: Role;
}

export function AppHeader({ user, inboxCount = 0 }: { user: HeaderUser | null; inboxCount?: number }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const here = location.pathname + location.search;
  const isCustomer = user?.role === "customer";
  return (
    <header className={isCustomer ? "border-b border-sky-200 bg-white" : "bg-brand-800 text-white"}>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold tracking-tight">
          {t("app.name")}
          {isCustomer ? <span className="ml-2 text-sm font-normal text-slate-600">· Pohjola Systems</span> : null}
        </Link>
        {user ? (
          <nav aria-label={t("nav.mainLabel")} className="flex gap-4 text-sm">
            {isCustomer ? (
              <NavLink to="/portal" end className={navClass(isCustomer)}>
                {t("nav.portal")}
              </NavLink>
            ) : (
              <>
                <NavLink to="/my-work" className={navClass(isCustomer)}>
                  {t("nav.myWork")}
                  {inboxCount > 0 ? (
                    <span
                      data-testid="inbox-badge"
                      aria-label={t("inbox.headerCount", { count: inboxCount })}
                      className="ml-1 rounded-full bg-amber-300 px-1.5 text-xs font-semibold text-slate-900"
                    >
                      {inboxCount > 99 ? "99+" : inboxCount}
                    </span>
                  ) : null}
                </NavLink>
                <NavLink to="/accounts" className={navClass(isCustomer)}>
                  {t("nav.accounts")}
                </NavLink>
                {user.role === "kam" ? (
                  <NavLink to="/risks" className={navClass(isCustomer)}>
                    {t("nav.risks")}
                  </NavLink>
                ) : null}
                {user.role === "director" || user.role === "admin" ? (
                  <>
                    <NavLink to="/portfolio" className={navClass(isCustomer)}>
                      {t("nav.portfolio")}
                    </NavLink>
                    <NavLink to="/risks" className={navClass(isCustomer)}>
                      {t("nav.risks")}
                    </NavLink>
                  </>
                ) : null}
                {user.role === "admin" ? (
                  <NavLink to="/admin/users" className={({ isActive }) => navClass(isCustomer)({ isActive: isActive || location.pathname.startsWith("/admin/") })}>
                    {t("nav.admin")}
                  </NavLink>
                ) : null}
                <NavLink to="/import" className={navClass(isCustomer)}>
                  {t("nav.import")}
                </NavLink>
                <NavLink to="/log" className={navClass(isCustomer)} aria-keyshortcuts="l">
                  {t("nav.logTouchpoint")} <kbd className="ml-1 rounded border border-white/40 px-1 text-xs">L</kbd>
                </NavLink>
              </>
            )}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-4 text-sm">
          <Form method="post" action="/locale" className="flex items-center gap-1">
            <input type="hidden" name="redirectTo" value={here} />
            <label htmlFor="locale-select" className="sr-only">
              {t("locale.label")}
            </label>
            <select
              id="locale-select"
              name="locale"
              defaultValue={locale}
              className="rounded border border-slate-300 bg-white px-1 py-0.5 text-slate-900"
            >
              <option value="en">English</option>
              <option value="fi">Suomi</option>
            </select>
            <button
              type="submit"
              className={`rounded px-2 py-0.5 ${isCustomer || !user ? "border border-slate-300" : "border border-white/40"}`}
            >
              {t("locale.switch")}
            </button>
          </Form>
          {user ? (
            <>
              <span data-testid="signed-in-user">
                {user.name} <span className="opacity-75">· {t(`role.${user.role}`)}</span>
              </span>
              <Link to="/password" className="underline underline-offset-2">
                {t("nav.password")}
              </Link>
              {isCustomer ? null : (
                <Link to="/settings/api-tokens" className="underline underline-offset-2">
                  {t("nav.apiTokens")}
                </Link>
              )}
              <Form method="post" action="/logout">
                <button type="submit" className="underline underline-offset-2">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
}

function navClass(isCustomer: boolean) {
  return ({ isActive }: { isActive: boolean }) =>
    [
      "rounded px-2 py-1 font-medium",
      isActive ? (isCustomer ? "bg-sky-100 text-sky-900" : "bg-white/15") : "",
    ].join(" ");
}
