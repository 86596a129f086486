/**
 * What a form posts beside what is typed (its intent, the record and its
 * version), as hidden fields in the order given.
 */
export function HiddenFields({ values }: { values: Record<string, string | number> }) {
  return Object.entries(values).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}
