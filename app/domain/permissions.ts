import type { Role } from "./vocabulary.ts";

export interface Actor {
  id: string;
  role: Role;
}

/** Internal staff may read every account: colleagues cover for each other. */
export function canViewAccount(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "director" || actor.role === "kam";
}

/** Only the owning KAM, a director or an admin may change an account and what belongs to it. */
export function canEditAccount(actor: Actor, account: { owner_id: string }): boolean {
  if (actor.role === "admin" || actor.role === "director") return true;
  return actor.role === "kam" && account.owner_id === actor.id;
}

export function canChangeAccountOwner(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "director";
}

/** A KAM's account list shows their own accounts by default; directors and admins see all. */
export function defaultAccountScope(actor: Actor): "mine" | "all" {
  return actor.role === "kam" ? "mine" : "all";
}

/**
 * A touchpoint may be changed or deleted by whoever logged it, the account's
 * owning KAM, a director or an admin; not by other KAMs, who may still log their own.
 */
export function canEditTouchpoint(
  actor: Actor,
  account: { owner_id: string },
  touchpoint: { author_id: string | null },
): boolean {
  if (actor.role === "admin" || actor.role === "director") return true;
  if (actor.role !== "kam") return false;
  return account.owner_id === actor.id || (touchpoint.author_id !== null && touchpoint.author_id === actor.id);
}
