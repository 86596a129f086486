// In-process rate limits (per server process: with several app servers behind a
// load balancer each keeps its own count; see docs/scaling.md). A fixed window
// per key, with expired windows swept so memory stays bounded. The base layer
// (app/web's limits and the mail-in listener use it).

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
  remaining: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one attempt for `key` and says whether it is within the limit. */
  hit(key: string, now = Date.now()): RateLimitResult {
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count > this.limit) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)),
        remaining: 0,
      };
    }
    return { allowed: true, retryAfterSeconds: 0, remaining: this.limit - w.count };
  }

  reset(): void {
    this.windows.clear();
  }

  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs && this.windows.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Under a flood of distinct keys, forget the oldest rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      const excess = this.windows.size - Math.floor(this.maxKeys * 0.9);
      let i = 0;
      for (const key of this.windows.keys()) {
        if (i++ >= excess) break;
        this.windows.delete(key);
      }
    }
  }
}
