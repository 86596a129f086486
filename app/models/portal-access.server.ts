import { sql, type RawBuilder } from "kysely";
import { canManagePortalAccess, type Actor } from "#app/domain/permissions.ts";
import { DAY_MS } from "#app/domain/time.ts";
import type { Locale } from "#app/i18n/index.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { hashToken, newToken } from "#app/utils/secret-tokens.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { queueInvitationMail, withdrawInvitationMail } from "./mail-messages.server.ts";
import { presentStakeholdersQuery } from "./people.server.ts";
import { openSession, revokeUserSessions } from "./sessions.server.ts";
import { latestNpsAnswer } from "./stakeholders.server.ts";

// Who may use the customer portal. Staff invite a stakeholder with a one-time
// link (the token itself is never stored, only its SHA-256); accepting it sets a
// password, creates or links the customer user and grants access; revoking
// access ends every session of that user at once.

export const INVITATION_DAYS = 7;

interface Context {
  actor: Actor;
  ip?: string | null;
}

/** Why an invitation or a grant cannot go ahead; `code` names the message. */
export class PortalAccessError extends Error {
  constructor(
    readonly code:
      | "noEmail"
      | "stakeholderLeft"
      | "staffEmail"
      | "otherAccount"
      | "alreadyHasAccess"
      | "disabledUser",
  ) {
    super(`Portal access refused: ${code}.`);
    this.name = "PortalAccessError";
  }
}

/** An invitation's token as it is stored (app/utils/secret-tokens.server.ts). */
export const hashInvitationToken = hashToken;

async function accountFor(trx: Executor, actor: Actor, accountId: string) {
  const account = await accountForRights(trx, accountId);
  if (!canManagePortalAccess(actor, account)) throw new ForbiddenError();
  return account;
}

/**
 * The account's portal users `pa`, each as user `u` and the stakeholder `s`
 * they speak as: live ones first, then the revoked, by name. Select what is needed.
 */
export function portalUsers(executor: Executor, accountId: string) {
  return executor
    .selectFrom("portal_access as pa")
    .innerJoin("users as u", "u.id", "pa.user_id")
    .innerJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "pa.account_id").onRef("s.id", "=", "pa.stakeholder_id"))
    .where("pa.account_id", "=", accountId)
    .orderBy((eb) => eb.case().when("pa.revoked_at", "is", null).then(0).else(1).end())
    .orderBy("s.name")
    .limit(500);
}

/** The account's portal users (live and revoked), pending invitations, and who could be invited. */
export async function listPortalAccess(executor: Executor, accountId: string, now: Date = new Date()) {
  // One after another: the caller may pass a transaction (one connection).
  const access = await portalUsers(executor, accountId)
    .leftJoin("users as g", "g.id", "pa.granted_by")
    .select((eb) => [
      "pa.user_id",
      "pa.stakeholder_id",
      "pa.created_at",
      "pa.revoked_at",
      "u.email",
      "s.name as stakeholder_name",
      "s.title as stakeholder_title",
      "s.nps_asked_again_at",
      "g.name as granted_by_name",
      latestNpsAnswer(eb).select("r.answered_at").as("nps_answered_at"),
    ])
    .execute();
  const invitations = await executor
    .selectFrom("portal_invitations as i")
    .innerJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "i.account_id").onRef("s.id", "=", "i.stakeholder_id"))
    .leftJoin("users as c", "c.id", "i.created_by")
    .select(["i.id", "i.stakeholder_id", "i.email", "i.created_at", "i.expires_at", "s.name as stakeholder_name", "c.name as created_by_name"])
    .where("i.account_id", "=", accountId)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", now)
    .orderBy("i.created_at", "desc")
    .limit(200)
    .execute();
  const live = new Set(access.filter((a) => a.revoked_at === null).map((a) => a.stakeholder_id));
  const stakeholders = await presentStakeholdersQuery(executor, accountId)
    .select(["id", "name", "title", "email"])
    .execute();
  return {
    access,
    invitations,
    invitable: stakeholders.filter((s) => !live.has(s.id)).map((s) => ({ ...s, email: s.email?.trim() || null })),
  };
}

/**
 * Creates a one-time invitation for a present stakeholder with an e-mail
 * address, replacing any earlier pending one for them. Returns the token: shown
 * once to the inviter, never stored.
 */
