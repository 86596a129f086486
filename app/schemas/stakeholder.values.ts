// The committee forms' values and the committee page's URL parameter.
// Free of Zod, so a component may import it: the schemas in the sibling module
// are server-side only (the browser bundle must not carry Zod; see
// scripts/check-bundle.mjs). The sibling module re-exports these.

export interface StakeholderFormValues {
  name: string;
  title: string;
  email: string;
  phone: string;
  committee_role: string;
  influence: string;
  stance: string;
  reports_to_id: string;
  version: number;
}

/** The committee page shows people who left only when the URL asks: ?left=1. */
export const SHOW_LEFT_PARAM = "left";
export function parseShowLeft(params: URLSearchParams): boolean {
  return params.get(SHOW_LEFT_PARAM) === "1";
}
