import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { signalReasonVariant } from "#app/domain/risk/reason.ts";
import type { DB } from "#db/schema.ts";
import { z } from "zod";
import type { RiskRule } from "#app/domain/risk-rules.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { liveAccounts } from "./portfolio-kam.server.ts";

// The risk inbox: open signals across the visible portfolio, unacknowledged
// first, then high → low severity, newest first.

/**
 * The inbox order folded into one number so that (rank, first_seen_at, id) all
 * descend and a keyset page is one backward range scan of
 * risk_signals_inbox_rank_idx. Spelled exactly as in that index
 * (db/migrations/20261123_1100_portfolio_indexes.ts): 5 unacknowledged high …
 * 3 unacknowledged low, 2 acknowledged high … 0 acknowledged low.
 */
const INBOX_RANK = sql<number>`((CASE WHEN rs.acknowledged_at IS NULL THEN 3 ELSE 0 END) + (CASE rs.severity WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END))`;

export interface RiskInboxScope {
  /** Only signals of this owner's accounts (a KAM's own book, or the KAM filter). */
  ownerId?: string | null | undefined;
  acknowledged?: boolean | undefined;
  rule?: RiskRule | undefined;
  severity?: "high" | "medium" | "low" | undefined;
  /** Only this account's signals. */
  accountId?: string | undefined;
}

/** A signal's own columns (read as `rs`) and who acknowledged it (`ack`, joined on rs.acknowledged_by). */
export const SIGNAL_COLUMNS = [
  "rs.id",
  "rs.account_id",
  "rs.rule",
  "rs.severity",
  "rs.params",
  "rs.evidence_kind",
  "rs.evidence_id",
  "rs.first_seen_at",
  "rs.last_seen_at",
  "rs.acknowledged_at",
  "rs.ack_note",
  "rs.escalated_from",
  "ack.name as acknowledged_by_name",
] as const;

/**
 * What a signal's evidence link says (an expectation's or a touchpoint's title,
 * a stakeholder's name), or null: each a primary-key lookup in the signal's account.
 */
export function evidenceLabel(
  eb: ExpressionBuilder<DB & { rs: Pick<DB["risk_signals"], "account_id" | "evidence_kind" | "evidence_id"> }, "rs">,
) {
  return eb.fn
    .coalesce(
      eb
        .selectFrom("expectations as e")
        .select("e.title")
        .where("rs.evidence_kind", "=", "expectation")
        .whereRef("e.account_id", "=", "rs.account_id")
        .whereRef("e.id", "=", "rs.evidence_id"),
      eb
        .selectFrom("stakeholders as st")
        .select("st.name")
        .where("rs.evidence_kind", "=", "stakeholder")
        .whereRef("st.account_id", "=", "rs.account_id")
        .whereRef("st.id", "=", "rs.evidence_id"),
      eb
        .selectFrom("touchpoints as tp")
        .select("tp.title")
        .where("rs.evidence_kind", "=", "touchpoint")
        .whereRef("tp.account_id", "=", "rs.account_id")
        .whereRef("tp.id", "=", "rs.evidence_id"),
    )
    .as("evidence_label");
}

const InboxCursor = z.tuple([z.number().int().min(0).max(5), z.iso.datetime({ offset: true }), z.uuid()]);
type Cursor = z.output<typeof InboxCursor>;

/** The scope's conditions on a signal's own columns, and the page's cursor. */
function signalConditions(
  eb: ExpressionBuilder<DB & { rs: DB["risk_signals"] }, "rs">,
  scope: RiskInboxScope,
  after: Cursor | null,
) {
  const conditions: Expression<SqlBool>[] = [eb("rs.resolved_at", "is", null)];
  if (scope.accountId) conditions.push(eb("rs.account_id", "=", scope.accountId));
  if (scope.rule) conditions.push(eb("rs.rule", "=", scope.rule));
  if (scope.severity) conditions.push(eb("rs.severity", "=", scope.severity));
  if (scope.acknowledged === true) conditions.push(eb("rs.acknowledged_at", "is not", null));
  if (scope.acknowledged === false) conditions.push(eb("rs.acknowledged_at", "is", null));
  if (after) {
    conditions.push(
      sql<boolean>`(${INBOX_RANK}, rs.first_seen_at, rs.id) < (${after[0]}::int, ${after[1]}::timestamptz, ${after[2]}::uuid)`,
    );
  }
  return eb.and(conditions);
}

/**
 * A page's signals, in inbox order, and their accounts. One
 * owner's: the first `n` of each of their live accounts' open signals
 * (risk_signals_open_key per account), then the first `n` of those, so one
 * KAM's page reads their own accounts' signals only, however big the
 * portfolio. Otherwise a backward range of risk_signals_inbox_rank_idx.
 */
