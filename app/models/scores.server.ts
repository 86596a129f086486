import type { Insertable } from "kysely";
import type { AccountScoresTable } from "#db/schema.ts";
import type { HealthBand } from "#app/domain/health.ts";
import { scoreAccount, type ScoreFactors } from "#app/domain/scoring.ts";
import { calendarDate, startOfDay } from "#app/domain/time.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { lockAccountRow } from "./accounts.server.ts";
import { storeVerdicts } from "./expectation-verdicts.server.ts";
import { expectationsWithRecentNotice, syncPromisedDates } from "./promised-dates.server.ts";
import { storeSignals } from "./risk-signals.server.ts";
import { loadScoringInputs } from "./scoring-inputs.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";
import { emitWebhookEvent } from "./webhook-events.server.ts";

export { acknowledgeSignal, SignalResolvedError, type AcknowledgeInput } from "./risk-signals.server.ts";
export {
  loadScoringSettings,
  saveScoringSettings,
  SCORING_SETTINGS_KEY,
  type StoredScoringSettings,
} from "./scoring-settings.server.ts";

// Scores are kept current: every write that can change an account's figures
// calls refreshAccountScores in its own transaction, so the next page shows
// them (account_scores, health_snapshots, risk_signals, expectation_verdicts). Time alone changes some (an expectation falls overdue, contact ages):
// the refresher (score-refresher.server.ts) rescores accounts not yet scored
// today. account_scores.factors keeps the whole explanation (ScoreFactors), so
// pages render it without recomputing. The figures themselves are the domain's
// (scoreAccount in app/domain/scoring.ts): this file reads and stores.

const RESCORE_BATCH = 200;

export interface AccountScoreSummary {
  health: number | null;
  band: HealthBand | null;
  predictability: number | null;
  nps: number | null;
  openSignals: number;
}

/**
 * Recomputes an account's health, predictability, NPS, coverage and risk
 * signals inside the transaction that changed it: upserts account_scores and
 * today's health_snapshots row, and reconciles risk_signals. Locks the account
 * row (FOR NO KEY UPDATE, so inserts referencing it still proceed) to keep
 * concurrent refreshes of one account in order. Returns null when there is no
 * such account.
 */
export async function refreshAccountScores(
  trx: Trx,
  accountId: string,
  now: Date = new Date(),
): Promise<AccountScoreSummary | null> {
  const account = await lockAccountRow(trx, accountId);
  if (!account) return null;
  const today = calendarDate(now);
  const { settings } = await loadScoringSettings(trx);
  // Time alone moves a notice (an unanswered one stands once its contest period has run): keep promised dates with it.
  await syncPromisedDates(trx, accountId, await expectationsWithRecentNotice(trx, accountId, now), today);
  const inputs = await loadScoringInputs(trx, accountId, { today, now, settings });
  const scored = scoreAccount(inputs, { accountId, renewalDate: account.renewal_date, settings, today, now });
  const openSignals = await storeSignals(trx, accountId, scored.signals, now);
  await storeVerdicts(trx, accountId, scored.judged);
  const factors: ScoreFactors = { ...scored.factors, openSignals };

  const { health, predictability, nps, coverage } = factors;
  const figures = {
    health: health.score === null ? null : health.score.toFixed(1),
    band: health.band,
    predictability: predictability.value === null ? null : predictability.value.toFixed(4),
    predictability_sample: predictability.sample,
    surprises_90d: predictability.surprises90d,
    nps: nps.score,
    nps_respondents: nps.respondents,
  };
  const row = {
    ...figures,
    computed_at: now,
    coverage: coverage.ratio === null ? null : coverage.ratio.toFixed(4),
    single_threaded: coverage.singleThreaded,
    open_signals: openSignals,
    // The counts pooled figures (a KAM's, the portfolio's) are summed from.
    predictability_weight: predictability.weightTotal,
    predictable_weight: predictability.predictableWeight,
    predictability_surprises: predictability.sample - predictability.predictable,
    predictability_delivered: predictability.delivered,
    predictability_on_time: predictability.onTime,
    predictability_late: predictability.lateDeliveries,
    predictability_late_days: predictability.latenessDaysTotal,
    // jsonb takes the object itself (db/schema.ts types json columns loosely).
    factors: factors as unknown as Insertable<AccountScoresTable>["factors"],
  };
  const previous = await trx.selectFrom("account_scores").select(["band", "health"]).where("account_id", "=", accountId).executeTakeFirst();
  await trx
    .insertInto("account_scores")
    .values({ account_id: accountId, ...row })
    .onConflict((oc) => oc.column("account_id").doUpdateSet(row))
    .execute();
  await trx
    .insertInto("health_snapshots")
    .values({ account_id: accountId, day: today, ...figures })
    .onConflict((oc) => oc.columns(["account_id", "day"]).doUpdateSet(figures))
    .execute();
  // A band that changed (not the first scoring of an account) is a webhook event, in this transaction.
  if (previous && (previous.band ?? null) !== (health.band ?? null)) {
    await emitWebhookEvent(
      trx,
      {
        type: "health.band_changed",
        accountId,
        data: {
          from: previous.band ?? null,
          to: health.band ?? null,
          health: health.score === null ? null : Number(health.score.toFixed(1)),
          previous_health: previous.health === null ? null : Number(previous.health),
        },
      },
      now,
    );
  }
  return {
    health: health.score,
    band: health.band,
    predictability: predictability.value,
    nps: nps.score,
    openSignals,
  };
}

