/**
 * The client's address as seen by the server. scripts/server.mjs sets this
 * header from Express's req.ip (which honours X-Forwarded-For only when
 * TRUST_PROXY is configured) and overwrites whatever a client sent.
 */
export function clientIp(request: Request): string | null {
  return request.headers.get("X-Kohtaamo-Remote-Addr")?.slice(0, 100) || null;
}
