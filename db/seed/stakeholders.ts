// The buying committee of a generated account, and who of it has left.
import type { Rng } from "./random.ts";
import { addDays, isoDate, slug, type AccountRows, type AccountScope } from "./rows.ts";
import { FIRST_NAMES, LAST_NAMES, TITLES_BY_ROLE } from "./words.ts";

const BASE_ROLES = ["decision_maker", "economic_buyer", "champion", "user", "influencer", "technical_evaluator", "procurement"];

/** A decision maker at the top, everyone else reporting up. */
export function generateStakeholders(
  rng: Rng,
  scope: AccountScope,
  accountName: string,
  count: number,
): AccountRows["stakeholders"] {
  const { index, accountId, today, relationshipStart } = scope;
  const stakeholders: AccountRows["stakeholders"] = [];
  for (let s = 0; s < count; s++) {
    const role =
      s < BASE_ROLES.length
        ? BASE_ROLES[s]!
        : rng.weighted([["user", 5], ["influencer", 2], ["technical_evaluator", 1], ["blocker", 1], [null, 2]] as const);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const managerPool = stakeholders.slice(0, Math.min(s, 4));
    // Weight in the decision sits with the key roles; users and buyers seldom carry much.
    const influence =
      role === "decision_maker" || role === "economic_buyer"
        ? rng.int(4, 5)
        : role === "champion"
          ? rng.int(3, 5)
          : role === "influencer" || role === "technical_evaluator" || role === "blocker"
            ? rng.int(2, 4)
            : rng.int(1, 3);
    const stanceScore = scope.character.mood + (rng.next() - 0.5) * 1.4;
    stakeholders.push({
      account_id: accountId,
      id: rng.uuid(),
      external_id: `CRM-${100_000 + index}-P${s + 1}`,
      name: `${first} ${last}`,
      title: rng.pick(TITLES_BY_ROLE[role ?? "user"] ?? ["Specialist"]),
      email: `${first}.${last}.${s + 1}@${slug(accountName)}.example`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
      phone: `+358 40 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      committee_role: role,
      influence,
      stance: stanceOf(stanceScore),
      reports_to_id: s === 0 ? null : managerPool.length ? rng.pick(managerPool).id : null,
      left_on: null,
      left_recorded_at: null,
      created_at: relationshipStart,
      updated_at: today,
    });
  }
  return stakeholders;
}

function stanceOf(score: number) {
  return score > 1 ? "advocate" : score > 0.3 ? "supporter" : score > -0.4 ? "neutral" : score > -1 ? "skeptic" : "opponent";
}

/**
 * Some people leave; in some accounts the champion left and nobody took over.
 * A key person's leaving is a committee-change entry on the timeline.
 */
export function generateLeavers(
  rng: Rng,
  scope: AccountScope,
  stakeholders: AccountRows["stakeholders"],
  rows: Pick<AccountRows, "touchpoints" | "touchpointStakeholders">,
): void {
  const { index, accountId, ownerId, today } = scope;
  const championLeft = index !== 0 && rng.chance(0.15);
  for (const [s, person] of stakeholders.entries()) {
    const leaves = (s === 2 && championLeft) || (s >= 3 && rng.chance(0.08));
    if (!leaves) continue;
    const leftOn = addDays(today, -rng.int(15, 300));
    person.left_on = isoDate(leftOn);
    // Recorded on the day it happened (the history is the demo's, not typed in today).
    person.left_recorded_at = leftOn;
    if (person.committee_role !== "champion" && person.committee_role !== "decision_maker") continue;
    const id = rng.uuid();
    rows.touchpoints.push({
      account_id: accountId,
      id,
      kind: "committee_change",
      occurred_at: leftOn,
      recorded_at: leftOn,
      author_id: ownerId,
      source: "system",
      title: `${person.name} (${person.committee_role === "champion" ? "champion" : "decision maker"}) left`,
      // Read in each reader's language, like the entries the app writes (app/i18n/system-titles.ts).
      title_key: "committeeChange.left",
      title_params: { name: person.name, role: person.committee_role },
      summary: "",
    });
    rows.touchpointStakeholders.push({ account_id: accountId, touchpoint_id: id, stakeholder_id: person.id, occurred_at: leftOn });
  }
}
