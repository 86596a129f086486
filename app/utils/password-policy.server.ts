import type { z } from "zod";
import { COMMON_PASSWORDS } from "#app/data/common-passwords.server.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "#app/schemas/password.ts";

// The one password policy, for every place that sets a password (accepting a
// portal invitation, setting one's first password from a link, changing one's
// own). Length is checked by the shared schemas in the browser too; the rest
// needs the list of common passwords, which stays on the server.

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS.split("\n").filter(Boolean));
  return common;
}

/** Whose password it is: it may not be their e-mail address or name. */
export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

/**
 * Why `password` is refused, as a message key, or null when it is acceptable.
 * Compared case-insensitively. A password is common when it is on the list,
 * when what is left after stripping digits and symbols from both ends is on it
 * ("Password2024!"), or when it is one short piece or one common word repeated.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): MessageKey | null {
  if (password.length < PASSWORD_MIN) return "password.tooShort";
  if (password.length > PASSWORD_MAX) return "password.tooLong";
  const lower = password.trim().toLowerCase();
  const email = owner.email?.trim().toLowerCase();
  const name = owner.name?.trim().toLowerCase();
  const personal = [email, email?.split("@")[0], name, name?.replace(/\s+/g, "")].filter((v): v is string => Boolean(v));
  if (personal.includes(lower)) return "password.personal";
  if (isCommon(lower)) return "password.common";
  return null;
}

function isCommon(lower: string): boolean {
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if (core.length >= 4 && list.has(core)) return true;
  for (const candidate of [lower, core]) {
    for (let size = 1; size <= candidate.length / 2; size++) {
      if (candidate.length % size !== 0) continue;
      const unit = candidate.slice(0, size);
      if (unit.repeat(candidate.length / size) === candidate && (size <= 4 || list.has(unit))) return true;
    }
  }
  return false;
}

/**
 * A refinement for a form schema: adds the policy's message at `field` (an
 * issue with params.i18n, which the localized error map turns into text).
 */
export function checkPasswordPolicy(field: string, owner: PasswordOwner) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const password = value[field];
    if (typeof password !== "string") return;
    const problem = passwordProblem(password, owner);
    if (problem) ctx.addIssue({ code: "custom", path: [field], params: { i18n: problem } });
  };
}
