import { describe, expect, it } from "vitest";
import { startPoller } from "#app/models/poller.server.ts";

// The background loop both workers run on: passes never overlap, a wake during a
// pass runs exactly one more pass after it, and stop waits for the pass in progress.

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("startPoller", () => {
  it("runs a pass at start, never two at once, and one more after wakes during a pass", async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const first = gate();
    const firstStarted = gate();
    const secondDone = gate();
    const poller = startPoller(
      3_600_000,
      async () => {
        passes += 1;
        active += 1;
        most = Math.max(most, active);
        if (passes === 1) {
          firstStarted.open();
          await first.opened;
        }
        active -= 1;
        if (passes === 2) secondDone.open();
      },
      (error) => {
        throw error;
      },
    );
    await firstStarted.opened;
    poller.wake();
    poller.wake();
    poller.wake();
    expect(passes).toBe(1);
    first.open();
    await secondDone.opened;
    await poller.stop();
    expect(passes).toBe(2);
    expect(most).toBe(1);
  });

  it("stop waits for the pass in progress, tells the pass it is stopped, and runs onStop", async () => {
    const release = gate();
    const started = gate();
    let sawStopped = false;
    let onStopRan = false;
    let finished = false;
    const poller = startPoller(
      3_600_000,
      async (stopped) => {
        started.open();
        await release.opened;
        sawStopped = stopped();
        finished = true;
      },
      () => {},
      () => {
        onStopRan = true;
      },
    );
    await started.opened;
    const stopping = poller.stop();
    expect(onStopRan).toBe(false);
    release.open();
    await stopping;
    expect(finished).toBe(true);
    expect(sawStopped).toBe(true);
    expect(onStopRan).toBe(true);
  });

  it("hands a failing pass's error to the failure callback and keeps polling", async () => {
    const errors: unknown[] = [];
    const again = gate();
    let passes = 0;
    const poller = startPoller(
      3_600_000,
      async () => {
        passes += 1;
        if (passes === 1) throw new Error("boom");
        again.open();
      },
      (error) => errors.push(error),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    poller.wake();
    await again.opened;
    await poller.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
    expect(passes).toBe(2);
  });
});
