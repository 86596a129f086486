import type { Role } from "#app/domain/vocabulary.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { db } from "#app/utils/db.server.ts";
import { recordRefusal, requestFacts } from "./refusals.server.ts";
import { getSessionUser, loginRedirect, sharedPerRead, type SessionUser } from "./session.server.ts";

export type InternalUser = SessionUser & { role: "admin" | "director" | "kam" };

export interface PortalUser extends SessionUser {
  role: "customer";
  /** The one account this customer may see; every portal query is scoped by it. */
  accountId: string;
  stakeholderId: string;
}

type Params = Record<string, string | number>;

/**
 * An error response that names its message by key: the error boundary shows it
 * in the reader's language; other clients read the English `message`.
 */
export function httpError(status: number, key: MessageKey, params?: Params): Response {
  return Response.json({ key, params, message: formatters("en").t(key, params) }, { status });
}

/**
 * The 403 answer for `actor`, recorded in the audit log first (see
 * refusals.server.ts; the record never fails the request). Use it as
 * `throw await forbidden(request, user, key)`, outside any open transaction.
 */
export async function forbidden(
  request: Request,
  actor: { id: string; role: Role } | null,
  key: MessageKey = "error.forbidden",
  options: { params?: Params; accountId?: string | null } = {},
): Promise<Response> {
  await recordRefusal({
    ...requestFacts(request),
    actorId: actor?.id ?? null,
    role: actor?.role ?? null,
    accountId: options.accountId ?? null,
    status: 403,
    reason: formatters("en").t(key, options.params),
  });
  return httpError(403, key, options.params);
}

export function notFound(key: MessageKey = "error.notFound", params?: Params): never {
  throw httpError(404, key, params);
}

export function badRequest(key: MessageKey = "error.badRequest"): never {
  throw httpError(400, key);
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
  if (!(roles as readonly Role[]).includes(user.role)) throw await forbidden(request, user);
  return user as SessionUser & { role: R };
}

/** Staff of the vendor: admin, director or KAM. Customers are refused. */
export function requireInternalUser(request: Request): Promise<InternalUser> {
  return requireRole(request, ["admin", "director", "kam"] as const);
}

/** A customer with live portal access; returns the account the portal is scoped to. */
export async function requirePortalUser(request: Request): Promise<PortalUser> {
  const user = await requireRole(request, ["customer"] as const);
  // The portal's layout and page both ask: one read of the access per page (sharedPerRead).
  const access = await sharedPerRead(request, "portal-access", () =>
    db()
      .selectFrom("portal_access")
      .select(["account_id", "stakeholder_id"])
      .where("user_id", "=", user.id)
      .where("revoked_at", "is", null)
      .orderBy("created_at", "asc")
      .executeTakeFirst(),
  );
  if (!access) throw await forbidden(request, user, "error.portalEnded");
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
