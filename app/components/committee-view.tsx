import { CommitteeGaps } from "#app/components/committee-gaps.tsx";
import { InfluenceSummary, RecordLine } from "#app/components/holder-record.tsx";
import type { HolderCounts, HolderPredictability, InfluenceRollup } from "#app/domain/holder-record.ts";
import { CommitteeTable, type CommitteeMemberRow } from "#app/components/committee-table.tsx";
import { OrgChart } from "#app/components/org-chart.tsx";
import type { ChartNode } from "#app/domain/org-chart.ts";
import { RoleButtons, type RoleReply } from "#app/components/role-buttons.tsx";
import type { CommitteeGap } from "#app/domain/coverage.ts";
import type { CommitteeRole } from "#app/domain/vocabulary.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";

/** Each person's record of promises and the influence-weighted roll-up (loadCommitteeView with `recordsFor`). */
export interface CommitteeRecords {
  months: number;
  window: { from: string; to: string };
  rollup: InfluenceRollup;
  byPerson: Record<string, { counts: HolderCounts; predictability: HolderPredictability }>;
  leftWithRecord: number;
}

/**
 * The buying committee as the account page and the committee page show it (see
 * loadCommitteeView): the gaps in key roles, the org chart, and the table with
 * one-click roles for those who may change the committee; with `records`, whom
 * we surprised (each person's record and the influence-weighted summary).
 */
export function CommitteeView({
  accountId,
  members,
  chart,
  gaps,
  npsMonths,
  engagedDays,
  canEdit,
  roleReply,
  level,
  records,
}: {
  accountId: string;
  members: (CommitteeMemberRow & { version: number })[];
  chart: ChartNode[];
  gaps: CommitteeGap[];
  npsMonths: number;
  engagedDays: number;
  canEdit: boolean;
  roleReply?: RoleReply | undefined;
  level: 2 | 3;
  records?: CommitteeRecords | null | undefined;
}) {
  const { t } = useI18n();
  const base = `/accounts/${accountId}/committee`;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <>
      <CommitteeGaps gaps={gaps} engagedDays={engagedDays} base={base} level={level} />
      {members.length === 0 && chart.length === 0 ? (
        <p className="text-slate-700">{t("committeePage.empty")}</p>
      ) : (
        <>
          <section aria-labelledby="org-heading">
            <Heading id="org-heading" className="text-lg font-semibold">
              {t("committeePage.orgChart")}
            </Heading>
            <p className="mb-3 text-sm text-slate-700">{t("committeePage.orgChartHelp")}</p>
            <OrgChart roots={chart} linkBase={base} />
          </section>
          {records ? (
            <InfluenceSummary rollup={records.rollup} window={records.window} leftWithRecord={records.leftWithRecord} />
          ) : null}
          <section aria-labelledby="people-heading">
            <Heading id="people-heading" className="text-lg font-semibold">
              {t("committeePage.people")}
            </Heading>
            <CommitteeTable
              members={members}
              npsMonths={npsMonths}
              linkBase={base}
              extraColumn={
                records
                  ? {
                      heading: t("holderRecord.column", { months: records.months }),
                      cell: (m) => {
                        const r = records.byPerson[m.id];
                        return r ? <RecordLine counts={r.counts} predictability={r.predictability} /> : null;
                      },
                    }
                  : undefined
              }
              roleCell={
                canEdit
                  ? (m) =>
                      m.left_on ? (
                        m.committee_role ? (
                          t(`committeeRole.${m.committee_role as CommitteeRole}`)
                        ) : (
                          t("committee.noRole")
                        )
                      ) : (
                        <RoleButtons
                          member={m as CommitteeMemberRow & { version: number }}
                          reply={roleReply?.stakeholderId === m.id ? roleReply : undefined}
                        />
                      )
                  : undefined
              }
            />
          </section>
        </>
      )}
    </>
  );
}
