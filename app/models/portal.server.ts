import { sql, type SqlBool } from "kysely";
import { z } from "zod";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { pressingOn } from "#app/models/expectation-dates.server.ts";
import {
  ANSWERABLE_OUTCOMES,
  daysOverdue,
  dueForCustomer,
  isAnswerableDelivery,
  pendingNotice,
} from "#app/domain/commitments.ts";
import type { NoticeRule } from "#app/domain/notice.ts";
import { replansForPromise } from "#app/domain/scoring.ts";
import { daysBefore, TIME_ZONE } from "#app/domain/time.ts";
import { replansOf } from "./scoring-inputs.server.ts";
import { recentRateableTouchpoints } from "./experience-rating-rows.server.ts";
import { expectationsWithHolder } from "./expectation-rows.server.ts";

// Everything here is read for a customer. Each query is scoped by the customer's
// own account id and selects an explicit allowlist of columns: internal notes,
// sentiment, treatment and risk data are never selected. Callers run these
// inside withPortalScope (app/models/portal-scope.server.ts), where row-level
// security and column grants enforce the same limits a second time.

export async function getPortalAccount(executor: Executor, accountId: string) {
  return executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select(["a.id", "a.name", "o.id as kam_id", "o.name as kam_name", "o.email as kam_email"])
    .where("a.id", "=", accountId)
    .executeTakeFirst();
}

const Cursor = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export async function listSharedTimeline(
  executor: Executor,
  accountId: string,
  options: { cursor?: string | null; limit?: number } = {},
) {
  const limit = options.limit ?? 25;
  const after = decodeCursor(options.cursor, Cursor);
  // The page first, then the invoice and case facts of its touchpoints by id.
  // Joined in one statement, the portal role's row check on the fact tables (a
  // fact is visible only when its touchpoint is shared) was planned as a hash
  // of every shared touchpoint of the account: a walk that grew with the
  // account's history (20,851 rows for one page at the large bench size). By
  // id it is a few index probes.
  const rows = await executor
    .selectFrom("touchpoints as t")
    .select(["t.id", "t.kind", "t.occurred_at", "t.title", "t.summary"])
    .where("t.account_id", "=", accountId)
    .where("t.shared_with_customer", "=", true)
    .$if(after != null, (qb) =>
      qb.where(sql`(t.occurred_at, t.id)`, "<", sql`(${after![0]}::timestamptz, ${after![1]}::uuid)`),
    )
    .orderBy("t.occurred_at", "desc")
    .orderBy("t.id", "desc")
    .limit(limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [new Date(last.occurred_at).toISOString(), last.id]);
  const facts = await pageFacts(executor, accountId, page.map((t) => t.id));
  return {
    touchpoints: page.map((t) => ({ ...t, ...invoiceFacts(facts.invoices.get(t.id)), ...caseFacts(facts.cases.get(t.id)) })),
    nextCursor,
  };
}

/**
 * The invoice and support-case rows of the page's touchpoints, by touchpoint id:
 * one statement, the two reads one after the other (`union all`: each still a
 * few index probes), each row null in the other's columns.
 */
async function pageFacts(executor: Executor, accountId: string, ids: string[]) {
  const rows =
    ids.length === 0
      ? []
      : await executor
          .selectFrom("touchpoint_invoices")
          .select([
            "touchpoint_id",
            sql<boolean>`true`.as("is_invoice"),
            "number",
            "amount",
            "currency",
            "due_date",
            "paid_on",
            "disputed",
            sql<string>`null`.as("severity"),
            sql<string>`null`.as("status"),
            sql<Date | string>`null`.as("sla_due_at"),
          ])
          .where("account_id", "=", accountId)
          .where("touchpoint_id", "in", ids)
          .unionAll(
            executor
              .selectFrom("touchpoint_support_cases")
              .select([
                "touchpoint_id",
                sql<boolean>`false`.as("is_invoice"),
                sql<string>`null`.as("number"),
                sql<string>`null`.as("amount"),
                sql<string>`null`.as("currency"),
                sql<string>`null`.as("due_date"),
                sql<string | null>`null`.as("paid_on"),
                sql<boolean>`null`.as("disputed"),
                "severity",
                "status",
                "sla_due_at",
              ])
              .where("account_id", "=", accountId)
              .where("touchpoint_id", "in", ids),
          )
          .execute();
  return {
    invoices: new Map(rows.filter((r) => r.is_invoice).map((i) => [i.touchpoint_id, i])),
    cases: new Map(rows.filter((r) => !r.is_invoice).map((c) => [c.touchpoint_id, c])),
  };
}

