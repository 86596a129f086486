import { surpriseEffect, type AnswerKind, type SurpriseOutcome } from "#app/domain/advocacy.ts";
import type { Executor } from "#app/utils/db.server.ts";

// Planned positive surprises of an account and their effect: for each one
// recorded, each person it was for, their last NPS and CSAT before it and the
// first after it (app/domain/advocacy.ts). Plans still open are only counted
// here, as plans: they are in no figure until recorded.

export async function listPlannedSurprises(executor: Executor, accountId: string) {
  const plans = await executor
    .selectFrom("planned_touchpoints as p")
    .leftJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "p.account_id").onRef("t.id", "=", "p.touchpoint_id"))
    .select(["p.id", "p.title", "p.state", "p.planned_for", "p.stakeholder_ids", "p.touchpoint_id", "t.occurred_at"])
    .where("p.account_id", "=", accountId)
    .where("p.positive_surprise", "=", true)
    .where("p.state", "<>", "cancelled")
    .orderBy("p.planned_for", "desc")
    .limit(100)
    .execute();
  const logged = plans.filter((p) => p.state === "logged" && p.touchpoint_id && p.occurred_at);
  const ids = [...new Set(logged.flatMap((p) => p.stakeholder_ids))];
  const [people, answers] = ids.length
    ? await Promise.all([
        executor.selectFrom("stakeholders").select(["id", "name"]).where("account_id", "=", accountId).where("id", "in", ids).execute(),
        executor
          .selectFrom("survey_responses")
          .select(["stakeholder_id", "kind", "score", "answered_at"])
          .where("account_id", "=", accountId)
          .where("stakeholder_id", "in", ids)
          .execute(),
      ])
    : [[], []];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const outcomes: SurpriseOutcome[] = logged.map((p) => ({
    planId: p.id,
    title: p.title,
    touchpointId: p.touchpoint_id!,
    occurredAt: new Date(p.occurred_at!).toISOString(),
    people: p.stakeholder_ids.map((id) => ({
      id,
      name: names.get(id) ?? "",
      effect: surpriseEffect(
        p.occurred_at!,
        answers
          .filter((a) => a.stakeholder_id === id)
          .map((a) => ({ kind: a.kind as AnswerKind, score: a.score, answeredAt: a.answered_at })),
      ),
    })),
  }));
  return { planned: plans.filter((p) => p.state === "planned").length, outcomes };
}
