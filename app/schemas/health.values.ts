// The account page's health section: values the page and its forms share.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.

export const PREDICTABILITY_WINDOWS = [6, 12, 24] as const;
export type PredictabilityWindow = (typeof PREDICTABILITY_WINDOWS)[number];
/** The URL parameter that picks predictability's window, in months. */
export const WINDOW_PARAM = "months";

/** The window a URL asks for, or undefined (the configured default) when it names none of the offered ones. */
export function parsePredictabilityWindow(value: string | null): PredictabilityWindow | undefined {
  const n = Number(value);
  return (PREDICTABILITY_WINDOWS as readonly number[]).includes(n) ? (n as PredictabilityWindow) : undefined;
}

/** How far back the account page draws the health trend, in days. */
export const HEALTH_CHART_DAYS = 180;

export const ACK_NOTE_MAX = 1000;
