import { sql } from "kysely";
import { writeAudit } from "#app/utils/audit.server.ts";
import { db, type Executor } from "#app/utils/db.server.ts";
import { verifyPassword } from "#app/utils/password.server.ts";
import { activeStaffUsers } from "./people.server.ts";
import { openSession, type SessionMeta } from "./sessions.server.ts";

export type SignInMeta = SessionMeta;

/**
 * Checks the password and opens a new session (its token in `session`). Returns null for any failure,
 * without saying whether the e-mail exists. Both outcomes are audited.
 */
export async function signIn(email: string, password: string, meta: SignInMeta = {}) {
  const user = await db()
    .selectFrom("users")
    .select(["id", "email", "name", "role", "password_hash", "disabled_at"])
    .where(sql`lower(email)`, "=", email.toLowerCase())
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  const customerWithoutAccess = user?.role === "customer" && passwordOk && !(await hasPortalAccess(db(), user.id));
  if (!user || !passwordOk || user.disabled_at || customerWithoutAccess) {
    await writeAudit(db(), {
      actorId: user?.id ?? null,
      entity: "session",
      entityId: user?.id ?? "unknown",
      action: "sign_in_failed",
      after: { email: email.slice(0, 254).toLowerCase() },
      ip: meta.ip,
    });
    return null;
  }
  const session = await db()
    .transaction()
    .execute(async (trx) => {
      const token = await openSession(trx, user.id, meta);
      await writeAudit(trx, { actorId: user.id, entity: "session", entityId: user.id, action: "sign_in", ip: meta.ip });
      return token;
    });
  return { user: { id: user.id, name: user.name, role: user.role }, session };
}

/** A sign-in refused by the rate limit, before any password was checked. */
export async function recordThrottledSignIn(email: string, ip: string | null) {
  await writeAudit(db(), {
    actorId: null,
    entity: "session",
    entityId: "unknown",
    action: "sign_in_throttled",
    after: { email: email.slice(0, 254).toLowerCase() },
    ip,
  });
}

async function hasPortalAccess(executor: Executor, userId: string): Promise<boolean> {
  const row = await executor
    .selectFrom("portal_access")
    .select("account_id")
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Boolean(row);
}

/** Internal users who can own accounts, for owner pickers and filters. */
export function listAccountManagers(executor: Executor) {
  return activeStaffUsers(executor)
    .select(["id", "name", "role"])
    .orderBy("name")
    .limit(500)
    .execute();
}

/** A user's display name, or null when there is no such user. */
export async function userName(executor: Executor, userId: string): Promise<string | null> {
  const row = await executor.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirst();
  return row?.name ?? null;
}