type PageFacts = Awaited<ReturnType<typeof pageFacts>>;

function invoiceFacts(inv: ReturnType<PageFacts["invoices"]["get"]>) {
  return {
    invoice_number: inv?.number ?? null,
    invoice_amount: inv?.amount ?? null,
    invoice_currency: inv?.currency ?? null,
    invoice_due_date: inv?.due_date ?? null,
    invoice_paid_on: inv?.paid_on ?? null,
    invoice_disputed: inv?.disputed ?? null,
  };
}

function caseFacts(sc: ReturnType<PageFacts["cases"]["get"]>) {
  return {
    case_severity: sc?.severity ?? null,
    case_status: sc?.status ?? null,
    case_sla_due_at: sc?.sla_due_at ?? null,
  };
}

/**
 * The people on our side the customer deals with besides their KAM: staff who
 * took part in touchpoints shared with them in the last twelve months, most
 * recent first.
 */
export async function listPortalContacts(executor: Executor, accountId: string, ownerId: string, now: Date = new Date()) {
  return executor
    .selectFrom("touchpoint_users as tu")
    .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "tu.account_id").onRef("t.id", "=", "tu.touchpoint_id"))
    .innerJoin("users as u", "u.id", "tu.user_id")
    .select(["u.id", "u.name", "u.email", (eb) => eb.fn.max("t.occurred_at").as("last_met_at")])
    .where("tu.account_id", "=", accountId)
    .where("t.shared_with_customer", "=", true)
    .where("t.occurred_at", ">=", daysBefore(now, 365))
    .where("u.id", "!=", ownerId)
    .groupBy(["u.id", "u.name", "u.email"])
    .orderBy("last_met_at", "desc")
    .limit(20)
    .execute();
}

const COMMITMENT_COLUMNS = [
  "e.id",
  "e.title",
  "e.category",
  "e.source",
  "e.status",
  "e.outcome",
  "e.original_due_date",
  // The date the customer was last properly told (the portal role may read it: 20261213_0910).
  "e.promised_date",
  "e.due_date",
  "e.delivered_on",
  "e.customer_response",
  "e.customer_comment",
  "e.customer_responded_at",
  "e.holder_stakeholder_id",
  "e.version",
  "s.name as holder_name",
] as const;

function commitments(executor: Executor, accountId: string) {
  return expectationsWithHolder(executor, accountId).select(COMMITMENT_COLUMNS);
}

/** How many settled deliveries (answered, or not delivered) of the last twelve months the portal lists, newest first; every one awaiting the customer's answer is listed. */
export const SETTLED_COMMITMENTS_LISTED = 200;

/**
 * What was promised to the customer and what became of it: open commitments
 * (soonest first), deliveries of the last twelve months, and the customer's own
 * proposals (pending, or declined in the last twelve months), each with its
 * re-plans. Never the description, notes or owner.
 *
 * Of the deliveries, every one still awaiting the customer's answer is listed
 * (the deliveries countAwaitingAnswer counts), however many there are, oldest
 * delivery first: a run of newer deliveries can never push one out of the
 * customer's sight, and the one nearest to leaving the twelve months the portal
 * asks about, which has waited longest, comes first. Then the settled ones
 * (answered, or missed or withdrawn) newest due first, up to
 * SETTLED_COMMITMENTS_LISTED, `settledLeftOut` saying whether older ones were
 * left out.
 */
