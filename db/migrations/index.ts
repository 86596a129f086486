import type { Migration, MigrationProvider } from "kysely/migration";
import * as foundation from "./20261122_1800_foundation.ts";
import * as scores from "./20261122_2000_scores_and_signals.ts";

// Listed in code rather than read from the folder, so the same list works in
// the Remix server bundle, under Vitest and from the CLI.
export const migrations: Record<string, Migration> = {
  "20261122_1800_foundation": foundation,
  "20261122_2000_scores_and_signals": scores,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
