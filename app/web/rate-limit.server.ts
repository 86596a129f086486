import { appEnv } from "#app/utils/env.server.ts";
// In-process rate limits (per server process: with several app servers behind a
// load balancer each keeps its own count; see docs/scaling.md). A fixed window
// per key, with expired windows swept so memory stays bounded.

import { RateLimiter, type RateLimitResult } from "#app/utils/rate-limiter.server.ts";
export { RateLimiter, type RateLimitResult };

/** A limit per client address and per account (an e-mail, a user, a token): both must allow an attempt. */
export class PairedLimit {
  readonly byIp: RateLimiter;
  readonly byAccount: RateLimiter;

  constructor(readonly perMinute: number) {
    this.byIp = new RateLimiter(perMinute, 60_000);
    this.byAccount = new RateLimiter(perMinute, 60_000);
  }

  /** Counts one attempt against both limits; the larger wait wins. */
  check(ip: string | null, account: string | null): RateLimitResult {
    const results = [
      ip ? this.byIp.hit(ip) : null,
      account ? this.byAccount.hit(account.trim().toLowerCase()) : null,
    ].filter((r): r is RateLimitResult => r !== null);
    const refused = results.filter((r) => !r.allowed);
    if (refused.length === 0) {
      return {
        allowed: true,
        retryAfterSeconds: 0,
        remaining: Math.min(...results.map((r) => r.remaining), this.perMinute),
      };
    }
    return { allowed: false, retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)), remaining: 0 };
  }

  reset(): void {
    this.byIp.reset();
    this.byAccount.reset();
  }
}

/**
 * Guesses at a password: signing in and changing one's password share these
 * counters (the account key is the e-mail), so a stolen session cannot test
 * more current passwords a minute than the sign-in form allows.
 */
export const authLimits = new PairedLimit(appEnv().SIGN_IN_RATE_LIMIT);

/** Portal invitations: accepting (per address and per token) and sending (per address and per member of staff). */
export const invitationLimits = new PairedLimit(appEnv().INVITATION_RATE_LIMIT);

/**
 * How many refused requests reach the audit log: 10 a minute per actor (or
 * client address when nobody is signed in), one note when a key goes over, and
 * 300 a minute in all, so a flood of refusals cannot grow the log without bound.
 */
export const refusalLimits = {
  perKey: new RateLimiter(10, 60_000),
  overNotice: new RateLimiter(1, 60_000),
  total: new RateLimiter(300, 60_000),
};

/** Checks the sign-in and password limits for one attempt. */
export function checkAuthLimit(ip: string | null, account: string | null): RateLimitResult {
  return authLimits.check(ip, account);
}

/** Forgets every count, as after a minute's pause (tests start each case this way). */
export function resetRateLimits(): void {
  authLimits.reset();
  invitationLimits.reset();
  for (const limiter of Object.values(refusalLimits)) limiter.reset();
}
