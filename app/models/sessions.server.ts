import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Role } from "#app/domain/vocabulary.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { appEnv } from "#app/utils/env.server.ts";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";

// Sessions are database rows: a random token (only its hash is stored), an
// absolute expiry, a sliding idle expiry and a revocation time. The request
// layer (app/web/session.server.ts) carries the token in a signed cookie.

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: "en" | "fi";
  sessionId: string;
}

/** What a new session records about the request that opened it. */
export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Opens a new session (always a new token: never reuse one across a sign-in) and returns its token. */
export async function openSession(executor: Executor, userId: string, meta: SessionMeta = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const hours = appEnv().SESSION_ABSOLUTE_HOURS;
  await executor
    .insertInto("sessions")
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + hours * 3600_000),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return token;
}

/** The live session of a token's hash with its user (one statement on every signed-in page: compiled once). */
const liveSession = fixedStatement((db, tokenHash: string, idleMinutes: number) =>
  db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id as sessionId", "s.last_seen_at", "u.id", "u.email", "u.name", "u.role", "u.locale"])
    .where("s.token_hash", "=", tokenHash)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", sql<Date>`now()`)
    .where("s.last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where("u.disabled_at", "is", null),
);

/** The live session of a token with its user, or undefined (no such, expired, idle too long, revoked, user disabled). */
export async function findLiveSession(executor: Executor, token: string, idleMinutes: number) {
  const [row] = await liveSession(executor, hashToken(token), idleMinutes);
  return row;
}

/** Marks a session as seen now (the sliding idle expiry). */
export async function touchSession(executor: Executor, sessionId: string): Promise<void> {
  await executor.updateTable("sessions").set({ last_seen_at: sql`now()` }).where("id", "=", sessionId).execute();
}

/** Signs out: revokes the token's session and records it, in the caller's transaction. */
export async function endSession(executor: Executor, token: string, ip: string | null): Promise<void> {
  const ended = await executor
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` })
    .where("token_hash", "=", hashToken(token))
    .where("revoked_at", "is", null)
    .returning(["id", "user_id"])
    .executeTakeFirst();
  if (ended) {
    await writeAudit(executor, { actorId: ended.user_id, entity: "session", entityId: ended.user_id, action: "sign_out", ip });
  }
}

/** Ends every live session of a user (password changed, role changed, access revoked, disabled). */
export async function revokeUserSessions(executor: Executor, userId: string): Promise<void> {
  await executor
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}
