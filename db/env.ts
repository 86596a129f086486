import { z } from "zod";

/**
 * The database's environment variables: part of the app's one environment
 * schema (app/utils/env.server.ts), and read alone by the scripts that only
 * need a database (migrate, seed).
 */
export const DatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(10).default(2_000),
});

/** Connection settings from checked database variables. */
export function databaseSettings(parsed: z.output<typeof DatabaseEnv>) {
  return {
    url: parsed.DATABASE_URL,
    dataDir: parsed.PGLITE_DATA_DIR,
    maxConnections: parsed.DATABASE_POOL_MAX,
    statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS,
    lockTimeoutMs: parsed.DATABASE_LOCK_TIMEOUT_MS,
    poolWaitMs: parsed.DATABASE_POOL_WAIT_MS,
  };
}

/** Database settings from the environment, for the scripts. */
export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env) {
  return databaseSettings(DatabaseEnv.parse(env));
}