export async function listCommitments(executor: Executor, accountId: string, rule: NoticeRule, now: Date = new Date()) {
  const { today } = rule;
  const yearAgo = daysBefore(now, 365).toISOString().slice(0, 10);
  const ofTheYear = commitments(executor, accountId)
    .where("e.status", "=", "resolved")
    .where((eb) => eb.or([eb("e.due_date", ">=", yearAgo), eb("e.delivered_on", ">=", yearAgo)]));
  // One after another: a transaction is one connection.
  const open = await commitments(executor, accountId)
    // Soonest due for the customer first (dueForCustomer below, in SQL), on expectations_open_pressing_idx.
    .where("e.status", "=", sql.lit("open"))
    .orderBy(pressingOn)
    .orderBy("e.id")
    .limit(200)
    .execute();
  // As awaitingAnswer reads them: a delivery (isAnswerableDelivery) not answered yet.
  const awaiting = await ofTheYear
    .where("e.outcome", "in", ANSWERABLE_OUTCOMES)
    .where("e.customer_response", "is", null)
    .orderBy("e.delivered_on")
    .orderBy("e.due_date")
    .orderBy("e.id")
    .execute();
  const settled = await ofTheYear
    .where((eb) =>
      eb.or([
        eb("e.customer_response", "is not", null),
        eb("e.outcome", "is", null),
        eb("e.outcome", "not in", ANSWERABLE_OUTCOMES),
      ]),
    )
    .orderBy("e.due_date", "desc")
    .orderBy("e.id", "desc")
    .limit(SETTLED_COMMITMENTS_LISTED + 1)
    .execute();
  const proposals = await commitments(executor, accountId)
    .where("e.source", "=", "customer")
    .where((eb) => eb.or([eb("e.status", "=", "proposed"), eb.and([eb("e.status", "=", "declined"), eb("e.due_date", ">=", yearAgo)])]))
    .orderBy("e.due_date", "desc")
    .orderBy("e.id", "desc")
    .limit(100)
    .execute();
  const shownSettled = settled.slice(0, SETTLED_COMMITMENTS_LISTED);
  const byId = await replansById(executor, accountId, [...open, ...awaiting, ...shownSettled].map((e) => e.id));
  // What the customer sees of each re-plan: its dates and when it was made (never the notice claimed nor the reason).
  const withReplans = <T extends { id: string }>(rows: T[]) =>
    rows.map((r) => ({
      ...r,
      replans: (byId.get(r.id) ?? []).map((c) => ({ from_due_date: c.from_due_date, to_due_date: c.to_due_date, at: c.at })),
    }));
  // Notices still awaiting an answer that would move the day an open one is due, its promise read as stored.
  const pending = (e: { id: string; original_due_date: string }) =>
    pendingNotice(e.original_due_date, replansForPromise(e.original_due_date, byId.get(e.id) ?? [], rule), TIME_ZONE);
  const closed = withReplans(shownSettled);
  const current = withReplans(open).map((e) => ({
    ...e,
    days_overdue: daysOverdue(e, today),
    due_for_customer: dueForCustomer(e),
    pending_notice: pending(e),
  }));
  return {
    today,
    // Only deliveries are asked about (isAnswerableDelivery); an answer once given stays listed with it.
    awaitingAnswer: withReplans(awaiting),
    answered: closed.filter((e) => e.customer_response !== null),
    /** Missed or withdrawn: resolved without a delivery, so nothing to confirm. */
    notDelivered: closed.filter((e) => e.customer_response === null && !isAnswerableDelivery(e)),
    /** Older answered or not delivered ones were left out (only the newest SETTLED_COMMITMENTS_LISTED listed). */
    settledLeftOut: settled.length > SETTLED_COMMITMENTS_LISTED,
    overdue: current.filter((e) => e.days_overdue > 0),
    open: current.filter((e) => e.days_overdue === 0),
    proposals,
  };
}

/**
 * The re-plans of the listed commitments, by commitment, oldest first: all of
 * them (the list of those awaiting an answer has no limit, so a limit here
 * would leave some listed commitments without their re-plans), the ids passed
 * as one array parameter however many there are.
 */
async function replansById(executor: Executor, accountId: string, ids: string[]) {
  const replans = ids.length
    ? await replansOf(executor, accountId)
        .where(sql<SqlBool>`c.expectation_id = any(${ids}::uuid[])`)
        .orderBy("c.at")
        .orderBy("c.id")
        .execute()
    : [];
  const byId = new Map<string, typeof replans>();
  for (const r of replans) {
    const list = byId.get(r.expectation_id);
    if (list) list.push(r);
    else byId.set(r.expectation_id, [r]);
  }
  return byId;
}

export type Commitments = Awaited<ReturnType<typeof listCommitments>>;
export type Commitment = Commitments["open"][number];

/** The deliveries of the last twelve months that wait for the customer's answer (older ones are no longer asked about). */
export function awaitingAnswer(executor: Executor, accountId: string, now: Date) {
  const yearAgo = daysBefore(now, 365).toISOString().slice(0, 10);
  return executor
    .selectFrom("expectations")
    .where("account_id", "=", accountId)
    .where("status", "=", "resolved")
    .where("outcome", "in", ANSWERABLE_OUTCOMES)
    .where("customer_response", "is", null)
    .where((eb) => eb.or([eb("due_date", ">=", yearAgo), eb("delivered_on", ">=", yearAgo)]));
}

