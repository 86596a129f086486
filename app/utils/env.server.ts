import { z } from "zod";

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  /** Set when the app is served over HTTPS (directly or behind a TLS-terminating proxy). */
  SECURE_COOKIES: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Sign-in and password-change attempts per minute, per client address and per account. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Looks at and uses of invitation and set-password links, and invitations sent, per minute. */
  INVITATION_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
});

export type AppEnv = z.infer<typeof Env>;

let cached: AppEnv | undefined;

export function appEnv(): AppEnv {
  cached ??= Env.parse(process.env);
  return cached;
}
