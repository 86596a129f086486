import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError } from "#app/utils/errors.server.ts";

// API tokens: created and revoked by an administrator, shown once, stored only
// as their SHA-256 (a token is 32 random bytes, so a fast hash is enough: there
// is nothing to guess by brute force, unlike a password).

export type TokenScope = "read" | "read_write";
const PREFIX = "kt_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(trx: Trx, actor: Actor, input: { name: string; scope: TokenScope }, ip?: string | null) {
  if (actor.role !== "admin") throw new ForbiddenError();
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await trx
    .insertInto("api_tokens")
    .values({ name: input.name, scope: input.scope, token_hash: hashToken(token), created_by: actor.id })
    .returning(["id", "name", "scope", "created_at"])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, { actorId: actor.id, entity: "api_token", entityId: row.id, action: "create", after: row, ip });
  return { ...row, token };
}

export async function revokeApiToken(trx: Trx, actor: Actor, tokenId: string, ip?: string | null) {
  if (actor.role !== "admin") throw new ForbiddenError();
  const row = await trx
    .updateTable("api_tokens")
    .set({ revoked_at: sql`now()` })
    .where("id", "=", tokenId)
    .where("revoked_at", "is", null)
    .returning(["id", "name", "scope", "revoked_at"])
    .executeTakeFirst();
  if (row) await writeAudit(trx, { actorId: actor.id, entity: "api_token", entityId: row.id, action: "revoke", after: row, ip });
  return Boolean(row);
}

export function listApiTokens(executor: Executor) {
  return executor
    .selectFrom("api_tokens as t")
    .leftJoin("users as u", "u.id", "t.created_by")
    .select(["t.id", "t.name", "t.scope", "t.created_at", "t.last_used_at", "t.revoked_at", "u.name as created_by_name"])
    .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("t.created_at", "desc")
    .limit(500)
    .execute();
}

export interface ApiClient {
  tokenId: string;
  scope: TokenScope;
  /** Writes are made (and audited) in the name of the administrator who created the token. */
  actor: Actor;
}

/**
 * The client a Bearer token names, or null for an unknown or revoked token or
 * one whose creator is no longer an active administrator. Notes when it was last
 * used (at most once a minute, so reads do not each cost a write).
 */
export async function authenticateToken(executor: Executor, token: string): Promise<ApiClient | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await executor
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.created_by")
    .select(["t.id", "t.scope", "t.last_used_at", "u.id as user_id", "u.role", "u.disabled_at"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || row.disabled_at || row.role !== "admin") return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await executor.updateTable("api_tokens").set({ last_used_at: sql`now()` }).where("id", "=", row.id).execute();
  }
  return { tokenId: row.id, scope: row.scope, actor: { id: row.user_id, role: "admin" } };
}