export async function createInvitation(trx: Trx, { actor, ip }: Context, accountId: string, stakeholderId: string, now: Date = new Date()) {
  await accountFor(trx, actor, accountId);
  const stakeholder = await trx
    .selectFrom("stakeholders")
    .select(["id", "name", "email", "left_on"])
    .where("account_id", "=", accountId)
    .where("id", "=", stakeholderId)
    .executeTakeFirst();
  if (!stakeholder) throw new NotFoundError("stakeholder");
  if (stakeholder.left_on) throw new PortalAccessError("stakeholderLeft");
  const email = stakeholder.email?.trim().toLowerCase() ?? "";
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new PortalAccessError("noEmail");
  await checkEmailFor(trx, accountId, email);

  await revokePendingInvitations(trx, accountId, stakeholderId, now);
  const token = newToken();
  const invitation = await trx
    .insertInto("portal_invitations")
    .values({
      account_id: accountId,
      stakeholder_id: stakeholderId,
      email,
      token_hash: hashInvitationToken(token),
      expires_at: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      created_by: actor.id,
      created_at: now,
    })
    .returning(["id", "email", "expires_at"])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "portal_invitation",
    entityId: invitation.id,
    action: "invite",
    after: { stakeholder_id: stakeholderId, email, expires_at: invitation.expires_at },
    ip,
  });
  // Sent by the outbox worker once this transaction commits; the page still shows the link to copy.
  const messageId = await queueInvitationMail(trx, {
    accountId,
    invitationId: invitation.id,
    email,
    name: stakeholder.name,
    token,
    expiresAt: invitation.expires_at,
    senderId: actor.id,
  });
  return { token, invitation, stakeholderName: stakeholder.name, messageId };
}

/**
 * Refuses an address of a staff member, of a disabled user, or of a customer
 * already using the portal. With `lock`, the user's row is locked first: a
 * customer belongs to one live account at a time, and no unique index can say
 * so once portal_access is distributed by account, so grants to one user are
 * serialised on their (global) users row instead.
 */
