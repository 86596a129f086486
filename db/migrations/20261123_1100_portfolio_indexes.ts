import { sql, type Kysely } from "kysely";

// Indexes behind the director's portfolio and risk inbox. Each sortable column
// of the portfolio has a (value, id) index so a keyset page is an index range
// scan in either direction; account_scores (health, account_id) and
// (band, health, account_id) exist since 20261122_2000. Accounts columns are
// indexed only where the portfolio reads them (archived accounts are not listed).
// Frozen in time: never imports app code.

// The risk inbox orders open signals by this rank (unacknowledged first, then
// severity high → low), newest first. The query must spell the same expression
// (app/models/risk-inbox.server.ts) for the planner to match it.
const INBOX_RANK = `((CASE WHEN acknowledged_at IS NULL THEN 3 ELSE 0 END) + (CASE severity WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END))`;

const indexes: [name: string, definition: string][] = [
  ["account_scores_predictability_idx", `account_scores (predictability, account_id)`],
  ["account_scores_nps_idx", `account_scores (nps, account_id)`],
  ["account_scores_coverage_idx", `account_scores (coverage, account_id)`],
  ["account_scores_open_signals_idx", `account_scores (open_signals, account_id)`],
  ["accounts_portfolio_name_idx", `accounts (lower(name), id) WHERE archived_at IS NULL`],
  ["accounts_portfolio_value_idx", `accounts (contract_value, id) WHERE archived_at IS NULL`],
  ["accounts_portfolio_renewal_idx", `accounts (renewal_date, id) WHERE archived_at IS NULL`],
  // The per-KAM view's overdue expectations: per account, only the open ones, by due date.
  ["expectations_open_due_idx", `expectations (account_id, due_date, id) WHERE status = 'open'`],
  ["risk_signals_inbox_rank_idx", `risk_signals (${INBOX_RANK}, first_seen_at, id) WHERE resolved_at IS NULL`],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, definition] of indexes) {
    await sql.raw(`CREATE INDEX ${name} ON ${definition}`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...indexes].reverse()) {
    await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db);
  }
}
