import { describe, expect, it } from "vitest";
import { RateLimiter } from "#app/web/rate-limit.server.ts";
import { baseSecurityHeaders, contentSecurityPolicy, createNonce, isCrossSiteMutation } from "#app/web/security.server.ts";

describe("content security policy", () => {
  it("allows scripts only from us and with this request's nonce, and forbids framing", () => {
    const nonce = createNonce();
    const csp = contentSecurityPolicy(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("ws://");
    expect(contentSecurityPolicy(nonce, { development: true })).toContain("ws://localhost:*");
  });

  it("draws a fresh nonce each time", () => {
    expect(createNonce()).not.toBe(createNonce());
    expect(Buffer.from(createNonce(), "base64")).toHaveLength(16);
  });

  it("sends HSTS only over HTTPS", () => {
    expect(baseSecurityHeaders(true)["Strict-Transport-Security"]).toMatch(/max-age=\d{7,}/);
    expect(baseSecurityHeaders(false)).not.toHaveProperty("Strict-Transport-Security");
    expect(baseSecurityHeaders(false)["X-Content-Type-Options"]).toBe("nosniff");
  });
});

describe("cross-site mutation guard", () => {
  const self = "https://kohtaamo.example";
  const post = (facts: Partial<Parameters<typeof isCrossSiteMutation>[0]>) =>
    isCrossSiteMutation({ method: "POST", path: "/accounts/new", selfOrigin: self, ...facts });

  it("refuses posts from another site", () => {
    expect(post({ origin: "https://evil.example", secFetchSite: "cross-site" })).toBe(true);
    expect(post({ origin: "https://evil.example" })).toBe(true);
    expect(post({ secFetchSite: "cross-site" })).toBe(true);
    expect(post({ secFetchSite: "same-site", origin: "https://sub.kohtaamo.example" })).toBe(true);
    expect(post({ origin: "null" })).toBe(true);
  });

  it("lets our own pages, non-browser clients and reads through", () => {
    expect(post({ origin: self, secFetchSite: "same-origin" })).toBe(false);
    expect(post({})).toBe(false);
    expect(post({ secFetchSite: "none" })).toBe(false);
    expect(isCrossSiteMutation({ method: "GET", path: "/accounts", origin: "https://evil.example", secFetchSite: "cross-site", selfOrigin: self })).toBe(false);
    // Token-authenticated API calls cannot come from a cross-site form.
    expect(post({ path: "/api/v1/accounts", origin: "https://integration.example" })).toBe(false);
  });
});

describe("rate limiter", () => {
  it("allows the limit within a window, refuses beyond it, and resets after the window", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => limiter.hit("ip", t0 + i).allowed)).toEqual([true, true, true]);
    const refused = limiter.hit("ip", t0 + 10_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(51); // the window opened at t0 + 1
    expect(limiter.hit("other", t0 + 10_000).allowed).toBe(true);
    expect(limiter.hit("ip", t0 + 60_001).allowed).toBe(true);
  });

  it("keeps its memory bounded under a flood of distinct keys", () => {
    const limiter = new RateLimiter(1, 60_000, 1000);
    for (let i = 0; i < 5000; i++) limiter.hit(`k${i}`, 1_000 + i);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(1000);
  });
});
