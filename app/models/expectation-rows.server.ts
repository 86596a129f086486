import type { Executor } from "#app/utils/db.server.ts";

// Expectations with who holds them, for every reader that lists them: a small
// module of its own, so a reader (the portal's) does not import the ledger's
// writes and rules, and their refusal keys do not reach its pages' messages.

/**
 * The account's expectations `e`, each with the stakeholder `s` who holds it
 * (none when no one does): the ledger, an expectation's page, the portal, a
 * business review's pack and the JSON API select what they need.
 */
export function expectationsWithHolder(executor: Executor, accountId: string) {
  return executor
    .selectFrom("expectations as e")
    .leftJoin("stakeholders as s", (j) =>
      j.onRef("s.account_id", "=", "e.account_id").onRef("s.id", "=", "e.holder_stakeholder_id"),
    )
    .where("e.account_id", "=", accountId);
}
