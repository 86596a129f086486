import { useLoaderData } from "@remix-run/react";
import { Link } from "#app/components/ui/link.tsx";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import type { loader } from "#app/routes/_app.portfolio.experience.tsx";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

// The pooled experience page's list: the touchpoints behind the quadrant
// (?cell=) or the moments of truth of a kind (?kind=) chosen above it, each
// linking to its account's timeline filtered the same way.

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export function ExperienceTouchpoints({
  list,
  cell,
  kind,
  window,
  listSize,
}: Pick<Data, "cell" | "kind" | "listSize"> & {
  list: NonNullable<Data["list"]>;
  window: Data["experience"]["window"];
}) {
  const f = useI18n();
  const { t, date } = f;
  const timelineHref = (accountId: string) => {
    const p = new URLSearchParams({ from: window.from, to: window.to });
    if (cell) p.set("quadrant", cell);
    if (kind) {
      p.set("kind", kind);
      p.set("moment", "truth");
    }
    return `/accounts/${accountId}/timeline?${p}`;
  };
  return (
    <Card name="list" id="list" data-testid="experience-list">
      <CardTitle name="list">
        {cell
          ? t("experience.cellList", { cell: t(`experience.cell.${cell}`) })
          : t("experience.cellListMoments", { kind: t(`kind.${kind!}`) })}
      </CardTitle>
      {list.length === 0 ? (
        <p className="text-sm text-slate-700">{t("experience.cellListNone")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200">
          {list.map((row) => (
            <li key={row.id} className="flex flex-col gap-0.5 py-2 text-sm sm:flex-row sm:flex-wrap sm:gap-x-3">
              <span className="text-slate-600">{date(row.occurred_at)}</span>
              <Link to={timelineHref(row.account_id)} className="font-medium text-brand-700 underline">
                {row.account_name}
              </Link>
              <Link to={`/accounts/${row.account_id}/touchpoints/${row.id}`} className="break-words underline">
                {t(`kind.${row.kind as TouchpointKind}`)}: {touchpointTitle(f, row)}
              </Link>
              <span className="text-slate-700">
                {[
                  row.treatment != null ? t("experience.treatmentValue", { n: row.treatment }) : null,
                  row.resolved ? t(`experience.resolvedValue.${row.resolved as "yes"}`) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.length >= listSize ? (
        <p className="mt-2 text-xs text-slate-600">{t("experience.cellListMore", { n: listSize })}</p>
      ) : null}
    </Card>
  );
}
