import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { MessageKey } from "#app/i18n/index.ts";
import { titleMeta } from "#app/i18n/meta.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { listPortalReviews } from "#app/models/portal-reviews.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { requirePortalUser } from "#app/web/auth.server.ts";

export const meta: MetaFunction = titleMeta("portalReview.title");

// The customer's business reviews: those shared with them, read through the portal's scope.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePortalUser(request);
  const reviews = await withPortalScope(user.accountId, (trx) => listPortalReviews(trx, user.accountId));
  return { reviews };
}

export default function PortalReviews() {
  const { reviews } = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{t("portalReview.title")}</h1>
      <p className="text-slate-700">{t("portalReview.intro")}</p>
      {reviews.length ? (
        <ul className="flex flex-col gap-2" data-testid="portal-review-list">
          {reviews.map((r) => (
            <li key={r.id} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-sky-200">
              <Link to={`/portal/reviews/${r.id}`} className="font-semibold text-sky-800 underline">
                {r.title}
              </Link>
              <p className="text-sm text-slate-700">
                {t("review.periodRange", { from: date(r.period_start), to: date(r.period_end) })} ·{" "}
                {t(`portalReview.state.${r.state}` as MessageKey)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-700">{t("portalReview.none")}</p>
      )}
    </div>
  );
}
