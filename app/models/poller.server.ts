// One in-process background loop, shared by the import worker and the mail
// sender: a pass runs every `intervalMs` and whenever `wake()` is called; passes
// never overlap (a wake during a pass runs one more pass right after it), and
// `stop()` waits for the pass in progress.

export interface Poller {
  /** Runs a pass now rather than at the next tick. */
  wake(): void;
  /** Stops polling and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/** `pass` is given `stopped()` so a long pass can end early once the poller is stopped. */
export function startPoller(
  intervalMs: number,
  pass: (stopped: () => boolean) => Promise<void>,
  failed: (error: unknown) => void,
  onStop?: () => void,
): Poller {
  let running: Promise<void> | null = null;
  let stopped = false;
  let again = false;
  const isStopped = () => stopped;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await pass(isStopped);
      } catch (error) {
        failed(error);
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          setImmediate(tick);
        }
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return {
    wake: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      onStop?.();
    },
  };
}
