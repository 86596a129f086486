import { sql } from "kysely";
import { z } from "zod";
import { addDays } from "#app/domain/dates.ts";
import { DUE_SOON_DAYS, LEDGER_GROUPS, type LedgerGroup } from "#app/schemas/expectation.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { noticeUnseen, pressingOn, promisedOn } from "./expectation-dates.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { literalCount } from "./literals.server.ts";
import { activeStaff, presentStakeholders } from "./people.server.ts";
import { expectationsWithHolder } from "./expectation-rows.server.ts";

// Reading the expectation ledger. Every query is scoped by account_id and walks
// expectations_due_idx (account_id, due_date, id) within a LIMIT, so an account
// with years of expectations costs the same as a new one. The open groups
// (overdue, due soon, open) go by the PRESSING date: the earlier of the due
// date and the date the customer was promised (expectations.promised_date,
// predictability's promise), so an item re-planned without notice after its
// promised date passed stays overdue, as predictability and the "Expectation
// overdue" signal keep it. They sort the account's open rows (few) by it.

export interface LedgerFilters {
  /** The vendor's calendar date ('YYYY-MM-DD'): overdue and due soon are measured from it. */
  today: string;
  group?: LedgerGroup | undefined;
  category?: string | undefined;
  holderId?: string | undefined;
  ownerId?: string | undefined;
  /** Keyset cursor within one group (only with `group`). */
  cursor?: string | undefined;
  /** Rows per group. */
  limit?: number;
}

const LedgerCursor = z.tuple([z.iso.date(), z.uuid()]);


/** Whether a group is one of the open ones, ordered by the pressing date. */
const byPressing = (group: LedgerGroup) => group === "overdue" || group === "due_soon" || group === "open";
/** Resolved and declined show the most recent first; the rest the most pressing first. */
const newestFirst = (group: LedgerGroup) => group === "resolved" || group === "declined";

function ledgerBase(executor: Executor, accountId: string, f: LedgerFilters) {
  return expectationsWithHolder(executor, accountId)
    .leftJoin("users as u", "u.id", "e.owner_id")
    .$if(Boolean(f.category), (qb) => qb.where("e.category", "=", f.category!))
    .$if(Boolean(f.holderId), (qb) => qb.where("e.holder_stakeholder_id", "=", f.holderId!))
    .$if(Boolean(f.ownerId), (qb) => qb.where("e.owner_id", "=", f.ownerId!));
}

/**
 * The ledger of one account, in groups: proposed by the customer, overdue, due
 * soon (within 14 days), open (later), resolved and declined. Each group is one
 * bounded query; `more` says a group has rows beyond the limit, and with a group
 * filter `nextCursor` pages through it.
 */
export async function listLedger(executor: Executor, accountId: string, filters: LedgerFilters) {
  const limit = filters.limit ?? 50;
  const groups = filters.group ? [filters.group] : [...LEDGER_GROUPS];
  const lists = await Promise.all(
    groups.map(async (group) => {
      const rows = await ledgerGroupQuery(executor, accountId, group, { ...filters, limit }).execute();
      const { page, nextCursor } = keysetPage(rows, limit, (last) => [last.sort_on, last.id]);
      // The cursor pages through one group; the overview of every group only says there is more.
      return { group, items: page, more: rows.length > limit, nextCursor: filters.group ? nextCursor : null };
    }),
  );
  return { groups: lists, counts: await countLedger(executor, accountId, filters) };
}

/**
 * One group's page (limit + 1 rows, to tell whether there is more), ordered
 * along expectations_due_idx: the most pressing first, or for resolved and
 * declined the most recent first.
 */
