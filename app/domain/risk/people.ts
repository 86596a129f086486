// The rules about the buying committee: key_person_left, influential_detractor,
// no_dm_contact (decisions in ../risk-rules.ts).
import { departedDetractorCounts, npsStakeholder } from "../committee-leaving.ts";
import { daysBetween } from "../dates.ts";
import { latestNpsAnswers } from "../nps.ts";
import type { ScoringSettings } from "../scoring-settings.ts";
import { signal, type RiskInput, type RiskSignal, type RiskStakeholder } from "./signal.ts";

const KEY_PERSON_ROLES = ["decision_maker", "champion"] as const;

export function keyPersonLeft(input: RiskInput): RiskSignal[] {
  const out: RiskSignal[] = [];
  for (const role of KEY_PERSON_ROLES) {
    const inRole = input.stakeholders.filter((s) => s.committeeRole === role);
    if (inRole.some((s) => s.leftOn === null)) continue;
    const left = inRole
      .filter((s) => s.leftOn !== null)
      .sort((a, b) => b.leftOn!.localeCompare(a.leftOn!) || a.id.localeCompare(b.id))[0];
    if (!left) continue;
    out.push(
      signal(
        "key_person_left",
        "high",
        left.id,
        { kind: "stakeholder", id: left.id },
        {
          role,
          stakeholderId: left.id,
          name: left.name ?? null,
          leftOn: left.leftOn,
        },
      ),
    );
  }
  return out;
}

/**
 * Each influential detractor: the latest answer that counts for them is 0–6.
 * Someone who has left counts for surpriseDays after their leaving counts from
 * (committee-leaving.ts), and the reason says they have since left.
 */
export function influentialDetractors(
  input: RiskInput,
  settings: ScoringSettings,
  now: Date,
  today: string,
): RiskSignal[] {
  const byId = new Map(input.stakeholders.map((s) => [s.id, s]));
  return latestNpsAnswers(input.npsAnswers, input.stakeholders.map(npsStakeholder), now, settings.npsMonths)
    .filter((a) => a.category === "detractor" && a.influence >= settings.highInfluenceFrom)
    .filter((a) => a.leftFrom === null || departedDetractorCounts(a.leftFrom, today, settings.surpriseDays))
    .map((a) => {
      const leftOn = byId.get(a.stakeholderId)?.leftOn ?? null;
      return signal(
        "influential_detractor",
        "high",
        a.stakeholderId,
        { kind: "stakeholder", id: a.stakeholderId },
        {
          stakeholderId: a.stakeholderId,
          score: a.score,
          influence: a.influence,
          answeredAt: a.answeredAt.toISOString(),
          ...(leftOn ? { leftOn } : {}),
        },
      );
    });
}

export function noDecisionMakerContact(input: RiskInput, settings: ScoringSettings, now: Date): RiskSignal[] {
  const dms = input.stakeholders.filter((s) => s.committeeRole === "decision_maker" && s.leftOn === null);
  let latest: { person: RiskStakeholder; at: Date } | null = null;
  for (const person of dms) {
    if (!person.lastTwoWayContact) continue;
    const at = new Date(person.lastTwoWayContact);
    if (at.getTime() > now.getTime()) continue;
    if (!latest || at.getTime() > latest.at.getTime()) latest = { person, at };
  }
  const days = latest ? daysBetween(latest.at, now) : null;
  if (days !== null && days < settings.dmContactDays) return [];
  const evidencePerson = latest?.person ?? dms[0] ?? null;
  return [
    signal(
      "no_dm_contact",
      "medium",
      input.accountId,
      evidencePerson ? { kind: "stakeholder", id: evidencePerson.id } : { kind: "account", id: input.accountId },
      {
        days,
        limitDays: settings.dmContactDays,
        hasDecisionMaker: dms.length > 0,
        stakeholderId: evidencePerson?.id ?? null,
      },
      [days === null ? 1 : Math.floor(days / settings.dmContactDays), dms.length > 0 ? 0 : 1],
    ),
  ];
}
