import { db } from "#app/utils/db.server.ts";
import { rescoreStaleAccounts } from "./scores.server.ts";

// Time alone changes some scores (an expectation falls overdue at midnight,
// contact with a decision maker ages), so once the date turns, accounts nobody
// wrote to are rescored here. Writes keep their own account current themselves.

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
