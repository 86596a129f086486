import { sql } from "kysely";
import { meetingToBrief } from "#app/domain/brief.ts";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { calendarDate, daysBefore } from "#app/domain/time.ts";
import { KEY_COMMITTEE_ROLES } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";
import { loadHolderRecords } from "./holder-record.server.ts";
import { literalCount } from "./literals.server.ts";
import { lastTwoWayContact } from "./stakeholders.server.ts";
import { casesWithTouchpoint } from "./support-case-rows.server.ts";

// Queries behind the account brief. Each reads a bounded slice through an index.
// Their limits and fixed statuses are written into the statements
// (literals.server.ts), so that the embedded database, which prepares each
// statement once, keeps one plan for each, one that reads its partial index.

/**
 * The latest sentiment ratings of an account, newest first: as latestRated
 * (touchpoints_timeline_idx), read for the account's row. With the account id
 * compared to touchpoints directly, PostgreSQL costs a plan for a given large
 * account below the generic plan costed for an average one (the same index
 * scan), so the embedded database, which prepares each statement once
 * (db/pglite-queries.ts), planned this one again on every account page. Read
 * by the account's row, the touchpoints are costed alike in both plans, and the
 * generic plan is kept.
 */
export async function recentSentiments(executor: Executor, accountId: string, limit = 10): Promise<number[]> {
  const rows = await executor
    .selectFrom("accounts as a")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("touchpoints as t")
          .select(["t.sentiment", "t.occurred_at", "t.id"])
          .whereRef("t.account_id", "=", "a.id")
          .where("t.sentiment", "is not", null)
          .orderBy("t.occurred_at", "desc")
          .orderBy("t.id", "desc")
          .limit(literalCount(limit))
          .as("r"),
      (join) => join.onTrue(),
    )
    .select("r.sentiment")
    .where("a.id", "=", accountId)
    .orderBy("r.occurred_at", "desc")
    .orderBy("r.id", "desc")
    .execute();
  return rows.map((r) => r.sentiment!);
}

/**
 * The present holders of the key committee roles, each with our latest two-way
 * contact up to `now`, in the committee's order (most influence first): what
 * the brief's key contacts are chosen from (lastContactByKeyRole), without the
 * committee page's NPS answers and portal activity. Read on every account
 * page: compiled once (app/utils/fixed-statement.server.ts).
 */
export const keyRoleHolders = fixedStatement((db, accountId: string, now: Date) =>
  db
    .selectFrom("stakeholders as s")
    .select((eb) => ["s.id", "s.name", "s.committee_role", "s.left_on", lastTwoWayContact(eb, now)])
    .where("s.account_id", "=", accountId)
    .where("s.left_on", "is", null)
    .where("s.committee_role", "in", KEY_COMMITTEE_ROLES)
    .orderBy("s.influence", "desc")
    .orderBy("s.name")
    .orderBy("s.id")
    .limit(500),
);

export function openSupportCases(executor: Executor, accountId: string, limit = 20) {
  return casesWithTouchpoint(executor, accountId)
    .select([
      "t.id",
      "t.title",
      "c.severity",
      "c.status",
      "c.opened_at",
      "c.sla_due_at",
      sql<boolean>`c.sla_due_at < now()`.as("past_sla"),
    ])
    .where("c.status", "in", [sql.lit("open"), sql.lit("waiting")])
    .orderBy("c.sla_due_at")
    .limit(literalCount(limit))
    .execute();
}

export function unpaidOrDisputedInvoices(executor: Executor, accountId: string, limit = 20) {
  return executor
    .selectFrom("touchpoint_invoices as i")
    .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "i.account_id").onRef("t.id", "=", "i.touchpoint_id"))
    .select(["t.id", "i.number", "i.amount", "i.currency", "i.due_date", "i.paid_on", "i.disputed"])
    .where("i.account_id", "=", accountId)
    .where((eb) => eb.or([eb("i.paid_on", "is", null), eb("i.disputed", "=", sql.lit(true))]))
    .orderBy("i.due_date")
    .limit(literalCount(limit))
    .execute();
}

/**
 * The next meeting the brief prepares for (meetingToBrief: the soonest still
 * planned from today on) and the record of each person attending: what was
 * promised to them over the account's predictability window and how it went.
 * Null when nothing is planned. `settings`: the scoring settings the caller
 * read for the same request (read here when not given).
 */
export async function meetingBrief(executor: Executor, accountId: string, now: Date, settings?: ScoringSettings) {
  // From a day back: a meeting earlier today not yet recorded still counts (the domain decides by the vendor's day).
  const plans = await executor
    .selectFrom("planned_touchpoints")
    .select(["id", "title", "kind", "planned_for", "state", "stakeholder_ids"])
    .where("account_id", "=", accountId)
    .where("state", "=", "planned")
    .where("planned_for", ">=", daysBefore(now, 1))
    .orderBy("planned_for")
    .orderBy("id")
    .limit(20)
    .execute();
  const plan = meetingToBrief(plans, now);
  if (!plan) return null;
  const records = await loadHolderRecords(executor, accountId, { today: calendarDate(now), settings });
  const byId = new Map(records.people.map((r) => [r.person.id, r]));
  return {
    id: plan.id,
    title: plan.title,
    kind: plan.kind,
    plannedFor: plan.planned_for.toISOString(),
    months: records.months,
    attendees: plan.stakeholder_ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id, name: r.person.name, leftOn: r.person.leftOn, counts: r.counts, predictability: r.predictability }] : [];
    }),
  };
}
