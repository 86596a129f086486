import type { Role } from "#app/domain/vocabulary.ts";
import { db } from "./db.server.ts";
import { getSessionUser, loginRedirect, type SessionUser } from "./session.server.ts";

export type InternalUser = SessionUser & { role: "admin" | "director" | "kam" };

export interface PortalUser extends SessionUser {
  role: "customer";
  /** The one account this customer may see; every portal query is scoped by it. */
  accountId: string;
  stakeholderId: string;
}

export function forbidden(message = "You do not have access to this page."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "Not found."): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** Signed in with any role, or a redirect to sign-in. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  return user;
}

export async function requireRole<R extends Role>(
  request: Request,
  roles: readonly R[],
): Promise<SessionUser & { role: R }> {
  const user = await requireUser(request);
  if (!(roles as readonly Role[]).includes(user.role)) forbidden();
  return user as SessionUser & { role: R };
}

/** Staff of the vendor: admin, director or KAM. Customers are refused. */
export function requireInternalUser(request: Request): Promise<InternalUser> {
  return requireRole(request, ["admin", "director", "kam"] as const);
}

/** A customer with live portal access; returns the account the portal is scoped to. */
export async function requirePortalUser(request: Request): Promise<PortalUser> {
  const user = await requireRole(request, ["customer"] as const);
  const access = await db()
    .selectFrom("portal_access")
    .select(["account_id", "stakeholder_id"])
    .where("user_id", "=", user.id)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "asc")
    .executeTakeFirst();
  if (!access) forbidden("Your portal access has ended. Contact your account manager.");
  return { ...user, role: "customer", accountId: access.account_id, stakeholderId: access.stakeholder_id };
}

/**
 * Where each role's work is: a director reviews the portfolio, a KAM and an
 * administrator start from the accounts, a customer from their portal.
 */
export function homeFor(role: Role): string {
  if (role === "customer") return "/portal";
  return role === "director" ? "/portfolio" : "/accounts";
}
