import type { MessageKey } from "#app/i18n/index.ts";

/**
 * Someone saved the record after this editor loaded it. Carries the record as it
 * is now, so the form can show what changed while keeping what this user typed.
 */
export class ConflictError extends Error {
  constructor(
    readonly current: Record<string, unknown>,
    readonly changedBy: string | null,
  ) {
    super("The record was changed by someone else.");
    this.name = "ConflictError";
  }
}

export class NotFoundError extends Error {
  constructor(what = "record") {
    super(`No such ${what}.`);
    this.name = "NotFoundError";
  }
}

/** Not allowed; `key` names the message the person is shown (see httpError). */
export class ForbiddenError extends Error {
  constructor(
    message = "Not allowed.",
    readonly key: MessageKey = "error.forbidden",
  ) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** A message by key, with its parameters (an ISO date parameter is shown as a date in the reader's language). */
export interface FieldMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * Input the schema cannot check alone (it needs the stored record or other
 * rows): a message per field; the field "" is a message for the whole form.
 * The form keeps what was typed (see writeErrorReply in app/web/forms.server.ts).
 */
export class FieldError extends Error {
  readonly fieldErrors: Record<string, FieldMessage>;

  constructor(fieldErrors: Record<string, MessageKey | FieldMessage>) {
    super(`Not valid: ${Object.keys(fieldErrors).map((field) => field || "(form)").join(", ")}.`);
    this.name = "FieldError";
    this.fieldErrors = Object.fromEntries(
      Object.entries(fieldErrors).map(([field, message]) => [field, typeof message === "string" ? { key: message } : message]),
    );
  }
}

/** A breach of a domain rule set (app/domain/*-rules.ts): a message by key at a field, "" for the record as a whole. */
export interface Breach {
  field: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** The rules' breaches as a form's field errors (the first per field). */
export function throwBreaches(breaches: readonly Breach[]): void {
  if (!breaches.length) return;
  const errors: Record<string, FieldMessage> = {};
  for (const b of breaches) errors[b.field] ??= { key: b.key, ...(b.params ? { params: b.params } : {}) };
  throw new FieldError(errors);
}

/** Why a record was refused as a whole: invalid input, not the actor's to change, breaks a stored rule, not there. */
export type Refusal = "invalid" | "forbidden" | "conflict" | "notFound";

/**
 * A write or read refused with reasons per field, in words (the JSON API's
 * answer; app/web/api.server.ts gives each refusal its HTTP status).
 */
export class RefusedError extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly problems: { field: string; reason: string }[],
  ) {
    super(`Refused (${refusal}): ${problems.map((p) => p.reason).join(" ")}`);
    this.name = "RefusedError";
  }
}
