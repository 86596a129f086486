// npm run bench:experience -- [--size large] [--rounds 5]
//
// The Experience figures (treated well × resolved, moments of truth, advocacy)
// of the whole portfolio, one KAM and the largest account, for each period, on
// a size's benchmark database (seeded by `npm run bench`). Each call is timed
// as the pages make it (loadExperience: the scope's stale months counted again,
// then the stored months summed); before the first round it says how many
// months were left to count and how long that took. Prints the median and the
// slowest of the rounds, in ms.
import { parseArgs } from "node:util";
import { EXPERIENCE_PERIODS } from "#app/domain/experience.ts";
import { calendarDate } from "#app/domain/time.ts";
import { loadExperience, type ExperienceScope } from "#app/models/experience.server.ts";
import { closeDatabase, db } from "#app/utils/db.server.ts";
import { fmt } from "./lib.ts";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    rounds: { type: "string", default: "5" },
    "db-prefix": { type: "string", default: "kohtaamo_bench" },
    server: { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
  },
});
const url = new URL(args.server);
url.pathname = `/${args["db-prefix"]}_${args.size}`;
process.env.DATABASE_URL = url.toString();

const largest = await db().selectFrom("accounts").select("id").where("name", "=", "Kestilä Logistics Oy").executeTakeFirst();
const kam = await db().selectFrom("users").select("id").where("email", "=", "kam@pohjola.example").executeTakeFirst();
if (!largest || !kam) throw new Error(`No benchmark data in ${url.pathname.slice(1)}: run npm run bench first.`);
const scopes: [string, ExperienceScope][] = [
  ["portfolio", { ownerId: null }],
  ["one KAM", { ownerId: kam.id }],
  ["largest account", { accountId: largest.id }],
];
const today = calendarDate();

let at = performance.now();
const stale = await db().selectFrom("experience_months_stale").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
await loadExperience(db(), { ownerId: null }, { today, months: 3 });
console.log(`${url.pathname.slice(1)}: ${stale?.n ?? 0} account months left to count, counted in ${fmt(performance.now() - at, 0)} ms`);

console.log("| scope | months | p50 ms | max ms | touchpoints |");
console.log("|---|---|---|---|---|");
for (const [name, scope] of scopes) {
  for (const months of EXPERIENCE_PERIODS) {
    const times: number[] = [];
    let touchpoints = 0;
    for (let i = 0; i < Number(args.rounds); i += 1) {
      at = performance.now();
      const figures = await loadExperience(db(), scope, { today, months });
      times.push(performance.now() - at);
      touchpoints = figures.moments.touchpoints;
    }
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${months} | ${fmt(times[times.length >> 1]!)} | ${fmt(times[times.length - 1]!)} | ${touchpoints.toLocaleString("en")} |`);
  }
}
await closeDatabase();