export interface RescoreOptions {
  /** Stops between accounts once aborted (shutdown). */
  signal?: AbortSignal;
  /**
   * Accounts scored at once, each in its own transaction on its own pooled
   * connection (a PostgreSQL server; the seed uses several). 1 by default, and
   * always 1 inside a transaction; on PGlite's single connection the lanes take
   * turns (Kysely serializes its transactions), so more gain nothing there. Accounts
   * never wait on each other: each locks only its own rows, and the rollups
   * its writes feed are appended to (portfolio_verdict_deltas) or keyed by
   * account (health_latest).
   */
  concurrency?: number;
  /** Told the running count after each page of accounts (the seed prints it). */
  onProgress?: (scored: number) => void;
}

/**
 * Rescores every account that is not archived, in pages of 200 by id, each
 * account in its own transaction (so requests interleave on PGlite's single
 * connection). After an administrator changes the settings, and for the seed.
 * Returns how many accounts were scored.
 */
export function rescoreAllAccounts(executor: Executor, now: Date = new Date(), options: RescoreOptions = {}) {
  return rescore(executor, now, null, options);
}

/**
 * Rescores the accounts (not archived) whose scores were last computed before
 * the start of today in the vendor's time zone, or before the scoring settings
 * were last saved, or never: time alone moves some figures (overdue
 * expectations, days since contact), and a settings change moves them all.
 */
export async function rescoreStaleAccounts(executor: Executor, now: Date = new Date(), options: RescoreOptions = {}) {
  const startOfToday = startOfDay(calendarDate(now));
  const { updatedAt } = await loadScoringSettings(executor);
  const staleBefore = updatedAt && updatedAt > startOfToday ? updatedAt : startOfToday;
  return rescore(executor, now, staleBefore, options);
}

async function rescore(
  executor: Executor,
  now: Date,
  staleBefore: Date | null,
  { signal, concurrency = 1, onProgress }: RescoreOptions,
) {
  const lanes = executor.isTransaction ? 1 : Math.max(1, Math.floor(concurrency));
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await executor
      .selectFrom("accounts as a")
      .select("a.id")
      .where("a.archived_at", "is", null)
      .$if(after !== null, (qb) => qb.where("a.id", ">", after!))
      .$if(staleBefore !== null, (qb) =>
        qb.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("account_scores as s")
                .select("s.account_id")
                .whereRef("s.account_id", "=", "a.id")
                .where("s.computed_at", ">=", staleBefore!),
            ),
          ),
        ),
      )
      .orderBy("a.id")
      .limit(RESCORE_BATCH)
      .execute();
    count += await eachInLanes(page, lanes, signal, async ({ id }) => {
      await inTransaction(executor, (trx) => refreshAccountScores(trx, id, now));
    });
    onProgress?.(count);
    if (signal?.aborted || page.length < RESCORE_BATCH) return count;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Runs `work` on each item, `lanes` at a time, in order of the list; stops
 * taking new items once aborted or once one has failed (that error is thrown
 * after the items in flight finish). Returns how many items were done.
 */
export async function eachInLanes<T>(
  items: readonly T[],
  lanes: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next++]!;
      try {
        await work(item);
        done += 1;
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  // TypeScript narrows `failure` to null here: it does not see the lanes set it.
  const failed = failure as { error: unknown } | null;
  if (failed) throw failed.error;
  return done;
}

function inTransaction<T>(executor: Executor, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return executor.isTransaction ? fn(executor as Trx) : executor.transaction().execute(fn);
}
