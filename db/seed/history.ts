// Synthetic health history for the demo and benchmark: a weekly point per
// account over the past year, drawn as a random walk that ends at the account's
// freshly computed score, so trend charts and arrows have something to show on
// day one. Real history accrues from then on (a daily point per account).
import type { Kysely } from "kysely";
import { DEFAULT_SCORING_SETTINGS } from "#app/domain/scoring-settings.ts";
import type { DB } from "#db/schema.ts";
import { insertBatched } from "./load.ts";
import { Rng } from "./random.ts";

const WEEKS = 52;
const DAY = 86_400_000;

export async function seedHealthHistory(db: Kysely<DB>, today: Date, seed: number): Promise<number> {
  const { healthyFrom, watchFrom } = DEFAULT_SCORING_SETTINGS.bands;
  const band = (h: number) => (h >= healthyFrom ? "healthy" : h >= watchFrom ? "watch" : "at_risk");
  let after = "00000000-0000-0000-0000-000000000000";
  let written = 0;
  for (;;) {
    const page = await db
      .selectFrom("account_scores")
      .select(["account_id", "health", "predictability", "predictability_sample", "nps", "nps_respondents", "surprises_90d"])
      .where("account_id", ">", after)
      .orderBy("account_id")
      .limit(500)
      .execute();
    if (page.length === 0) return written;
    after = page[page.length - 1]!.account_id;
    const rows: Record<string, unknown>[] = [];
    for (const score of page) {
      const rng = Rng.derive(seed ^ 0x5eed, parseInt(score.account_id.slice(0, 8), 16));
      let health = score.health === null ? null : Number(score.health);
      let predictability = score.predictability === null ? null : Number(score.predictability);
      let nps = score.nps;
      const drift = (rng.next() - 0.5) * 1.6; // the direction the account has been moving in
      for (let w = 1; w <= WEEKS; w++) {
        if (health !== null) health = clamp(health - drift + (rng.next() - 0.5) * 5, 5, 98);
        if (predictability !== null) predictability = clamp(predictability + (rng.next() - 0.5) * 0.04, 0, 1);
        if (nps !== null) nps = Math.round(clamp(nps + (rng.next() - 0.5) * 12, -100, 100));
        rows.push({
          account_id: score.account_id,
          day: new Date(today.getTime() - w * 7 * DAY).toISOString().slice(0, 10),
          health: health === null ? null : health.toFixed(1),
          band: health === null ? null : band(health),
          predictability: predictability === null ? null : predictability.toFixed(4),
          predictability_sample: score.predictability_sample,
          surprises_90d: Math.max(0, score.surprises_90d + rng.int(-1, 1)),
          nps,
          nps_respondents: score.nps_respondents,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await insertBatched(trx, "health_snapshots", rows);
    });
    written += rows.length;
  }
}

function clamp(n: number, min: number, max: number) {
  return Math.max(min, Math.min(max, n));
}
