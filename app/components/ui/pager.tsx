import { useSearchParams } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** "First page" and "Next page" links that keep the view. */
export function Pager({ nextCursor }: { nextCursor: string | null }) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const next = new URLSearchParams(searchParams);
  if (nextCursor) next.set("cursor", nextCursor);
  const first = new URLSearchParams(searchParams);
  first.delete("cursor");
  return (
    <nav aria-label={t("landmark.pagination")} className="mt-4 flex gap-4 text-sm">
      {searchParams.get("cursor") ? (
        <Link to={`?${first}`} className="text-brand-700 underline">
          {t("paging.first")}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link to={`?${next}`} className="text-brand-700 underline" rel="next">
          {t("paging.next")}
        </Link>
      ) : null}
    </nav>
  );
}
