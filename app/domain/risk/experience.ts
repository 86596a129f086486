// The rules about how the customer felt: sentiment_falling,
// solved_treated_badly, below_expected (decisions in ../risk-rules.ts).
import { addDays, dateOf } from "../dates.ts";
import { belowRun } from "../disconfirmation.ts";
import { solvedButTreatedBadly } from "../experience.ts";
import type { ScoringSettings } from "../scoring-settings.ts";
import { signal, type RatedTouchpoint, type RiskInput, type RiskSignal } from "./signal.ts";

export function sentimentFalling(input: RiskInput): RiskSignal[] {
  const newestFirst = [...input.ratedTouchpoints].sort(
    (a, b) =>
      new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime() ||
      b.touchpointId.localeCompare(a.touchpointId),
  );
  const latestThree = newestFirst.slice(0, 3);
  if (latestThree.length < 3) return [];
  const [newest, middle, oldest] = latestThree as [RatedTouchpoint, RatedTouchpoint, RatedTouchpoint];
  if (!(oldest.sentiment > middle.sentiment && middle.sentiment > newest.sentiment)) return [];
  // How far it has fallen: back along the run while each earlier one was higher.
  let runStart = 0;
  while (runStart + 1 < newestFirst.length && newestFirst[runStart + 1]!.sentiment > newestFirst[runStart]!.sentiment) {
    runStart += 1;
  }
  const fall = newestFirst[runStart]!.sentiment - newest.sentiment;
  return [
    signal(
      "sentiment_falling",
      "medium",
      input.accountId,
      { kind: "touchpoint", id: newest.touchpointId },
      {
        sentiments: [oldest.sentiment, middle.sentiment, newest.sentiment],
        touchpointIds: [oldest.touchpointId, middle.touchpointId, newest.touchpointId],
      },
      [fall],
    ),
  ];
}

export function solvedTreatedBadly(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const since = addDays(today, -settings.solvedBadlyDays);
  const zone = input.timeZone ?? "UTC";
  const within = solvedButTreatedBadly(input.treatedTouchpoints ?? [])
    .filter((t) => {
      const day = dateOf(t.occurredAt, zone);
      return day >= since && day <= today;
    })
    .sort(
      (a, b) =>
        new Date(b.occurredAt).getTime() - new Date(a.occurredAt).getTime() ||
        b.touchpointId.localeCompare(a.touchpointId),
    );
  if (within.length < settings.solvedBadlyCount) return [];
  const latest = within[0]!;
  return [
    signal(
      "solved_treated_badly",
      "medium",
      input.accountId,
      { kind: "touchpoint", id: latest.touchpointId },
      {
        count: within.length,
        days: settings.solvedBadlyDays,
        title: latest.title ?? null,
        touchpointIds: within.map((t) => t.touchpointId),
      },
      [within.length],
    ),
  ];
}

export function belowExpected(input: RiskInput, settings: ScoringSettings, today: string): RiskSignal[] {
  const ratings = input.experienceRatings ?? [];
  const run = belowRun(ratings, { today, days: settings.belowExpectedDays, timeZone: input.timeZone ?? "UTC" });
  if (run.length < settings.belowExpectedCount) return [];
  const latest = ratings.find((r) => r.id === run.ids[0])!;
  return [
    signal(
      "below_expected",
      "medium",
      input.accountId,
      { kind: latest.subject.kind, id: latest.subject.id },
      { count: run.length, days: settings.belowExpectedDays, title: latest.subject.title },
      [run.length],
    ),
  ];
}
