// The expectation ledger's groups and form values.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.

/** What the create/edit form shows: every field as the browser sends it. */
export interface ExpectationFormValues {
  title: string;
  description: string;
  category: string;
  holder_stakeholder_id: string;
  source: string;
  source_touchpoint_id: string;
  importance: string;
  due_date: string;
  owner_id: string;
  version: number;
}

/** The ledger's groups, in the order they are shown. */
export const LEDGER_GROUPS = ["proposed", "overdue", "due_soon", "open", "resolved", "declined"] as const;
export type LedgerGroup = (typeof LEDGER_GROUPS)[number];
/** "Due soon" is open and due within this many days from today. */
export const DUE_SOON_DAYS = 14;
