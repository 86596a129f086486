import { createHmac, timingSafeEqual } from "node:crypto";
import { choicesFor, effectiveChoice, kindsFor } from "#app/domain/mail-preferences.ts";
import { isOptionalMailKind, type MailChoice, type OptionalMailKind } from "#app/domain/outbox.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { sessionSecret } from "#app/utils/session-secret.server.ts";

// Per person and kind of mail: immediate / digest / off (mail_preferences; no
// row is the default of app/domain/mail-preferences.ts). Set on the person's
// own mail settings page, or for one kind by the unsubscribe link every such
// mail carries: a token signed with the server's secret that names the person
// and the kind, so it works without signing in and cannot be forged or turned
// to another person or kind.

export type MailPreferences = Partial<Record<OptionalMailKind, MailChoice>>;

/** The person's choice for one kind (the default when none is stored). */
export async function mailChoice(executor: Executor, userId: string, kind: OptionalMailKind): Promise<MailChoice> {
  const row = await executor
    .selectFrom("mail_preferences")
    .select("choice")
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return effectiveChoice(kind, row?.choice);
}

/** Every kind the person's role receives, with their choice and the choices offered. */
export async function listMailPreferences(executor: Executor, user: { id: string; role: string }) {
  const rows = await executor.selectFrom("mail_preferences").select(["kind", "choice"]).where("user_id", "=", user.id).execute();
  const stored = new Map(rows.map((r) => [r.kind, r.choice]));
  return kindsFor(user.role).map((kind) => ({ kind, choice: effectiveChoice(kind, stored.get(kind)), choices: [...choicesFor(kind)] }));
}

/** Saves the person's choices (only kinds their role receives, only choices offered); audited. */
export async function saveMailPreferences(
  trx: Trx,
  { user, ip = null, now = new Date() }: { user: { id: string; role: string }; ip?: string | null; now?: Date },
  choices: MailPreferences,
) {
  const before = Object.fromEntries((await listMailPreferences(trx, user)).map((p) => [p.kind, p.choice]));
  const after: Record<string, MailChoice> = { ...before };
  for (const kind of kindsFor(user.role)) {
    const choice = choices[kind];
    if (choice === undefined) continue;
    if (!(choicesFor(kind) as readonly string[]).includes(choice)) throw new FieldError({ [kind]: "mailPrefs.notOffered" });
    after[kind] = choice;
  }
  for (const [kind, choice] of Object.entries(after)) {
    if (before[kind] === choice) continue;
    await trx
      .insertInto("mail_preferences")
      .values({ user_id: user.id, kind, choice, updated_at: now })
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ choice, updated_at: now }))
      .execute();
  }
  await writeAudit(trx, { actorId: user.id, entity: "mail_preferences", entityId: user.id, action: "update", before, after, ip });
  return after;
}

/** Turns one kind off for the person named by an unsubscribe token; audited. Returns false when it was off already. */
export async function unsubscribe(trx: Trx, target: { userId: string; kind: OptionalMailKind }, ip: string | null = null, now = new Date()) {
  const before = await mailChoice(trx, target.userId, target.kind);
  if (before === "off") return false;
  await trx
    .insertInto("mail_preferences")
    .values({ user_id: target.userId, kind: target.kind, choice: "off", updated_at: now })
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ choice: "off", updated_at: now }))
    .execute();
  await writeAudit(trx, {
    actorId: target.userId,
    entity: "mail_preferences",
    entityId: target.userId,
    action: "unsubscribe",
    before: { [target.kind]: before },
    after: { [target.kind]: "off" },
    ip,
  });
  return true;
}

const sign = (userId: string, kind: string) =>
  createHmac("sha256", sessionSecret()).update(`kohtaamo.unsubscribe:${userId}:${kind}`).digest("base64url");

/** The token of an unsubscribe link: the person, the kind and a signature over both. */
export function unsubscribeToken(userId: string, kind: OptionalMailKind): string {
  return `${userId}.${kind}.${sign(userId, kind)}`;
}

/** The person and kind a token names, or null when it is malformed or its signature does not hold. */
export function readUnsubscribeToken(token: string): { userId: string; kind: OptionalMailKind } | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, userId, kind, signature] = match;
  if (!isOptionalMailKind(kind)) return null;
  const expected = Buffer.from(sign(userId!, kind));
  const given = Buffer.from(signature!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId: userId!, kind };
}

/** The person an unsubscribe page names (for its wording), if they still exist. */
export function unsubscribeTarget(executor: Executor, userId: string) {
  return executor.selectFrom("users").select(["id", "name", "email", "locale", "role"]).where("id", "=", userId).executeTakeFirst();
}
