import { sql, type ExpressionBuilder } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { Executor } from "#app/utils/db.server.ts";
import type { TimelineFilters } from "#app/schemas/timeline.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { momentWhere, quadrantWhere } from "./experience.server.ts";
import { literalCount } from "./literals.server.ts";
import { stakeholdersOfTouchpoint, usersOfTouchpoint } from "./touchpoint-people.server.ts";
import { LISTED_FACT_COLUMNS, touchpointsWithFacts } from "./touchpoints.server.ts";
import { TOUCHPOINT_FACTS_OF_T } from "./record-columns.server.ts";

const TimelineCursor = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export interface TimelineOptions {
  cursor?: string | null | undefined;
  limit?: number;
  filters?: Partial<TimelineFilters>;
}

/**
 * One page of an account's timeline, newest first. Keyset paging on
 * (occurred_at, id) walks the touchpoints_timeline_idx index, so a deep page
 * costs the same as the first.
 */
export async function listTimeline(executor: Executor, accountId: string, options: TimelineOptions = {}) {
  const limit = options.limit ?? 25;
  const rows = await timelineQuery(executor, accountId, options).execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [new Date(last.occurred_at).toISOString(), last.id]);
  return { touchpoints: page, nextCursor };
}

/** The timeline's query, one row past the page to know whether another page follows. */
export function timelineQuery(executor: Executor, accountId: string, options: TimelineOptions = {}) {
  const limit = options.limit ?? 25;
  const f = options.filters ?? {};
  const after = decodeCursor(options.cursor, TimelineCursor);
  return touchpointsWithFacts(executor)
    .leftJoin("users as author", "author.id", "t.author_id")
    .leftJoin("stakeholders as adv", (j) =>
      j.onRef("adv.account_id", "=", "t.account_id").onRef("adv.id", "=", "t.advocacy_stakeholder_id"),
    )
    .select((eb) => [
      "t.id",
      "t.kind",
      "t.occurred_at",
      "t.title",
      "t.title_key",
      "t.title_params",
      "t.author_id",
      "t.summary",
      ...TOUCHPOINT_FACTS_OF_T,
      "t.advocacy_polarity",
      "t.advocacy_source",
      "adv.name as advocacy_person",
      "t.source",
      "author.name as author_name",
      ...LISTED_FACT_COLUMNS,
      "sc.resolved_at as case_resolved_at",
      stakeholdersOfTouchpoint(eb).as("stakeholders"),
      usersOfTouchpoint(eb).as("internal_participants"),
      // Expectations this touchpoint gave rise to (a delivery links to what it delivered on).
      jsonArrayFrom(
        eb
          .selectFrom("expectations as e")
          .select(["e.id", "e.title", "e.status", "e.outcome"])
          .whereRef("e.account_id", "=", "t.account_id")
          .whereRef("e.source_touchpoint_id", "=", "t.id")
          .orderBy("e.due_date")
          // A constant, written into the statement (see latestRecorded).
          .limit(sql.lit(5)),
      ).as("expectations"),
    ])
    .where("t.account_id", "=", accountId)
    .$if(Boolean(f.kind?.length), (qb) => qb.where("t.kind", "in", f.kind!))
    .$if(f.shared === "yes", (qb) => qb.where("t.shared_with_customer", "=", true))
    .$if(f.shared === "no", (qb) => qb.where("t.shared_with_customer", "=", false))
    .$if(f.sentiment === "negative", (qb) => qb.where("t.sentiment", "<", 0))
    .$if(f.sentiment === "neutral", (qb) => qb.where("t.sentiment", "=", 0))
    .$if(f.sentiment === "positive", (qb) => qb.where("t.sentiment", ">", 0))
    .$if(f.sentiment === "recorded", (qb) => qb.where("t.sentiment", "is not", null))
    .$if(Boolean(f.moment), (qb) => qb.where((eb) => momentWhere(eb, f.moment!)))
    .$if(Boolean(f.quadrant), (qb) => qb.where((eb) => quadrantWhere(eb, f.quadrant!)))
    // Dates are days in the vendor's time zone: from its first to its last instant.
    .$if(Boolean(f.from), (qb) =>
      qb.where("t.occurred_at", ">=", sql<Date>`(${f.from!}::date)::timestamp AT TIME ZONE ${TIME_ZONE}`),
    )
    .$if(Boolean(f.to), (qb) =>
      qb.where("t.occurred_at", "<", sql<Date>`(${f.to!}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`),
    )
    .$if(Boolean(f.person), (qb) => qb.where((eb) => tookPart(eb, accountId, f.person!)))
    .$if(after != null, (qb) =>
      qb.where(sql`(t.occurred_at, t.id)`, "<", sql`(${after![0]}::timestamptz, ${after![1]}::uuid)`),
    )
    .orderBy("t.occurred_at", "desc")
    .orderBy("t.id", "desc")
    .limit(limit + 1);
}

export type TimelineEntry = Awaited<ReturnType<typeof listTimeline>>["touchpoints"][number];

/**
 * The touchpoints recorded last, newest first (the account overview's "recently
 * recorded"): what was just logged shows even when it happened earlier, or in
 * the same minute as others. Ties (a seed, an import) read newest-happened first.
 */
export async function latestRecorded(executor: Executor, accountId: string, limit: number) {
  return (
    timelineQuery(executor, accountId, { limit })
      .clearOrderBy()
      .clearLimit()
      .orderBy("t.recorded_at", "desc")
      .orderBy("t.occurred_at", "desc")
      .orderBy("t.id", "desc")
      // The limit is written into the statement, not sent as a parameter: on the
      // embedded database each statement is prepared once (db/pglite-queries.ts),
      // and with the limit known PostgreSQL keeps one plan for it instead of
      // planning it again on every account page (~2 ms a page on PGlite).
      .limit(literalCount(limit))
      .execute()
  );
}

/**
 * Whether the person (one of the customer's, or of our staff) took part in
 * touchpoint `t` of the account. PostgreSQL hashes the person's touchpoints
 * once; the account named as a value (not only through `t`) lets it read them
 * from the account's own index range, not every account's links (a scan of
 * 2.8 million rows, ~265 ms, at the large bench size; ~10 ms with it).
 */
function tookPart(eb: ExpressionBuilder<DB & { t: DB["touchpoints"] }, "t">, accountId: string, person: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom("touchpoint_stakeholders as ps")
        .select(sql`1`.as("one"))
        .where("ps.account_id", "=", accountId)
        .whereRef("ps.account_id", "=", "t.account_id")
        .whereRef("ps.touchpoint_id", "=", "t.id")
        .where("ps.stakeholder_id", "=", person),
    ),
    eb.exists(
      eb
        .selectFrom("touchpoint_users as pu")
        .select(sql`1`.as("one"))
        .where("pu.account_id", "=", accountId)
        .whereRef("pu.account_id", "=", "t.account_id")
        .whereRef("pu.touchpoint_id", "=", "t.id")
        .where("pu.user_id", "=", person),
    ),
  ]);
}
