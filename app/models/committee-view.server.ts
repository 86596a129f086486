import { committeeGaps } from "#app/domain/coverage.ts";
import { addMonthsToInstant } from "#app/domain/dates.ts";
import { buildOrgChart, toChartNode } from "#app/domain/org-chart.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";
import { listCommittee, type CommitteeMember } from "./stakeholders.server.ts";

/**
 * The buying committee as the account page and the committee page show it:
 * the people (present ones, or everyone with `showLeft`) with last two-way
 * contact and latest NPS, the org chart, and the gaps in key roles — a decision
 * maker or champion who left with nobody after them among them.
 */
export async function loadCommitteeView(
  executor: Executor,
  accountId: string,
  { now = new Date(), showLeft = false }: { now?: Date; showLeft?: boolean } = {},
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
  return {
    members: (showLeft ? members : present).map(memberRow),
    /** Everyone who ever sat on the committee, who left too (e.g. to look for in the timeline). */
    everyone: members.map((m) => ({ id: m.id, name: m.name })),
    chart: buildOrgChart(members, { includeLeft: showLeft }).map(toChartNode),
    gaps,
    leftCount: members.length - present.length,
    npsMonths: settings.npsMonths,
    engagedDays: settings.coverageEngagedDays,
  };
}

function memberRow(m: CommitteeMember) {
  return {
    id: m.id,
    name: m.name,
    title: m.title,
    committee_role: m.committee_role,
    influence: m.influence,
    stance: m.stance,
    reports_to_id: m.reports_to_id,
    left_on: m.left_on,
    version: m.version,
    last_two_way_contact: m.last_two_way_contact,
    nps_score: m.nps_score,
  };
}
