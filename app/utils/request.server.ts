/** The client's address as seen by the server (the proxy's X-Forwarded-For is trusted only when configured). */
export function clientIp(request: Request): string | null {
  if (process.env.TRUST_PROXY === "true") {
    const forwarded = request.headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 100);
  }
  return request.headers.get("X-Kohtaamo-Remote-Addr");
}
