// Relationship NPS of a generated account: most current people answer about once a year.
import type { Rng } from "./random.ts";
import { addDays, clamp, isoDate, type AccountRows, type AccountScope } from "./rows.ts";
import { NPS_COMMENTS_BY_TONE } from "./words.ts";

const STANCE_LIFT: Record<string, number> = { advocate: 2, supporter: 1, neutral: 0, skeptic: -1.5, opponent: -3 };

export function generateNps(rng: Rng, scope: AccountScope, stakeholders: AccountRows["stakeholders"], surveys: AccountRows["surveys"]): void {
  const { today, relationshipStart, accountId } = scope;
  for (const person of stakeholders) {
    for (let yearsBack = 0; yearsBack < 3; yearsBack++) {
      if (!rng.chance(yearsBack === 0 ? 0.6 : 0.4)) continue;
      const answered = addDays(today, -(yearsBack * 365 + rng.int(5, 330)));
      if (answered < relationshipStart || (person.left_on && isoDate(answered) > person.left_on)) continue;
      const stanceLift = STANCE_LIFT[person.stance as string] ?? 0;
      const score = clamp(Math.round(6.7 + scope.character.mood * 1.2 + stanceLift * 0.7 + (rng.next() - 0.5) * 3.5), 0, 10);
      surveys.push({
        account_id: accountId,
        id: rng.uuid(),
        stakeholder_id: person.id,
        kind: "nps",
        score,
        // The reason given agrees with the score: a detractor does not write "Great team".
        comment: rng.pick(NPS_COMMENTS_BY_TONE[score <= 6 ? "negative" : score <= 8 ? "neutral" : "positive"]),
        answered_at: answered,
      });
    }
  }
}
