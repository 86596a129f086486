import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { requirePortalUser } from "#app/utils/auth.server.ts";

// The customer's own route tree and look. Each child loader checks access itself.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  return { user: { name: user.name, role: user.role } };
}

export default function PortalLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full bg-sky-50/40">
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-4xl px-4 py-8">
        <FlashMessage />
        <Outlet />
      </main>
    </div>
  );
}
