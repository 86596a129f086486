import { sql } from "kysely";
import { canManagePortalAccess, type Actor } from "#app/domain/permissions.ts";
import { calendarDate, DAY_MS } from "#app/domain/time.ts";
import { NPS_INTERVAL_DAYS } from "#app/schemas/portal.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { ForbiddenError, NotFoundError } from "#app/utils/errors.server.ts";
import { accountForRights } from "./accounts.server.ts";

// The recommendation question is put to each person at most once per 90 days.
// The account's KAM (or an administrator) may ask a portal user again sooner —
// after a rough quarter, say. The portal then shows the question to that
// person once: answering closes it again for the next 90 days.

/** The day a person may answer the recommendation question again, 'YYYY-MM-DD' (the vendor's calendar). */
export function nextNpsDate(lastAnsweredAt: Date): string {
  return calendarDate(new Date(lastAnsweredAt.getTime() + NPS_INTERVAL_DAYS * DAY_MS));
}

/**
 * Whether the question is open to the person now: never answered, 90 days
 * since the last answer, or asked again after it.
 */
export function npsQuestionOpen(
  lastAnsweredAt: Date | null | undefined,
  askedAgainAt: Date | null | undefined,
  now: Date = new Date(),
): boolean {
  if (!lastAnsweredAt) return true;
  if (askedAgainAt && askedAgainAt.getTime() > lastAnsweredAt.getTime()) return true;
  return calendarDate(now) >= nextNpsDate(lastAnsweredAt);
}

/** Why a person cannot be asked again. */
export class NpsAgainError extends Error {
  constructor(
    readonly code: "noPortal" | "left",
    readonly personName: string,
  ) {
    super(`The NPS question cannot be asked again: ${code}.`);
    this.name = "NpsAgainError";
  }
}

/** Asks a present stakeholder with live portal access the NPS question again; audited. */
export async function askNpsAgain(
  trx: Trx,
  { actor, ip }: { actor: Actor; ip?: string | null },
  accountId: string,
  stakeholderId: string,
  now: Date = new Date(),
) {
  const account = await accountForRights(trx, accountId);
  if (!canManagePortalAccess(actor, account)) throw new ForbiddenError("Not allowed.", "error.portalAccessRights");
  const person = await trx
    .selectFrom("stakeholders as s")
    .select((eb) => [
      "s.id",
      "s.name",
      "s.left_on",
      "s.nps_asked_again_at",
      eb
        .exists(
          eb
            .selectFrom("portal_access as pa")
            .select(sql`1`.as("one"))
            .whereRef("pa.account_id", "=", "s.account_id")
            .whereRef("pa.stakeholder_id", "=", "s.id")
            .where("pa.revoked_at", "is", null),
        )
        .as("has_portal"),
    ])
    .where("s.account_id", "=", accountId)
    .where("s.id", "=", stakeholderId)
    .forNoKeyUpdate("s")
    .executeTakeFirst();
  if (!person) throw new NotFoundError("stakeholder");
  if (person.left_on) throw new NpsAgainError("left", person.name);
  if (!person.has_portal) throw new NpsAgainError("noPortal", person.name);
  await trx
    .updateTable("stakeholders")
    .set({ nps_asked_again_at: now, nps_asked_again_by: actor.id })
    .where("account_id", "=", accountId)
    .where("id", "=", stakeholderId)
    .execute();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId,
    entity: "stakeholder",
    entityId: stakeholderId,
    action: "ask_nps_again",
    before: { nps_asked_again_at: person.nps_asked_again_at },
    after: { nps_asked_again_at: now.toISOString() },
    ip,
  });
  return { name: person.name };
}
