import { describe, expect, it } from "vitest";
import { DEMO, DEMO_PASSWORD, serverUrl } from "./browser.ts";

// Plain HTTP against the production server: the headers and guards live in
// scripts/server.mjs and app/entry.server.tsx, so they are checked end to end.
const baseUrl = serverUrl;

async function signInCookie(email: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

function expectSecureHtml(res: Response, html: string, path: string) {
  expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
  const csp = res.headers.get("content-security-policy");
  expect(csp, path).toBeTruthy();
  expect(res.headers.get("content-security-policy-report-only"), path).toBeNull();
  const nonce = /'nonce-([^']+)'/.exec(csp!)?.[1];
  expect(nonce, path).toBeTruthy();
  // Every script on the page carries this response's nonce, and only this one.
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  // The sign-in page sends no scripts at all (handle.hydrate = false); every other page does.
  if (path.endsWith(" /login")) expect(scripts, path).toEqual([]);
  else expect(scripts.length, path).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options"), path).toBe("DENY");
}

describe("HTTP security", () => {
  it("sends an enforced, nonce-based CSP and the security headers with every HTML page", async () => {
    const pages: [string | null, string][] = [
      [null, "/login"],
      [DEMO.kam, "/accounts"],
      [DEMO.kam, "/my-work"],
      [DEMO.kam, "/log"],
      [DEMO.director, "/accounts"],
      [DEMO.customer, "/portal"],
      [DEMO.customer, "/accounts"], // a refusal page is HTML too
      [null, "/no-such-page"],
    ];
    const cookies = new Map<string, string>();
    const nonces = new Set<string>();
    for (const [who, path] of pages) {
      let cookie: string | undefined;
      if (who) {
        if (!cookies.has(who)) cookies.set(who, await signInCookie(who));
        cookie = cookies.get(who);
      }
      const res = await fetch(`${baseUrl()}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      const html = await res.text();
      expectSecureHtml(res, html, `${who ?? "anonymous"} ${path}`);
      nonces.add(/'nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1]!);
    }
    expect(nonces.size).toBe(pages.length);
  });

  it("serves public/'s own files and the built assets, and leaves every other path to the app", async () => {
    const icon = await fetch(`${baseUrl()}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await icon.text()).toContain("<svg");
    // A path that is not one of public/'s files is the app's: its 404 page, not a file lookup's.
    const missing = await fetch(`${baseUrl()}/favicon.ico`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    const login = await (await fetch(`${baseUrl()}/login`)).text();
    const asset = /<link rel="stylesheet" href="(\/build\/[^"]+\.css)"/.exec(login)?.[1];
    expect(asset).toBeTruthy();
    const css = await fetch(`${baseUrl()}${asset}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("refuses a cross-site form post, and accepts the same post from our own origin", async () => {
    const body = new URLSearchParams({ email: DEMO.kam, password: DEMO_PASSWORD });
    const evil = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      body,
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      redirect: "manual",
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("set-cookie")).toBeNull();
    // The refusal is in the audit log, among the refused requests an administrator can list.
    const admin = await signInCookie(DEMO.admin);
    const log = await fetch(`${baseUrl()}/admin/audit?kind=refused`, { headers: { cookie: admin } });
    expect(await log.text()).toMatch(/access_denied[\s\S]*cross_site[\s\S]*\/login/);
    const own = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      body,
      headers: { origin: baseUrl(), "sec-fetch-site": "same-origin" },
      redirect: "manual",
    });
    expect(own.status).toBe(302);
  });

  it("sets the session cookie HttpOnly and SameSite", async () => {
    const res = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: DEMO.kam, password: DEMO_PASSWORD }),
      redirect: "manual",
    });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Plain HTTP and no TRUST_PROXY here: a client claiming HTTPS is not believed (tests/integration/cookies.test.ts
    // shows the Secure flag over HTTPS and behind a trusted proxy).
    expect(cookie).not.toMatch(/;\s*Secure/i);
    const claimed = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: DEMO.kam, password: DEMO_PASSWORD }),
      headers: { "x-forwarded-proto": "https" },
      redirect: "manual",
    });
    expect(claimed.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });

  it("changes nothing by other methods than POST", async () => {
    const cookie = await signInCookie(DEMO.kam);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await fetch(`${baseUrl()}/logout`, { method, headers: { cookie }, redirect: "manual" });
      expect([method, res.status]).toEqual([method, 405]);
    }
    // Still signed in: the session was not ended by any of them.
    const still = await fetch(`${baseUrl()}/accounts`, { headers: { cookie }, redirect: "manual" });
    expect(still.status).toBe(200);
  });

  it("compresses pages with gzip for clients that take it (COMPRESSION, level 4 by default)", async () => {
    const cookie = await signInCookie(DEMO.kam);
    const zipped = await fetch(`${baseUrl()}/accounts`, { headers: { cookie, "accept-encoding": "gzip" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(await zipped.text()).toContain("</html>");
    const plain = await fetch(`${baseUrl()}/accounts`, { headers: { cookie, "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toContain("</html>");
  });
});
