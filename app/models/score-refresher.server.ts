import { db } from "#app/utils/db.server.ts";
import { refreshExperienceMonths } from "./experience-months.server.ts";
import { rescoreStaleAccounts } from "./scores.server.ts";
import { loadScoringSettings } from "./scoring-settings.server.ts";

// Time alone changes some scores (an expectation falls overdue at midnight,
// contact with a decision maker ages), so once the date turns, accounts nobody
// wrote to are rescored here. Writes keep their own account current themselves.
// Each run also counts the experience months marked since (a reader would
// count them before summing anyway: this keeps the pages' wait short, and after
// the migration that added them it counts every month once, in the background).

export interface ScoreRefresher {
  /** Stops the timer and waits for a run in progress to stop after its current account. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs` (and shortly after start), rescores the accounts not yet
 * scored today. The timer never keeps the process alive; runs never overlap.
 */
export function startScoreRefresher(intervalMs = 3_600_000, firstRunDelayMs = 5_000): ScoreRefresher {
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || abort.signal.aborted) return;
    running = (async () => {
      try {
        const count = await rescoreStaleAccounts(db(), new Date(), { signal: abort.signal });
        if (count > 0) console.log(`Scores: rescored ${count} account${count === 1 ? "" : "s"} for the new day.`);
        const { settings } = await loadScoringSettings(db());
        const months = await refreshExperienceMonths(db(), {
          scope: { ownerId: null },
          followDays: settings.experienceFollowDays,
          signal: abort.signal,
        });
        if (months > 0) console.log(`Experience: counted ${months} account month${months === 1 ? "" : "s"} again.`);
      } catch (error) {
        console.error("Scores: the periodic rescore failed.", error);
      } finally {
        running = null;
      }
    })();
  };
  const first = setTimeout(tick, firstRunDelayMs);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      abort.abort();
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
