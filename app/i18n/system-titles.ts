import { COMMITTEE_ROLES, type CommitteeRole } from "#app/domain/vocabulary.ts";
import type { Formatters, MessageKey } from "./index.ts";
import { PORTAL_ACTION_TITLE_KEYS } from "./portal-action-titles.ts";

// Titles the system writes for touchpoints (a committee member leaving, the
// customer's answers in the portal) are stored as a message key and its
// parameters, and rendered in the reader's language. Parameters are data
// (names, scores, titles the user typed) or codes translated here (`role`).

export const SYSTEM_TITLE_KEYS = [
  "committeeChange.left",
  "committeeChange.leftDetractor",
  "committeeChange.leftDetractorNoRole",
  "committeeChange.back",
  ...PORTAL_ACTION_TITLE_KEYS,
] as const satisfies readonly MessageKey[];
export type SystemTitleKey = (typeof SYSTEM_TITLE_KEYS)[number];
export type SystemTitleParams = Record<string, string | number>;

export interface SystemTitle {
  key: SystemTitleKey;
  params: SystemTitleParams;
}

function isSystemTitleKey(value: unknown): value is SystemTitleKey {
  return (SYSTEM_TITLE_KEYS as readonly unknown[]).includes(value);
}

/** The title in one language, e.g. the stored `title` written alongside the key. */
export function renderSystemTitle(f: Pick<Formatters, "t">, { key, params }: SystemTitle): string {
  const shown: SystemTitleParams = { ...params };
  const role = params.role;
  if (typeof role === "string" && (COMMITTEE_ROLES as readonly string[]).includes(role)) {
    shown.role = f.t(`committeeRole.${role as CommitteeRole}`).toLowerCase();
  }
  return f.t(key, shown);
}

/** A touchpoint's title for this reader: the system's key when it has one, else the stored text. */
export function touchpointTitle(
  f: Pick<Formatters, "t">,
  item: { title: string; title_key?: string | null; title_params?: unknown },
): string {
  if (!isSystemTitleKey(item.title_key)) return item.title;
  const params =
    item.title_params && typeof item.title_params === "object" ? (item.title_params as SystemTitleParams) : {};
  return renderSystemTitle(f, { key: item.title_key, params });
}
