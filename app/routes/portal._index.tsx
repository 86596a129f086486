import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Timeline } from "#app/components/timeline.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { getPortalAccount, listSharedTimeline } from "#app/models/portal.server.ts";
import { notFound, requirePortalUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account · Kohtaamo" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const [account, timeline] = await Promise.all([
    getPortalAccount(db(), user.accountId),
    listSharedTimeline(db(), user.accountId, { cursor }),
  ]);
  if (!account) notFound();
  return { userName: user.name, account, timeline };
}

export default function PortalHome() {
  const { userName, account, timeline } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  return (
    <div className="flex flex-col gap-8">
      <div>
        <p className="text-sm text-slate-600">{t("portal.welcome", { name: userName })}</p>
        <h1 className="mt-1 text-3xl font-bold" data-testid="portal-account-name">
          {account.name}
        </h1>
        <p className="text-slate-700">{t("portal.yourAccount")}</p>
      </div>
      <section aria-labelledby="kam-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-sky-200">
        <h2 id="kam-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
          {t("portal.yourKam")}
        </h2>
        <p className="mt-1 text-lg font-medium" data-testid="portal-kam">
          {account.kam_name}
        </p>
        <a href={`mailto:${account.kam_email}`} className="text-sky-800 underline">
          {account.kam_email}
        </a>
      </section>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading" className="mb-3 text-lg font-semibold">
          {t("portal.sharedTimeline")}
        </h2>
        {timeline.touchpoints.length ? (
          <Timeline items={timeline.touchpoints} audience="customer" />
        ) : (
          <p className="text-slate-700">{t("portal.sharedEmpty")}</p>
        )}
        <nav aria-label="Timeline pages" className="mt-4 flex gap-4 text-sm">
          {searchParams.get("cursor") ? (
            <Link to="." className="text-sky-800 underline">{t("paging.newest")}</Link>
          ) : null}
          {timeline.nextCursor ? (
            <Link to={`?cursor=${timeline.nextCursor}`} className="text-sky-800 underline" rel="next">
              {t("paging.older")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
