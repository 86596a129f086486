import { sql } from "kysely";
import { writeAudit } from "#app/utils/audit.server.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import { hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { openSession, revokeUserSessions, type SessionMeta } from "./sessions.server.ts";

// A signed-in user changing their own password. The current password is
// checked first (outside any transaction: argon2 takes a while); the change
// then ends every session of the user, this one included, and starts a fresh
// one, so a stolen session or cookie stops working and this browser carries on
// under a new session id.

type Meta = SessionMeta;

/** Whether `password` is the user's current one; a wrong guess is audited. */
export async function checkCurrentPassword(userId: string, password: string, meta: Meta): Promise<string | null> {
  const row = await db().selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  const hash = row?.password_hash ?? null;
  if (await verifyPassword(hash, password)) return hash;
  await writeAudit(db(), { actorId: userId, entity: "user", entityId: userId, action: "password_change_failed", ip: meta.ip });
  return null;
}

export class PasswordChangedMeanwhileError extends Error {
  constructor() {
    super("The password was changed by another session meanwhile.");
    this.name = "PasswordChangedMeanwhileError";
  }
}

/**
 * Replaces the password whose hash was just verified (`verifiedHash`), so a
 * change made meanwhile by another session is not silently overwritten.
 * Returns the token of the new session.
 */
export async function changeOwnPassword(trx: Trx, userId: string, verifiedHash: string, next: string, meta: Meta): Promise<string> {
  const changed = await trx
    .updateTable("users")
    .set({ password_hash: await hashPassword(next), updated_at: sql`now()`, version: sql`version + 1` })
    .where("id", "=", userId)
    .where("password_hash", "=", verifiedHash)
    .where("disabled_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!changed) throw new PasswordChangedMeanwhileError();
  await revokeUserSessions(trx, userId);
  await writeAudit(trx, { actorId: userId, entity: "user", entityId: userId, action: "password_change", ip: meta.ip });
  return openSession(trx, userId, meta);
}
