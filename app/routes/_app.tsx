import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppHeader } from "#app/components/app-header.tsx";
import { FlashMessage } from "#app/components/flash-message.tsx";
import { QuickLogShortcut } from "#app/components/quick-log.tsx";
import { WebhookNotice } from "#app/components/webhook-notice.tsx";
import { inboxCount } from "#app/models/inbox-count.server.ts";
import { webhookNoticeCount } from "#app/models/webhooks.server.ts";
import { db } from "#app/utils/db.server.ts";
import { requireInternalUser } from "#app/web/auth.server.ts";

// The staff side. Each child loader checks access itself (loaders run in parallel).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInternalUser(request);
  // The header's count of what waits in the person's inbox (My work).
  const inbox = await inboxCount(db(), user);
  // Administrators: webhook endpoints turned off for failing, until one of them marks it seen.
  const webhookNotice = await webhookNoticeCount(db(), user);
  return { user: { name: user.name, role: user.role }, inbox, webhookNotice };
}

export default function AppLayout() {
  const { user, inbox, webhookNotice } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader user={user} inboxCount={inbox} />
      <QuickLogShortcut />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <FlashMessage />
        <WebhookNotice count={webhookNotice} />
        <Outlet />
      </main>
    </>
  );
}
