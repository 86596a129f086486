// The portfolio's view as it travels in the URL: the values its table and filters offer.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.
import type { PortfolioFilters } from "./portfolio.ts";

export { HEALTH_BANDS } from "#app/domain/health-bands.ts";
export const PORTFOLIO_SORTS = [
  "name",
  "health",
  "predictability",
  "nps",
  "coverage",
  "value",
  "renewal",
  "signals",
  "kam",
] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const RENEWAL_WINDOWS = [30, 90, 180, 365] as const;
/** Rows per page the portfolio offers, and the default when the URL names none. */
export const PORTFOLIO_PAGE_SIZES = [10, 25, 50, 100] as const;
export const PORTFOLIO_PAGE_SIZE = 50;

/** Where a column sorts first: the worst or the most urgent at the top. */
export const DEFAULT_DIRECTION: Record<PortfolioSort, SortDirection> = {
  name: "asc",
  health: "asc",
  predictability: "asc",
  nps: "asc",
  coverage: "asc",
  value: "desc",
  renewal: "asc",
  signals: "desc",
  kam: "asc",
};

export function hasPortfolioFilters(v: PortfolioFilters): boolean {
  return Boolean(v.band || v.kam || v.tier || v.stage || v.renewal || v.q);
}

/** The severities a risk signal can have, most pressing first. */
export const SIGNAL_SEVERITIES = ["high", "medium", "low"] as const;
