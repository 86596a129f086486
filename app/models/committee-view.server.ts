import { committeeGaps } from "#app/domain/coverage.ts";
import { addMonthsToInstant } from "#app/domain/dates.ts";
import { buildOrgChart, committeePerson, toChartNode } from "#app/domain/org-chart.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadHolderRecords } from "./holder-record.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";
import { listCommittee, type CommitteeMember } from "./stakeholders.server.ts";

/**
 * The buying committee as the account page and the committee page show it:
 * the people (present ones, or everyone with `showLeft`) with last two-way
 * contact and latest NPS, the org chart, and the gaps in key roles — a decision
 * maker or champion who left with nobody after them among them. With
 * `recordsFor` (the vendor's date), also each person's record of what was
 * promised to them and the influence-weighted roll-up (holder-record.server.ts).
 */
export async function loadCommitteeView(
  executor: Executor,
  accountId: string,
  { now = new Date(), showLeft = false, recordsFor }: { now?: Date; showLeft?: boolean; recordsFor?: string } = {},
) {
  // One after another: the caller may pass a transaction (one connection).
  const { settings } = await loadScoringSettings(executor);
  const members = await listCommittee(executor, accountId, { npsSince: addMonthsToInstant(now, -settings.npsMonths), now });
  const gaps = committeeGaps(
    members.map((m) => ({
      id: m.id,
      name: m.name,
      committeeRole: m.committee_role,
      active: m.left_on === null,
      leftOn: m.left_on,
      lastTwoWayContact: m.last_two_way_contact,
      lastPortalActivity: m.last_portal_activity,
    })),
    { now, engagedDays: settings.coverageEngagedDays },
  );
  const present = members.filter((m) => m.left_on === null);
  const records = recordsFor ? await loadHolderRecords(executor, accountId, { today: recordsFor }) : null;
  return {
    members: (showLeft ? members : present).map(memberRow),
    /** Everyone who ever sat on the committee, who left too (e.g. to look for in the timeline). */
    everyone: members.map((m) => ({ id: m.id, name: m.name })),
    chart: buildOrgChart(members, { includeLeft: showLeft }).map(toChartNode),
    gaps,
    leftCount: members.length - present.length,
    npsMonths: settings.npsMonths,
    engagedDays: settings.coverageEngagedDays,
    records: records
      ? {
          months: records.months,
          window: records.window,
          rollup: records.rollup,
          /** Each person's counts and figure (their promise lists are on their own page). */
          byPerson: Object.fromEntries(
            records.people.map((r) => [r.person.id, { counts: r.counts, predictability: r.predictability }]),
          ),
          /** Who left among those the roll-up counts. */
          leftWithRecord: records.people.filter((r) => r.person.leftOn !== null && r.counts.promised > 0).length,
        }
      : null,
  };
}

function memberRow(m: CommitteeMember) {
  return {
    ...committeePerson(m),
    reports_to_id: m.reports_to_id,
    version: m.version,
    last_two_way_contact: m.last_two_way_contact,
    nps_score: m.nps_score,
  };
}
