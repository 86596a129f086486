import { randomBytes } from "node:crypto";

// HTTP security policy in one place: the per-request CSP, the headers every
// response carries, and the cross-site mutation guard the server applies
// before Remix sees a request.

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * An enforced Content-Security-Policy: scripts only from us and with this
 * request's nonce; no plugins, no framing, forms only back to us. Inline style
 * attributes stay allowed (React `style` props and SVG charts) — they cannot run code.
 */
export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": options.development ? ["'self'", "ws://localhost:*", "ws://127.0.0.1:*"] : ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Headers for every response, HTML or not. HSTS only over HTTPS (browsers ignore it otherwise anyway). */
export function baseSecurityHeaders(secure: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(secure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export interface RequestFacts {
  method: string;
  path: string;
  /** The Origin header, if any. */
  origin?: string | null;
  /** The Sec-Fetch-Site header, if any. */
  secFetchSite?: string | null;
  /** The origin this server is reached at, e.g. https://kohtaamo.example. */
  selfOrigin: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a state-changing request comes from another site (cross-site
 * request forgery). Browsers send Sec-Fetch-Site and Origin with form posts;
 * a request without both (curl, server-to-server) is not a browser's
 * cross-site post. The token API (/api/) authenticates with a Bearer header,
 * which a cross-site form cannot send, so it is exempt.
 */
export function isCrossSiteMutation(facts: RequestFacts): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return false;
  if (facts.path.startsWith("/api/")) return false;
  const site = facts.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return true;
  if (facts.origin && facts.origin !== "null") return facts.origin !== facts.selfOrigin;
  // "Origin: null" comes from sandboxed or privacy-redirected contexts; refuse it for mutations.
  return facts.origin === "null";
}
