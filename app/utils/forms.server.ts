import type { Submission } from "@conform-to/react";
import { formatters, type Locale } from "#app/i18n/index.ts";
import { ConflictError } from "./errors.server.ts";

export interface ConflictInfo {
  /** The version now in the database: saving again is a deliberate choice over theirs. */
  version: number;
  /** Fields where the saved record differs from what this user submitted. */
  changes: { field: string; value: string }[];
}

/**
 * The reply to a save that lost a race: the typed values stay in the form, the
 * message names who changed it, and the differing fields are listed.
 */
export function conflictReply<T extends Submission<any, string[], any>>(
  submission: T,
  locale: Locale,
  error: ConflictError,
  labels: Record<string, string>,
) {
  const { t } = formatters(locale);
  const submitted = (submission.payload ?? {}) as Record<string, unknown>;
  const changes: ConflictInfo["changes"] = [];
  for (const [field, label] of Object.entries(labels)) {
    const theirs = normalize(error.current[field]);
    const mine = normalize(submitted[field]);
    if (theirs !== mine) changes.push({ field: label, value: theirs || "—" });
  }
  return {
    result: submission.reply({ formErrors: [t("form.conflict", { name: error.changedBy ?? t("form.someone") })] }),
    conflict: { version: Number(error.current.version), changes } satisfies ConflictInfo,
  };
}

function normalize(value: unknown): string {
  if (value == null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "on" : "";
  if (typeof value === "string" && /^\d+\.\d{2}$/.test(value)) return String(Number(value));
  return String(value).trim();
}
