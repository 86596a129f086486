// In-process rate limits (per server process: with several app servers behind a
// load balancer each keeps its own count; see docs/scaling.md). A fixed window
// per key, with expired windows swept so memory stays bounded.

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
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)), remaining: 0 };
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

const SIGN_IN_PER_MINUTE = Number(process.env.SIGN_IN_RATE_LIMIT ?? 10);

/** Sign-in, invitation and password routes: per client address and per account (e-mail). */
export const authLimits = {
  byIp: new RateLimiter(SIGN_IN_PER_MINUTE, 60_000),
  byAccount: new RateLimiter(SIGN_IN_PER_MINUTE, 60_000),
};

/** Checks both limits for one attempt; the larger wait wins. */
export function checkAuthLimit(ip: string | null, account: string | null): RateLimitResult {
  const results = [
    ip ? authLimits.byIp.hit(ip) : null,
    account ? authLimits.byAccount.hit(account.trim().toLowerCase()) : null,
  ].filter((r): r is RateLimitResult => r !== null);
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return { allowed: true, retryAfterSeconds: 0, remaining: Math.min(...results.map((r) => r.remaining), SIGN_IN_PER_MINUTE) };
  return { allowed: false, retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)), remaining: 0 };
}
