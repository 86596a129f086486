import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { $ZodErrorMap } from "zod/v4/core";
import { SetPasswordForm } from "#app/schemas/password.ts";
import { checkPasswordPolicy, type PasswordOwner } from "#app/utils/password-policy.server.ts";
import { invitationLimits } from "./rate-limit.server.ts";
import { clientIp } from "./request.server.ts";

// The one-time link pages (a portal invitation, a staff member's set-password
// link): the token alone names the link (only its hash is stored), so looks
// and attempts are bounded per client address and per token, and a link that
// cannot be used answers with its own status.

/** What a one-time link page shows: the form, why the link cannot be used, or that there were too many tries. */
export type LinkPageState = "valid" | "unknown" | "expired" | "used" | "revoked" | "throttled";

const LINK_STATUS: Record<LinkPageState, number> = {
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
function linkAttempt(request: Request, kind: string, token: string) {
  const limit = invitationLimits.check(clientIp(request), `${kind}:${token.slice(0, 100)}`);
  return limit.allowed ? null : { "Retry-After": String(limit.retryAfterSeconds) };
}

/**
 * A look at a one-time link (a page's loader; `kind` names the link's counter,
 * as in linkAttempt): the link looked up by `find`, its state, what the page
 * shows of a usable one (`shown`, else null), and the status (with
 * Retry-After after too many looks) to answer with.
 */
export async function lookAtLink<L, S>(
  request: Request,
  {
    kind,
    token,
    find,
    shown,
  }: {
    kind: string;
    token: string;
    find: (token: string) => Promise<{ state: Exclude<LinkPageState, "throttled">; link: L | null }>;
    shown: (link: L) => S;
  },
): Promise<{ state: LinkPageState; shown: S | null; init: ResponseInit }> {
  const throttled = linkAttempt(request, kind, token);
  if (throttled) return { state: "throttled", shown: null, init: { status: 429, headers: throttled } };
  const { state, link } = await find(token);
  return { state, shown: state === "valid" && link ? shown(link) : null, init: { status: LINK_STATUS[state] } };
}

/**
 * The answer to an attempt with a link that cannot be used, or one try too many
 * (with its Retry-After `headers`): the page says why, with the link's status.
 */
export function linkRefused(state: LinkPageState, headers?: Record<string, string>) {
  return data({ state, result: undefined }, headers ? { status: LINK_STATUS[state], headers } : { status: LINK_STATUS[state] });
}

/**
 * A password chosen with a one-time link (`kind` names the link's counter, as
 * in linkAttempt): the attempt counted, the link looked up by `find`, the
 * password typed twice and held to the policy for the link's owner. `answer`:
 * what the page says instead (too many tries, a link that cannot be used,
 * fields to fix, the passwords not sent back), else the link and the form read.
 */
export async function choosePasswordAttempt<L>(
  request: Request,
  {
    kind,
    token,
    errorMap,
    find,
    owner,
  }: {
    kind: string;
    token: string;
    errorMap: $ZodErrorMap;
    find: (token: string) => Promise<{ state: Exclude<LinkPageState, "throttled">; link: L | null }>;
    owner: (link: L) => PasswordOwner;
  },
) {
  const formData = await request.formData();
  const throttled = linkAttempt(request, kind, token);
  if (throttled) return { answer: linkRefused("throttled", throttled) };
  const found = await find(token);
  if (found.state !== "valid" || !found.link) return { answer: linkRefused(found.state) };
  const schema = SetPasswordForm.superRefine(checkPasswordPolicy("password", owner(found.link)));
  const submission = parseWithZod(formData, { schema, error: errorMap });
  if (submission.status !== "success") {
    return { answer: passwordReply(submission.reply({ hideFields: ["password", "confirm"] })) };
  }
  return { link: found.link, submission };
}

/** The form's answer to fix (400): the link stays usable, the fields say what to change. */
export function passwordReply<R>(result: R) {
  return data({ state: null, result }, { status: 400 });
}
