import type { Role } from "./vocabulary.ts";

export interface Actor {
  id: string;
  role: Role;
}

/** Internal staff may read every account: colleagues cover for each other. */
export function canViewAccount(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "director" || actor.role === "kam";
}

/**
 * The one write rule for an account, in every channel (forms, the token API, CSV
 * imports): only the owning KAM, a director or an admin may change an account and
 * add to or change what belongs to it — touchpoints (customer-visible ones,
 * invoices and support cases alike), the committee, expectations. A KAM reads a
 * colleague's accounts (colleagues cover for each other) but writes to them only
 * through the owner or a director, so what a customer sees of an account, and the
 * figures its KAM answers for, come from the people responsible for it.
 */
export function canEditAccount(actor: Actor, account: { owner_id: string }): boolean {
  if (actor.role === "admin" || actor.role === "director") return true;
  return actor.role === "kam" && account.owner_id === actor.id;
}

/** Logging a touchpoint adds to the account's record: the account's write rule (canEditAccount). */
export function canLogTouchpoint(actor: Actor, account: { owner_id: string }): boolean {
  return canEditAccount(actor, account);
}

/** The owner an account search for logging must be limited to (canLogTouchpoint), or null for every account. */
export function loggableAccountsOwner(actor: Actor): string | null {
  return actor.role === "admin" || actor.role === "director" ? null : actor.id;
}

export function canChangeAccountOwner(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "director";
}

/**
 * Archiving an account, and restoring it: a director or an admin, as for
 * changing its owner. An archived account leaves the portfolio, the KAM views
 * and the risk inbox, so its own KAM may not archive it: that would let the
 * person who answers for an account at risk take it out of sight.
 */
export function canArchiveAccount(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "director";
}

/** A KAM's account list shows their own accounts by default; directors and admins see all. */
export function defaultAccountScope(actor: Actor): "mine" | "all" {
  return actor.role === "kam" ? "mine" : "all";
}

/**
 * A touchpoint may be changed or deleted by whoever logged it, the account's
 * owning KAM, a director or an admin; not by other KAMs. (The author is named
 * because an account changes owner: the KAM who logged it while it was theirs
 * may still correct it.)
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

/**
 * Written by the system rather than by a person of ours: survey answers, the
 * customer's confirmations, disputes and proposals from the portal, committee
 * changes. They are the record of what the customer said or what happened.
 */
export function isSystemWritten(touchpoint: { source: string; kind: string }): boolean {
  return (
    touchpoint.source === "portal" ||
    touchpoint.source === "system" ||
    touchpoint.kind === "survey" ||
    touchpoint.kind === "committee_change"
  );
}

/**
 * The customer's own voice — NPS and CSAT answers — is what the figures judging a
 * KAM (and a director's portfolio) rest on, so it is written only by the customer
 * in the portal, or brought in from a survey tool by a system or an administrator
 * (a service token, an administrator's token or import). A KAM or a director may
 * not record answers "given elsewhere" for the accounts they answer for: that
 * would let the person judged write their own grade.
 */
export function canRecordCustomerVoice(actor: Actor): boolean {
  return actor.role === "admin";
}

/**
 * Deleting: as for changing it, except that what the system wrote is never
 * deleted, and a support case or an invoice the figures count against the
 * account (`keptForFigures`: figuresKeep in touchpoint-fact-rules.ts) only by a
 * director or an admin, as for archiving an account (canArchiveAccount): its
 * KAM may not take it out of the figures they are judged by.
 */
export function canDeleteTouchpoint(
  actor: Actor,
  account: { owner_id: string },
  touchpoint: { author_id: string | null; source: string; kind: string },
  keptForFigures = false,
): boolean {
  if (!canEditTouchpoint(actor, account, touchpoint) || isSystemWritten(touchpoint)) return false;
  return !keptForFigures || canArchiveAccount(actor);
}

