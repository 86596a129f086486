import { sql } from "kysely";

// When an open expectation is due, for every list that asks: the ledger, the
// KAM page, the inbox and the KAM's daily digest. A module of its own, with no
// messages, so the pages that read it are sent none of the ledger's words.

/**
 * The earlier of the due date and the promised date (NULL: the original due date): when an open
 * item is due for anyone. An item re-planned without notice stays due on the date the customer
 * was told. Of `expectations as e`; expectations_open_pressing_idx walks it per account.
 */
export const pressingOn = sql<string>`least(e.due_date, coalesce(e.promised_date, e.original_due_date))`;
