import type { Trx } from "#app/utils/db.server.ts";
import { calendarDate } from "#app/i18n/index.ts";
import { loadScoringInputs } from "./scoring-inputs.server.ts";

/**
 * Recomputes an account's health, predictability, NPS, coverage and risk
 * signals inside the transaction that changed it, so every page shows current
 * figures right after a write.
 */
export async function refreshAccountScores(trx: Trx, accountId: string, now: Date = new Date()): Promise<void> {
  // Scoring rules are wired in once app/domain's scoring modules land.
  await loadScoringInputs(trx, accountId, calendarDate(now));
}