/**
 * The portfolio, the risk inbox and the per-KAM view are the director's tools,
 * over every account. A KAM may open them too, limited to their own accounts:
 * the same figures for their own book, but no league table of colleagues (the
 * KAM comparison is left out for them). Returns the owner every query must be
 * scoped to, or null for the whole portfolio.
 */
export function portfolioOwnerScope(actor: Actor): string | null {
  return actor.role === "admin" || actor.role === "director" ? null : actor.id;
}

/** A KAM's page: directors and admins for anyone, a KAM for themself. */
export function canViewKamPage(actor: Actor, kamId: string): boolean {
  const scope = portfolioOwnerScope(actor);
  return (actor.role === "admin" || actor.role === "director" || actor.role === "kam") && (scope === null || scope === kamId);
}

/** Acknowledging a risk signal changes the account's record: as for editing it. */
export function canAcknowledgeSignal(actor: Actor, account: { owner_id: string }): boolean {
  return canEditAccount(actor, account);
}

/**
 * Who may hold a portal invitation's link: an administrator. The link is the
 * customer's key to the portal, where their answers (NPS, satisfaction,
 * confirmations of notices and deliveries) count in the account's figures; the
 * account's own KAM is judged by those figures, so their invitations go to the
 * person by e-mail only and the KAM never sees the link (docs/scoring.md).
 */
export function canHoldInvitationLink(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Inviting customers to the portal and ending their access: an administrator, or the account's own KAM. */
export function canManagePortalAccess(actor: Actor, account: { owner_id: string }): boolean {
  return actor.role === "admin" || (actor.role === "kam" && account.owner_id === actor.id);
}

/**
 * The accounts an API token reaches, read or write: a KAM's personal token only
 * the KAM's own accounts (a token lives in another system and can leak, so it is
 * held to its owner's book, although the KAM may read colleagues' accounts in
 * the app); a director's or administrator's token, and a service token, every
 * account. Returns the owner every query must be scoped to, or null for all.
 */
export function apiAccountScope(actor: Actor): string | null {
  return actor.role === "admin" || actor.role === "director" ? null : actor.id;
}

/**
 * Tasks: a task shared with the account ('account') is read by every member of
 * staff, like the account; a private one only by its owner and its creator —
 * a KAM never sees another KAM's private tasks — and by directors and
 * administrators, who follow every KAM's overdue work.
 */
export function canSeeTask(actor: Actor, task: { owner_id: string; created_by: string | null; visibility: string }): boolean {
  if (actor.role === "admin" || actor.role === "director") return true;
  if (actor.role !== "kam") return false;
  return task.visibility === "account" || task.owner_id === actor.id || task.created_by === actor.id;
}

/** Adding a task to an account adds to its record: the account's write rule (canEditAccount). */
export function canCreateTask(actor: Actor, account: { owner_id: string }): boolean {
  return canEditAccount(actor, account);
}

/**
 * Changing a task (completing it included): whoever may see it and either owns
 * it, made it, or may edit the account — a colleague the task was given to can
 * complete it on an account that is not theirs.
 */
export function canChangeTask(
  actor: Actor,
  account: { owner_id: string },
  task: { owner_id: string; created_by: string | null; visibility: string },
): boolean {
  if (!canSeeTask(actor, task)) return false;
  return task.owner_id === actor.id || task.created_by === actor.id || canEditAccount(actor, account);
}

/** Planning a touchpoint adds to the account's calendar: the account's write rule (canEditAccount). */
export function canPlanTouchpoint(actor: Actor, account: { owner_id: string }): boolean {
  return canEditAccount(actor, account);
}

/**
 * Changing or cancelling a plan: the account's editors, and the plan's owner or
 * maker (a colleague it was given to). Recording it is logging a touchpoint, so
 * that also needs canLogTouchpoint. Customers never see plans.
 */
export function canChangePlan(actor: Actor, account: { owner_id: string }, plan: { owner_id: string; created_by: string | null }): boolean {
  if (!canViewAccount(actor)) return false;
  return plan.owner_id === actor.id || plan.created_by === actor.id || canEditAccount(actor, account);
}
