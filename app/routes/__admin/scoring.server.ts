import { sql } from "kysely";
import type { HEALTH_FACTOR_KEYS, ScoringSettings } from "#app/domain/scoring-settings.ts";
import type { MessageKey, Translate } from "#app/i18n/index.ts";
import { rescoreAllAccounts } from "#app/models/scores.server.ts";
import type { ConflictInfo } from "#app/schemas/form-reply.ts";
import type { Executor } from "#app/utils/db.server.ts";
import type { ConflictError } from "#app/utils/errors.server.ts";
import type { SettingName } from "./scoring-fields.tsx";

// What the scoring settings page's action does after and around a save: score
// every account again, and say what someone else saved meanwhile.

const INLINE_RESCORE_LIMIT = 300;

async function countLiveAccounts(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom("accounts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("archived_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Every account scored again on the new settings (each in its own transaction),
 * and the message that says so. A small portfolio is done before the reply; a
 * large one (about 12 ms an account) continues in the background, and the hourly
 * refresher finishes anything a restart interrupted, as saving marked every score stale.
 */
export async function rescoreAfterSave(executor: Executor, t: Translate): Promise<string> {
  const accounts = await countLiveAccounts(executor);
  if (accounts > INLINE_RESCORE_LIMIT) {
    void rescoreAllAccounts(executor, new Date()).catch((e: unknown) =>
      console.error("Background re-scoring failed:", e),
    );
    return t("scoringAdmin.savedBackground", { count: accounts });
  }
  const count = await rescoreAllAccounts(executor, new Date());
  return t("scoringAdmin.saved", { count });
}

/** The settings someone else saved meanwhile, field by field where they differ from what was submitted. */
export function conflictInfo(t: Translate, error: ConflictError, mine: ScoringSettings): ConflictInfo {
  const theirs = flatten(error.current);
  const submitted = flatten(mine as unknown as Record<string, unknown>);
  const changes = Object.keys(submitted)
    .filter((name) => String(theirs[name]) !== String(submitted[name]))
    .map((name) => ({ field: t(fieldLabel(name)), value: String(theirs[name] ?? "—") }));
  return { version: Number(error.current.version), changes };
}

function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "version") continue;
    if (v && typeof v === "object" && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = v;
  }
  return out;
}

/** A settings field's label: "weights.nps" → the factor's name, "bands.watchFrom" → scoringAdmin.field.watchFrom. */
function fieldLabel(name: string): MessageKey {
  const [head, tail] = name.split(".");
  if (head === "weights") return `health.factor.${tail as (typeof HEALTH_FACTOR_KEYS)[number]}`;
  return `scoringAdmin.field.${(tail ?? head) as SettingName}` as MessageKey;
}
