import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Executor } from "#app/utils/db.server.ts";
import { getAccount } from "./accounts.server.ts";
import { STAKEHOLDER_PROFILE, TOUCHPOINT_FACTS_OF_T } from "./record-columns.server.ts";
import { touchpointsWithFacts } from "./touchpoints.server.ts";

// An account's whole history as one JSON document: the account, its buying
// committee, every touchpoint with its facts and participants, every
// expectation with its history, and the survey answers. Written as a stream of
// text chunks, each section read in keyset pages, so an account with tens of
// thousands of touchpoints is never held in memory at once (nor in one query).

export const EXPORT_FORMAT = "kohtaamo.account-export/1";
const PAGE = 500;

/** The document as chunks of JSON text; null when there is no such account. */
export async function accountExport(executor: Executor, accountId: string, now = new Date()) {
  const account = await getAccount(executor, accountId);
  if (!account) return null;
  return documentChunks(executor, account, now);
}

async function* documentChunks(executor: Executor, account: { id: string }, now: Date): AsyncGenerator<string> {
  const accountId = account.id;
  yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"exported_at":${JSON.stringify(now.toISOString())},"account":${JSON.stringify(account)}`;
  yield* section("committee", pages((after) => committeePage(executor, accountId, after)));
  yield* section("touchpoints", pages<{ id: string; cursor_at: string }>((after) => touchpointPage(executor, accountId, after)));
  yield* section("expectations", pages<{ id: string; due_date: string }>((after) => expectationPage(executor, accountId, after)));
  yield* section("surveys", pages((after) => surveyPage(executor, accountId, after)));
  yield "}\n";
}

/** `,"name":[…]` with the array's items written as they come. */
async function* section(name: string, items: AsyncIterable<object[]>): AsyncGenerator<string> {
  yield `,${JSON.stringify(name)}:[`;
  let first = true;
  for await (const page of items) {
    if (!page.length) continue;
    // cursor_at is the paging position, not part of the record.
    yield (first ? "" : ",") + page.map((item) => JSON.stringify({ ...item, cursor_at: undefined })).join(",");
    first = false;
  }
  yield "]";
}

/** Walks a keyset-paged query: each page is read after the last row of the one before. */
async function* pages<T extends { id: string }>(read: (after: T | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let after: T | null = null;
  for (;;) {
    const page = await read(after);
    yield page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!;
  }
}

function committeePage(executor: Executor, accountId: string, after: { id: string } | null) {
  return executor
    .selectFrom("stakeholders")
    .select([
      "id",
      "external_id",
      ...STAKEHOLDER_PROFILE,
      "reports_to_id",
      "left_on",
      "created_at",
      "updated_at",
      "version",
    ])
    .where("account_id", "=", accountId)
    .$if(after !== null, (qb) => qb.where("id", ">", after!.id))
    .orderBy("id")
    .limit(PAGE)
    .execute();
}

/** Oldest first, along touchpoints_timeline_idx. */
function touchpointPage(executor: Executor, accountId: string, after: { id: string; cursor_at: string } | null) {
  return touchpointsWithFacts(executor)
    .select((eb) => [
      "t.id",
      "t.external_id",
      "t.kind",
      "t.occurred_at",
      "t.recorded_at",
      "t.author_id",
      "t.source",
      "t.title",
      "t.summary",
      "t.internal_notes",
      ...TOUCHPOINT_FACTS_OF_T,
      "t.created_at",
      "t.updated_at",
      "t.version",
      // The page's keyset position at full (microsecond) precision, which a JS Date would round.
      sql<string>`t.occurred_at::text`.as("cursor_at"),
      sql<unknown>`case when inv.touchpoint_id is null then null else json_build_object(
        'number', inv.number, 'amount', inv.amount::text, 'currency', inv.currency, 'due_date', inv.due_date,
        'paid_on', inv.paid_on, 'disputed', inv.disputed, 'dispute_reason', inv.dispute_reason) end`.as("invoice"),
      sql<unknown>`case when sc.touchpoint_id is null then null else json_build_object(
        'severity', sc.severity, 'status', sc.status, 'opened_at', sc.opened_at, 'sla_due_at', sc.sla_due_at,
        'resolved_at', sc.resolved_at) end`.as("support_case"),
      jsonArrayFrom(
        eb
          .selectFrom("touchpoint_stakeholders as ts")
          .select("ts.stakeholder_id")
          .whereRef("ts.account_id", "=", "t.account_id")
          .whereRef("ts.touchpoint_id", "=", "t.id")
          .orderBy("ts.stakeholder_id"),
      ).as("stakeholders"),
      jsonArrayFrom(
        eb
          .selectFrom("touchpoint_users as tu")
          .select("tu.user_id")
          .whereRef("tu.account_id", "=", "t.account_id")
          .whereRef("tu.touchpoint_id", "=", "t.id")
          .orderBy("tu.user_id"),
      ).as("internal_participants"),
    ])
    .where("t.account_id", "=", accountId)
    .$if(after !== null, (qb) => qb.where(sql`(t.occurred_at, t.id)`, ">", sql`(${after!.cursor_at}::timestamptz, ${after!.id}::uuid)`))
    .orderBy("t.occurred_at")
    .orderBy("t.id")
    .limit(PAGE)
    .execute()
    .then((rows) =>
      rows.map(({ cursor_at, ...r }) => ({
        ...r,
        cursor_at,
        stakeholders: r.stakeholders.map((s) => s.stakeholder_id),
        internal_participants: r.internal_participants.map((u) => u.user_id),
      })),
    );
}

/** Along expectations_due_idx, each with its history oldest first. */
function expectationPage(executor: Executor, accountId: string, after: { id: string; due_date: string } | null) {
  return executor
    .selectFrom("expectations as e")
    .selectAll("e")
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom("expectation_changes as c")
          .select(["c.id", "c.kind", "c.from_due_date", "c.to_due_date", "c.reason", "c.customer_notified", "c.actor_id", "c.at", "c.details"])
          .whereRef("c.account_id", "=", "e.account_id")
          .whereRef("c.expectation_id", "=", "e.id")
          .orderBy("c.at"),
      ).as("changes"),
    )
    .where("e.account_id", "=", accountId)
    .$if(after !== null, (qb) => qb.where(sql`(e.due_date, e.id)`, ">", sql`(${after!.due_date}::date, ${after!.id}::uuid)`))
    .orderBy("e.due_date")
    .orderBy("e.id")
    .limit(PAGE)
    .execute();
}

function surveyPage(executor: Executor, accountId: string, after: { id: string } | null) {
  return executor
    .selectFrom("survey_responses")
    .select(["id", "stakeholder_id", "kind", "score", "comment", "touchpoint_id", "answered_at"])
    .where("account_id", "=", accountId)
    .$if(after !== null, (qb) => qb.where("id", ">", after!.id))
    .orderBy("id")
    .limit(PAGE)
    .execute();
}

/** A stream of the chunks, pulling the next page only when the client has taken the last. */
export function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
