import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { QuickLogShortcut } from "#app/components/quick-log.tsx";
import { requireInternalUser } from "#app/web/auth.server.ts";

// The staff side. Each child loader checks access itself (loaders run in parallel).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  return { user: { name: user.name, role: user.role } };
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader user={user} />
      <QuickLogShortcut />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <FlashMessage />
        <Outlet />
      </main>
    </>
  );
}
