import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { QuickLogShortcut } from "#app/components/quick-log.tsx";
import { inboxCount } from "#app/models/inbox.server.ts";
import { db } from "#app/utils/db.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";

// The staff side. Each child loader checks access itself (loaders run in parallel).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  // The header's count of what waits in the person's inbox (My work).
  const inbox = await inboxCount(db(), user);
  return { user: { name: user.name, role: user.role }, inbox };
}

export default function AppLayout() {
  const { user, inbox } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader user={user} inboxCount={inbox} />
      <QuickLogShortcut />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <FlashMessage />
        <Outlet />
      </main>
    </>
  );
}
