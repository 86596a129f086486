import { sql } from "kysely";
import { NOTICE_CONTEST_DAYS } from "#app/domain/notice.ts";
import { judgeReplans } from "#app/domain/predictability.ts";
import { replansForPromise } from "#app/domain/scoring.ts";
import { calendarDate, daysBefore, TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { replansOf } from "./scoring-inputs.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

/**
 * The expectations of an account with a notice that may have changed standing
 * lately: claimed, unanswered and recorded within the longest contest period
 * (an unanswered notice stands once its period has run; the setting may change).
 */
export async function expectationsWithRecentNotice(executor: Executor, accountId: string, now: Date): Promise<string[]> {
  const since = daysBefore(now, NOTICE_CONTEST_DAYS.max + 2);
  const rows = await executor
    .selectFrom("expectation_changes as c")
    .select("c.expectation_id")
    .distinct()
    .where("c.account_id", "=", accountId)
    .where("c.kind", "=", "replanned")
    .where("c.customer_notified", "=", true)
    .where("c.at", ">=", since)
    .execute();
  return rows.map((r) => r.expectation_id);
}

// expectations.promised_date: the date the customer was last properly told
// (app/domain/predictability.ts, judgeReplans), kept beside the due date so the
// ledger's groups can tell an item re-planned silently after its date passed
// from one that is really not due yet. NULL while no re-plan has moved the
// promise (the original due date). Every write that records a re-plan calls
// syncPromisedDates in its transaction.

/**
 * Recomputes the promised date of the given expectations of one account from
 * their re-plans, each notice as it stands on `today` (notice.ts).
 */
export async function syncPromisedDates(
  executor: Executor,
  accountId: string,
  expectationIds: readonly string[],
  today: string = calendarDate(),
): Promise<void> {
  const ids = [...new Set(expectationIds)];
  if (!ids.length) return;
  const { settings } = await loadScoringSettings(executor);
  const rule = { today, contestDays: settings.noticeContestDays, timeZone: TIME_ZONE };
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    // One after another: a transaction is one connection.
    const expectations = await executor
      .selectFrom("expectations")
      .select(["id", "original_due_date", "promised_date"])
      .where("account_id", "=", accountId)
      .where("id", "in", part)
      .execute();
    const replans = await replansOf(executor, accountId)
      .where("c.expectation_id", "in", part)
      .where("c.to_due_date", "is not", null)
      .orderBy("c.at")
      .orderBy("c.id")
      .execute();
    const byExpectation = new Map<string, typeof replans>();
    for (const r of replans) byExpectation.set(r.expectation_id, [...(byExpectation.get(r.expectation_id) ?? []), r]);
    const changed: { id: string; promised: string | null }[] = [];
    for (const e of expectations) {
      const list = byExpectation.get(e.id) ?? [];
      const promised = list.length
        ? judgeReplans(e.original_due_date, replansForPromise(e.original_due_date, list, rule), TIME_ZONE).promised
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
