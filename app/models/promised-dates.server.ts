import { sql } from "kysely";
import { judgeReplans } from "#app/domain/predictability.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";

// expectations.promised_date: the date the customer was last properly told
// (app/domain/predictability.ts, judgeReplans), kept beside the due date so the
// ledger's groups can tell an item re-planned silently after its date passed
// from one that is really not due yet. NULL while no re-plan has moved the
// promise (the original due date). Every write that records a re-plan calls
// syncPromisedDates in its transaction.

/** Recomputes the promised date of the given expectations of one account from their re-plans. */
export async function syncPromisedDates(
  executor: Executor,
  accountId: string,
  expectationIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(expectationIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    // One after another: a transaction is one connection.
    const expectations = await executor
      .selectFrom("expectations")
      .select(["id", "original_due_date", "promised_date"])
      .where("account_id", "=", accountId)
      .where("id", "in", part)
      .execute();
    const replans = await executor
      .selectFrom("expectation_changes")
      .select([
        "expectation_id",
        "from_due_date",
        "to_due_date",
        "at",
        "customer_notified",
        "replanned_on",
        "customer_notified_on",
      ])
      .where("account_id", "=", accountId)
      .where("expectation_id", "in", part)
      .where("kind", "=", "replanned")
      .where("to_due_date", "is not", null)
      .orderBy("at")
      .orderBy("id")
      .execute();
    const byExpectation = new Map<string, typeof replans>();
    for (const r of replans) byExpectation.set(r.expectation_id, [...(byExpectation.get(r.expectation_id) ?? []), r]);
    const changed: { id: string; promised: string | null }[] = [];
    for (const e of expectations) {
      const list = byExpectation.get(e.id) ?? [];
      const promised = list.length
        ? judgeReplans(
            e.original_due_date,
            list.map((r) => ({
              fromDueDate: r.from_due_date ?? e.original_due_date,
              toDueDate: r.to_due_date!,
              at: r.at,
              customerNotified: r.customer_notified,
              replannedOn: r.replanned_on,
              notifiedOn: r.customer_notified_on,
            })),
            TIME_ZONE,
          ).promised
        : null;
      if (promised !== e.promised_date) changed.push({ id: e.id, promised });
    }
    if (!changed.length) continue;
    await sql`
      update expectations e set promised_date = k.promised
      from unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.promised)}::date[]) as k(id, promised)
      where e.account_id = ${accountId}::uuid and e.id = k.id
    `.execute(executor);
  }
}
