import { sql } from "kysely";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { hashToken, newToken } from "#app/utils/secret-tokens.server.ts";
import { queuePasswordLinkMail, withdrawPasswordLinkMail } from "./mail-messages.server.ts";
import { openSession, revokeUserSessions } from "./sessions.server.ts";

// One-time links with which a member of staff sets their own password: an
// administrator never chooses or sees anyone's password. A link is 32 random
// bytes shown once; only its SHA-256 is kept. It works once, for three days,
// and only while the user is active; a newer link replaces the older ones.

export const PASSWORD_LINK_HOURS = 72;

export type PasswordLinkState = "valid" | "unknown" | "expired" | "used" | "revoked";

/**
 * Issues a link for `userId`, withdrawing any earlier open one, and writes the
 * mail that carries it to the outbox (same transaction). Returns the token (shown once).
 */
export async function issuePasswordLink(
  trx: Trx,
  userId: string,
  purpose: "welcome" | "reset",
  createdBy: string,
  now: Date = new Date(),
) {
  await revokeOpenLinks(trx, userId, now);
  const token = newToken();
  const link = await trx
    .insertInto("password_links")
    .values({
      user_id: userId,
      token_hash: hashToken(token),
      purpose,
      created_by: createdBy,
      created_at: now,
      expires_at: new Date(now.getTime() + PASSWORD_LINK_HOURS * 3_600_000),
    })
    .returning(["id", "expires_at"])
    .executeTakeFirstOrThrow();
  const messageId = await queuePasswordLinkMail(trx, { userId, purpose, token, expiresAt: link.expires_at, senderId: createdBy });
  return { token, linkId: link.id, expiresAt: link.expires_at, messageId };
}

/** Withdraws the user's open links (when they are disabled). */
export async function revokePasswordLinks(trx: Executor, userId: string, now: Date = new Date()) {
  await revokeOpenLinks(trx, userId, now);
  await withdrawPasswordLinkMail(trx, userId);
}

function revokeOpenLinks(trx: Executor, userId: string, now: Date) {
  return trx
    .updateTable("password_links")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}

/** What a token names, and whether it can still be used. */
export async function findPasswordLink(executor: Executor, token: string, now: Date = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" as PasswordLinkState, link: null };
  const link = await executor
    .selectFrom("password_links as l")
    .innerJoin("users as u", "u.id", "l.user_id")
    .select(["l.id", "l.user_id", "l.purpose", "l.expires_at", "l.used_at", "l.revoked_at", "u.email", "u.name", "u.role", "u.disabled_at"])
    .where("l.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  let state: PasswordLinkState = "valid";
  if (!link) state = "unknown";
  else if (link.used_at) state = "used";
  else if (link.revoked_at || link.disabled_at || link.role === "customer") state = "revoked";
  else if (link.expires_at.getTime() <= now.getTime()) state = "expired";
  return { state, link: link ?? null };
}

export class PasswordLinkUnusableError extends Error {
  constructor(readonly state: Exclude<PasswordLinkState, "valid">) {
    super(`The password link is ${state}.`);
    this.name = "PasswordLinkUnusableError";
  }
}

/**
 * Sets the password from a link: the link is spent, every other session of the
 * user ends, and a new one starts. Returns the new session's cookie.
 */
export async function usePasswordLink(
  trx: Trx,
  token: string,
  password: string,
  meta: { ip?: string | null; userAgent?: string | null },
  now: Date = new Date(),
) {
  const found = await findPasswordLink(trx, token, now);
  if (found.state !== "valid" || !found.link) throw new PasswordLinkUnusableError(found.state === "valid" ? "unknown" : found.state);
  // Of two tabs using one link at once, the second finds it spent.
  const spent = await trx
    .updateTable("password_links")
    .set({ used_at: now })
    .where("id", "=", found.link.id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!spent) throw new PasswordLinkUnusableError("used");
  const user = found.link;
  await trx
    .updateTable("users")
    .set({ password_hash: await hashPassword(password), updated_at: sql`now()`, version: sql`version + 1` })
    .where("id", "=", user.user_id)
    .execute();
  await writeAudit(trx, {
    actorId: user.user_id,
    entity: "user",
    entityId: user.user_id,
    action: "password_set",
    after: { via: user.purpose === "welcome" ? "welcome_link" : "reset_link" },
    ip: meta.ip,
  });
  await revokeUserSessions(trx, user.user_id);
  const session = await openSession(trx, user.user_id, meta);
  return { session, user: { id: user.user_id, role: user.role } };
}
