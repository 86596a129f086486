import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSessionSecret, secretFileFor } from "#app/utils/session-secret.server.ts";

const base = { NODE_ENV: "production" as const, SESSION_SECRET: undefined, DATABASE_URL: undefined, PGLITE_DATA_DIR: ".data/pglite" };

describe("the cookie-signing secret", () => {
  it("is SESSION_SECRET when set, and the published development value outside production", () => {
    expect(resolveSessionSecret({ ...base, SESSION_SECRET: "set-by-the-operator-0123456789" })).toBe("set-by-the-operator-0123456789");
    expect(resolveSessionSecret({ ...base, NODE_ENV: "development" })).toBe("kohtaamo-dev-secret");
  });

  it("must be set in production on a PostgreSQL server", () => {
    expect(() => resolveSessionSecret({ ...base, DATABASE_URL: "postgres://app@db/kohtaamo" })).toThrow(/SESSION_SECRET is not set/);
  });

  it("on the embedded database, is made at the first start, kept beside the data for the owner only, and reused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-secret-"));
    try {
      const env = { ...base, PGLITE_DATA_DIR: path.join(dir, "pglite") };
      const first = resolveSessionSecret(env);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      const file = secretFileFor(env.PGLITE_DATA_DIR);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(resolveSessionSecret(env)).toBe(first);
      fs.writeFileSync(file, "short\n");
      expect(() => resolveSessionSecret(env)).toThrow(/shorter than 32/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on an in-memory embedded database, is drawn per process", () => {
    const env = { ...base, PGLITE_DATA_DIR: "memory://" };
    expect(resolveSessionSecret(env)).not.toBe(resolveSessionSecret(env));
  });
});
