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