function inboxSignals(executor: Executor, scope: RiskInboxScope, after: Cursor | null, n: number) {
  const live = liveAccounts(executor, scope.ownerId ?? null);
  const signals = scope.ownerId
    ? live.innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("risk_signals as rs")
            .selectAll("rs")
            .whereRef("rs.account_id", "=", "a.id")
            .where((eb) => signalConditions(eb, scope, after))
            .orderBy(INBOX_RANK, "desc")
            .orderBy("rs.first_seen_at", "desc")
            .orderBy("rs.id", "desc")
            .limit(n)
            .as("rs"),
        (join) => join.onTrue(),
      )
    : live.innerJoin("risk_signals as rs", "rs.account_id", "a.id").where((eb) => signalConditions(eb, scope, after));
  return signals
    .selectAll("rs")
    .select(["a.name as account_name", "a.owner_id"])
    .orderBy(INBOX_RANK, "desc")
    .orderBy("rs.first_seen_at", "desc")
    .orderBy("rs.id", "desc")
    .limit(n);
}

export async function listRiskInbox(
  executor: Executor,
  scope: RiskInboxScope,
  options: { cursor?: string | null | undefined; limit?: number } = {},
) {
  const limit = options.limit ?? 25;
  const after = decodeCursor(options.cursor, InboxCursor);
  const rows = await executor
    .selectFrom(inboxSignals(executor, scope, after, limit + 1).as("rs"))
    .innerJoin("users as o", "o.id", "rs.owner_id")
    .leftJoin("users as ack", "ack.id", "rs.acknowledged_by")
    .select((eb) => [
      ...SIGNAL_COLUMNS,
      "rs.account_name",
      "rs.owner_id",
      "o.name as owner_name",
      INBOX_RANK.as("inbox_rank"),
      evidenceLabel(eb),
    ])
    .orderBy(INBOX_RANK, "desc")
    .orderBy("rs.first_seen_at", "desc")
    .orderBy("rs.id", "desc")
    .execute();
  const { page, nextCursor } = keysetPage(rows, limit, (last) => [
    Number(last.inbox_rank),
    new Date(last.first_seen_at).toISOString(),
    last.id,
  ]);
  return { signals: page.map((s) => ({ ...s, reason_variant: signalReasonVariant(s.rule, s.params) })), nextCursor };
}

export type InboxSignal = Awaited<ReturnType<typeof listRiskInbox>>["signals"][number];

/**
 * A page of signals grouped by account, each group where its most pressing
 * signal falls in the inbox order (the page's order is kept within a group).
 */
export function groupByAccount<S extends Pick<InboxSignal, "account_id" | "account_name" | "owner_id" | "owner_name">>(
  signals: S[],
) {
  const groups = new Map<
    string,
    { account_id: string; account_name: string; owner_id: string; owner_name: string; signals: S[] }
  >();
  for (const s of signals) {
    let g = groups.get(s.account_id);
    if (!g) {
      g = {
        account_id: s.account_id,
        account_name: s.account_name,
        owner_id: s.owner_id,
        owner_name: s.owner_name,
        signals: [],
      };
      groups.set(s.account_id, g);
    }
    g.signals.push(s);
  }
  return [...groups.values()];
}

/**
 * One owner's open and unacknowledged signals, for headline counts: counted
 * account by account (risk_signals_open_key), so as not to read the whole
 * portfolio's open signals.
 */
export async function countOpenSignals(executor: Executor, scope: { ownerId: string }) {
  return liveAccounts(executor, scope.ownerId)
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("risk_signals as rs")
          .select([
            sql<number>`count(*)`.as("open"),
            sql<number>`count(*) filter (where rs.acknowledged_at is null)`.as("unacknowledged"),
          ])
          .whereRef("rs.account_id", "=", "a.id")
          .where("rs.resolved_at", "is", null)
          .as("rs"),
      (join) => join.onTrue(),
    )
    .select([
      sql<number>`coalesce(sum(rs.open), 0)::int`.as("open"),
      sql<number>`coalesce(sum(rs.unacknowledged), 0)::int`.as("unacknowledged"),
    ])
    .executeTakeFirstOrThrow();
}

/** The signal and its account's owner, for the acknowledge action's access check. */
export function getSignalForAction(executor: Executor, accountId: string, signalId: string) {
  return executor
    .selectFrom("risk_signals as rs")
    .innerJoin("accounts as a", "a.id", "rs.account_id")
    .select(["rs.account_id", "rs.id", "rs.resolved_at", "rs.acknowledged_at", "a.owner_id"])
    .where("rs.account_id", "=", accountId)
    .where("rs.id", "=", signalId)
    .executeTakeFirst();
}
