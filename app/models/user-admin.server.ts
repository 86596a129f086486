import { sql } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { refuseStaleVersion } from "./change-history.server.ts";
import { revokeUserSessions } from "./sessions.server.ts";
import { issuePasswordLink, revokePasswordLinks } from "./password-links.server.ts";

// An administrator's management of internal users (admins, directors, KAMs).
// Customers are managed through portal access instead. The caller opens the
// transaction; every write checks the actor, refuses a stale version, keeps at
// least one active administrator, and audits in the same transaction.

export type InternalRole = (typeof INTERNAL_ROLES)[number];

interface Context {
  actor: Actor;
  ip?: string | null;
}

/** Why a change to a user cannot go ahead; `code` names the message. */
export class UserAdminError extends Error {
  constructor(readonly code: "emailTaken" | "lastAdmin") {
    super(`User change refused: ${code}.`);
    this.name = "UserAdminError";
  }
}

const USER_COLUMNS = ["id", "name", "email", "role", "disabled_at", "created_at", "updated_at", "version"] as const;

function assertAdmin(actor: Actor) {
  if (actor.role !== "admin") throw new ForbiddenError("Only an administrator can manage users.");
}

/** Internal users with their live session count, active ones first. */
export function listInternalUsers(executor: Executor) {
  return executor
    .selectFrom("users as u")
    .select([
      ...USER_COLUMNS.map((c) => `u.${c}` as const),
      (eb) =>
        eb
          .selectFrom("sessions as s")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("s.user_id", "=", "u.id")
          .where("s.revoked_at", "is", null)
          .where("s.expires_at", ">", sql<Date>`now()`)
          .as("live_sessions"),
    ])
    .where("u.role", "in", INTERNAL_ROLES)
    .orderBy(sql`u.disabled_at is not null`)
    .orderBy("u.name")
    .limit(1000)
    .execute();
}

export async function getInternalUser(executor: Executor, userId: string) {
  const user = await executor
    .selectFrom("users")
    .select([...USER_COLUMNS])
    .where("id", "=", userId)
    .where("role", "in", INTERNAL_ROLES)
    .executeTakeFirst();
  if (!user) return null;
  const live = await executor
    .selectFrom("sessions")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return { ...user, live_sessions: live.n };
}

/** Creates the user without a password and issues their one-time welcome link. */
export async function createInternalUser(
  trx: Trx,
  { actor, ip }: Context,
  input: { name: string; email: string; role: InternalRole },
) {
  assertAdmin(actor);
  const email = input.email.trim();
  const taken = await trx.selectFrom("users").select("id").where(sql`lower(email)`, "=", email.toLowerCase()).executeTakeFirst();
  if (taken) throw new UserAdminError("emailTaken");
  const user = await trx
    .insertInto("users")
    .values({ name: input.name, email, role: input.role, password_hash: null })
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
  const link = await issuePasswordLink(trx, user.id, "welcome", actor.id);
  await writeAudit(trx, {
    actorId: actor.id,
    entity: "user",
    entityId: user.id,
    action: "create",
    after: { name: user.name, email: user.email, role: user.role },
    ip,
  });
  return { user, ...link };
}

/** Locks the user and checks the version the editor saw. */
async function lockForChange(trx: Trx, userId: string, version: number) {
  const before = await trx
    .selectFrom("users")
    .select([...USER_COLUMNS])
    .where("id", "=", userId)
    .where("role", "in", INTERNAL_ROLES)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("user");
  await refuseStaleVersion(trx, { entity: "user", id: userId, version: before.version }, version, () => before);
  return before;
}

/**
 * Refuses a change that would leave no active administrator. Every active
 * administrator's row is locked first (in id order, before the user's own row,
 * so no two changes deadlock), so two administrators demoting each other at
 * once are serialized and the second sees the first's change.
 */
async function assertAdminRemains(trx: Trx, userId: string) {
  const admins = await trx
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .orderBy("id")
    .forNoKeyUpdate()
    .execute();
  if (admins.some((a) => a.id === userId) && admins.length <= 1) throw new UserAdminError("lastAdmin");
}

export async function changeUserRole(trx: Trx, { actor, ip }: Context, userId: string, role: InternalRole, version: number) {
  assertAdmin(actor);
  if (role !== "admin") await assertAdminRemains(trx, userId);
  const before = await lockForChange(trx, userId, version);
  if (before.role === role) return before;
  const after = await trx
    .updateTable("users")
    .set({ role, version: before.version + 1, updated_at: sql`now()` })
    .where("id", "=", userId)
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, entity: "user", entityId: userId, action: "set_role", before, after, ip });
  return after;
}

/**
 * Disables or re-enables a user. Disabling ends every session of theirs at once
 * (the session lookup refuses disabled users too) and withdraws their open
 * password links; their API tokens stop working with them.
 */
export async function setUserDisabled(trx: Trx, { actor, ip }: Context, userId: string, disabled: boolean, version: number) {
  assertAdmin(actor);
  if (disabled) await assertAdminRemains(trx, userId);
  const before = await lockForChange(trx, userId, version);
  if (Boolean(before.disabled_at) === disabled) return before;
  const after = await trx
    .updateTable("users")
    .set({ disabled_at: disabled ? sql`now()` : null, version: before.version + 1, updated_at: sql`now()` })
    .where("id", "=", userId)
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
  if (disabled) {
    await revokeUserSessions(trx, userId);
    await revokePasswordLinks(trx, userId);
  }
  await writeAudit(trx, { actorId: actor.id, entity: "user", entityId: userId, action: disabled ? "disable" : "enable", before, after, ip });
  return after;
}

/** A new one-time link for a user who lost their password; earlier links stop working. */
export async function issuePasswordReset(trx: Trx, { actor, ip }: Context, userId: string) {
  assertAdmin(actor);
  const user = await trx
    .selectFrom("users")
    .select(["id", "disabled_at"])
    .where("id", "=", userId)
    .where("role", "in", INTERNAL_ROLES)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("user");
  if (user.disabled_at) throw new ForbiddenError("A disabled user cannot be given a password link.");
  const link = await issuePasswordLink(trx, userId, "reset", actor.id);
  await writeAudit(trx, { actorId: actor.id, entity: "user", entityId: userId, action: "password_link", after: { expires_at: link.expiresAt }, ip });
  return link;
}