async function checkEmailFor(executor: Executor, accountId: string, email: string, lock = false) {
  const user = await executor
    .selectFrom("users")
    .select(["id", "role", "disabled_at"])
    .where(sql`lower(email)`, "=", email)
    .$if(lock, (qb) => qb.forNoKeyUpdate())
    .executeTakeFirst();
  if (!user) return null;
  if (user.role !== "customer") throw new PortalAccessError("staffEmail");
  if (user.disabled_at) throw new PortalAccessError("disabledUser");
  const live = await executor
    .selectFrom("portal_access")
    .select("account_id")
    .where("user_id", "=", user.id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (live) throw new PortalAccessError(live.account_id === accountId ? "alreadyHasAccess" : "otherAccount");
  return user;
}

/** Revokes, as of `at`, the stakeholder's invitations not yet accepted (a new one replaces them, or the person has left). */
export function revokePendingInvitations(trx: Trx, accountId: string, stakeholderId: string, at: Date | RawBuilder<Date>) {
  return trx
    .updateTable("portal_invitations")
    .set({ revoked_at: at })
    .where("account_id", "=", accountId)
    .where("stakeholder_id", "=", stakeholderId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeInvitation(trx: Trx, { actor, ip }: Context, accountId: string, invitationId: string) {
  await accountFor(trx, actor, accountId);
  const revoked = await trx
    .updateTable("portal_invitations")
    .set({ revoked_at: sql`now()` })
    .where("account_id", "=", accountId)
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning(["id", "stakeholder_id", "email"])
    .executeTakeFirst();
  if (!revoked) throw new NotFoundError("invitation");
  await withdrawInvitationMail(trx, accountId, revoked.email);
  await writeAudit(trx, { actorId: actor.id, accountId, entity: "portal_invitation", entityId: invitationId, action: "revoke", ip });
}

/** Ends a customer's portal access and, at once, every session they have. */
export async function revokeAccess(trx: Trx, { actor, ip }: Context, accountId: string, userId: string) {
  await accountFor(trx, actor, accountId);
  const revoked = await endLiveAccess(trx, { actor, ip }, accountId, { user_id: userId });
  if (!revoked.length) throw new NotFoundError("portal access");
}

/**
 * Ends the account's live portal access of one user, or of whoever speaks as
 * one stakeholder, and every session of each, each audited as a revocation
 * (`reason` says why when it was not asked for). Returns who lost access.
 */
export async function endLiveAccess(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  whose: { user_id: string } | { stakeholder_id: string },
  reason?: string,
) {
  const [column, id] =
    "user_id" in whose ? (["user_id", whose.user_id] as const) : (["stakeholder_id", whose.stakeholder_id] as const);
  const revoked = await trx
    .updateTable("portal_access")
    .set({ revoked_at: sql`now()` })
    .where("account_id", "=", accountId)
    .where(column, "=", id)
    .where("revoked_at", "is", null)
    .returning(["user_id", "stakeholder_id"])
    .execute();
  for (const { user_id, stakeholder_id } of revoked) {
    await revokeUserSessions(trx, user_id);
    await writeAudit(trx, {
      actorId: actor.id,
      accountId,
      entity: "portal_access",
      entityId: user_id,
      action: "revoke",
      before: { revoked_at: null },
      after: { revoked_at: new Date().toISOString(), stakeholder_id, ...(reason ? { reason } : {}) },
      ip,
    });
  }
  return revoked;
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "unknown";

/**
 * What an invitation link leads to, without changing anything. The token
 * alone finds it (portal_invitations_token_idx); its hash is unique per
 * account, and a match in two accounts — 32 random bytes make it all but
 * impossible — is treated as unknown rather than guessed.
 */
export async function findInvitation(executor: Executor, token: string, now: Date = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" as const, invitation: null };
  const matches = await executor
    .selectFrom("portal_invitations as i")
    .innerJoin("accounts as a", "a.id", "i.account_id")
    .innerJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "i.account_id").onRef("s.id", "=", "i.stakeholder_id"))
    .select([
      "i.account_id",
      "i.id",
      "i.stakeholder_id",
      "i.email",
      "i.expires_at",
      "i.accepted_at",
      "i.revoked_at",
      "i.created_by",
      "a.name as account_name",
      "s.name as stakeholder_name",
      "s.left_on",
    ])
    .where("i.token_hash", "=", hashInvitationToken(token))
    .limit(2)
    .execute();
  const invitation = matches.length === 1 ? matches[0] : undefined;
  return { state: invitationState(invitation, now), invitation: invitation ?? null };
}

function invitationState(
  i: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date; left_on: string | null } | undefined,
  now: Date,
): InvitationState {
  if (!i) return "unknown";
  if (i.accepted_at) return "used";
  if (i.revoked_at || i.left_on) return "revoked";
  if (new Date(i.expires_at).getTime() <= now.getTime()) return "expired";
  return "valid";
}

export class InvitationUnusableError extends Error {
  constructor(readonly state: Exclude<InvitationState, "valid">) {
    super(`The invitation is ${state}.`);
    this.name = "InvitationUnusableError";
  }
}

/**
 * Uses an invitation: sets the password of the customer user for its e-mail
 * (created if new), grants portal access to the invited stakeholder's account,
 * marks the invitation used and signs the user in (a new session; any earlier
 * ones end). Returns the session cookie.
 */
export async function acceptInvitation(
  trx: Trx,
  token: string,
  password: string,
  meta: { ip?: string | null; userAgent?: string | null; locale: Locale },
  now: Date = new Date(),
) {
  const found = await findInvitation(trx, token, now);
  if (found.state !== "valid" || !found.invitation) throw new InvitationUnusableError(found.state === "valid" ? "unknown" : found.state);
  // Lock it: of two tabs accepting at once, the second sees it used.
  const locked = await trx
    .selectFrom("portal_invitations")
    .select(["id", "accepted_at", "revoked_at"])
    .where("account_id", "=", found.invitation.account_id)
    .where("id", "=", found.invitation.id)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
  if (locked.accepted_at) throw new InvitationUnusableError("used");
  if (locked.revoked_at) throw new InvitationUnusableError("revoked");
  const inv = found.invitation;

  const existing = await checkEmailFor(trx, inv.account_id, inv.email, true);
  const passwordHash = await hashPassword(password);
  const user = existing
    ? await trx
        .updateTable("users")
        .set({ password_hash: passwordHash, updated_at: sql`now()`, version: sql`version + 1` })
        .where("id", "=", existing.id)
        .returning(["id", "email", "name"])
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto("users")
        .values({ email: inv.email, name: inv.stakeholder_name, role: "customer", password_hash: passwordHash, locale: meta.locale })
        .returning(["id", "email", "name"])
        .executeTakeFirstOrThrow();
  await trx
    .insertInto("portal_access")
    .values({ account_id: inv.account_id, user_id: user.id, stakeholder_id: inv.stakeholder_id, granted_by: inv.created_by })
    .onConflict((oc) =>
      oc.columns(["account_id", "user_id"]).doUpdateSet({
        stakeholder_id: inv.stakeholder_id,
        granted_by: inv.created_by,
        revoked_at: null,
      }),
    )
    .execute();
  await trx
    .updateTable("portal_invitations")
    .set({ accepted_at: now, accepted_user_id: user.id })
    .where("account_id", "=", inv.account_id)
    .where("id", "=", inv.id)
    .execute();
  // Other pending links for the same person are no longer needed.
  await trx
    .updateTable("portal_invitations")
    .set({ revoked_at: now })
    .where("account_id", "=", inv.account_id)
    .where("stakeholder_id", "=", inv.stakeholder_id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  await writeAudit(trx, {
    actorId: user.id,
    accountId: inv.account_id,
    entity: "portal_invitation",
    entityId: inv.id,
    action: "accept",
    after: { user_id: user.id, stakeholder_id: inv.stakeholder_id, new_user: !existing },
    ip: meta.ip,
  });
  await revokeUserSessions(trx, user.id);
  const session = await openSession(trx, user.id, meta);
  return { session, userId: user.id };
}
