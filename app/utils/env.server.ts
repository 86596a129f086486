import { z } from "zod";
import { DatabaseEnv } from "#db/env.ts";

// Every environment variable the app and its server read, checked once with
// Zod (README's Configuration table lists them). Nothing else reads process.env.

/** "on"/"off" switches (also true/false, 1/0); unset is `fallback`. */
const onOff = (fallback: boolean) =>
  z
    .enum(["on", "off", "true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "on" || v === "true" || v === "1"));

/**
 * The gzip level of responses unless COMPRESSION says otherwise. On the largest
 * account's page zlib's default (6) took 3.5 ms of CPU, level 4 1.7 ms for 5 %
 * more bytes, level 1 1.2 ms for 14 % more (bench/RESULTS.md, "Compression
 * level"): 4 saves most of the CPU and almost none of the bytes a phone waits for.
 */
export const COMPRESSION_LEVEL = 4;

const Env = DatabaseEnv.extend({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Where the production server listens. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * Behind a proxy: `true`, a hop count, or trusted addresses (Express's `trust
   * proxy`). Client address and HTTPS detection then come from the proxy.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v): boolean | number | string | undefined =>
      !v ? undefined : v === "true" ? true : /^\d+$/.test(v) ? Number(v) : v,
    ),
  /**
   * Response compression: a gzip level from 1 (fastest) to 9 (smallest), or
   * `off` when a proxy in front compresses. The default is COMPRESSION_LEVEL.
   */
  COMPRESSION: z
    .enum(["off", "1", "2", "3", "4", "5", "6", "7", "8", "9"], {
      error: "COMPRESSION must be off or a gzip level from 1 to 9",
    })
    .optional()
    .transform((v): number | false => (v === undefined ? COMPRESSION_LEVEL : v === "off" ? false : Number(v))),
  /** The request log (on by default). */
  REQUEST_LOG: onOff(true),
  /** The hourly re-scoring of accounts not scored today (on by default). */
  SCORE_REFRESH: onOff(true),
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
  /** JSON API requests per minute per token. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Where mail is sent: smtp:// or smtps://user:pass@host:port. Unset (the
   * embedded default and the demo): mail stays in the outbox (/admin/outbox).
   */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional()),
  /** The sender of every mail: an address, optionally with a name ("Kohtaamo <noreply@example.com>"). */
  MAIL_FROM: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "MAIL_FROM must be an address, e.g. Kohtaamo <noreply@example.com>")
        .optional(),
    ),
  /** The public address of the app: links in mail are built from it. */
  APP_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.url({ protocol: /^https?$/, error: "APP_URL must be an http:// or https:// URL" }).optional()),
  /** The daily and weekly mails (deliveries awaiting confirmation, digests); on by default. */
  MAIL_SCHEDULE: onOff(true),
  /** Mails sent to one address per hour at most; more wait for the next hour. */
  MAIL_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /**
   * In production, webhooks are refused addresses on private, loopback and
   * link-local networks (SSRF); `on` allows them (an endpoint inside your own network).
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: onOff(false),
  /** Mail in: the port of the inbound SMTP listener (capture addresses). Unset: no listener. */
  INBOUND_SMTP_PORT: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().int("INBOUND_SMTP_PORT must be a port number").min(1).max(65_535).optional()),
  /** Mail in: the address the inbound listener binds to. */
  INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** Mail in: the domain of the capture addresses (capture+<token>@INBOUND_DOMAIN). Unset: APP_URL's host name, else localhost. */
  INBOUND_DOMAIN: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || undefined)
    .pipe(z.string().regex(/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/, "INBOUND_DOMAIN must be a domain name, e.g. mail.example.com").optional()),
  /** Mail in: the largest mail taken, in bytes (bigger is refused at the SMTP level). */
  INBOUND_MAIL_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(1_048_576),
  /** Mail in: mails taken per member of staff per hour; more are told to try later. */
  INBOUND_MAIL_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(60),
}).superRefine((env, ctx) => {
  if (!env.SMTP_URL) return;
  if (!env.MAIL_FROM) ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "MAIL_FROM is required with SMTP_URL" });
  if (!env.APP_URL) ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "APP_URL is required with SMTP_URL (links in mail are built from it)" });
});

export type AppEnv = z.output<typeof Env>;

/** Checks `source` (an environment); throws an error naming every variable out of its range. */
export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const parsed = Env.safeParse(source);
  if (!parsed.success) throw new Error(`The environment is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The public base address links in mail start with (APP_URL; unset: this server on localhost). */
export function appUrl(env: AppEnv = appEnv()): string {
  const base = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return base.replace(/\/+$/, "");
}

/** Whether mail leaves the outbox (SMTP_URL is set), or waits there to be read. */
export function mailSending(): boolean {
  return Boolean(appEnv().SMTP_URL);
}

/** The domain of capture addresses: INBOUND_DOMAIN, else APP_URL's host name, else localhost. */
export function inboundDomain(env: AppEnv = appEnv()): string {
  if (env.INBOUND_DOMAIN) return env.INBOUND_DOMAIN;
  return env.APP_URL ? new URL(env.APP_URL).hostname.toLowerCase() : "localhost";
}

let cached: AppEnv | undefined;

/** The process's checked environment, read once; a variable out of its range stops the start. */
export function appEnv(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
