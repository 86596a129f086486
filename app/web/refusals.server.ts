import { writeAudit } from "#app/utils/audit.server.ts";
import { db } from "#app/utils/db.server.ts";
import { refusalLimits } from "./rate-limit.server.ts";
import { clientIp, requestId } from "./request.server.ts";

// Refused authorizations go to the audit log: who (when known), what was asked
// for, why it was refused, and from where. Each is written in its own small
// statement outside any transaction of the request, and a failed write never
// changes the answer: the refusal stands whether or not it was recorded.
// A flood is bounded by refusalLimits (see rate-limit.server.ts): past its
// allowance a key gets one "access_denied_suppressed" note a minute and nothing
// more, and the whole process writes at most 300 refusals a minute.

export interface RefusalFacts {
  method: string;
  path: string;
  ip: string | null;
  actorId?: string | null;
  role?: string | null;
  accountId?: string | null;
  status: 401 | 403;
  reason: string;
  /** "request" for pages and forms, "api" for the token API, "cross_site" for refused cross-site posts. */
  channel?: "request" | "api" | "cross_site";
  /** The server's id of the request: the loaders of one page refusing it together make one record. */
  requestId?: string | null;
}

/** The facts of a Request, for recordRefusal. */
export function requestFacts(request: Request): Pick<RefusalFacts, "method" | "path" | "ip" | "requestId"> {
  return { method: request.method, path: new URL(request.url).pathname, ip: clientIp(request), requestId: requestId(request) };
}

// Ids of requests already recorded, oldest first, kept to a bounded number.
const recorded = new Set<string>();
function firstForRequest(id: string | null | undefined): boolean {
  if (!id) return true;
  if (recorded.has(id)) return false;
  recorded.add(id);
  if (recorded.size > 10_000) recorded.delete(recorded.values().next().value!);
  return true;
}

/** Writes the refusal to the audit log within the flood limits. Never throws. */
export async function recordRefusal(facts: RefusalFacts): Promise<"written" | "suppressed" | "failed"> {
  const key = facts.actorId ? `actor:${facts.actorId}` : `ip:${facts.ip ?? "unknown"}`;
  const channel = facts.channel ?? "request";
  const path = facts.path.slice(0, 300);
  if (!firstForRequest(facts.requestId)) return "suppressed";
  try {
    if (!refusalLimits.perKey.hit(key).allowed) {
      if (refusalLimits.overNotice.hit(key).allowed && refusalLimits.total.hit("all").allowed) {
        await writeAudit(db(), {
          actorId: facts.actorId ?? null,
          entity: channel,
          entityId: path,
          action: "access_denied_suppressed",
          after: { note: "More refusals for this actor or address in this minute are not recorded one by one." },
          ip: facts.ip,
        });
      }
      return "suppressed";
    }
    if (!refusalLimits.total.hit("all").allowed) return "suppressed";
    await writeAudit(db(), {
      actorId: facts.actorId ?? null,
      accountId: facts.accountId ?? null,
      entity: channel,
      entityId: path,
      action: "access_denied",
      after: {
        method: facts.method.toUpperCase().slice(0, 10),
        path,
        status: facts.status,
        reason: facts.reason.slice(0, 300),
        ...(facts.role ? { role: facts.role } : {}),
      },
      ip: facts.ip,
    });
    return "written";
  } catch (error) {
    // The refusal is answered either way; the log says why its record is missing.
    console.warn(`Could not record a refused request: ${error instanceof Error ? error.message : String(error)}`);
    return "failed";
  }
}
