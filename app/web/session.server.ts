import { createCookie, redirect } from "@remix-run/node";
import {
  endSession,
  findLiveSession,
  openSession,
  touchSession,
  type SessionMeta,
  type SessionUser,
} from "#app/models/sessions.server.ts";
import { databaseFault, db, type Executor } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { sessionSecret } from "#app/utils/session-secret.server.ts";
import { serviceUnavailable } from "./db-faults.server.ts";
import { clientIp, cookieSecure, requestId } from "./request.server.ts";

export type { SessionUser };

function sessionCookie(request?: Request | null, secure?: boolean) {
  const env = appEnv();
  return createCookie("kohtaamo_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: secure ?? cookieSecure(request),
    path: "/",
    secrets: [sessionSecret()],
    maxAge: env.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

/** The Set-Cookie value that carries a session token (Secure when `secure`, else per SECURE_COOKIES). */
export function sessionSetCookie(token: string, secure?: boolean): Promise<string> {
  return sessionCookie(null, secure).serialize(token);
}

/** Opens a new session row (see openSession) and returns its cookie. */
export async function createSession(
  executor: Executor,
  userId: string,
  meta: SessionMeta & { secure?: boolean } = {},
): Promise<string> {
  return sessionSetCookie(await openSession(executor, userId, meta), meta.secure);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

/** The signed-in user, or null for no, expired, revoked or tampered sessions. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  return sharedPerRead(request, "session", () => lookUp(request));
}

/**
 * `read`, shared by a page's loaders: each asks (root, layout, page) with its
 * own copy of one request, and a read request shares one answer, cookie check
 * included, by `what`, the id the server gave the request and the cookies it
 * came with. Changes (POST) always read again: an action may just have ended a
 * session or a customer's access.
 */
export function sharedPerRead<T>(request: Request, what: string, read: () => Promise<T>): Promise<T> {
  const id = request.method === "GET" || request.method === "HEAD" ? requestId(request) : null;
  const cookies = request.headers.get("Cookie");
  if (!id || !cookies || cookies.length > 4096) return read();
  const key = `${what}:${id}:${cookies}`;
  let pending = sharedReads.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = read();
    sharedReads.set(key, pending);
    const forget = () => setTimeout(() => sharedReads.delete(key), 1_000).unref();
    pending.then(forget, forget);
  }
  return pending;
}

/** Reads in flight or just done, per request (see sharedPerRead); each is forgotten a second after it answers. */
const sharedReads = new Map<string, Promise<unknown>>();

/** The user of the request's signed session cookie, if its session is live. */
async function lookUp(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  return token ? readSessionUser(token) : null;
}

async function readSessionUser(token: string): Promise<SessionUser | null> {
  const row = await lookupSession(token, appEnv().SESSION_IDLE_MINUTES);
  if (!row) return null;
  // Sliding idle expiry, written at most once a minute per session.
  if (Date.now() - row.last_seen_at.getTime() > 60_000) await touchSession(db(), row.sessionId);
  return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, sessionId: row.sessionId };
}

/**
 * Every signed-in request starts here, so this is where an unreachable database
 * becomes a clear 503 page instead of a generic error.
 */
async function lookupSession(token: string, idleMinutes: number) {
  try {
    return await findLiveSession(db(), token, idleMinutes);
  } catch (error) {
    const fault = databaseFault(error);
    if (fault) throw serviceUnavailable(fault);
    throw error;
  }
}

/** Signs out: revokes the request's session and records it, together. Returns the cookie that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await db().transaction().execute((trx) => endSession(trx, token, clientIp(request)));
  return sessionCookie(request).serialize("", { maxAge: 0 });
}

/**
 * Only same-site relative paths: never an open redirect.
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
