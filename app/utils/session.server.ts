import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { sql } from "kysely";
import type { Role } from "#app/domain/vocabulary.ts";
import { db, isDatabaseUnavailable, serviceUnavailable, type Executor } from "./db.server.ts";
import { writeAudit } from "./audit.server.ts";
import { appEnv } from "./env.server.ts";
import { clientIp, cookieSecure, requestId } from "./request.server.ts";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: "en" | "fi";
  sessionId: string;
}

const fallbackSecret = randomBytes(32).toString("hex");

function sessionCookie(request?: Request | null, secure?: boolean) {
  const env = appEnv();
  if (!env.SESSION_SECRET && env.NODE_ENV === "production" && !warned) {
    warned = true;
    console.warn("SESSION_SECRET is not set: using a per-process secret (sign-ins end when the server restarts).");
  }
  return createCookie("kohtaamo_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure ?? cookieSecure(request),
    path: "/",
    secrets: [env.SESSION_SECRET ?? (env.NODE_ENV === "production" ? fallbackSecret : "kohtaamo-dev-secret")],
    maxAge: env.SESSION_ABSOLUTE_HOURS * 3600,
  });
}
let warned = false;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Starts a new session (always a new id: never reuse one across a sign-in) and returns its cookie. */
export async function createSession(
  executor: Executor,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null; secure?: boolean } = {},
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const hours = appEnv().SESSION_ABSOLUTE_HOURS;
  await executor
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + hours * 3600_000),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return sessionCookie(null, meta.secure).serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

/** The signed-in user, or null for no, expired, revoked or tampered sessions. */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  // A page's loaders each ask (root, layout, page) with their own copy of one
  // request: a read shares one lookup, by the id the server gave the request.
  // Changes (POST) always look again: an action may just have ended a session.
  const id = request.method === "GET" || request.method === "HEAD" ? requestId(request) : null;
  if (!id) return readSessionUser(token);
  const key = `${id}:${token}`;
  let pending = sharedLookups.get(key);
  if (!pending) {
    pending = readSessionUser(token);
    sharedLookups.set(key, pending);
    const forget = () => setTimeout(() => sharedLookups.delete(key), 1_000).unref();
    pending.then(forget, forget);
  }
  return pending;
}

/** Lookups in flight or just done, per request (see getSessionUser); each is forgotten a second after it answers. */
const sharedLookups = new Map<string, Promise<SessionUser | null>>();

async function readSessionUser(token: string): Promise<SessionUser | null> {
  const idleMinutes = appEnv().SESSION_IDLE_MINUTES;
  const row = await lookupSession(token, idleMinutes);
  if (!row) return null;
  // Sliding idle expiry, written at most once a minute per session.
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db().updateTable("sessions").set({ last_seen_at: sql`now()` }).where("id", "=", row.sessionId).execute();
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, sessionId: row.sessionId };
}

/**
 * Every signed-in request starts here, so this is where an unreachable database
 * becomes a clear 503 page instead of a generic error.
 */
async function lookupSession(token: string, idleMinutes: number) {
  try {
    return await db()
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id as sessionId", "s.last_seen_at", "u.id", "u.email", "u.name", "u.role", "u.locale"])
    .where("s.token_hash", "=", hashToken(token))
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .where("s.last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw serviceUnavailable();
    throw error;
  }
}

/** Signs out: revokes the request's session and records it, together. Returns the cookie that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) {
    await db()
      .transaction()
      .execute(async (trx) => {
        const ended = await trx
          .updateTable("sessions")
          .set({ revoked_at: sql`now()` })
          .where("token_hash", "=", hashToken(token))
          .where("revoked_at", "is", null)
          .returning(["id", "user_id"])
          .executeTakeFirst();
        if (ended) {
          await writeAudit(trx, { actorId: ended.user_id, entity: "session", entityId: ended.user_id, action: "sign_out", ip: clientIp(request) });
        }
      });
  }
  return sessionCookie(request).serialize("", { maxAge: 0 });
}

export async function revokeUserSessions(executor: Executor, userId: string): Promise<void> {
  await executor
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Only same-site relative paths: never an open redirect. */
/**
 * A redirect target from the request, if it is a path on this site; `fallback` otherwise.
 * Only printable ASCII without backslashes passes (paths from URL objects are
 * percent-encoded): browsers drop tabs and line breaks inside a URL, so
 * "/\t/evil.example" would lead to //evil.example, and they read "\" as "/".
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !/^\/[\x21-\x5B\x5D-\x7E]*$/.test(to) || to.startsWith("//")) return fallback;
  return to;
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  const params = redirectTo === "/" ? "" : `?${new URLSearchParams({ redirectTo })}`;
  throw redirect(`/login${params}`);
}
