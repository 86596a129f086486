import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * After a lost race (409) a page shows the record as it is now, while its forms
 * keep what was typed; otherwise Remix's own rule.
 */
export const revalidateAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;
