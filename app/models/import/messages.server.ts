import { importErrorMap } from "#app/domain/import/records.ts";
import { formatters, type Locale, type MessageKey } from "#app/i18n/index.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";

/** A translator the import code can hand message keys it builds at run time. */
export type ImportTranslate = (key: string, params?: Record<string, string | number>) => string;

export function importTranslator(locale: Locale): ImportTranslate {
  const { t } = formatters(locale);
  return (key, params) => t(key as MessageKey, params);
}

export function importErrors(t: ImportTranslate) {
  return { errorMap: importErrorMap(t, zodErrorMap(t)) };
}

export interface ReasonRef {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * A translator that writes down which message was meant rather than its text:
 * the worker stores reasons this way, and each page shows them in its reader's
 * language (an import started in Finnish reads in English to an English reader).
 */
export const recordReason: ImportTranslate = (key, params) => JSON.stringify(params ? { key, params } : { key });

export function parseReason(recorded: string): ReasonRef {
  try {
    const ref = JSON.parse(recorded) as ReasonRef;
    if (ref && typeof ref.key === "string") return ref;
  } catch {
    // not a recorded reason
  }
  return { key: "import.databaseRefused", params: { rule: recorded } };
}

/** A stored reason in the reader's language. */
export function reasonText(t: ImportTranslate, ref: ReasonRef): string {
  return t(ref.key, ref.params);
}

/**
 * Why a job failed, in the reader's language: the worker's own reasons are
 * stored as messages (import.failure.*); anything else (an unexpected error)
 * as its text.
 */
export function failureText(t: ImportTranslate, failure: string): string {
  try {
    const ref = JSON.parse(failure) as ReasonRef;
    if (ref && typeof ref.key === "string" && ref.key.startsWith("import.failure.")) return t(ref.key, ref.params);
  } catch {
    // plain text
  }
  return failure;
}
