import type { AddressInfo } from "node:net";
// The adapter's own request builder, as scripts/server.mjs uses it through
// createRequestHandler (not re-exported from the package index).
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import express from "express";
import { describe, expect, it } from "vitest";
import { localeSetCookie } from "#app/web/locale.server.ts";
import { action as localeAction } from "#app/routes/locale.tsx";
import { action as loginAction } from "#app/routes/login.tsx";
import { db } from "#app/utils/db.server.ts";
import { setFlash } from "#app/web/flash.server.ts";
import { cookieSecure } from "#app/web/request.server.ts";
import { createUser, TEST_PASSWORD } from "#tests/factories/index.ts";
import { run } from "#tests/setup/requests.ts";

// Cookies get `Secure` when the request arrived over HTTPS (as Express saw it:
// req.protocol, which trusts X-Forwarded-Proto only with TRUST_PROXY), or
// always with SECURE_COOKIES=true. Session, flash and locale cookies alike.

const form = (origin: string, path: string, fields: Record<string, string>) =>
  new Request(`${origin}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
const setCookies = (res: unknown) => (res as Response).headers.getSetCookie();
const isSecure = (cookie: string) => /;\s*Secure/i.test(cookie);

describe("Secure cookies", () => {
  it("marks the session and flash cookies Secure after a sign-in over HTTPS, and not over plain HTTP", async () => {
    await createUser(db(), { email: "kam@pohjola.example", role: "kam" });
    const https = await run(loginAction, form("https://kohtaamo.example", "/login", { email: "kam@pohjola.example", password: TEST_PASSWORD }));
    const [session] = setCookies(https.value);
    expect(session).toMatch(/^kohtaamo_session=/);
    expect(isSecure(session!)).toBe(true);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const http = await run(loginAction, form("http://localhost", "/login", { email: "kam@pohjola.example", password: TEST_PASSWORD }));
    expect(isSecure(setCookies(http.value)[0]!)).toBe(false);

    expect(isSecure(await setFlash(new Request("https://kohtaamo.example/x"), { kind: "success", message: "Saved." }))).toBe(true);
    expect(isSecure(await setFlash(new Request("http://localhost/x"), { kind: "success", message: "Saved." }))).toBe(false);
  });

  it("marks the locale cookie Secure over HTTPS", async () => {
    const res = await run(localeAction, form("https://kohtaamo.example", "/locale", { locale: "fi", redirectTo: "/" }));
    const [cookie] = setCookies(res.value);
    expect(cookie).toMatch(/^kohtaamo_locale=/);
    expect(isSecure(cookie!)).toBe(true);
    expect(isSecure(await localeSetCookie(new Request("http://localhost/"), "en"))).toBe(false);
  });

  it("signs every cookie: a flash or language cookie altered by the client reads as none", async () => {
    const { localeCookie } = await import("#app/web/locale.server.ts");
    const { takeFlash } = await import("#app/web/flash.server.ts");
    const flash = (await setFlash(new Request("http://localhost/x"), { kind: "success", message: "Saved." })).split(";")[0]!;
    const locale = (await localeSetCookie(new Request("http://localhost/"), "fi")).split(";")[0]!;
    // Signed: value.signature.
    for (const cookie of [flash, locale]) expect(decodeURIComponent(cookie.split("=").slice(1).join("="))).toMatch(/\.[^.]+$/);
    const withCookie = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });
    expect((await takeFlash(withCookie(flash))).flash).toEqual({ kind: "success", message: "Saved." });
    expect(await localeCookie().parse(locale)).toBe("fi");
    const forged = (name: string, value: unknown) => `${name}=${encodeURIComponent(btoa(JSON.stringify(value)))}`;
    expect((await takeFlash(withCookie(forged("kohtaamo_flash", { kind: "error", message: "Forged" })))).flash).toBeNull();
    expect(await localeCookie().parse(forged("kohtaamo_locale", "fi"))).toBeNull();
  });

  it("always marks them Secure with SECURE_COOKIES=true", () => {
    expect(cookieSecure(new Request("http://localhost/"), true)).toBe(true);
    expect(cookieSecure(null, true)).toBe(true);
    expect(cookieSecure(null, false)).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY)", async () => {
    const probe = async (trustProxy: boolean) => {
      const app = express();
      if (trustProxy) app.set("trust proxy", 1);
      app.get("/probe", async (req, res) => {
        const request = createRemixRequest(req, res);
        res.json({ flash: await setFlash(request, { kind: "success", message: "x" }) });
      });
      const server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const res = await fetch(`http://127.0.0.1:${port}/probe`, { headers: { "X-Forwarded-Proto": "https" } });
        return isSecure(((await res.json()) as { flash: string }).flash);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };
    expect(await probe(true)).toBe(true);
    // Without TRUST_PROXY a client cannot claim HTTPS by sending the header itself.
    expect(await probe(false)).toBe(false);
  });
});
