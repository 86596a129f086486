// npx tsx scripts/demo-spread.ts   (PGLITE_DATA_DIR=… or DATABASE_URL=… as for db:seed)
//
// Measures a seeded database the way docs/scoring.md records the demo's
// calibration: the health band spread (Healthy / Watch / At risk / not enough
// data) with the contract value at risk, the lowest and highest judged score,
// how many favourable staff readings were held at neutral for want of the
// customer's confirmation (countedReadings), and the experience pictures a
// first-time visitor sees: the portfolio's four quadrants, moments of truth by
// kind, positive surprises, planned surprises, handovers, ratings against
// expectation and promoters with influence. Reads only.
import { sql } from "kysely";
import { calendarDate } from "#app/domain/time.ts";
import { loadExperience } from "#app/models/experience.server.ts";
import { listInfluentialPromoters } from "#app/models/advocacy.server.ts";
import { createDatabase } from "#db/connection.ts";
import { readDatabaseEnv } from "#db/env.ts";

const database = createDatabase(readDatabaseEnv());
const { db } = database;
try {
  const scores = await db
    .selectFrom("account_scores as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .select(["a.name", "a.contract_value", "s.health", "s.band", "s.predictability", "s.factors"])
    .orderBy("s.health", "desc")
    .execute();
  const bands: Record<string, number> = {};
  let valueAtRisk = 0;
  let unconfirmed = 0;
  let capped = 0;
  for (const s of scores) {
    bands[s.band ?? "none"] = (bands[s.band ?? "none"] ?? 0) + 1;
    if (s.band === "at_risk") valueAtRisk += Number(s.contract_value);
    const f = s.factors as { health?: { cap?: unknown; factors?: { key: string; params: Record<string, unknown> }[] } };
    if (f.health?.cap) capped++;
    for (const factor of f.health?.factors ?? []) {
      if (factor.key === "sentiment") unconfirmed += Number(factor.params.unconfirmed ?? 0);
    }
  }
  const judged = scores.filter((s) => s.health !== null).map((s) => Number(s.health));
  console.log(
    `Accounts ${scores.length}: healthy ${bands.healthy ?? 0}, watch ${bands.watch ?? 0}, at risk ${bands.at_risk ?? 0}, not enough data ${bands.not_enough_data ?? 0}`,
  );
  console.log(
    `  value at risk ${valueAtRisk.toLocaleString("en")} EUR; health ${Math.min(...judged)}..${Math.max(...judged)}; capped to Watch ${capped}`,
  );
  console.log(`  favourable sentiment readings held at neutral (not confirmed), summed over accounts: ${unconfirmed}`);
  for (const s of scores) {
    console.log(
      `    ${String(s.health ?? "—").padStart(5)} ${String(s.band).padEnd(8)} pred ${s.predictability === null ? "—" : Number(s.predictability).toFixed(2)}  ${s.name}`,
    );
  }

  const today = calendarDate(new Date());
  const exp = await loadExperience(db, { ownerId: null }, { today, months: 12 });
  console.log("Portfolio experience, 12 months:");
  for (const [q, cell] of Object.entries(exp.quadrants.cells)) {
    console.log(
      `  ${q.padEnd(17)} ${cell.touchpoints} touchpoints; NPS after ${JSON.stringify(cell.nps)}; CSAT after ${JSON.stringify(cell.csat)}`,
    );
  }
  for (const k of exp.moments.byKind.slice(0, 8)) {
    console.log(
      `  moments ${k.kind.padEnd(16)} ${k.momentsOfTruth}/${k.touchpoints}, went badly ${k.wentBadly}, positive surprises ${k.positiveSurprises}`,
    );
  }
  const count = async (q: Promise<{ n: number }>) => (await q).n;
  const one = <T>(p: Promise<T | undefined>) => p.then((r) => r ?? ({ n: 0 } as T));
  console.log(
    `Planned surprises: ${await count(
      one(
        db
          .selectFrom("planned_touchpoints")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("positive_surprise", "=", true)
          .executeTakeFirst(),
      ),
    )}` +
      `, handovers: ${await count(
        one(
          db
            .selectFrom("stakeholders")
            .select(sql<number>`count(*)::int`.as("n"))
            .where("successor_id", "is not", null)
            .executeTakeFirst(),
        ),
      )}`,
  );
  const ratings = await db
    .selectFrom("experience_ratings")
    .select(["rating", sql<number>`count(*)::int`.as("n")])
    .groupBy("rating")
    .execute();
  console.log(`Ratings against expectation: ${ratings.map((r) => `${r.rating} ${r.n}`).join(", ") || "none"}`);
  const signals = await db
    .selectFrom("risk_signals")
    .select(["rule", sql<number>`count(*)::int`.as("n")])
    .where("resolved_at", "is", null)
    .where("rule", "in", ["below_expected", "solved_treated_badly"])
    .groupBy("rule")
    .execute();
  console.log(`Experience signals open: ${signals.map((s) => `${s.rule} ${s.n}`).join(", ") || "none"}`);
  const promoters = await listInfluentialPromoters(db, null, 10_000);
  const notNow = promoters.filter((p) => p.readiness === "not_now").map((p) => `${p.name}, ${p.accountName}`);
  console.log(
    `Promoters with influence: ${promoters.length}; not now (an open surprise): ${notNow.join("; ") || "none"}`,
  );
} finally {
  await database.close();
}
