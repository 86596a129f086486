import type { AccountHealthView } from "#app/domain/health-view.ts";
import type { ScoresRecord } from "#app/schemas/api-scores.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { getAccountHealth } from "./account-health.server.ts";

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
  return toScoresRecord(view, externalIds);
}

export function toScoresRecord(view: AccountHealthView, externalIds: Map<string, string | null>): ScoresRecord {
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
  };
}
