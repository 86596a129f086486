import { data } from "@remix-run/node";
import { invitationLimits } from "./rate-limit.server.ts";
import { clientIp } from "./request.server.ts";

// The one-time link pages (a portal invitation, a staff member's set-password
// link): the token alone names the link (only its hash is stored), so looks
// and attempts are bounded per client address and per token, and a link that
// cannot be used answers with its own status.

/** What a one-time link page shows: the form, why the link cannot be used, or that there were too many tries. */
export type LinkPageState = "valid" | "unknown" | "expired" | "used" | "revoked" | "throttled";

export const LINK_STATUS: Record<LinkPageState, number> = {
  valid: 200,
  unknown: 404,
  expired: 410,
  used: 410,
  revoked: 410,
  throttled: 429,
};

/**
 * Counts a look at a link, or an attempt to use one, per client address and per
 * token (`kind:token`): null while allowed, else the Retry-After header to answer with.
 */
export function linkAttempt(request: Request, kind: string, token: string) {
  const limit = invitationLimits.check(clientIp(request), `${kind}:${token.slice(0, 100)}`);
  return limit.allowed ? null : { "Retry-After": String(limit.retryAfterSeconds) };
}

/**
 * The answer to an attempt with a link that cannot be used, or one try too many
 * (with its Retry-After `headers`): the page says why, with the link's status.
 */
export function linkRefused(state: LinkPageState, headers?: Record<string, string>) {
  return data({ state, result: undefined }, headers ? { status: LINK_STATUS[state], headers } : { status: LINK_STATUS[state] });
}
