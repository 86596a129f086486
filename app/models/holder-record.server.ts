import { addMonths } from "#app/domain/dates.ts";
import { holderRecords, type HolderRecords } from "#app/domain/holder-record.ts";
import { toScoringExpectations } from "#app/domain/scoring.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { loadScoredExpectations } from "./scoring-inputs.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// Whom did we surprise (app/domain/holder-record.ts): each committee member's
// record of what was promised to them and how it went, over the account's
// predictability window, from the same rows and the same judgement as the
// account's predictability (loadScoredExpectations, toScoringExpectations).

export interface AccountHolderRecords extends HolderRecords {
  /** The window's length, as the account's predictability window is chosen. */
  months: number;
}

/**
 * Every person of the account (who left too) with their record, and the
 * influence-weighted roll-up. `months` defaults to the account's
 * predictability window (scoring settings: the caller's, when it has read
 * them for the same request, else read here).
 */
export async function loadHolderRecords(
  executor: Executor,
  accountId: string,
  { today, months, settings: given }: { today: string; months?: number | undefined; settings?: ScoringSettings },
): Promise<AccountHolderRecords> {
  // One after another: the caller may pass a transaction (one connection).
  const settings = given ?? (await loadScoringSettings(executor)).settings;
  const m = months ?? settings.predictabilityMonths;
  const window = { from: addMonths(today, -m), to: today };
  const { expectations: rows, replans } = await loadScoredExpectations(executor, accountId, window.from);
  const people = await executor
    .selectFrom("stakeholders")
    .select(["id", "name", "influence", "left_on"])
    .where("account_id", "=", accountId)
    .limit(1000)
    .execute();
  const holders = new Map(rows.map((r) => [r.id, r.holder_stakeholder_id]));
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  const expectations = toScoringExpectations(rows, replans, {
    today,
    contestDays: settings.noticeContestDays,
    timeZone: TIME_ZONE,
  }).map((e) => ({ ...e, holderId: holders.get(e.id) ?? null, title: titles.get(e.id) ?? "" }));
  const records = holderRecords(
    people.map((p) => ({ id: p.id, name: p.name, influence: p.influence, leftOn: p.left_on })),
    expectations,
    { today, window, timeZone: TIME_ZONE },
  );
  return { months: m, ...records };
}

/** One person's record over the account's window, with each promise and its verdict (their page's panel). */
export async function loadPersonRecord(
  executor: Executor,
  accountId: string,
  personId: string,
  { today }: { today: string },
) {
  const all = await loadHolderRecords(executor, accountId, { today });
  const record = all.people.find((r) => r.person.id === personId);
  if (!record) return null;
  return {
    months: all.months,
    window: all.window,
    counts: record.counts,
    predictability: record.predictability,
    promises: record.promises,
  };
}
