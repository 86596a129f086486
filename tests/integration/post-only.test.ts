import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Changes are made only by POST. Every route module with an action (the token
// API aside, which answers each method itself) refuses PUT, PATCH and DELETE
// with 405 and `Allow: POST`, before reading anything, even for an administrator.
// The modules are found as the authorization matrix finds them: every file in
// app/routes, so a new route cannot be missed.

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUTES_DIR = path.resolve(here, "../../app/routes");
const files = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("api."))
  .sort();

describe("mutations only on POST", () => {
  it("finds the route modules with actions", async () => {
    const withAction: string[] = [];
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as { action?: unknown };
      if (mod.action) withAction.push(file);
    }
    // A sanity floor: the count only grows as routes are added.
    expect(withAction.length).toBeGreaterThanOrEqual(28);
    expect(withAction).toEqual(expect.arrayContaining(["login.tsx", "logout.tsx", "password.tsx", "_app.admin.users.$userId.tsx"]));
  });

  it.each(files)("%s refuses other methods than POST", async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as { action?: (args: ActionFunctionArgs) => unknown };
    if (!mod.action) return;
    const admin = await createUser(db(), { role: "admin" });
    const cookie = await sessionCookieFor(admin.id);
    const params = { accountId: crypto.randomUUID(), userId: admin.id, token: "x".repeat(43), jobId: crypto.randomUUID(), expectationId: crypto.randomUUID(), stakeholderId: crypto.randomUUID(), touchpointId: crypto.randomUUID() };
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await run(mod.action, request("/anything", { method, body: "intent=delete&confirm=yes", headers: { "Content-Type": "application/x-www-form-urlencoded" }, cookie }), params);
      expect([file, method, statusOf(res)]).toEqual([file, method, 405]);
      expect((res.value as Response).headers.get("Allow")).toBe("POST");
    }
    expect(await db().selectFrom("audit_events").select("id").where("actor_id", "=", admin.id).execute()).toEqual([]);
  });
});
