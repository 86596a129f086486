import { sql } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { hashToken, newToken } from "#app/utils/secret-tokens.server.ts";
import { activeStaffUsers, isActiveStaff } from "./people.server.ts";

// API tokens, of two kinds:
//  - service tokens (user_id null): created and revoked by an administrator,
//    acting with the rights of the administrator who created them;
//  - personal tokens (user_id set): acting with the rights of the member of
//    staff they belong to. An administrator creates and revokes them for anyone;
//    a member of staff creates and revokes their own.
// A token is shown once and stored only as its SHA-256 (it is 32 random bytes,
// so a fast hash is enough: there is nothing to guess by brute force, unlike a password;
// app/utils/secret-tokens.server.ts).

export type TokenScope = "read" | "read_write";
const PREFIX = "kt_";

/** Who may create a token that acts as `userId` (null: a service token): an administrator any, anyone else only their own. */
function mayManage(actor: Actor, userId: string | null): boolean {
  return actor.role === "admin" || (userId !== null && userId === actor.id && (INTERNAL_ROLES as readonly string[]).includes(actor.role));
}

export async function createApiToken(
  trx: Trx,
  actor: Actor,
  input: { name: string; scope: TokenScope; userId?: string | null },
  ip?: string | null,
) {
  const userId = input.userId ?? null;
  if (!mayManage(actor, userId)) throw new ForbiddenError();
  if (userId) {
    if (!(await isActiveStaff(trx, userId))) throw new NotFoundError("user");
  }
  const token = newToken(PREFIX);
  const row = await trx
    .insertInto("api_tokens")
    .values({ name: input.name, scope: input.scope, token_hash: hashToken(token), created_by: actor.id, user_id: userId })
    .returning(["id", "name", "scope", "user_id", "created_at"])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, entity: "api_token", entityId: row.id, action: "create", after: row, ip });
  return { ...row, token };
}

/**
 * Revokes a token the actor may manage: an administrator any (unless `ownOnly`,
 * as on one's own tokens page), anyone else their own personal tokens. False
 * when there is no such active token for them (another's is not there).
 */
export async function revokeApiToken(trx: Trx, actor: Actor, tokenId: string, ip?: string | null, { ownOnly = false } = {}) {
  const row = await trx
    .updateTable("api_tokens")
    .set({ revoked_at: sql`now()` })
    .where("id", "=", tokenId)
    .where("revoked_at", "is", null)
    .$if(ownOnly || actor.role !== "admin", (qb) => qb.where("user_id", "=", actor.id))
    .returning(["id", "name", "scope", "user_id", "revoked_at"])
    .executeTakeFirst();
  if (row) await writeAudit(trx, { actorId: actor.id, entity: "api_token", entityId: row.id, action: "revoke", after: row, ip });
  return Boolean(row);
}

/** Every token, for administrators: who it acts as (null: a service token) and who created it. */
export function listApiTokens(executor: Executor) {
  return executor
    .selectFrom("api_tokens as t")
    .leftJoin("users as u", "u.id", "t.created_by")
    .leftJoin("users as owner", "owner.id", "t.user_id")
    .select(["t.id", "t.name", "t.scope", "t.created_at", "t.last_used_at", "t.revoked_at", "u.name as created_by_name"])
    .select(["t.user_id", "owner.name as user_name"])
    .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("t.created_at", "desc")
    .limit(500)
    .execute();
}

/** A member of staff's own personal tokens. */
export function listPersonalTokens(executor: Executor, actor: Actor) {
  return executor
    .selectFrom("api_tokens")
    .select(["id", "name", "scope", "created_at", "last_used_at", "revoked_at"])
    .where("user_id", "=", actor.id)
    .orderBy("revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
}

/** The members of staff an administrator may create a personal token for. */
export function listTokenOwners(executor: Executor) {
  return activeStaffUsers(executor)
    .select(["id", "name", "email", "role"])
    .orderBy("name")
    .limit(1000)
    .execute();
}

export interface ApiClient {
  tokenId: string;
  scope: TokenScope;
  /**
   * Whose rights the token has, and in whose name writes are made (and audited):
   * a personal token's user, or the administrator who created a service token.
   */
  actor: Actor;
  personal: boolean;
}

/**
 * The client a Bearer token names, or null for an unknown or revoked token, a
 * personal token whose user is disabled (or no longer staff), or a service token
 * whose creator is no longer an active administrator. Notes when it was last
 * used (at most once a minute, so reads do not each cost a write).
 */
export async function authenticateToken(executor: Executor, token: string): Promise<ApiClient | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await executor
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", (j) => j.on(sql`u.id`, "=", sql`coalesce(t.user_id, t.created_by)`))
    .select(["t.id", "t.scope", "t.last_used_at", "t.user_id as owner_id", "u.id as acting_id", "u.role", "u.disabled_at"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const personal = row.owner_id !== null;
  if (personal ? !(INTERNAL_ROLES as readonly string[]).includes(row.role) : row.role !== "admin") return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await executor.updateTable("api_tokens").set({ last_used_at: sql`now()` }).where("id", "=", row.id).execute();
  }
  return { tokenId: row.id, scope: row.scope, actor: { id: row.acting_id, role: row.role }, personal };
}
