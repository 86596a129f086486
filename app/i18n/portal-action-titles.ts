import type { MessageKey } from "./index.ts";

// A module of its own: the portal's pages show these titles without reaching
// every other system title (system-titles.ts) and the messages they name.

/** The titles of the touchpoints the customer's actions in the portal record. */
export const PORTAL_ACTION_TITLE_KEYS = [
  "portalTouchpoint.confirmed",
  "portalTouchpoint.disputed_partly",
  "portalTouchpoint.disputed_not_delivered",
  "portalTouchpoint.proposed",
  "portalTouchpoint.nps",
  "portalTouchpoint.csat",
  "portalTouchpoint.noticeConfirmed",
  "portalTouchpoint.noticeContested",
] as const satisfies readonly MessageKey[];
