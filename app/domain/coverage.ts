// Committee coverage: whether each key role of the buying committee has someone
// we actually talk to. Relationships resting on one person break when they leave.
//
// Decisions (tested in tests/unit/coverage.test.ts):
// - Engaged = active (not left) with two-way contact (a two-way touchpoint kind,
//   see TWO_WAY_KINDS) or their own activity in the customer portal (signing in,
//   confirming or disputing a delivery, answering a survey) within the last
//   `engagedDays` days (default 90), both ends included: now − contact ≤ 90 × 24 h.
//   Anything dated after `now` does not count.
// - A key role (KEY_COMMITTEE_ROLES) is covered when at least one engaged
//   stakeholder holds it; ratio = covered roles / key roles.
// - Without anyone active in a key role there is nothing to cover: `mapped` is
//   false, the ratio is null ("no key roles mapped", not 0 %) and the account
//   is not called single-threaded (the page asks for the committee to be mapped).
// - engagedPeople counts distinct engaged stakeholders in ANY role (or none);
//   single-threaded means key roles are mapped and one engaged person or nobody.
// - committeeGaps lists the key roles without an engaged person: vacant (no
//   active holder) or unengaged (holders, none engaged). A vacant decision-maker
//   or champion role names the holder who left most recently, however long ago
//   (as the key_person_left risk rule does): nobody has taken over.
import { DAY_MS } from "./time.ts";
import { KEY_COMMITTEE_ROLES, KEY_PERSON_ROLES } from "./vocabulary.ts";

export type KeyCommitteeRole = (typeof KEY_COMMITTEE_ROLES)[number];

export interface CoverageStakeholder {
  id: string;
  committeeRole: string | null;
  active: boolean;
  /** The latest two-way contact with this person, if any. */
  lastTwoWayContact: Date | string | null;
  /** Their latest activity in the customer portal (sign-in, confirmation, dispute, answer), if any. */
  lastPortalActivity?: Date | string | null;
}

export interface CoverageResult {
  /** Whether anyone active holds a key role; without, the ratio is null. */
  mapped?: boolean;
  coveredRoles: KeyCommitteeRole[];
  missingRoles: KeyCommitteeRole[];
  /** covered / key roles, 0..1; null when no key role is mapped. */
  ratio: number | null;
  engagedPeople: number;
  /** Of the engaged people, those engaged through the portal alone (no two-way contact in the window). */
  engagedThroughPortal?: number;
  singleThreaded: boolean;
  /** The engaged people in each key role. */
  engagedByRole: Record<KeyCommitteeRole, string[]>;
}

function within(at: Date | string | null | undefined, now: Date, engagedDays: number): boolean {
  if (!at) return false;
  const ago = now.getTime() - new Date(at).getTime();
  return ago >= 0 && ago <= engagedDays * DAY_MS;
}

export function isEngaged(s: CoverageStakeholder, now: Date, engagedDays = 90): boolean {
  return s.active && (within(s.lastTwoWayContact, now, engagedDays) || within(s.lastPortalActivity, now, engagedDays));
}

export function committeeCoverage(
  stakeholders: CoverageStakeholder[],
  options: { now: Date; engagedDays?: number },
): CoverageResult {
  const days = options.engagedDays ?? 90;
  const engaged = stakeholders.filter((s) => isEngaged(s, options.now, days));
  const engagedByRole = Object.fromEntries(
    KEY_COMMITTEE_ROLES.map((role) => [role, engaged.filter((s) => s.committeeRole === role).map((s) => s.id)]),
  ) as Record<KeyCommitteeRole, string[]>;
  const coveredRoles = KEY_COMMITTEE_ROLES.filter((role) => engagedByRole[role].length > 0);
  const missingRoles = KEY_COMMITTEE_ROLES.filter((role) => engagedByRole[role].length === 0);
  const engagedPeople = new Set(engaged.map((s) => s.id)).size;
  const keyRoles: readonly (string | null)[] = KEY_COMMITTEE_ROLES;
  const mapped = stakeholders.some((s) => s.active && keyRoles.includes(s.committeeRole));
  const throughPortal = engaged.filter((s) => !within(s.lastTwoWayContact, options.now, days));
  return {
    mapped,
    coveredRoles,
    missingRoles,
    ratio: mapped ? coveredRoles.length / KEY_COMMITTEE_ROLES.length : null,
    engagedPeople,
    engagedThroughPortal: new Set(throughPortal.map((s) => s.id)).size,
    singleThreaded: mapped && engagedPeople <= 1,
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
