import postgres from "postgres";

/**
 * With TEST_DATABASE_URL (a server URL whose user may create databases), the
 * suite runs on that real PostgreSQL server: each worker gets its own database.
 * Without it, each worker uses an in-memory PGlite.
 */
export default async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("Integration tests run on embedded PostgreSQL (PGlite, in memory).");
    return;
  }
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select current_setting('server_version') as version`;
    console.log(`Integration tests run on the PostgreSQL server ${row?.version} at ${new URL(url).host}.`);
  } finally {
    await admin.end();
  }
}
