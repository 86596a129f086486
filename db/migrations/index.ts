import type { Migration, MigrationProvider } from "kysely/migration";
import * as foundation from "./20261122_1800_foundation.ts";
import * as scores from "./20261122_2000_scores_and_signals.ts";
import * as portfolioIndexes from "./20261123_1100_portfolio_indexes.ts";
import * as portal from "./20261123_1200_portal.ts";
import * as importAndApi from "./20261124_1300_import_and_api.ts";
import * as personalApiTokens from "./20261125_1400_personal_api_tokens.ts";

// Listed in code rather than read from the folder, so the same list works in
// the Remix server bundle, under Vitest and from the CLI.
export const migrations: Record<string, Migration> = {
  "20261122_1800_foundation": foundation,
  "20261122_2000_scores_and_signals": scores,
  "20261123_1100_portfolio_indexes": portfolioIndexes,
  "20261123_1200_portal": portal,
  "20261124_1300_import_and_api": importAndApi,
  "20261125_1400_personal_api_tokens": personalApiTokens,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
