// npm run db:seed -- [--size demo|small|large|xlarge] [--seed N] [--today YYYY-MM-DD] [--if-empty] [--reset] [--no-scores] [--score-lanes N] [--loader copy|insert] [--accounts N]
//
// Fills the database (PGlite without DATABASE_URL, the server with it) with a
// deterministic portfolio: internal users, accounts with buying committees,
// years of touchpoints of every kind, a ledger of expectations with re-plans,
// deliveries and disputes, NPS and CSAT answers, and portal users for the first
// ten accounts (customer@kestila.example for the first). Scores and
// signals are then computed by the same code the app uses.
//
// On a PostgreSQL server the generated rows go in with COPY (db/seed/copy.ts;
// `--loader insert` uses multi-row INSERTs as on PGlite, same rows). Progress
// lines give the rows written and the rate.
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { demoSignIns } from "#app/models/demo-sign-ins.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { createDatabase } from "./connection.ts";
import { readDatabaseEnv } from "./env.ts";
import { assertSchemaCurrent } from "./migrator.ts";
import {
  DEMO_PASSWORD,
  SEED_SIZES,
  generateAccount,
  generatePortalUsers,
  generateUsers,
  kamsOf,
  type SeedSizeName,
} from "./seed/generate.ts";
import { copyWriter } from "./seed/copy.ts";
import { insertBatched, LOADED_TABLES, SeedLoader } from "./seed/load.ts";
import { seedHealthHistory } from "./seed/history.ts";
import { dateSignalsByCause } from "./seed/signal-dates.ts";
import { seedReviews } from "./seed/reviews.ts";
import { seedExperienceStory } from "./seed/experience-story.ts";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "demo" },
    seed: { type: "string", default: "20261122" },
    today: { type: "string" },
    "if-empty": { type: "boolean", default: false },
    reset: { type: "boolean", default: false },
    "no-scores": { type: "boolean", default: false },
    // Accounts scored at once on a PostgreSQL server (PGlite has one connection).
    "score-lanes": { type: "string", default: "4" },
    // copy (a server's default) or insert (PGlite's only way).
    loader: { type: "string" },
    // Only the first N accounts of the size (to time the loaders on part of a big size; the data set is partial).
    accounts: { type: "string" },
  },
});

if (!(args.size in SEED_SIZES)) {
  console.error(`Unknown --size ${args.size}; use one of ${Object.keys(SEED_SIZES).join(", ")}.`);
  process.exit(2);
}
const fullSize = SEED_SIZES[args.size as SeedSizeName];
const accountLimit = args.accounts === undefined ? fullSize.accounts : Number(args.accounts);
if (!Number.isSafeInteger(accountLimit) || accountLimit < 1) {
  console.error("--accounts must be a positive integer.");
  process.exit(2);
}
// Fewer accounts, each generated exactly as in the whole size (the generator draws per account from (seed, index)).
const size = { ...fullSize, accounts: Math.min(accountLimit, fullSize.accounts) };
const scoreLanes = Number(args["score-lanes"]);
if (!Number.isSafeInteger(scoreLanes) || scoreLanes < 1 || scoreLanes > 8) {
  console.error("--score-lanes must be an integer from 1 to 8.");
  process.exit(2);
}
const seed = Number(args.seed);
if (!Number.isSafeInteger(seed)) {
  console.error("--seed must be an integer.");
  process.exit(2);
}
const today = args.today ? new Date(`${args.today}T16:00:00Z`) : new Date();
if (Number.isNaN(today.getTime())) {
  console.error("--today must be a date, YYYY-MM-DD.");
  process.exit(2);
}

