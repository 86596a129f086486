// Decimal numbers as people type them.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.

export function normalizeDecimal(value: string): string | null {
  let v = value.replace(/[\s\u00a0\u202f]/g, "").replace(/^[€$£]|[€$£]$/g, "");
  if (v === "") return null;
  const lastComma = v.lastIndexOf(",");
  const lastDot = v.lastIndexOf(".");
  if (lastComma > -1 && lastDot > -1) {
    // The later separator is the decimal one; the other groups thousands.
    v = lastComma > lastDot ? v.replace(/\./g, "").replace(",", ".") : v.replace(/,/g, "");
  } else if (lastComma > -1) {
    v = v.replace(",", ".");
  }
  return /^-?\d+(\.\d+)?$/.test(v) ? v : null;
}
