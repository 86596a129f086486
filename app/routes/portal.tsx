import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { NavLink } from "#app/components/ui/link.tsx";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { requirePortalUser } from "#app/web/auth.server.ts";

// The customer's own route tree and look. Each child loader checks access itself
// (loaders run in parallel) and reads only through withPortalScope.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  return { user: { name: user.name, role: user.role } };
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-sky-700 text-white" : "text-sky-900 hover:bg-sky-100"}`;

export default function PortalLayout() {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="min-h-full bg-sky-50/40">
      <AppHeader user={user} />
      <nav aria-label={t("portalNav.label")} className="border-b border-sky-200 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap gap-2 px-4 py-2">
          <NavLink to="/portal" end className={tabClass}>
            {t("portalNav.overview")}
          </NavLink>
          <NavLink to="/portal/commitments" className={tabClass}>
            {t("portalNav.commitments")}
          </NavLink>
          <NavLink to="/portal/feedback" className={tabClass}>
            {t("portalNav.feedback")}
          </NavLink>
          <NavLink to="/portal/reviews" className={tabClass}>
            {t("portalNav.reviews")}
          </NavLink>
        </div>
      </nav>
      <main id="main" className="mx-auto max-w-4xl px-4 py-8">
        <FlashMessage />
        <Outlet />
      </main>
    </div>
  );
}