/** How many deliveries of the last twelve months wait for the customer's answer. */
export async function countAwaitingAnswer(executor: Executor, accountId: string, now: Date = new Date()) {
  const row = await awaitingAnswer(executor, accountId, now)
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * Support cases shared with the customer that are still open or waiting, by SLA.
 * Ordered as touchpoint_support_cases_open_order_idx lists them (the touchpoint
 * id is the case's own column), so the portal role reads the index in order and
 * stops at the limit instead of checking and sorting every open case.
 */
export function listOpenCases(executor: Executor, accountId: string) {
  return executor
    .selectFrom("touchpoints as t")
    .innerJoin("touchpoint_support_cases as sc", (j) => j.onRef("sc.account_id", "=", "t.account_id").onRef("sc.touchpoint_id", "=", "t.id"))
    .select(["t.id", "t.title", "t.occurred_at", "sc.severity", "sc.status", "sc.opened_at", "sc.sla_due_at"])
    .where("t.account_id", "=", accountId)
    .where("t.shared_with_customer", "=", true)
    .where("sc.status", "in", ["open", "waiting"])
    .orderBy("sc.sla_due_at")
    .orderBy("sc.touchpoint_id")
    .limit(50)
    .execute();
}

/**
 * Invoices shared with the customer that are unpaid or disputed, by due date.
 * Ordered as touchpoint_invoices_open_order_idx lists them (migration
 * 20261210_1000), so the portal role reads the index in order and stops at the
 * limit instead of checking and sorting every open invoice of the account.
 */
export function listOpenInvoices(executor: Executor, accountId: string) {
  return executor
    .selectFrom("touchpoints as t")
    .innerJoin("touchpoint_invoices as inv", (j) => j.onRef("inv.account_id", "=", "t.account_id").onRef("inv.touchpoint_id", "=", "t.id"))
    .select(["t.id", "t.title", "inv.number", "inv.amount", "inv.currency", "inv.due_date", "inv.paid_on", "inv.disputed"])
    .where("t.account_id", "=", accountId)
    .where("t.shared_with_customer", "=", true)
    .where((eb) => eb.or([eb("inv.paid_on", "is", null), eb("inv.disputed", "=", true)]))
    .orderBy("inv.due_date")
    .orderBy("inv.touchpoint_id")
    .limit(50)
    .execute();
}

/** The account's predictability exactly as the KAM sees it, with its sample size; null before the first scoring. */
export async function getPortalPredictability(executor: Executor, accountId: string) {
  const row = await executor
    .selectFrom("account_scores")
    .select(["predictable_weight", "predictability_weight", "predictability_sample", "computed_at"])
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    // The stored weights divided, as the KAM's account page divides them (not the stored value, rounded to four places).
    value: row.predictability_weight > 0 ? row.predictable_weight / row.predictability_weight : null,
    sample: row.predictability_sample,
    computedAt: row.computed_at,
  };
}

/** When this person last answered the recommendation question. */
export async function lastNpsAnswer(executor: Executor, accountId: string, stakeholderId: string) {
  return executor
    .selectFrom("survey_responses")
    .select(["score", "answered_at"])
    .where("account_id", "=", accountId)
    .where("stakeholder_id", "=", stakeholderId)
    .where("kind", "=", "nps")
    .orderBy("answered_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** When the account manager last asked this person the NPS question again (null: never). */
export async function npsAskedAgainAt(executor: Executor, accountId: string, stakeholderId: string): Promise<Date | null> {
  const row = await executor
    .selectFrom("stakeholders")
    .select("nps_asked_again_at")
    .where("account_id", "=", accountId)
    .where("id", "=", stakeholderId)
    .executeTakeFirst();
  return row?.nps_asked_again_at ?? null;
}

/**
 * The touchpoints the customer can rate (recentRateableTouchpoints: shared, of
 * the last 90 days, newest first), with this person's CSAT score where they gave one.
 */
export async function listRateableTouchpoints(executor: Executor, accountId: string, stakeholderId: string, now: Date = new Date()) {
  const rows = await recentRateableTouchpoints(executor, accountId, now);
  const ratings = rows.length
    ? await executor
        .selectFrom("survey_responses")
        .select(["touchpoint_id", "score"])
        .where("account_id", "=", accountId)
        .where("stakeholder_id", "=", stakeholderId)
        .where("kind", "=", "csat")
        .where(
          "touchpoint_id",
          "in",
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const rated = new Map(ratings.map((r) => [r.touchpoint_id, r.score]));
  return rows.map((r) => ({ ...r, my_score: rated.get(r.id) ?? null }));
}
