// The account brief for meeting preparation: plain rules over plain data.
import { daysBetween } from "./dates.ts";
import { calendarDate } from "./time.ts";
import { KEY_COMMITTEE_ROLES } from "./vocabulary.ts";

export interface CommitteeContact {
  id: string;
  name: string;
  committee_role: string | null;
  left_on: string | null;
  last_two_way_contact: Date | string | null;
}

export interface RoleContact {
  role: (typeof KEY_COMMITTEE_ROLES)[number];
  /** The active person in the role with the most recent two-way contact (or the first, if none has any). */
  person: { id: string; name: string } | null;
  lastContact: Date | null;
}

/** For each key role: who holds it now and when we last had two-way contact with them. */
export function lastContactByKeyRole(members: CommitteeContact[]): RoleContact[] {
  return KEY_COMMITTEE_ROLES.map((role) => {
    const holders = members.filter((m) => m.committee_role === role && !m.left_on);
    let best: CommitteeContact | null = null;
    for (const m of holders) {
      const at = m.last_two_way_contact ? new Date(m.last_two_way_contact).getTime() : -Infinity;
      const bestAt = best?.last_two_way_contact ? new Date(best.last_two_way_contact).getTime() : -Infinity;
      if (!best || at > bestAt) best = m;
    }
    return {
      role,
      person: best ? { id: best.id, name: best.name } : null,
      lastContact: best?.last_two_way_contact ? new Date(best.last_two_way_contact) : null,
    };
  });
}

/** Days since two-way contact with any active decision maker; null when there never was any. */
export function daysSinceDecisionMakerContact(members: CommitteeContact[], now: Date): number | null {
  const dm = lastContactByKeyRole(members).find((r) => r.role === "decision_maker");
  return dm?.lastContact ? daysBetween(dm.lastContact, now) : null;
}

export type TrendDirection = "up" | "down" | "flat" | "unknown";

export interface SentimentTrend {
  direction: TrendDirection;
  /** Mean of the most recent half of the window. */
  recent: number | null;
  /** Mean of the earlier half. */
  earlier: number | null;
  /** How many rated touchpoints the trend rests on. */
  sample: number;
}

/**
 * Compares the mean sentiment of the newest half of the last `window` rated
 * touchpoints with the older half. Sentiments come newest first. Fewer than four
 * ratings is too few to call a trend; a change under `threshold` is steady.
 */
export function sentimentTrend(newestFirst: number[], window = 10, threshold = 0.3): SentimentTrend {
  const values = newestFirst.slice(0, window);
  if (values.length < 4) {
    return { direction: "unknown", recent: values.length ? mean(values) : null, earlier: null, sample: values.length };
  }
  const half = Math.floor(values.length / 2);
  const recent = mean(values.slice(0, half));
  const earlier = mean(values.slice(half));
  const delta = recent - earlier;
  const direction: TrendDirection = delta >= threshold ? "up" : delta <= -threshold ? "down" : "flat";
  return { direction, recent: round1(recent), earlier: round1(earlier), sample: values.length };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface PlanForBrief {
  id: string;
  planned_for: Date | string;
  state: string;
  stakeholder_ids: readonly string[];
}

/**
 * The meeting the brief prepares for: the soonest plan still planned whose day
 * (in the vendor's time zone) is today or later — a meeting earlier today not
 * yet recorded still counts; one from an earlier day never recorded does not.
 * Ties by time go to the plan id. Its people are those attending.
 */
export function meetingToBrief<P extends PlanForBrief>(plans: readonly P[], now: Date): P | null {
  const today = calendarDate(now);
  const ahead = plans
    .filter((p) => p.state === "planned" && calendarDate(new Date(p.planned_for)) >= today)
    .sort((a, b) => new Date(a.planned_for).getTime() - new Date(b.planned_for).getTime() || a.id.localeCompare(b.id));
  return ahead[0] ?? null;
}
