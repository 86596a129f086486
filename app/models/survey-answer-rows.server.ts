import type { Executor } from "#app/utils/db.server.ts";

// Survey answers with who gave them, as the JSON API lists them
// (app/models/api-ledger.server.ts), webhook events carry them
// (app/models/webhook-events.server.ts) and a business review's pack reads
// them (app/models/review-pack.server.ts).

/**
 * The account's survey answers `r`, each with the stakeholder `s` who gave it
 * (none when the answer names no one we know). Select what is needed.
 */
export function answersWithPerson(executor: Executor, accountId: string) {
  return executor
    .selectFrom("survey_responses as r")
    .leftJoin("stakeholders as s", (j) =>
      j.onRef("s.account_id", "=", "r.account_id").onRef("s.id", "=", "r.stakeholder_id"),
    )
    .where("r.account_id", "=", accountId);
}