export function ledgerGroupQuery(executor: Executor, accountId: string, group: LedgerGroup, filters: LedgerFilters) {
  const limit = filters.limit ?? 50;
  const soon = addDays(filters.today, DUE_SOON_DAYS);
  const desc = newestFirst(group);
  const after = filters.group ? decodeCursor(filters.cursor, LedgerCursor) : null;
  const sortOn = byPressing(group) ? pressingOn : sql<string>`e.due_date`;
  return ledgerBase(executor, accountId, filters)
    .select([
      "e.id",
      "e.title",
      "e.category",
      "e.importance",
      "e.source",
      "e.status",
      "e.outcome",
      "e.original_due_date",
      "e.due_date",
      promisedOn.as("promised_date"),
      noticeUnseen.as("notice_unseen"),
      sql<string>`${sortOn}::text`.as("sort_on"),
      "e.delivered_on",
      "e.customer_response",
      "e.holder_stakeholder_id",
      "s.name as holder_name",
      "e.owner_id",
      "u.name as owner_name",
      "e.version",
    ])
    .$call((qb) => {
      switch (group) {
        case "proposed":
          return qb.where("e.status", "=", "proposed");
        case "overdue":
          return qb.where("e.status", "=", "open").where(pressingOn, "<", filters.today);
        case "due_soon":
          return qb.where("e.status", "=", "open").where(pressingOn, ">=", filters.today).where(pressingOn, "<=", soon);
        case "open":
          return qb.where("e.status", "=", "open").where(pressingOn, ">", soon);
        case "resolved":
          return qb.where("e.status", "=", "resolved");
        case "declined":
          return qb.where("e.status", "=", "declined");
      }
    })
    .$if(after != null, (qb) =>
      qb.where(sql`(${sortOn}, e.id)`, desc ? "<" : ">", sql`(${after![0]}::date, ${after![1]}::uuid)`),
    )
    .orderBy(sortOn, desc ? "desc" : "asc")
    .orderBy("e.id", desc ? "desc" : "asc")
    .limit(limit + 1);
}

export type Ledger = Awaited<ReturnType<typeof listLedger>>;
export type LedgerItem = Ledger["groups"][number]["items"][number];

/** How many expectations each group holds under the same filters (one pass over the account's index range). */
async function countLedger(executor: Executor, accountId: string, f: LedgerFilters): Promise<Record<LedgerGroup, number>> {
  const soon = addDays(f.today, DUE_SOON_DAYS);
  const row = await ledgerBase(executor, accountId, f)
    .select([
      sql<number>`count(*) filter (where e.status = 'proposed')::int`.as("proposed"),
      sql<number>`count(*) filter (where e.status = 'open' and ${pressingOn} < ${f.today}::date)::int`.as("overdue"),
      sql<number>`count(*) filter (where e.status = 'open' and ${pressingOn} between ${f.today}::date and ${soon}::date)::int`.as(
        "due_soon",
      ),
      sql<number>`count(*) filter (where e.status = 'open' and ${pressingOn} > ${soon}::date)::int`.as("open"),
      sql<number>`count(*) filter (where e.status = 'resolved')::int`.as("resolved"),
      sql<number>`count(*) filter (where e.status = 'declined')::int`.as("declined"),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * The account's open expectations for its page, the most pressing first (by
 * the pressing date, as the ledger's groups: overdue, then due soon, then
 * later), at most `limit`, with how many are open, overdue and due soon. One
 * statement, reading only the open ones (expectations_open_pressing_idx ...
 * WHERE status = 'open'): each row carries the counts; no row means none is open.
 * The status and the limit are written into the statement (literals.server.ts):
 * as parameters, its generic plan could not use that partial index, and the
 * embedded database planned it again on every account page.
 */
export async function openExpectations(executor: Executor, accountId: string, today: string, limit = 8) {
  const soon = addDays(today, DUE_SOON_DAYS);
  const rows = await executor
    // Materialized: counted once, not again for each row the main query joins it to.
    .with(
      (cte) => cte("n").materialized(),
      (db) =>
        db
          .selectFrom("expectations as e")
          .select([
            sql<number>`count(*)::int`.as("open"),
            sql<number>`(count(*) filter (where ${pressingOn} < ${today}::date))::int`.as("overdue"),
            sql<number>`(count(*) filter (where ${pressingOn} between ${today}::date and ${soon}::date))::int`.as("due_soon"),
          ])
          .where("e.account_id", "=", accountId)
          .where("e.status", "=", sql.lit("open")),
    )
    .selectFrom("expectations as e")
    .leftJoin("stakeholders as s", (j) => j.onRef("s.account_id", "=", "e.account_id").onRef("s.id", "=", "e.holder_stakeholder_id"))
    .innerJoin("n", (j) => j.onTrue())
    .select([
      "e.id",
      "e.title",
      "e.importance",
      "e.status",
      "e.outcome",
      "e.original_due_date",
      "e.due_date",
      promisedOn.as("promised_date"),
      "e.holder_stakeholder_id",
      "s.name as holder_name",
      "n.open",
      "n.overdue",
      "n.due_soon",
    ])
    .where("e.account_id", "=", accountId)
    .where("e.status", "=", sql.lit("open"))
    .orderBy(pressingOn)
    .orderBy("e.due_date")
    .orderBy("e.id")
    .limit(literalCount(limit))
    .execute();
  const counts = rows[0] ? { open: rows[0].open, overdue: rows[0].overdue, due_soon: rows[0].due_soon } : NONE_OPEN;
  const items = rows.map(({ open: _o, overdue: _d, due_soon: _s, ...item }) => item);
  return { items, counts, dueSoonDays: DUE_SOON_DAYS };
}

const NONE_OPEN = { open: 0, overdue: 0, due_soon: 0 };

export type OpenExpectations = Awaited<ReturnType<typeof openExpectations>>;

/** One expectation of this account with the names it points at, or undefined. */
export function findExpectation(executor: Executor, accountId: string, expectationId: string) {
  return expectationsWithHolder(executor, accountId)
    .leftJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "e.account_id").onRef("t.id", "=", "e.source_touchpoint_id"))
    .leftJoin("users as u", "u.id", "e.owner_id")
    .selectAll("e")
    .select([
      "s.name as holder_name",
      "s.left_on as holder_left_on",
      "t.title as source_touchpoint_title",
      "t.kind as source_touchpoint_kind",
      "t.occurred_at as source_touchpoint_occurred_at",
      "u.name as owner_name",
    ])
    .where("e.id", "=", expectationId)
    .executeTakeFirst();
}

