import { sql } from "kysely";
import type { Actor } from "#app/domain/permissions.ts";
import type { LeavingEntry } from "#app/domain/committee-leaving.ts";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, startOfDay } from "#app/domain/time.ts";
import { formatters, type Translate } from "#app/i18n/index.ts";
import { renderSystemTitle, type SystemTitle } from "#app/i18n/system-titles.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { endLiveAccess, revokePendingInvitations } from "./portal-access.server.ts";
import type { StakeholderRow } from "./stakeholder-rows.server.ts";

// What a person leaving the customer, or coming back, writes besides their
// own row (stakeholder-changes.server.ts): a decision maker or champion
// leaving, or anyone whose latest NPS answer that counts is a detractor's
// (app/domain/committee-rules.ts), is a touchpoint on the timeline (kind
// committee_change, written by the system, internal only), undone when the
// leaving was a mistake; and their portal access ends with every session.

/** A timeline entry of the system's about the person (kind committee_change, internal only), audited. */
export async function insertCommitteeChange(
  trx: Trx,
  actor: Actor,
  ip: string | null | undefined,
  person: Pick<StakeholderRow, "account_id" | "id">,
  occurredAt: Date,
  text: { title: SystemTitle; summary: string; t?: Translate | undefined },
): Promise<string> {
  // Stored by key (each reader sees their language); `title` keeps the writer's wording for exports.
  const touchpoint = await trx
    .insertInto("touchpoints")
    .values({
      account_id: person.account_id,
      kind: "committee_change",
      occurred_at: occurredAt,
      author_id: actor.id,
      source: "system",
      title: renderSystemTitle({ t: text.t ?? formatters("en").t }, text.title).slice(0, 300),
      title_key: text.title.key,
      title_params: text.title.params,
      summary: text.summary,
      shared_with_customer: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("touchpoint_stakeholders")
    .values({
      account_id: person.account_id,
      touchpoint_id: touchpoint.id,
      stakeholder_id: person.id,
      occurred_at: occurredAt,
    })
    .execute();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: person.account_id,
    entity: "touchpoint",
    entityId: touchpoint.id,
    action: "create",
    after: { ...touchpoint, stakeholder_ids: [person.id] },
    ip,
  });
  return touchpoint.id;
}

/**
 * The timeline entry of a person leaving (leavingEntry in app/domain/committee-rules.ts),
 * on the day they left (now, when that is today); its id.
 */
export function writeLeavingEntry(
  trx: Trx,
  actor: Actor,
  ip: string | null | undefined,
  person: Pick<StakeholderRow, "account_id" | "id" | "name">,
  leaving: { leftOn: string; entry: NonNullable<LeavingEntry>; note: string; t?: Translate | undefined },
  now: Date,
): Promise<string> {
  const { leftOn, entry, note, t } = leaving;
  const occurredAt = leftOn === calendarDate(now) ? now : startOfDay(leftOn);
  const title: SystemTitle =
    entry.kind === "key_role"
      ? { key: "committeeChange.left", params: { name: person.name, role: entry.role } }
      : entry.role
        ? { key: "committeeChange.leftDetractor", params: { name: person.name, role: entry.role, score: entry.score } }
        : { key: "committeeChange.leftDetractorNoRole", params: { name: person.name, score: entry.score } };
  return insertCommitteeChange(trx, actor, ip, person, occurredAt, { title, summary: note, t });
}

/** The timeline entry the leaving wrote: the system's committee change with this person, on the day they left. */
export async function removeLeavingEntry(
  trx: Trx,
  actor: Actor,
  person: StakeholderRow,
  ip: string | null | undefined,
): Promise<string | null> {
  const from = startOfDay(person.left_on!);
  const to = startOfDay(addDays(person.left_on!, 1));
  const entry = await trx
    .selectFrom("touchpoints as t")
    .innerJoin("touchpoint_stakeholders as ts", (j) =>
      j.onRef("ts.account_id", "=", "t.account_id").onRef("ts.touchpoint_id", "=", "t.id"),
    )
    .selectAll("t")
    .where("t.account_id", "=", person.account_id)
    .where("ts.stakeholder_id", "=", person.id)
    .where("t.kind", "=", "committee_change")
    .where("t.source", "=", "system")
    .where("t.occurred_at", ">=", from)
    .where("t.occurred_at", "<", to)
    .orderBy("t.recorded_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!entry) return null;
  await trx.deleteFrom("touchpoints").where("account_id", "=", person.account_id).where("id", "=", entry.id).execute();
  await writeAudit(trx, {
    actorId: actor.id,
    accountId: person.account_id,
    entity: "touchpoint",
    entityId: entry.id,
    action: "delete",
    before: entry,
    ip,
  });
  return entry.id;
}

/** Ends the person's live portal access and their sessions, audited like a manual revocation, and their open invitations. */
export async function endPortalAccess(
  trx: Trx,
  actor: Actor,
  accountId: string,
  stakeholderId: string,
  ip: string | null | undefined,
) {
  await endLiveAccess(trx, { actor, ip }, accountId, { stakeholder_id: stakeholderId }, "stakeholder_left");
  await revokePendingInvitations(trx, accountId, stakeholderId, sql<Date>`now()`);
}
