import { sql } from "kysely";
import type { ScoringSettings } from "#app/domain/scoring-settings.ts";
import { resolveScoringSettings, ScoringSettingsSchema } from "#app/schemas/scoring-settings.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";
import { lastEditor } from "./audit.server.ts";

// The administrator's scoring settings, one app_settings row. Until someone
// saves, the defaults run (version 0: nothing stored). Saving is optimistic:
// the editor names the version it loaded, and a newer one is a conflict.
// Saving does not rescore: the caller runs rescoreAllAccounts after commit.

export const SCORING_SETTINGS_KEY = "scoring";
const AUDIT_ENTITY = "app_settings";

export interface StoredScoringSettings {
  settings: ScoringSettings;
  /** 0 while nothing is stored (the defaults run). */
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A stored settings row, read by most pages: compiled once (app/utils/fixed-statement.server.ts). */
const storedSettings = fixedStatement((db, key: string) =>
  db.selectFrom("app_settings").select(["value", "version", "updated_at", "updated_by"]).where("key", "=", key),
);

/** The settings scoring runs on now, with the version an editor must name when saving. */
export async function loadScoringSettings(executor: Executor): Promise<StoredScoringSettings> {
  const [row] = await storedSettings(executor, SCORING_SETTINGS_KEY);
  return {
    settings: resolveScoringSettings(row?.value),
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

/**
 * Saves the settings if `expectedVersion` is still the stored one (0 when none
 * is stored yet); otherwise throws a ConflictError carrying the stored settings
 * and version. Validates with ScoringSettingsSchema (throws its ZodError) and
 * audits the change in the same transaction.
 */
export async function saveScoringSettings(
  trx: Trx,
  settings: ScoringSettings,
  expectedVersion: number,
  actorId: string,
  ip: string | null = null,
): Promise<StoredScoringSettings> {
  const value = ScoringSettingsSchema.parse(settings);
  const current = await trx
    .selectFrom("app_settings")
    .select(["value", "version"])
    .where("key", "=", SCORING_SETTINGS_KEY)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== expectedVersion) throw await conflict(trx);
  const saved = current
    ? await trx
        .updateTable("app_settings")
        .set({ value, updated_at: sql`now()`, updated_by: actorId, version: currentVersion + 1 })
        .where("key", "=", SCORING_SETTINGS_KEY)
        .where("version", "=", currentVersion)
        .returning(["version", "updated_at", "updated_by"])
        .executeTakeFirst()
    : await trx
        .insertInto("app_settings")
        .values({ key: SCORING_SETTINGS_KEY, value, updated_by: actorId, version: 1 })
        // Someone else stored the first version meanwhile: nothing is written, a conflict.
        .onConflict((oc) => oc.column("key").doNothing())
        .returning(["version", "updated_at", "updated_by"])
        .executeTakeFirst();
  if (!saved) throw await conflict(trx);
  await writeAudit(trx, {
    actorId,
    entity: AUDIT_ENTITY,
    entityId: SCORING_SETTINGS_KEY,
    action: current ? "update" : "create",
    before: current ? { ...resolveScoringSettings(current.value) } : null,
    after: { ...value },
    ip,
  });
  return { settings: value, version: saved.version, updatedAt: saved.updated_at, updatedBy: saved.updated_by };
}

async function conflict(trx: Trx): Promise<ConflictError> {
  const now = await loadScoringSettings(trx);
  return new ConflictError(
    { ...now.settings, version: now.version },
    await lastEditor(trx, AUDIT_ENTITY, SCORING_SETTINGS_KEY),
  );
}
