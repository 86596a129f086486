import type { Executor } from "#app/utils/db.server.ts";

// Support cases with their touchpoint, for the readers that list them.

/** The account's support cases `c`, each with its touchpoint `t` (the brief, the scoring, a review's pack). */
export function casesWithTouchpoint(executor: Executor, accountId: string) {
  return executor
    .selectFrom("touchpoint_support_cases as c")
    .innerJoin("touchpoints as t", (j) =>
      j.onRef("t.account_id", "=", "c.account_id").onRef("t.id", "=", "c.touchpoint_id"),
    )
    .where("c.account_id", "=", accountId);
}
