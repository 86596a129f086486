// Links that change one search parameter of the page they are on, keeping the others.

/** `search` ("?…" or "") with `name` set to `value`, or taken away when `value` is null; "" when none is left. */
export function withSearchParam(search: string, name: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}
