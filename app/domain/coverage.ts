// Committee coverage: whether each key role of the buying committee has someone
// we actually talk to. Relationships resting on one person break when they leave.
//
// Decisions (tested in tests/unit/coverage.test.ts):
// - Engaged = active (not left) with two-way contact (a two-way touchpoint kind,
//   see TWO_WAY_KINDS) within the last `engagedDays` days (default 90), both
//   ends included: now − contact ≤ 90 × 24 h. Contact dated after `now` does not count.
// - A key role (KEY_COMMITTEE_ROLES) is covered when at least one engaged
//   stakeholder holds it; ratio = covered roles / key roles.
// - engagedPeople counts distinct engaged stakeholders in ANY role (or none);
//   single-threaded means one engaged person or nobody.
// - committeeGaps lists the key roles without an engaged person: vacant (no
//   active holder) or unengaged (holders, none engaged). A vacant decision-maker
//   or champion role names the holder who left most recently, however long ago
//   (as the key_person_left risk rule does): nobody has taken over.
import { KEY_COMMITTEE_ROLES, KEY_PERSON_ROLES } from "./vocabulary.ts";

export type KeyCommitteeRole = (typeof KEY_COMMITTEE_ROLES)[number];

export interface CoverageStakeholder {
  id: string;
  committeeRole: string | null;
  active: boolean;
  /** The latest two-way contact with this person, if any. */
  lastTwoWayContact: Date | string | null;
}

export interface CoverageResult {
  coveredRoles: KeyCommitteeRole[];
  missingRoles: KeyCommitteeRole[];
  /** covered / key roles, 0..1 */
  ratio: number;
  engagedPeople: number;
  singleThreaded: boolean;
  /** The engaged people in each key role. */
  engagedByRole: Record<KeyCommitteeRole, string[]>;
}

const DAY_MS = 86_400_000;

export function isEngaged(s: CoverageStakeholder, now: Date, engagedDays = 90): boolean {
  if (!s.active || !s.lastTwoWayContact) return false;
  const ago = now.getTime() - new Date(s.lastTwoWayContact).getTime();
  return ago >= 0 && ago <= engagedDays * DAY_MS;
}

export function committeeCoverage(
  stakeholders: CoverageStakeholder[],
  options: { now: Date; engagedDays?: number },
): CoverageResult {
  const engaged = stakeholders.filter((s) => isEngaged(s, options.now, options.engagedDays ?? 90));
  const engagedByRole = Object.fromEntries(
    KEY_COMMITTEE_ROLES.map((role) => [role, engaged.filter((s) => s.committeeRole === role).map((s) => s.id)]),
  ) as Record<KeyCommitteeRole, string[]>;
  const coveredRoles = KEY_COMMITTEE_ROLES.filter((role) => engagedByRole[role].length > 0);
  const missingRoles = KEY_COMMITTEE_ROLES.filter((role) => engagedByRole[role].length === 0);
  const engagedPeople = new Set(engaged.map((s) => s.id)).size;
  return {
    coveredRoles,
    missingRoles,
    ratio: coveredRoles.length / KEY_COMMITTEE_ROLES.length,
    engagedPeople,
    singleThreaded: engagedPeople <= 1,
    engagedByRole,
  };
}

export interface GapStakeholder extends CoverageStakeholder {
  name: string;
  /** 'YYYY-MM-DD' when they left; null while active. */
  leftOn: string | null;
}

export interface CommitteeGap {
  role: KeyCommitteeRole;
  /** vacant: no active person holds the role; unengaged: someone does, but nobody engaged (see isEngaged). */
  kind: "vacant" | "unengaged";
  /** The active holders (for unengaged). */
  holders: { id: string; name: string }[];
  /**
   * For the decision maker and champion: the holder who left most recently,
   * when nobody active took over (as the key_person_left risk rule reads it).
   */
  leftWithoutSuccessor: { id: string; name: string; leftOn: string } | null;
}

/** The key roles that lack an engaged person, in KEY_COMMITTEE_ROLES order. */
export function committeeGaps(
  stakeholders: GapStakeholder[],
  options: { now: Date; engagedDays?: number },
): CommitteeGap[] {
  const gaps: CommitteeGap[] = [];
  for (const role of KEY_COMMITTEE_ROLES) {
    const inRole = stakeholders.filter((s) => s.committeeRole === role);
    const active = inRole.filter((s) => s.active);
    if (active.some((s) => isEngaged(s, options.now, options.engagedDays ?? 90))) continue;
    const left = inRole
      .filter((s): s is GapStakeholder & { leftOn: string } => !s.active && s.leftOn !== null)
      .sort((a, b) => b.leftOn.localeCompare(a.leftOn) || a.id.localeCompare(b.id))[0];
    gaps.push({
      role,
      kind: active.length ? "unengaged" : "vacant",
      holders: active.map((s) => ({ id: s.id, name: s.name })),
      leftWithoutSuccessor:
        !active.length && left && (KEY_PERSON_ROLES as readonly string[]).includes(role)
          ? { id: left.id, name: left.name, leftOn: left.leftOn }
          : null,
    });
  }
  return gaps;
}