const dbEnv = readDatabaseEnv();
const loaderKind = args.loader ?? (dbEnv.url ? "copy" : "insert");
if (loaderKind !== "copy" && loaderKind !== "insert") {
  console.error("--loader must be copy or insert.");
  process.exit(2);
}
if (loaderKind === "copy" && !dbEnv.url) {
  console.error("--loader copy needs a PostgreSQL server (DATABASE_URL); the embedded database loads with INSERTs.");
  process.exit(2);
}
console.log(
  dbEnv.url
    ? "Seeding the PostgreSQL server in DATABASE_URL."
    : `Seeding the embedded database (PGlite) in ${dbEnv.dataDir}.`,
);
const opening = performance.now();
const database = createDatabase({ ...dbEnv, statementTimeoutMs: 600_000 });
const { db } = database;
try {
  await assertSchemaCurrent(db);
  console.log(`Database open (${since(opening)}).`);
  const existing = await db
    .selectFrom("users")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  if (existing.n > 0 && !args.reset) {
    if (args["if-empty"]) {
      console.log("The database already has data; leaving it as it is.");
      process.exit(0);
    }
    console.error("The database already has data. Use --reset to replace it, or --if-empty to keep it.");
    process.exit(1);
  }
  if (args.reset) await resetAll();

  const started = performance.now();
  console.log(
    `Generating "${args.size}" (seed ${seed}): ${size.accounts} accounts, ${size.kams} KAMs, dated up to ${today.toISOString().slice(0, 10)}.`,
  );
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = generateUsers(size, seed, passwordHash);
  const base = { size, seed, today, kams: kamsOf(users) };
  const portalUsers = generatePortalUsers(base, passwordHash);
  await insertBatched(db, "users", [...users, ...portalUsers.filter((u) => u !== undefined)]);
  const ctx = { ...base, portalUsers };

  console.log(`  users              ${users.length + portalUsers.filter(Boolean).length} (${since(started)})`);

  // COPY takes bigger groups: a transaction per ~100,000 rows (the first xlarge account alone is ~600,000).
  const loader =
    loaderKind === "copy"
      ? new SeedLoader(copyWriter(dbEnv.url!, LOADED_TABLES), 100_000)
      : new SeedLoader(db, database.driver === "pglite" ? 50_000 : 20_000);
  const every = size.accounts >= 500 ? 250 : 10;
  let phase = performance.now();
  try {
    for (let i = 0; i < size.accounts; i++) {
      await loader.add(generateAccount(i, ctx));
      if ((i + 1) % every === 0 || i + 1 === size.accounts) {
        if (i + 1 === size.accounts) await loader.flush();
        const s = (performance.now() - phase) / 1000;
        console.log(
          `  accounts           ${i + 1} / ${size.accounts} (${since(phase)}; ${loader.written.toLocaleString("en")} rows written, ${Math.round(loader.written / s).toLocaleString("en")} rows/s)`,
        );
      }
    }
    await loader.flush();
  } finally {
    await loader.close();
  }
  const loadedIn = (performance.now() - started) / 1000;
  const loadSeconds = (performance.now() - phase) / 1000;
  // Statistics for the rows just loaded before anything reads them: scoring and
  // the experience months plan their reads on them. Without it, at the large
  // size on a busy machine, counting the months took 1,016 s (about 60 s once
  // analyzed); autovacuum gets to fresh tables only later.
  phase = performance.now();
  await sql`ANALYZE`.execute(db);
  console.log(`  analyze            loaded rows (${since(phase)})`);
  if (size.accounts <= SEED_SIZES.demo.accounts) {
    phase = performance.now();
    const story = await seedExperienceStory(db, today, seed);
    console.log(
      `  experience story   ${story.handovers} handover, ${story.plannedSurprises} planned surprises, ${story.ratings} ratings against expectation (${since(phase)})`,
    );
  }

  if (!args["no-scores"]) {
    const { rescoreAllAccounts } = await import("#app/models/scores.server.ts");
    phase = performance.now();
    // On a server, several accounts at once (each on its own connection): the
    // database's work and the scoring in this process overlap on every core.
    const lanes = database.driver === "postgres" ? scoreLanes : 1;
    const scoringFrom = phase;
    const scored = await rescoreAllAccounts(db, today, {
      concurrency: lanes,
      onProgress: (n) => {
        if (n % 1000 === 0 && n < size.accounts)
          console.log(`  scoring            ${n} / ${size.accounts} (${since(scoringFrom)})`);
      },
    });
    console.log(`  scores and signals ${scored} accounts, ${lanes} at a time (${since(phase)})`);
    phase = performance.now();
    const weeks = await seedHealthHistory(db, today, seed);
    console.log(`  health history     ${weeks} weekly points (${since(phase)})`);
    phase = performance.now();
    const dated = await dateSignalsByCause(db, today);
    console.log(`  signal dates       ${dated} signals dated to their causes (${since(phase)})`);
  }
  phase = performance.now();
  const months = await countExperienceMonths(today);
  console.log(`  experience months  ${months} account months counted (${since(phase)})`);
  phase = performance.now();
  const reviews = await seedReviews(db, today);
  console.log(`  business reviews   ${reviews} published (${since(phase)})`);
  // The planner's statistics again, now for what scoring and counting wrote.
  // PGlite runs no autovacuum, so without this an embedded database would plan
  // every query on those tables blind until someone analyzed it.
  phase = performance.now();
  await sql`ANALYZE`.execute(db);
  console.log(`  analyze            derived rows (${since(phase)})`);

  console.log(
    `Seeded "${args.size}" (seed ${seed}) on ${database.driver} in ${since(started)} (rows loaded with ${loaderKind === "copy" ? "COPY" : "INSERT"} in ${loadedIn.toFixed(1)} s, ${Math.round(loader.written / loadSeconds).toLocaleString("en")} rows/s):`,
  );
  for (const [table, n] of Object.entries(loader.counts))
    console.log(`  ${table.padEnd(26)} ${n.toLocaleString("en")}`);
  const signIns = await demoSignIns(db);
  if (signIns) console.log(`\n${signIns.join("\n")}`);
} finally {
  await database.close();
}

/** The stored experience figures of every live account's months (app/models/experience-months.server.ts). */
async function countExperienceMonths(now: Date) {
  const { refreshExperienceMonths } = await import("#app/models/experience-months.server.ts");
  const { loadScoringSettings } = await import("#app/models/scoring-settings.server.ts");
  const { settings } = await loadScoringSettings(db);
  return refreshExperienceMonths(db, { scope: { ownerId: null }, followDays: settings.experienceFollowDays, now });
}

/** Empties every table, audit log included (the append-only triggers are bypassed for this one purpose). */
async function resetAll() {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  const list = tables.rows.map((t) => `"${t.name}"`).join(", ");
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql.raw(`TRUNCATE ${list} CASCADE`).execute(trx);
  });
  console.log("Emptied every table.");
}

function since(at: number): string {
  const ms = performance.now() - at;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
