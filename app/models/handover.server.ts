import { sql } from "kysely";
import { firstMeetingPending, MEETING_KINDS, predecessorRecord, type PredecessorRecord } from "#app/domain/handover.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The read side of successor handovers (the write is handOverToSuccessor in
// stakeholder-handover.server.ts): on a person's page, whom they handed over
// to, and for a successor, each predecessor's record — what was promised to
// them and how it went, including what moved to the successor — and whether
// the first meeting with the successor is still to be had.

export interface PromiseLine {
  id: string;
  title: string;
  status: string;
  outcome: string | null;
  due_date: string;
  surprise: boolean;
  handedOver: boolean;
}

export interface Predecessor {
  id: string;
  name: string;
  committee_role: string | null;
  left_on: string | null;
  handed_over_on: string;
  record: PredecessorRecord;
  promises: PromiseLine[];
  firstMeetingPending: boolean;
}

/** The promises made to one person: those they still hold and those moved from them at the handover. */
async function promisesOf(executor: Executor, accountId: string, personId: string): Promise<PromiseLine[]> {
  const rows = await executor
    .selectFrom("expectations as e")
    .leftJoin("expectation_verdicts as v", (j) => j.onRef("v.account_id", "=", "e.account_id").onRef("v.expectation_id", "=", "e.id"))
    .select([
      "e.id",
      "e.title",
      "e.status",
      "e.outcome",
      sql<string>`e.due_date::text`.as("due_date"),
      sql<boolean>`coalesce(v.verdict = 'surprise', false)`.as("surprise"),
      sql<boolean>`e.holder_stakeholder_id IS DISTINCT FROM ${personId}::uuid`.as("handed_over"),
    ])
    .where("e.account_id", "=", accountId)
    .where((eb) =>
      eb.or([
        eb("e.holder_stakeholder_id", "=", personId),
        eb.exists(
          eb
            .selectFrom("expectation_changes as c")
            .select(sql`1`.as("one"))
            .whereRef("c.account_id", "=", "e.account_id")
            .whereRef("c.expectation_id", "=", "e.id")
            .where(sql<boolean>`c.details->>'handover_from' = ${personId}`),
        ),
      ]),
    )
    .orderBy("e.due_date", "desc")
    .orderBy("e.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    outcome: r.outcome,
    due_date: r.due_date,
    surprise: r.surprise,
    handedOver: r.handed_over,
  }));
}

/** A person's handover facts: whom they handed over to, and whom they took over from, with each one's record. */
export async function handoverView(executor: Executor, accountId: string, personId: string) {
  const [person, predecessors, lastMeeting] = await Promise.all([
    executor
      .selectFrom("stakeholders as s")
      .leftJoin("stakeholders as h", (j) => j.onRef("h.account_id", "=", "s.account_id").onRef("h.id", "=", "s.successor_id"))
      .select(["s.successor_id", "s.handed_over_at", "h.name as successor_name"])
      .where("s.account_id", "=", accountId)
      .where("s.id", "=", personId)
      .executeTakeFirst(),
    executor
      .selectFrom("stakeholders")
      .select(["id", "name", "committee_role", sql<string | null>`left_on::text`.as("left_on"), "handed_over_at"])
      .where("account_id", "=", accountId)
      .where("successor_id", "=", personId)
      .orderBy("handed_over_at", "desc")
      .execute(),
    // Only the newest meeting with the person decides whether a first meeting after a handover is
    // pending; reading every meeting of theirs cost 54–151 ms at xlarge (7,584 rows for one person of
    // the largest account), the newest one by touchpoint_stakeholders_contact_idx 0.1 ms.
    executor
      .selectFrom("touchpoints as t")
      .innerJoin("touchpoint_stakeholders as ts", (j) => j.onRef("ts.account_id", "=", "t.account_id").onRef("ts.touchpoint_id", "=", "t.id"))
      .select(["t.kind", "t.occurred_at"])
      .where("t.account_id", "=", accountId)
      .where("ts.stakeholder_id", "=", personId)
      .where("t.kind", "in", MEETING_KINDS)
      .orderBy("ts.occurred_at", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const contacts = lastMeeting ? [{ kind: lastMeeting.kind, occurredAt: lastMeeting.occurred_at }] : [];
  const from: Predecessor[] = [];
  for (const p of predecessors) {
    const promises = await promisesOf(executor, accountId, p.id);
    from.push({
      id: p.id,
      name: p.name,
      committee_role: p.committee_role,
      left_on: p.left_on,
      handed_over_on: calendarDate(p.handed_over_at!),
      record: predecessorRecord(promises),
      promises,
      firstMeetingPending: firstMeetingPending(p.handed_over_at!, contacts),
    });
  }
  return {
    successor: person?.successor_id
      ? { id: person.successor_id, name: person.successor_name ?? "", on: calendarDate(person.handed_over_at ?? new Date()) }
      : null,
    predecessors: from,
  };
}

/** The open expectations a person holds: what a handover would move. */
export async function countOpenHeld(executor: Executor, accountId: string, personId: string): Promise<number> {
  const row = await executor
    .selectFrom("expectations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("account_id", "=", accountId)
    .where("holder_stakeholder_id", "=", personId)
    .where("status", "in", ["proposed", "open"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
