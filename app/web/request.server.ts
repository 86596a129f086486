import { appEnv } from "#app/utils/env.server.ts";

/**
 * The client's address as seen by the server. scripts/server.mjs sets this
 * header from Express's req.ip (which honours X-Forwarded-For only when
 * TRUST_PROXY is configured) and overwrites whatever a client sent.
 */
export function clientIp(request: Request): string | null {
  return request.headers.get("X-Kohtaamo-Remote-Addr")?.slice(0, 100) || null;
}

/**
 * The id scripts/server.mjs gives each incoming request (overwriting any sent
 * by the client), shared by the copies Remix hands to each loader of a page.
 * Null when the app runs without that server (tests).
 */
export function requestId(request: Request): string | null {
  return request.headers.get("X-Kohtaamo-Request-Id")?.slice(0, 100) || null;
}

/**
 * Whether the request reached us over HTTPS. The Express adapter builds
 * request.url from req.protocol, which is the TLS socket's own unless
 * TRUST_PROXY lets a trusted proxy's X-Forwarded-Proto speak for it.
 */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** Cookies get `Secure` when the request came over HTTPS, or always with SECURE_COOKIES=true. */
export function cookieSecure(request: Request | null | undefined, secureCookies = appEnv().SECURE_COOKIES): boolean {
  return secureCookies || (request ? isHttps(request) : false);
}

/** What a new session records about the request that opened it, and how its cookie is set. */
export function sessionMeta(request: Request) {
  return { ip: clientIp(request), userAgent: request.headers.get("User-Agent"), secure: cookieSecure(request) };
}
