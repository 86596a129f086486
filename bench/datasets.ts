// Each size's database on the benchmark's PostgreSQL server: made ready
// (migrated, seeded when new, empty, unfinished or --reseed), counted, and
// measured on disk.
import { SEED_SIZES } from "#db/seed/generate.ts";
import { query } from "./lib.ts";
import { args, run } from "./options.ts";

export interface DiskSizes {
  /** pg_database_size, bytes. */
  database: number;
  /** Indexes and tables over 50 MB, largest first (pg_relation_size: the relation's main fork). */
  relations: { name: string; kind: "index" | "table"; table: string; bytes: number }[];
}

export function databaseUrl(size: string) {
  const url = new URL(args.server);
  url.pathname = `/${args["db-prefix"]}_${size}`;
  return url.toString();
}

/** The one row a query must return. */
export async function one<T>(url: string, text: string, values: unknown[] = []): Promise<T> {
  const rows = await query<T>(url, text, values);
  if (!rows[0]) throw new Error(`no row from: ${text}`);
  return rows[0];
}

/** The size's database, migrated; seeded when new, empty or --reseed. */
export async function ensureDataset(size: string): Promise<string> {
  const name = `${args["db-prefix"]}_${size}`;
  const exists = (await query(args.server, "select 1 from pg_database where datname = $1", [name])).length > 0;
  if (!exists || args.reseed) {
    await query(args.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${name}`);
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl(size) };
  // A kept dataset may predate the newest migrations: the server refuses a schema that is behind.
  run(["db/migrate.ts"], env);
  const { n, scored } = await one<{ n: number; scored: number }>(
    databaseUrl(size),
    "select (select count(*) from accounts)::int as n, (select count(*) from account_scores)::int as scored",
  );
  // A seed stopped half-way (the xlarge one runs for tens of minutes) leaves fewer accounts, or accounts
  // without scores: that is seeded again, never measured as if it were the size.
  const expected = (SEED_SIZES as Record<string, { accounts: number }>)[size]?.accounts;
  if (n > 0 && (n !== expected || scored < n)) {
    console.log(
      `  ${name} holds ${n} accounts (${scored} scored) of ${expected ?? "?"}: an unfinished seed; seeding it again`,
    );
    await query(args.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${name}`);
    run(["db/migrate.ts"], env);
  } else if (n > 0) {
    // Fresh statistics and a settled table after whatever ran before (migrations, an earlier run's writes).
    await query(databaseUrl(size), "VACUUM ANALYZE");
    return `reused the existing ${name}`;
  }
  console.log(`  seeding ${size} (the large size takes several minutes, xlarge tens of minutes)…`);
  const seeded = run(["db/seed.ts", "--size", size], env);
  const summary = /^Seeded .*$/m.exec(seeded.out)?.[0];
  if (summary) console.log(`  ${summary}`);
  await query(databaseUrl(size), "VACUUM ANALYZE");
  return `seeded in ${seeded.seconds.toFixed(0)} s`;
}

/** How many rows the size holds, by table, and the largest account's touchpoints. */
export function datasetCounts(size: string): Promise<Record<string, number>> {
  return one<Record<string, number>>(
    databaseUrl(size),
    `select (select count(*) from accounts)::int as accounts, (select count(*) from stakeholders)::int as stakeholders,
            (select count(*) from touchpoints)::int as touchpoints, (select count(*) from expectations)::int as expectations,
            (select count(*) from touchpoints where account_id = (select id from accounts where name = 'Kestilä Logistics Oy'))::int as largest_account_touchpoints`,
  );
}

export function describeCounts(c: Record<string, number>) {
  return `${Object.entries(c)
    .filter(([k]) => k !== "largest_account_touchpoints")
    .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
    .join(", ")}; the largest account has ${c.largest_account_touchpoints?.toLocaleString("en")} touchpoints`;
}

const MB = 1024 * 1024;

/** The size's database on disk: the whole, and each index and table over 50 MB. */
export async function diskSizes(size: string): Promise<DiskSizes> {
  const url = databaseUrl(size);
  const { bytes: database } = await one<{ bytes: number }>(
    url,
    "select pg_database_size(current_database())::bigint as bytes",
  );
  const relations = await query<DiskSizes["relations"][number]>(
    url,
    `select c.relname as name, case c.relkind when 'i' then 'index' else 'table' end as kind,
            coalesce(t.relname, c.relname) as "table", pg_relation_size(c.oid)::bigint as bytes
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
       left join pg_index i on i.indexrelid = c.oid
       left join pg_class t on t.oid = i.indrelid
      where c.relkind in ('i', 'r') and pg_relation_size(c.oid) > $1
      order by bytes desc`,
    [50 * MB],
  );
  return { database: Number(database), relations: relations.map((r) => ({ ...r, bytes: Number(r.bytes) })) };
}

export const mib = (bytes: number) =>
  bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(2)} GiB` : `${Math.round(bytes / MB)} MiB`;

export function describeDisk(d: DiskSizes): string[] {
  const indexes = d.relations.filter((r) => r.kind === "index");
  const tables = d.relations.filter((r) => r.kind === "table");
  return [
    `Database on disk: ${mib(d.database)} (pg_database_size).`,
    `Tables over 50 MB (heap only): ${tables.length ? tables.map((r) => `${r.name} ${mib(r.bytes)}`).join(", ") : "none"}.`,
    `Indexes over 50 MB: ${indexes.length ? indexes.map((r) => `${r.name} ${mib(r.bytes)}`).join(", ") : "none"}.`,
  ];
}
