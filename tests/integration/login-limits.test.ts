import { describe, expect, it } from "vitest";
import { action as loginAction } from "#app/routes/login.tsx";
import { db } from "#app/utils/db.server.ts";
import { createUser, TEST_PASSWORD } from "#tests/factories/index.ts";
import { run, statusOf } from "#tests/setup/requests.ts";

const attempt = (email: string, password: string, ip: string) =>
  run(
    loginAction,
    new Request("http://localhost/login", {
      method: "POST",
      body: new URLSearchParams({ email, password }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Kohtaamo-Remote-Addr": ip },
    }),
  );

describe("sign-in limits", () => {
  it("refuses the eleventh attempt in a minute for one account, even with the right password, and audits it", async () => {
    await createUser(db(), { email: "target@pohjola.example" });
    for (let i = 0; i < 10; i++) {
      // Spread over addresses: the per-account limit must hold on its own.
      expect(statusOf(await attempt("target@pohjola.example", "guess-" + i, `10.0.0.${i}`))).toBe(401);
    }
    const refused = await attempt("Target@Pohjola.example", TEST_PASSWORD, "10.0.1.1");
    expect(statusOf(refused)).toBe(429);
    const reply = refused.value as { data: { error: Record<string, string[]> }; init: { headers: Record<string, string> } };
    expect(reply.data.error[""]?.[0]).toMatch(/Too many sign-in attempts. Try again in \d+ seconds./);
    expect(Number(reply.init.headers["Retry-After"])).toBeGreaterThan(0);
    const sessions = await db().selectFrom("sessions").select("id").execute();
    expect(sessions).toHaveLength(0);
    const actions = await db().selectFrom("audit_events").select("action").orderBy("id").execute();
    expect(actions.filter((a) => a.action === "sign_in_failed")).toHaveLength(10);
    expect(actions.at(-1)).toEqual({ action: "sign_in_throttled" });
  });

  it("refuses the eleventh attempt in a minute from one address across accounts", async () => {
    for (let i = 0; i < 10; i++) {
      expect(statusOf(await attempt(`nobody${i}@pohjola.example`, "x", "192.0.2.7"))).toBe(401);
    }
    expect(statusOf(await attempt("someone-else@pohjola.example", "x", "192.0.2.7"))).toBe(429);
    // Another address is not affected.
    expect(statusOf(await attempt("someone-else@pohjola.example", "x", "192.0.2.8"))).toBe(401);
  });
});
