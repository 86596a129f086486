import { Link } from "#app/components/ui/link.tsx";
import type { ReactNode } from "react";
import { Badge } from "#app/components/ui/badge.tsx";
import { BandedTable } from "#app/components/ui/table.tsx";
import type { CommitteePerson } from "#app/domain/org-chart.ts";
import type { CommitteeRole, Stance } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

export interface CommitteeMemberRow extends CommitteePerson {
  reports_to_id: string | null;
  /** Our latest two-way contact with them (shown with `npsMonths`). */
  last_two_way_contact?: Date | string | null;
  /** Their latest NPS answer within `npsMonths` (shown with `npsMonths`). */
  nps_score?: number | null;
}

export const stanceTone: Record<Stance, "good" | "neutral" | "warn" | "bad"> = {
  advocate: "good",
  supporter: "good",
  neutral: "neutral",
  skeptic: "warn",
  opponent: "bad",
};

const npsTone = (score: number) => (score >= 9 ? "good" : score >= 7 ? "neutral" : "bad");

/**
 * The buying committee as a table. With `npsMonths` it adds our last two-way
 * contact and the latest NPS answer; with `linkBase` names open the person's
 * page; `roleCell` replaces the role text (the committee page's one-click form);
 * `extraColumn` adds a column at the end (the committee page's record of promises).
 */
export function CommitteeTable({
  members,
  npsMonths,
  linkBase,
  roleCell,
  extraColumn,
}: {
  members: CommitteeMemberRow[];
  npsMonths?: number | undefined;
  linkBase?: string | undefined;
  roleCell?: ((member: CommitteeMemberRow) => ReactNode) | undefined;
  extraColumn?: { heading: string; cell: (member: CommitteeMemberRow) => ReactNode } | undefined;
}) {
  const { t } = useI18n();
  const names = new Map(members.map((m) => [m.id, m.name]));
  const headings = [
    t("committee.name"),
    t("committee.role"),
    t("committee.influence"),
    t("committee.stance"),
    t("committee.reportsTo"),
    ...(npsMonths !== undefined ? [t("committee.lastContact"), t("committee.nps", { months: npsMonths })] : []),
    ...(extraColumn ? [extraColumn.heading] : []),
  ];
  return (
    <div className="mt-2 overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <BandedTable names={headings} testId="committee-table">
        {members.map((m) => (
          <CommitteeRow
            key={m.id}
            m={m}
            managerName={m.reports_to_id ? (names.get(m.reports_to_id) ?? "—") : "—"}
            engagement={npsMonths !== undefined}
            linkBase={linkBase}
            roleCell={roleCell}
            extraCell={extraColumn?.cell}
          />
        ))}
      </BandedTable>
    </div>
  );
}

/** One person of the committee: name (with title, and when they left), role, influence, stance, manager, and the optional columns. */
function CommitteeRow({
  m,
  managerName,
  engagement,
  linkBase,
  roleCell,
  extraCell,
}: {
  m: CommitteeMemberRow;
  managerName: string;
  engagement: boolean;
  linkBase: string | undefined;
  roleCell: ((member: CommitteeMemberRow) => ReactNode) | undefined;
  extraCell: ((member: CommitteeMemberRow) => ReactNode) | undefined;
}) {
  const { t, date } = useI18n();
  return (
    <tr id={`person-${m.id}`} className={m.left_on ? "text-slate-500" : undefined}>
      <td className="px-3 py-2">
        <div className="font-medium">
          {linkBase ? (
            <Link to={`${linkBase}/${m.id}`} className="text-brand-700 underline">
              {m.name}
            </Link>
          ) : (
            m.name
          )}
        </div>
        <div className="text-xs text-slate-600">{m.title}</div>
        {m.left_on ? <Badge tone="warn">{t("committee.left", { date: date(m.left_on) })}</Badge> : null}
      </td>
      <td className="px-3 py-2">
        {roleCell
          ? roleCell(m)
          : m.committee_role
            ? t(`committeeRole.${m.committee_role as CommitteeRole}`)
            : t("committee.noRole")}
      </td>
      <td className="px-3 py-2">
        <span role="img" aria-label={t("committee.influenceValue", { value: m.influence })}>
          {"●".repeat(m.influence)}
          {"○".repeat(5 - m.influence)}
        </span>
      </td>
      <td className="px-3 py-2">
        <Badge tone={stanceTone[m.stance as Stance] ?? "neutral"}>{t(`stance.${m.stance as Stance}`)}</Badge>
      </td>
      <td className="px-3 py-2">{managerName}</td>
      {engagement ? (
        <>
          <td className="px-3 py-2">{m.last_two_way_contact ? date(m.last_two_way_contact) : t("committee.never")}</td>
          <td className="px-3 py-2">
            {m.nps_score != null ? (
              <Badge tone={npsTone(m.nps_score)}>{m.nps_score}</Badge>
            ) : (
              <span className="text-slate-600">{t("committee.noAnswer")}</span>
            )}
          </td>
        </>
      ) : null}
      {extraCell ? <td className="min-w-48 px-3 py-2">{extraCell(m)}</td> : null}
    </tr>
  );
}
