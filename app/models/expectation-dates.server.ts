import { sql } from "kysely";

// When an open expectation is due, for every list that asks: the ledger, the
// KAM page, the inbox and the KAM's daily digest. A module of its own, with no
// messages, so the pages that read it are sent none of the ledger's words.

/**
 * The date the customer was last properly told: the promised date, or while there is none (NULL)
 * the original due date. Of `expectations as e`; the ledger and the account page show it.
 */
export const promisedOn = sql<string>`coalesce(e.promised_date, e.original_due_date)`;

/**
 * The earlier of the due date and the promised date (promisedOn): when an open
 * item is due for anyone. An item re-planned without notice stays due on the date the customer
 * was told. Of `expectations as e`; expectations_open_pressing_idx walks it per account (its text,
 * with promisedOn written in, is the index's expression).
 */
export const pressingOn = sql<string>`least(e.due_date, ${promisedOn})`;

/**
 * An open expectation with a re-plan "the customer was told" that no portal
 * user could see and nobody answered: unanswered, it never counts (notice.ts),
 * and the ledger says so beside the promised date.
 */
export const noticeUnseen = sql<boolean>`(e.status = 'open' and exists (
  select 1 from expectation_changes nc
  where nc.account_id = e.account_id and nc.expectation_id = e.id and nc.kind = 'replanned'
    and nc.customer_notified and nc.notice_reached_at is null and not nc.notice_reach_unknown
    and not exists (select 1 from expectation_changes na where na.account_id = nc.account_id and na.replan_id = nc.id)))`;
