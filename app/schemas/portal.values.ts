// The portal's answers and intervals.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.

export const CUSTOMER_ANSWERS = ["confirmed", "disputed_partly", "disputed_not_delivered"] as const;
export type CustomerAnswer = (typeof CUSTOMER_ANSWERS)[number];

/** How often one person is asked the recommendation question. */
export const NPS_INTERVAL_DAYS = 90;
