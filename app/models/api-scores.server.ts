import { DEFAULT_EXPERIENCE_PERIOD, QUADRANTS, type KindMoments } from "#app/domain/experience.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import type { TouchpointKind } from "#app/domain/vocabulary.ts";
import type { ScoresRecord } from "#app/schemas/api-scores.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { getAccountHealth } from "./account-health.server.ts";
import { loadExperience, type ExperienceFigures } from "./experience.server.ts";
import { loadDisconfirmation, type DisconfirmationFigures } from "./experience-ratings.server.ts";
import { DISCONFIRMATION_MIN_RATINGS } from "#app/domain/disconfirmation.ts";
import { FEW_PREDICTABILITY_SAMPLE } from "#app/domain/predictability.ts";
import { loadHolderRecords, type AccountHolderRecords } from "./holder-record.server.ts";

/**
 * One account's scores for the API: read through the account page's own
 * getAccountHealth, so the API and the page always show the same figures.
 */
export async function getAccountScoresApi(executor: Executor, accountId: string, today: string): Promise<ScoresRecord> {
  const view = await getAccountHealth(executor, accountId, { today });
  const ids = view.predictability.surprises.map((s) => s.expectationId);
  const rows = ids.length
    ? await executor
        .selectFrom("expectations")
        .select(["id", "external_id"])
        .where("account_id", "=", accountId)
        .where("id", "in", ids)
        .execute()
    : [];
  const externalIds = new Map(rows.map((r) => [r.id, r.external_id]));
  // The Experience section's default period, read by the section's own loadExperience.
  const experience = await loadExperience(executor, { accountId }, { today, months: DEFAULT_EXPERIENCE_PERIOD });
  // The customer's ratings against expectation over the same window, read as the section reads them.
  const disconfirmation = await loadDisconfirmation(executor, accountId, experience.window);
  // Whom we surprised, over the predictability window, as the committee page shows it.
  const holders = await loadHolderRecords(executor, accountId, { today });
  const people = await executor.selectFrom("stakeholders").select(["id", "external_id"]).where("account_id", "=", accountId).limit(1000).execute();
  const byHolder = toHoldersRecord(holders, new Map(people.map((p) => [p.id, p.external_id])));
  return toScoresRecord(view, externalIds, experience, disconfirmation, byHolder);
}

/** Each person's record and the influence-weighted roll-up, as the API gives them; figures null under the minimum sample. */
export function toHoldersRecord(h: AccountHolderRecords, externalIds: Map<string, string | null>): ScoresRecord["experience"]["holders"] {
  const r = h.rollup;
  return {
    months: h.months,
    window: h.window,
    people: h.people
      .filter((p) => p.counts.promised > 0)
      .map((p) => ({
        stakeholder_external_id: externalIds.get(p.person.id) ?? null,
        name: p.person.name,
        influence: p.person.influence,
        left_on: p.person.leftOn,
        promised: p.counts.promised,
        kept: p.counts.kept,
        late_with_notice: p.counts.lateWithNotice,
        ...p.counts.bySurpriseReason,
        open: p.counts.open,
        withdrawn: p.counts.withdrawn,
        unconfirmed: p.counts.unconfirmed,
        predictability: { value: p.predictability.fewData ? null : p.predictability.value, sample: p.predictability.sample },
      })),
    influence_weighted: {
      value: r.fewData ? null : r.value,
      plain_value: r.fewData ? null : r.plainValue,
      sample: r.sample,
      surprises: r.surprises,
      leaning: r.leaning,
      unheld: r.unheld,
    },
    min_sample: FEW_PREDICTABILITY_SAMPLE,
  };
}

const momentCounts = (m: Omit<KindMoments, "kind">) => ({
  touchpoints: m.touchpoints,
  moments_of_truth: m.momentsOfTruth,
  positive_surprises: m.positiveSurprises,
  treated_well: m.treatedWell,
  treated_badly: m.treatedBadly,
  resolved: m.resolved,
  unresolved: m.unresolved,
  went_badly: m.wentBadly,
});

export function toExperienceRecord(e: ExperienceFigures, d: DisconfirmationFigures): Omit<ScoresRecord["experience"], "holders"> {
  const q = e.quadrants;
  return {
    months: e.months,
    window: e.window,
    follow_days: q.followDays,
    min_answers: q.minAnswers,
    quadrants: Object.fromEntries(
      QUADRANTS.map((key) => {
        const c = q.cells[key];
        return [
          key,
          {
            touchpoints: c.touchpoints,
            nps: { value: c.nps.score, answers: c.nps.answers, promoters: c.nps.promoters, passives: c.nps.passives, detractors: c.nps.detractors },
            csat: { value: c.csat.mean, answers: c.csat.answers },
          },
        ];
      }),
    ) as ScoresRecord["experience"]["quadrants"],
    left_out: {
      treated_neither: q.leftOut.treatedNeither,
      no_resolution: q.leftOut.noResolution,
      no_treatment: q.leftOut.noTreatment,
    },
    moments_of_truth: {
      ...momentCounts(e.moments),
      by_kind: e.moments.byKind.map((k) => ({ kind: k.kind as TouchpointKind, ...momentCounts(k) })),
    },
    advocacy: {
      references: { ...e.advocacy.reference_given },
      referrals: { ...e.advocacy.referral_given },
      word_of_mouth: { ...e.advocacy.word_of_mouth },
    },
    disconfirmation: {
      below: d.balance.below,
      as: d.balance.as,
      above: d.balance.above,
      ratings: d.balance.ratings,
      balance: d.balance.balance,
      min_ratings: DISCONFIRMATION_MIN_RATINGS,
    },
  };
}

export function toScoresRecord(
  view: AccountHealthView,
  externalIds: Map<string, string | null>,
  experience: ExperienceFigures,
  disconfirmation: DisconfirmationFigures,
  holders: ScoresRecord["experience"]["holders"],
): ScoresRecord {
  const scores = view.scores;
  const p = view.predictability;
  return {
    computed_at: scores ? scores.computedAt.toISOString() : null,
    predictability: {
      value: p.value,
      sample: p.sample,
      window: p.window,
      surprises: p.surprises.map((s) => ({
        expectation_external_id: externalIds.get(s.expectationId) ?? null,
        reason: s.reason,
      })),
    },
    nps: { value: scores?.npsScore ?? null, respondents: scores?.npsRespondents ?? 0 },
    coverage: { value: scores?.coverageRatio ?? null },
    health: {
      value: scores?.health ?? null,
      band: scores?.band ?? "not_enough_data",
      capped: Boolean(scores?.cap),
      factors: (scores?.factors ?? []).map((f) => ({
        key: f.key,
        available: f.available,
        value: f.value,
        score: f.score,
        weight: f.weight,
        share: f.share,
        points: f.points,
      })),
    },
    signals: view.signals.map((s) => ({ rule: s.rule, severity: s.severity, acknowledged: s.acknowledgedAt !== null })),
    experience: { ...toExperienceRecord(experience, disconfirmation), holders },
  };
}
