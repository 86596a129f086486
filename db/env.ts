import { z } from "zod";

const DatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

/** Database settings from the environment, shared by the app and the scripts. */
export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = DatabaseEnv.parse(env);
  return {
    url: parsed.DATABASE_URL,
    dataDir: parsed.PGLITE_DATA_DIR,
    maxConnections: parsed.DATABASE_POOL_MAX,
    statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}
