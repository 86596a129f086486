// The director's portfolio: small pure rules the pages and the export share.

export type HealthTrend = "up" | "down" | "flat";

/** Health moved less than this many points in 30 days: shown as steady. */
export const TREND_THRESHOLD = 3;
/** How far back the trend arrow compares today's health. */
export const TREND_ARROW_DAYS = 30;

/** The arrow for today's health against the health ~30 days ago; null when either is unknown. */
export function healthTrend(delta: number | string | null | undefined): HealthTrend | null {
  if (delta == null || delta === "") return null;
  const d = Number(delta);
  if (!Number.isFinite(d)) return null;
  if (d >= TREND_THRESHOLD) return "up";
  if (d <= -TREND_THRESHOLD) return "down";
  return "flat";
}

export interface MoneyTotal {
  currency: string;
  /** Exact decimal string. */
  amount: string;
}

/**
 * Adds exact decimal strings (two decimals, as numeric(14,2) comes back) without
 * floating point: sums of contract values must not drift by cents.
 */
export function addMoney(a: string, b: string): string {
  const cents = (v: string) => {
    const [whole = "0", frac = ""] = v.split(".");
    const sign = whole.startsWith("-") ? -1n : 1n;
    return sign * (BigInt(whole.replace("-", "") || "0") * 100n + BigInt((frac + "00").slice(0, 2)));
  };
  const total = cents(a) + cents(b);
  const abs = total < 0n ? -total : total;
  return `${total < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
