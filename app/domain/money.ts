// Money amounts, one rule for every path that writes them (forms, the portal,
// the API, imports): a money column is numeric(14,2), so an amount has at most
// 12 whole digits and two decimals, and is kept as the exact decimal string
// the database stores ("1234.50"), never as a float.

/** The shape of an amount as digits: an optional minus, 1–12 whole digits, at most two decimals. */
export const AMOUNT_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

/**
 * An amount written as plain digits ("1234.5", "-3", "0042") as the exact string
 * stored ("1234.50", "-3.00", "42.00"), or null when it is not one: more than 12
 * whole digits, more than two decimals, or below zero where that is not allowed.
 */
export function exactAmount(decimal: string, options: { negative?: boolean } = {}): string | null {
  const negative = decimal.startsWith("-");
  if (!AMOUNT_PATTERN.test(decimal) || (negative && !options.negative)) return null;
  const [whole = "", fraction = ""] = decimal.replace(/^-/, "").split(".");
  const digits = `${whole.replace(/^0+(?=\d)/, "")}.${fraction.padEnd(2, "0")}`;
  // Minus zero is zero.
  return negative && digits !== "0.00" ? `-${digits}` : digits;
}
