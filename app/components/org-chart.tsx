import { Link } from "#app/components/ui/link.tsx";
import { stanceTone } from "#app/components/committee-table.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import type { ChartNode } from "#app/domain/org-chart.ts";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/**
 * The committee's reporting lines as nested lists: a screen reader announces
 * each level and its size, and the chart reads the same without styles.
 */
export function OrgChart({ roots, linkBase }: { roots: ChartNode[]; linkBase: string }) {
  const { t } = useI18n();
  return (
    <ul aria-label={t("committeePage.orgChart")} className="flex flex-col gap-2" data-testid="org-chart">
      {roots.map((node) => (
        <ChartItem key={node.id} node={node} linkBase={linkBase} />
      ))}
    </ul>
  );
}

function ChartItem({ node, linkBase }: { node: ChartNode; linkBase: string }) {
  const { t, date } = useI18n();
  return (
    <li data-person={node.id}>
      <div
        className={`inline-flex flex-wrap items-center gap-2 rounded-md bg-white px-3 py-2 shadow-sm ring-1 ${
          node.left_on ? "text-slate-500 ring-slate-200" : "ring-slate-300"
        }`}
      >
        <Link to={`${linkBase}/${node.id}`} className="font-medium text-brand-700 underline">
          {node.name}
        </Link>
        {node.title ? <span className="text-xs text-slate-600">{node.title}</span> : null}
        {node.committee_role ? (
          <Badge tone="info">{t(`committeeRole.${node.committee_role as CommitteeRole}`)}</Badge>
        ) : null}
        <Badge>{t("committee.influenceValue", { value: node.influence })}</Badge>
        <Badge tone={stanceTone[node.stance as Stance] ?? "neutral"}>{t(`stance.${node.stance as Stance}`)}</Badge>
        {node.left_on ? <Badge tone="warn">{t("committee.left", { date: date(node.left_on) })}</Badge> : null}
        {node.managerLeft ? (
          <span className="text-xs text-amber-900">
            {t("committeePage.managerLeft", { name: node.managerLeft.name })}
          </span>
        ) : null}
        {node.loopBroken ? <span className="text-xs text-red-800">{t("committeePage.loopBroken")}</span> : null}
      </div>
      {node.reports.length ? (
        <ul className="ml-4 mt-2 flex flex-col gap-2 border-l-2 border-slate-300 pl-4">
          {node.reports.map((child) => (
            <ChartItem key={child.id} node={child} linkBase={linkBase} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