/** Every change to one expectation, oldest first, with who made it. */
export function listExpectationHistory(executor: Executor, accountId: string, expectationId: string, limit = 500) {
  return executor
    .selectFrom("expectation_changes as c")
    .leftJoin("users as u", "u.id", "c.actor_id")
    .select([
      "c.id",
      "c.kind",
      "c.from_due_date",
      "c.to_due_date",
      "c.reason",
      "c.customer_notified",
      "c.replanned_on",
      "c.customer_notified_on",
      "c.replan_id",
      "c.notice_reached_at",
      "c.notice_reach_unknown",
      "c.at",
      "c.details",
      "c.actor_id",
      "u.name as actor_name",
      "u.role as actor_role",
    ])
    .where("c.account_id", "=", accountId)
    .where("c.expectation_id", "=", expectationId)
    .orderBy("c.at")
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

/**
 * An expectation with its full history. Two queries rather than a nested JSON
 * array, so the history's times come back as Date on both drivers.
 */
export async function getExpectation(executor: Executor, accountId: string, expectationId: string) {
  const [expectation, history] = await Promise.all([
    findExpectation(executor, accountId, expectationId),
    listExpectationHistory(executor, accountId, expectationId),
  ]);
  return expectation ? { ...expectation, history } : undefined;
}

export type ExpectationWithHistory = NonNullable<Awaited<ReturnType<typeof getExpectation>>>;
export type ExpectationChange = ExpectationWithHistory["history"][number];

/**
 * What the expectation form offers: the account's present stakeholders as
 * holders, active staff as owners, and the account's recent touchpoints as
 * sources. `include` keeps the values an expectation already has listed even if
 * the person left, was disabled or the touchpoint is old.
 */
export async function listLedgerOptions(
  executor: Executor,
  accountId: string,
  include: { stakeholderId?: string | null; userId?: string | null; touchpointId?: string | null } = {},
) {
  const [stakeholders, users, recent, kept] = await Promise.all([
    presentStakeholders(executor, accountId, include.stakeholderId ? [include.stakeholderId] : []),
    activeStaff(executor, include.userId ? [include.userId] : []),
    executor
      .selectFrom("touchpoints")
      .select(["id", "title", "kind", "occurred_at"])
      .where("account_id", "=", accountId)
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .limit(50)
      .execute(),
    include.touchpointId
      ? executor
          .selectFrom("touchpoints")
          .select(["id", "title", "kind", "occurred_at"])
          .where("account_id", "=", accountId)
          .where("id", "=", include.touchpointId)
          .execute()
      : Promise.resolve([]),
  ]);
  const touchpoints = [...recent, ...kept.filter((k) => !recent.some((r) => r.id === k.id))].map((tp) => ({
    ...tp,
    occurred_at: new Date(tp.occurred_at),
  }));
  return { stakeholders, users, touchpoints };
}

export type LedgerOptions = Awaited<ReturnType<typeof listLedgerOptions>>;

/** Everyone who could hold an expectation of this account (present or not), for the ledger's filter. */
export function listHolderChoices(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders")
    .select(["id", "name", "left_on"])
    .where("account_id", "=", accountId)
    .orderBy("name")
    .orderBy("id")
    .limit(500)
    .execute();
}
