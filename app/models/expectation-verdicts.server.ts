import type { ExpectationJudgement } from "#app/domain/predictability.ts";
import type { Trx } from "#app/utils/db.server.ts";

// expectation_verdicts: how each expectation of an account that came due in
// the scoring windows was judged at the account's last scoring. Written only
// here, by refreshAccountScores in the transaction of the write that changed
// the account, so the rows always match account_scores.

/** More than any one account's expectations in the windows (loadScoringInputs reads at most 5,000). */
const STORED_LIMIT = 10_000;

/**
 * Makes the account's stored verdicts equal `judged`: inserts new ones,
 * rewrites changed ones, deletes those no longer judged (reopened, withdrawn,
 * out of the windows). Writes nothing when nothing changed.
 */
export async function storeVerdicts(trx: Trx, accountId: string, judged: ExpectationJudgement[]): Promise<void> {
  const stored = await trx
    .selectFrom("expectation_verdicts")
    .select(["expectation_id", "due_date", "importance", "verdict", "reason", "promised_date", "days_late", "still_open"])
    .where("account_id", "=", accountId)
    .limit(STORED_LIMIT)
    .execute();
  const before = new Map(stored.map((r) => [r.expectation_id, r]));
  const rows = judged.map((j) => ({
    account_id: accountId,
    expectation_id: j.expectationId,
    due_date: j.dueDate,
    importance: j.importance,
    verdict: j.verdict,
    reason: j.reason,
    promised_date: j.promisedDate,
    days_late: j.daysLate,
    still_open: j.open,
  }));
  const changed = rows.filter((r) => {
    const b = before.get(r.expectation_id);
    return (
      !b ||
      b.due_date !== r.due_date ||
      b.importance !== r.importance ||
      b.verdict !== r.verdict ||
      b.reason !== r.reason ||
      b.promised_date !== r.promised_date ||
      b.days_late !== r.days_late ||
      b.still_open !== r.still_open
    );
  });
  const current = new Set(rows.map((r) => r.expectation_id));
  const gone = stored.filter((r) => !current.has(r.expectation_id)).map((r) => r.expectation_id);

  if (gone.length) {
    await trx
      .deleteFrom("expectation_verdicts")
      .where("account_id", "=", accountId)
      .where("expectation_id", "in", gone)
      .execute();
  }
  for (let i = 0; i < changed.length; i += 1000) {
    await trx
      .insertInto("expectation_verdicts")
      .values(changed.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(["account_id", "expectation_id"]).doUpdateSet((eb) => ({
          due_date: eb.ref("excluded.due_date"),
          importance: eb.ref("excluded.importance"),
          verdict: eb.ref("excluded.verdict"),
          reason: eb.ref("excluded.reason"),
          promised_date: eb.ref("excluded.promised_date"),
          days_late: eb.ref("excluded.days_late"),
          still_open: eb.ref("excluded.still_open"),
        })),
      )
      .execute();
  }
}
