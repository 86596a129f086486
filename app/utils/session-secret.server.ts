import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { appEnv, type AppEnv } from "./env.server.ts";

// The secret that signs every cookie (session, flash, language). In production
// it must be set (SESSION_SECRET), except on the embedded database, where the
// first start creates one and keeps it beside the data, so sign-ins survive a
// restart and nothing published can forge a cookie. Development and tests use
// a fixed, published value.

const DEVELOPMENT_SECRET = "kohtaamo-dev-secret";

/** Where the embedded database's generated secret is kept: beside its data folder, readable by its owner only. */
export function secretFileFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.session-secret`;
}

/**
 * The signing secret for `env`. Throws, naming the fix, when production runs on
 * a PostgreSQL server without SESSION_SECRET.
 */
export function resolveSessionSecret(env: Pick<AppEnv, "NODE_ENV" | "SESSION_SECRET" | "DATABASE_URL" | "PGLITE_DATA_DIR">): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.NODE_ENV !== "production") return DEVELOPMENT_SECRET;
  if (env.DATABASE_URL) {
    throw new Error(
      "SESSION_SECRET is not set. In production on a PostgreSQL server it must be: every app server signs cookies with it.\n" +
        `Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))"`,
    );
  }
  // An in-memory database forgets everything at exit: so may its secret.
  if (env.PGLITE_DATA_DIR.startsWith("memory://")) return randomBytes(32).toString("hex");
  return storedSecret(secretFileFor(env.PGLITE_DATA_DIR));
}

function storedSecret(file: string): string {
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
    throw new Error(`The session secret in ${file} is shorter than 32 characters: delete the file to have a new one made.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  try {
    // "wx": of two processes starting at once, one writes and both read the same.
    fs.writeFileSync(file, `${secret}\n`, { flag: "wx", mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return storedSecret(file);
    throw error;
  }
}

let cached: string | undefined;

/** This process's signing secret (see resolveSessionSecret); the server asks for it at start. */
export function sessionSecret(): string {
  cached ??= resolveSessionSecret(appEnv());
  return cached;
}
